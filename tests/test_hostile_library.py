"""Hostile library files, caches and arguments (issue 21): no hidden character anywhere in a library file,
comments included; the library snapshot never hangs, never fails a command and never leaves a broken key,
and reads back on every Python; `--weekdays` takes weekday names only.

Cache problems only ever mean the files are read: each case exits 0 with the same output as without a cache.
"""

from __future__ import annotations

import enum
import errno
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kot import snapshot

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("KOT_CACHE_DIR", str(folder))
    monkeypatch.delenv("KOT_NO_CACHE", raising=False)
    return folder


def kot_process(cache: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "KOT_CACHE_DIR": str(cache), "NO_COLOR": "1", "COLUMNS": "100"}
    env.pop("KOT_NO_CACHE", None)
    return subprocess.run(
        [sys.executable, "-m", "kot", *args], capture_output=True, text=True, env=env, timeout=60, check=False
    )


@pytest.mark.parametrize("where", ["key", "snapshot"])
def test_a_fifo_in_the_cache_folder_never_hangs_kot(cache, where):
    first = kot_process(cache, "goals")
    assert first.returncode == 0
    targets = [cache / "key"] if where == "key" else sorted(cache.glob("*.snap"))
    assert targets
    for path in targets:
        path.unlink()
        os.mkfifo(path)
    run = kot_process(cache, "goals")  # a plain open() of a FIFO waits for a writer for ever: timeout=60
    assert (run.returncode, run.stdout, run.stderr) == (0, first.stdout, "")


def test_a_full_disk_in_the_cache_folder_leaves_no_key_and_fails_nothing(kot, cache, monkeypatch, reads):
    """ENOSPC on every write kot makes to the cache: the command works, and no empty key stays behind to
    spoil the next run."""
    real = os.fdopen

    class Full:
        def __init__(self, file):
            self.file = file

        def write(self, data):
            raise OSError(errno.ENOSPC, "No space left on device")

        def __getattr__(self, name):
            return getattr(self.file, name)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.file.close()

    def fdopen(descriptor, mode="r", *args, **kwargs):
        file = real(descriptor, mode, *args, **kwargs)
        return Full(file) if "w" in mode else file

    monkeypatch.setattr(os, "fdopen", fdopen)
    run = kot("goals")
    assert (run.code, run.err) == (0, "")
    assert not (cache / "key").exists() and not list(cache.glob("*.tmp")) and not list(cache.glob("*.snap"))
    monkeypatch.setattr(os, "fdopen", real)  # the disk has room again: the snapshot works from now on
    assert kot("goals").out == run.out
    reads.clear()
    assert kot("goals").out == run.out and reads == []
    assert len((cache / "key").read_bytes()) == snapshot.KEY_BYTES


def test_an_empty_key_left_by_an_older_kot_is_replaced(kot, cache, reads):
    cache.mkdir(mode=0o700)
    (cache / "key").write_bytes(b"")
    assert kot("goals").code == 0
    assert len((cache / "key").read_bytes()) == snapshot.KEY_BYTES
    reads.clear()
    assert kot("goals").code == 0 and reads == []


def _old_enum_reduce(self, proto):
    """How Python 3.11.0-3.11.3 pickled an enum member (Debian 12 ships 3.11.2)."""
    return getattr, (self.__class__, self._name_)


def test_snapshots_read_back_on_pythons_whose_enums_pickle_through_getattr(kot, cache, reads, tmp_path, monkeypatch):
    monkeypatch.setattr(enum.Enum, "__reduce_ex__", _old_enum_reduce)
    from kot.vocab import Category

    assert b"getattr" in pickle.dumps(Category.lower_leg)  # the simulation is real: plain pickle would use it
    with pytest.raises(pickle.UnpicklingError):
        snapshot.loads(pickle.dumps(Category.lower_leg))
    assert snapshot.loads(snapshot.dumps(Category.lower_leg)) is Category.lower_leg
    lib = tmp_path / "lib"  # a goal-only library folder: exit 70 on every run after the first, before
    (lib / "programs").mkdir(parents=True)
    text = (ROOT / "programs" / "knee-pain.yaml").read_text(encoding="utf-8")
    (lib / "programs" / "my-knees.yaml").write_text(text.replace("id: knee-pain", "id: my-knees"), encoding="utf-8")
    shutil.copytree(ROOT / "exercises", lib / "exercises")
    first = kot("goals", "show", "my-knees", "-L", str(lib))
    assert first.code == 0, first.err
    for _ in range(2):
        reads.clear()
        again = kot("goals", "show", "my-knees", "-L", str(lib))
        assert (again.code, again.out) == (0, first.out), again.err
        assert reads == []  # the snapshot was used, not silently dropped
    plan = kot("plan", "-g", "my-knees", "-L", str(lib), "-f", "json")
    assert plan.code == 0, plan.err


