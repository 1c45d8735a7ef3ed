"""A hostile diary (issue 21): rows SQLite accepts but kot cannot read, a main file cut short beside its WAL,
imports stamped in the future or repeated, a diary others could read, imports at the size limit.

Every case goes through the real entry point; a refused diary is left byte for byte as it was.
"""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import time
from pathlib import Path

import pytest

from kot.store import Store

ROOT = Path(__file__).resolve().parent.parent


def clean(run, code: int) -> None:
    assert "Traceback" not in run.out + run.err
    assert run.code == code, run.err


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "home"
    monkeypatch.setenv("KOT_HOME", str(folder))
    return folder


@pytest.fixture
def plan(kot, tmp_path, home) -> Path:
    path = tmp_path / "plan.json"
    assert kot("plan", "--goal", "knee-pain", "--pain", "3", "-w", "4", "-o", str(path)).code == 0
    return path


def plan_id(plan: Path) -> str:
    return json.loads(plan.read_text(encoding="utf-8"))["plan_id"]


def checkin(kot, plan: Path, week: int, day: int, *extra: str):
    return kot("checkin", str(plan), "--week", str(week), "--day", str(day), "--during", "2", *extra)


# --- rows the schema accepts and kot does not --------------------------------------------------------------


@pytest.mark.parametrize(
    "damage",
    [
        "INSERT INTO checkin_symptom (checkin_id, symptom) SELECT id, 'a-symptom-of-a-newer-kot' FROM checkin",
        "UPDATE checkin SET session_date = '2026-13-45'",
        "UPDATE checkin SET recorded_at = 'yesterday'",
    ],
    ids=["newer-symptom", "bad-date", "bad-time"],
)
def test_rows_kot_cannot_read_are_a_damaged_or_newer_diary(kot, plan, home, damage):
    assert checkin(kot, plan, 1, 1).code == 0
    db = home / "kot.sqlite3"
    with sqlite3.connect(db) as conn:
        conn.execute(damage)
    conn.close()
    before = db.read_bytes()
    for args in (
        ["history"],
        ["history", str(plan)],
        ["progress", str(plan)],
        ["next", str(plan)],
        ["today", str(plan)],
    ):
        run = kot(*args)
        clean(run, 1)
        assert f"{db}: a damaged or newer diary" in run.err and "upgrade kot" in run.err, (args, run.err)
    clean(checkin(kot, plan, 1, 2), 1)
    assert db.read_bytes() == before


# --- the row recorded last on this machine ----------------------------------------------------------------


def future_import(kot, plan: Path, tmp_path: Path) -> None:
    """A backup from another machine whose clock ran years ahead: week 1 day 1, stamped 2099."""
    rows = [
        {
            "plan_id": plan_id(plan),
            "week": 1,
            "day": 1,
            "during": 1,
            "next_morning": None,
            "status": "done",
            "recorded_at": "2099-01-01T00:00:00+00:00",
        }
    ]
    path = tmp_path / "backup.json"
    path.write_text(json.dumps(rows), encoding="utf-8")
    assert kot("history", "--import", str(path)).code == 0


def sessions(kot, plan: Path) -> dict[tuple[int, int], dict]:
    run = kot("history", str(plan), "-f", "json")
    assert run.code == 0, run.err
    return {(r["week"], r["day"]): r for r in json.loads(run.out)}


def test_undo_removes_the_session_just_recorded_not_an_import_stamped_in_the_future(kot, plan, tmp_path):
    future_import(kot, plan, tmp_path)
    assert checkin(kot, plan, 1, 2).code == 0
    run = kot("checkin", str(plan), "--undo")
    assert run.code == 0 and "week 1 day 2" in run.out + run.err
    assert list(sessions(kot, plan)) == [(1, 1)]


def test_a_lone_next_morning_completes_the_session_just_recorded(kot, plan, tmp_path):
    future_import(kot, plan, tmp_path)
    assert checkin(kot, plan, 1, 2).code == 0
    run = kot("checkin", str(plan), "--next-morning", "3")
    assert run.code == 0 and "week 1 day 2" in run.out + run.err
    found = sessions(kot, plan)
    assert (found[(1, 1)]["next_morning"], found[(1, 2)]["next_morning"]) == (None, 3)


def test_undo_of_a_session_recorded_again_removes_that_one(kot, plan):
    for day in (1, 2, 3):
        assert checkin(kot, plan, 1, day).code == 0
    assert checkin(kot, plan, 1, 1, "--note", "again").code == 0  # recorded last, though the earliest session
    assert kot("checkin", str(plan), "--undo").code == 0
    assert list(sessions(kot, plan)) == [(1, 2), (1, 3)]


# --- imports ----------------------------------------------------------------------------------------------


def test_importing_the_same_rows_without_times_twice_changes_nothing(kot, plan, tmp_path, home):
    rows = [
        {"plan_id": plan_id(plan), "week": 1, "day": day, "during": 2, "next_morning": 1, "status": "done"}
        for day in (1, 2)
    ]
    path = tmp_path / "rows.json"
    path.write_text(json.dumps(rows), encoding="utf-8")
    assert kot("history", "--import", str(path)).code == 0
    before = sessions(kot, plan)
    run = kot("history", "--import", str(path))
    clean(run, 0)
    assert "0 new, 0 replaced, 2 already in the diary" in run.out + run.err
    assert sessions(kot, plan) == before
    rows[0]["during"] = 5  # a real difference is still a conflict
    path.write_text(json.dumps(rows), encoding="utf-8")
    clean(kot("history", "--import", str(path)), 1)


