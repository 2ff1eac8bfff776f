"""tekan/files.py: the lock an import holds on its staging folder's manifest."""

from __future__ import annotations

import pytest

from tekan.files import lock_exclusively


def test_a_held_lock_refuses_a_second_holder_until_it_is_closed(tmp_path):
    path = tmp_path / "manifest.json"
    first = open(path, "w", encoding="utf-8")  # noqa: SIM115 - closed below, which is what releases the lock
    lock_exclusively(first)
    with open(path, encoding="utf-8") as second:
        with pytest.raises(BlockingIOError):
            lock_exclusively(second, wait=False)
        first.close()
        lock_exclusively(second, wait=False)  # released with its file
