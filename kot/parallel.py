"""Work split over two processes: a forked child does every other item while this process does the rest.

Why: reading a large library is mostly PyYAML building nodes, on one core. A fork shares every imported
module for free and sends its results back through a pipe, so `kot validate` of thousands of files takes
about half the time on a machine with two cores. Only where fork is safe and cheap (Linux), and only for
enough items to pay for it; if anything goes wrong with the child, this process does its items itself.
"""

import os
import pickle
import sys
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

MIN_ITEMS = 200  # below this, forking costs more than it saves


def map_split(work: Callable[[T], R], items: Sequence[T]) -> list[R]:
    """[work(item) for item in items], in order, half of it done in a forked child where that pays."""
    if len(items) < MIN_ITEMS or sys.platform != "linux" or (os.cpu_count() or 1) < 2:
        return [work(item) for item in items]
    theirs = items[1::2]
    read, write = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    child = os.fork()
    if child == 0:  # pragma: no cover - the child's coverage is not collected
        _serve(work, theirs, read, write)
    os.close(write)
    got = None
    try:
        mine = [work(item) for item in items[0::2]]
        with os.fdopen(read, "rb") as source:
            read = -1
            data = source.read()
        got = _results(data, len(theirs))
    finally:
        if read != -1:
            os.close(read)  # the child's write fails, so it exits instead of waiting on us
        _, status = os.waitpid(child, 0)
    if got is None or status != 0:
        got = [work(item) for item in theirs]
    merged: list = [None] * len(items)
    merged[0::2], merged[1::2] = mine, got
    return merged


def _serve(work: Callable[[T], R], items: Sequence[T], read: int, write: int) -> None:  # pragma: no cover
    """The child: do its items, send the results, and leave without running any of the parent's exit code."""
    code = 1
    try:
        os.close(read)
        data = pickle.dumps([work(item) for item in items], protocol=pickle.HIGHEST_PROTOCOL)
        with os.fdopen(write, "wb") as sink:
            sink.write(data)
        code = 0
    except BaseException:  # noqa: BLE001, S110 - the parent redoes the work; nothing to report from here
        pass
    finally:
        os._exit(code)


def _results(data: bytes, count: int) -> list | None:
    """The child's results, or None when they did not all arrive."""
    try:
        got = pickle.loads(data)  # noqa: S301 - written by our own child, through our own pipe
    except Exception:  # noqa: BLE001
        return None
    return got if isinstance(got, list) and len(got) == count else None
