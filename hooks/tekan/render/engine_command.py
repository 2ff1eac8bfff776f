"""The engine's command line as `tekan build` runs it in its child process, ended quietly by Ctrl-C.

`tekan build` passes a stop signal on to its child (tekan/publish.py `run_child`), and prints the one line
that says the site was not updated. A Python child interrupted while it is still importing the engine (a
second or more on a busy machine) would print a traceback under that line; here it just ends.
"""

from __future__ import annotations

import runpy
import sys


def main() -> int:
    try:
        from tekan.render.engine import ENGINE_MODULE

        runpy.run_module(ENGINE_MODULE, run_name="__main__", alter_sys=True)
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
