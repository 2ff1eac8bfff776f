"""Writing a cache file whole or not at all. Plain Python."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def replaced_on_success(target: Path) -> Iterator[Path]:
    """A temporary path beside `target` to write to; it becomes `target` (one rename) when the block ends
    without an error and is removed otherwise, so an interrupted build never leaves half a file."""
    handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=target.suffix)
    os.close(handle)
    try:
        yield Path(temporary)
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
