"""Share a long list of independent jobs with one forked child process.

CI machines and editors' laptops have two cores or more, and reading ten
thousand data files is pure-Python work that one core would do alone.
`map_shared` splits the list into chunks; this process and one child, forked
so that it starts at once with everything already imported, each take the next
unclaimed chunk until none is left. The child sends each chunk's results as
soon as it has them, and this process takes them in between its own chunks,
so that work only this process can do (`then`) runs while the child still
works. The results come back in the order of the items, whoever computed
them: the outcome is that of a plain loop.

Forking is only done where it is safe and pays: on POSIX, with no other thread
running in this process (a fork copies only the calling thread, and a lock
another thread holds would stay locked in the child for ever), and for lists
long enough that a child's start-up is small beside them. Otherwise, and for
any chunk not computed (the child crashed, or the function raised), the work
is done here, in order, so an error surfaces as in a plain loop.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

# Room for the child's results between two looks by this process, so the child never waits
# for them to be read (Linux only; elsewhere the pipe keeps its own size and the child
# sometimes waits).
_PIPE_BYTES = 1 << 20


def fork_is_safe() -> bool:
    """A child made by fork behaves: POSIX, and this process runs no other thread."""
    return hasattr(os, "fork") and threading.active_count() == 1


def map_shared(
    function: Callable[[Item], Result],
    items: Sequence[Item],
    *,
    then: Callable[[int, Result], object] | None = None,
    min_items: int = 500,
    chunk_size: int = 32,
) -> list[Result]:
    """`[function(item) for item in items]`, computed by this process and one forked child.

    `then(index, result)`, if given, runs in this process for every result as soon as it
    is here, in no particular order. `function` and `items` reach the child by fork (they
    need not be picklable); the results travel back pickled, so they must be. Below
    `min_items`, or where forking is not safe, it is the plain loop.
    """
    if len(items) < min_items or not fork_is_safe():
        return _plain(function, items, 0, len(items), then)
    import multiprocessing  # here: most lists are short, and it takes a while to import

    chunks = [(start, min(start + chunk_size, len(items))) for start in range(0, len(items), chunk_size)]
    context = multiprocessing.get_context("fork")
    try:
        next_chunk = context.Value("i", 0)
    except (OSError, ImportError):  # no working semaphores (some containers): one process it is
        return _plain(function, items, 0, len(items), then)
    receiver, sender = context.Pipe(duplex=False)
    _widen(receiver)
    # What is still buffered would be written a second time by the child.
    for stream in (sys.stdout, sys.stderr):
        if stream is not None:
            stream.flush()
    child = context.Process(target=_child, args=(function, items, chunks, next_chunk, sender), daemon=True)
    try:
        child.start()
    except OSError:  # no process to spare (memory, a limit on processes)
        receiver.close()
        sender.close()
        return _plain(function, items, 0, len(items), then)
    sender.close()
    done: dict[int, list[Result]] = {}

    def take(index: int, results: list[Result]) -> None:
        done[index] = results
        if then is not None:
            for offset, result in enumerate(results, start=chunks[index][0]):
                then(offset, result)

    try:
        child_running = True
        for index in _claim(next_chunk, len(chunks)):
            start, end = chunks[index]
            try:
                results = [function(item) for item in items[start:end]]
            except Exception:  # done again below, in order, so that the first error in the list is raised
                break
            take(index, results)
            while child_running and receiver.poll():
                child_running = _receive(receiver, take)
        while child_running:
            child_running = _receive(receiver, take)
    finally:
        receiver.close()
        child.join(timeout=5)
        if child.is_alive():  # pragma: no cover - only when this process stopped half-way
            child.kill()
            child.join()
    for index, (start, end) in enumerate(chunks):
        if index not in done:
            done[index] = _plain(function, items, start, end, then)
    return [result for index in range(len(chunks)) for result in done[index]]


def _plain(function, items, start: int, end: int, then) -> list:
    results = [function(item) for item in items[start:end]]
    if then is not None:
        for offset, result in enumerate(results, start=start):
            then(offset, result)
    return results


def _widen(connection) -> None:
    try:
        import fcntl

        fcntl.fcntl(connection.fileno(), fcntl.F_SETPIPE_SZ, _PIPE_BYTES)
    except (ImportError, AttributeError, OSError):
        pass


def _receive(receiver, take) -> bool:
    """Take one message from the child; False once it has finished (or died)."""
    try:
        message = receiver.recv()
    except (EOFError, OSError):  # it died: the chunks it took are done here afterwards
        return False
    if message is None:
        return False
    take(*message)
    return True


def _claim(next_chunk, count: int):
    """The indexes of the chunks this process takes, one at a time, until all are taken."""
    while True:
        with next_chunk.get_lock():
            index = next_chunk.value
            if index >= count:
                return
            next_chunk.value = index + 1
        yield index


def _child(function, items, chunks, next_chunk, sender) -> None:
    """The forked child: take chunks like the parent and send each one's results; exit quietly whatever happens."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    try:
        for index in _claim(next_chunk, len(chunks)):
            start, end = chunks[index]
            sender.send((index, [function(item) for item in items[start:end]]))
        sender.send(None)
    except BaseException:  # the parent does the chunk that failed, and meets the error itself
        pass
    finally:
        os._exit(0)  # no atexit handlers, no flushing of buffers inherited from the parent