@pytest.mark.parametrize(
    ("days", "code", "message"),
    [
        ("monkey,wedge,friend", 2, "'monkey' is not a weekday (did you mean 'monday' or 'mon'?)"),
        ("mon,wedge,fri", 2, "'wedge' is not a weekday (did you mean 'wed'"),
        ("tues,wed,fri", 2, "'tues' is not a weekday"),
        ("mon,mon,fri", 2, "name distinct days"),
        ("Monday,wednesday,FRI", 0, ""),
        ("mon,wed,fri", 0, ""),
    ],
)
def test_weekdays_are_full_names_or_three_letters(kot, tmp_path, days, code, message):
    plan = tmp_path / "p.json"
    assert kot("plan", "-g", "knee-pain", "-p", "3", "-w", "2", "-o", str(plan)).code == 0
    out = tmp_path / "p.ics"
    run = kot("export", str(plan), "-o", str(out), "--start", "2026-01-05", "--weekdays", days)
    assert run.code == code and message in run.err and "Traceback" not in run.err
    assert out.exists() == (code == 0)
    if code == 0:
        assert b"DTSTART:20260105T070000" in out.read_bytes() and b"DTSTART:20260109T070000" in out.read_bytes()


# --- characters that hide in comments ------------------------------------------------------------------------

# What the YAML reader lets through; it refuses ESC, BEL and the other controls itself (test_yamlio.py).
HIDDEN = ["\u202e", "\u2066", "\u2069", "\x85", "\r"]


@pytest.fixture
def lib(tmp_path) -> Path:
    folder = tmp_path / "lib"
    (folder / "exercises").mkdir(parents=True)
    (folder / "programs").mkdir()
    text = (ROOT / "exercises" / "tibialis-raise.yaml").read_text(encoding="utf-8")
    (folder / "exercises" / "my-raise.yaml").write_text(text.replace("id: tibialis-raise", "id: my-raise"), "utf-8")
    text = (ROOT / "programs" / "knee-pain.yaml").read_text(encoding="utf-8")
    (folder / "programs" / "my-knees.yaml").write_text(text.replace("id: knee-pain", "id: my-knees"), "utf-8")
    return folder


@pytest.mark.parametrize("char", HIDDEN, ids=["rlo", "lri", "pdi", "nel", "lone-cr"])
@pytest.mark.parametrize("kind", ["exercises", "programs"])
def test_a_hidden_character_in_a_comment_is_refused_at_its_line_and_column(kot, lib, tmp_path, char, kind):
    path = next((lib / kind).iterdir())
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(2, f"# looks harmless {char}until printed\n")
    path.write_bytes("".join(lines).encode("utf-8"))
    where = f"{path}:3:18:"
    run = kot("validate", str(lib))
    assert run.code == 1 and where in run.err and "Traceback" not in run.err, run.err
    assert "comments too" in run.err
    show = ["exercises", "show", "my-raise"] if kind == "exercises" else ["goals", "show", "my-knees"]
    run = kot(*show, "-L", str(lib), "-f", "yaml")
    assert run.code == 1 and where in run.err and char not in run.out + run.err.replace(where, "")
    fork = ["new", "exercise" if kind == "exercises" else "goal", "--from", show[-1], "--id", "forked"]
    run = kot(*fork, "-L", str(tmp_path / "mine"), "-L", str(lib))
    assert run.code == 1 and where in run.err
    assert not (tmp_path / "mine").exists() and not list(tmp_path.rglob("forked.yaml"))


def test_crlf_line_ends_and_tabs_in_comments_are_fine(kot, lib):
    path = lib / "exercises" / "my-raise.yaml"
    text = path.read_text(encoding="utf-8").replace("\n", "\r\n")
    path.write_bytes(("# a\tcomment\r\n" + text).encode("utf-8"))
    run = kot("validate", str(lib))
    assert run.code == 0, run.err


def test_the_text_printed_or_copied_as_it_is_is_checked_again(lib):
    """`kot exercises show -f yaml` and `kot new` read the file once more after the library did: what they
    read then is checked again (it may have changed in between)."""
    from kot.browse import refuse_hidden
    from kot.errors import DataError

    path = lib / "exercises" / "my-raise.yaml"
    refuse_hidden(path.read_text(encoding="utf-8"), path)
    with pytest.raises(DataError) as caught:
        refuse_hidden("id: x\n# \u2067x\n", path)
    (problem,) = caught.value.problems
    assert (problem.line, problem.column, "U+2067" in problem.message) == (2, 3, True)