def import_rows(count: int) -> list[dict]:
    return [
        {
            "plan_id": f"client-{n // 364:04d}",
            "week": n % 364 // 7 + 1,
            "day": n % 7 + 1,
            "during": 2,
            "next_morning": 1,
            "status": "done",
        }
        for n in range(count)
    ]


def timed_import(kot, tmp_path: Path, rows: list[dict]) -> float:
    path = tmp_path / "rows.json"
    path.write_text(json.dumps(rows, separators=(",", ":")), encoding="utf-8")
    started = time.monotonic()
    run = kot("history", "--import", str(path))
    took = time.monotonic() - started
    assert run.code == 0 and f"{len(rows)} new" in run.out + run.err, run.err
    return took


def test_an_import_takes_time_in_proportion_to_its_rows(kot, home, tmp_path):
    """4,000 rows took 12 s when every row was compared with every other; now a fraction of a second."""
    assert timed_import(kot, tmp_path, import_rows(4_000)) < 4


@pytest.mark.slow
def test_an_import_at_the_size_limit_takes_seconds(kot, home, tmp_path):
    rows = import_rows(350_000)  # about 31 MB of JSON: the 32 MB limit of kot's reader
    took = timed_import(kot, tmp_path, rows)
    assert (tmp_path / "rows.json").stat().st_size > 30_000_000
    assert took < 60, took  # hours when it was quadratic; about 10 s on a loaded two-core machine


# --- a private diary ---------------------------------------------------------------------------------------


def test_the_diary_and_its_wal_are_private_whatever_the_umask(kot, plan, home):
    home.mkdir(mode=0o755)
    os.chmod(home, 0o755)
    old = os.umask(0o022)
    try:
        assert checkin(kot, plan, 1, 1).code == 0
        db = home / "kot.sqlite3"
        assert stat.S_IMODE(db.stat().st_mode) == 0o600
        conn = sqlite3.connect(db)  # a reader opens the WAL and its index: SQLite gives them the file's mode
        conn.execute("SELECT count(*) FROM checkin").fetchone()
        for suffix in ("-wal", "-shm"):
            assert stat.S_IMODE((home / f"kot.sqlite3{suffix}").stat().st_mode) == 0o600
        conn.close()
    finally:
        os.umask(old)


# --- a main file cut short, with and without its WAL --------------------------------------------------------


def _diary_with_wal(plan: Path, home: Path, kot) -> tuple[bytes, bytes]:
    """A diary of a few check-ins, and a copy of it (main file and WAL) taken while a writer still has it open,
    so the WAL holds committed check-ins the main file does not."""
    for day in (1, 2, 3):
        assert checkin(kot, plan, 1, day, "--note", "x" * 300).code == 0
    db = home / "kot.sqlite3"
    store = Store.open(db)
    try:
        store._conn.execute("PRAGMA wal_autocheckpoint = 0")
        from kot.diary import CheckIn

        for day in (1, 2, 3):
            store.add(CheckIn(plan_id(plan), 2, day, 3, 2, "done", note="y" * 300))
        main, wal = db.read_bytes(), (home / "kot.sqlite3-wal").read_bytes()
    finally:
        store.close()
    assert len(wal) > 0
    return main, wal


def test_a_diary_cut_short_is_never_written_to_with_or_without_its_wal(kot, plan, home, tmp_path):
    main, wal = _diary_with_wal(plan, home, kot)
    page = 4096
    cuts = sorted({0, 50, 100, page - 1, page, page + 100, len(main) // 2, len(main) - page, len(main) - 1})
    outcomes = set()
    for cut in cuts:
        for wal_bytes in (None, wal, wal[: len(wal) // 2]):
            where = tmp_path / f"cut-{cut}-{'none' if wal_bytes is None else len(wal_bytes)}"
            where.mkdir()
            db = where / "kot.sqlite3"
            db.write_bytes(main[:cut])
            if wal_bytes is not None:
                (where / "kot.sqlite3-wal").write_bytes(wal_bytes)
            os.environ["KOT_HOME"] = str(where)  # the kot fixture's monkeypatch restores it
            before = (db.read_bytes(), wal_bytes or b"")
            run = checkin(kot, plan, 3, 1, "--yes")
            assert run.code in (0, 1) and "Traceback" not in run.err, (cut, run.err)
            wal_after = where / "kot.sqlite3-wal"
            after = (db.read_bytes(), wal_after.read_bytes() if wal_after.exists() else b"")
            if run.code == 1:
                assert after == before, (cut, wal_bytes is not None, run.err)  # not a byte written, WAL kept
                assert str(db) in run.err
            else:  # SQLite found the file whole (from its WAL, or an empty new diary): the write is sound
                with sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True) as conn:
                    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
                    assert conn.execute("SELECT count(*) FROM checkin WHERE week = 3").fetchone() == (1,)
            outcomes.add(run.code)
    assert outcomes == {0, 1}
