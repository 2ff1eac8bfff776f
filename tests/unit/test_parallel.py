"""map_shared: a list of jobs shared with one forked child, with the outcome of a plain loop."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time

import pytest

from support import ROOT
from tekan.dataset import parallel
from tekan.dataset.parallel import fork_is_safe, map_shared

PARENT = os.getpid()


@pytest.fixture()
def may_fork(monkeypatch):
    """The test session may run server threads from other tests' fixtures; the jobs here take no locks."""
    monkeypatch.setattr(parallel, "fork_is_safe", lambda: True)


def square_where(number: int) -> tuple[int, int]:
    if os.getpid() == PARENT:
        time.sleep(0.0005)  # so that the child surely takes some chunks
    return number * number, os.getpid()


def test_results_keep_the_order_of_the_items_and_both_processes_work(may_fork):
    seen = {}
    results = map_shared(square_where, range(600), then=seen.__setitem__, min_items=100, chunk_size=16)
    assert [value for value, _ in results] == [n * n for n in range(600)]
    pids = {pid for _, pid in results}
    assert PARENT in pids and len(pids) == 2
    # `then` ran here once for every result, the child's included.
    assert seen == dict(enumerate(results))


def test_a_short_list_is_a_plain_loop(may_fork):
    results = map_shared(square_where, range(50), min_items=100)
    assert results == [(n * n, PARENT) for n in range(50)]


def failing_at(*bad: int):
    def job(number: int) -> int:
        if os.getpid() == PARENT:
            time.sleep(0.0005)
        if number in bad:
            raise ValueError(f"item {number}")
        return number

    return job


def test_the_first_error_in_the_list_is_raised_wherever_it_happened(may_fork):
    with pytest.raises(ValueError, match="item 333"):
        map_shared(failing_at(333, 500), range(600), min_items=100, chunk_size=16)
    with pytest.raises(ValueError, match="item 7"):
        map_shared(failing_at(7, 590), range(600), min_items=100, chunk_size=16)


def crash_in_child(number: int) -> int:
    if os.getpid() != PARENT and number % 3 == 0:
        os._exit(3)  # the child dies mid-chunk without a word
    if os.getpid() == PARENT:
        time.sleep(0.0005)
    return number + 1


def test_a_child_that_dies_leaves_its_work_to_the_parent(may_fork):
    assert map_shared(crash_in_child, range(400), min_items=100, chunk_size=16) == [n + 1 for n in range(400)]


def test_when_no_process_can_be_started_this_one_does_all(may_fork, monkeypatch):
    def refuse():
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", refuse)
    seen = {}
    assert map_shared(square_where, range(300), then=seen.__setitem__, min_items=100) == [
        (n * n, PARENT) for n in range(300)
    ]
    assert len(seen) == 300


def test_no_fork_while_another_thread_runs():
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not fork_is_safe()
        assert map_shared(square_where, range(600), min_items=100) == [(n * n, PARENT) for n in range(600)]
    finally:
        stop.set()
        thread.join()


def test_a_single_threaded_process_may_fork():
    # In a fresh interpreter: this test session may be running other threads.
    code = "from tekan.dataset.parallel import fork_is_safe; print(fork_is_safe())"
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(ROOT / "hooks")},
    )
    assert result.stdout.strip() == "True"
