"""Reading a large library in two processes gives what one process gives, and survives a child that fails."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from kot import parallel
from kot.errors import DataError
from kot.library import load_library, validate

ROOT = Path(__file__).resolve().parent.parent
LINUX = pytest.mark.skipif(sys.platform != "linux" or (os.cpu_count() or 1) < 2, reason="forks only on Linux")


def no_children_left() -> bool:
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


@LINUX
def test_results_come_back_in_order_from_both_processes():
    parent = os.getpid()
    done = parallel.map_split(lambda n: (n * n, os.getpid() == parent), list(range(parallel.MIN_ITEMS + 1)))
    assert [square for square, _ in done] == [n * n for n in range(parallel.MIN_ITEMS + 1)]
    assert {here for _, here in done} == {True, False}  # both did work
    assert no_children_left()


@LINUX
def test_a_child_that_fails_leaves_its_items_to_the_parent():
    parent = os.getpid()

    def work(n: int) -> int:
        if os.getpid() != parent:
            raise RuntimeError("the child breaks")
        return n + 1

    assert parallel.map_split(work, list(range(parallel.MIN_ITEMS))) == list(range(1, parallel.MIN_ITEMS + 1))
    assert no_children_left()


@LINUX
def test_a_failure_in_the_parent_leaves_no_child_behind():
    parent = os.getpid()

    def work(n: int) -> int:
        if os.getpid() == parent and n > 100:
            raise KeyboardInterrupt
        return n

    with pytest.raises(KeyboardInterrupt):
        parallel.map_split(work, list(range(parallel.MIN_ITEMS * 50)))  # the child's results fill the pipe
    assert no_children_left()


def test_few_items_are_done_here():
    parent = os.getpid()
    assert parallel.map_split(lambda n: os.getpid() == parent, list(range(parallel.MIN_ITEMS - 1))) == [True] * (
        parallel.MIN_ITEMS - 1
    )


@pytest.fixture
def big_lib(tmp_path) -> Path:
    """parallel.MIN_ITEMS + 50 families, a few of them broken in different ways."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from biglib import make_library
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    paths = make_library(tmp_path / "lib", parallel.MIN_ITEMS + 50)
    for path, (old, new) in zip(
        paths[7::60],
        [("category:", "category: nope\nx:"), ("max_pain:", "max_pain: 9\n    y:"), ("id:", "id: Bad Id\nz:")],
        strict=False,
    ):
        path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    return tmp_path / "lib"


@LINUX
@pytest.mark.parametrize("how", ["validate", "validate -L", "load"])
def test_a_large_library_reports_the_same_problems_in_two_processes_as_in_one(big_lib, monkeypatch, how):
    monkeypatch.setenv("KOT_NO_CACHE", "1")
    monkeypatch.delenv("KOT_LIBRARY", raising=False)

    def problems() -> list:
        with pytest.raises(DataError) as raised:
            if how == "validate":
                validate([big_lib])
            elif how == "validate -L":
                validate([], [big_lib])
            else:
                load_library([big_lib], use_env=False)
        return [str(p) for p in raised.value.problems]

    split = problems()
    monkeypatch.setattr(parallel, "MIN_ITEMS", 10**9)
    assert split == problems()
    assert len(split) >= 6


@LINUX
def test_a_large_library_loads_the_same_in_two_processes_as_in_one(tmp_path, monkeypatch):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from biglib import make_library
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    make_library(tmp_path / "lib", 220)
    monkeypatch.setenv("KOT_CACHE_DIR", str(tmp_path / "cache"))
    split = load_library([tmp_path / "lib"], use_env=False)  # cold: read in two processes, then recorded
    warm = load_library([tmp_path / "lib"], use_env=False)
    checked = validate([tmp_path / "lib"]).checked  # read in two processes; families' models not sent back
    monkeypatch.setattr(parallel, "MIN_ITEMS", 10**9)
    monkeypatch.setenv("KOT_NO_CACHE", "1")
    one = load_library([tmp_path / "lib"], use_env=False)
    assert split.version == warm.version == one.version
    assert dict(split.families) == dict(warm.families) == dict(one.families)
    assert len(checked) == 220 and {e.summary.id for e in checked} <= set(one.families)
    assert all(e.model == one.families[e.summary.id] for e in checked[-3:])  # read again on demand
