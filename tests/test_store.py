"""The check-in store: round trips, replacement, migrations, refused files, a killed writer, concurrent writers."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kot import store as store_module
from kot.errors import KotError
from kot.store import APPLICATION_ID, MIGRATIONS, CheckIn, Imported, Store, db_path, home_dir
from kot.vocab import Symptom

ROOT = Path(__file__).resolve().parents[1]
NOON = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
STAMP = "2024-05-01T12:00:00+00:00"


def open_store(path: Path) -> Store:
    return Store.open(path, clock=lambda: NOON)


def sample(plan: str = "plan-a", week: int = 1, day: int = 1, **changes) -> CheckIn:
    values = dict(
        during=3,
        next_morning=2,
        status="done",
        exercises={"calf-raise": 1, "atg-split-squat": 4},
        symptoms=("swelling",),
        note="stiff on the stairs",
    )
    return CheckIn(plan, week, day, **{**values, **changes})


def as_row(checkin: CheckIn) -> dict:
    """The row `Store.export` gives for a check-in recorded at NOON."""
    return {**vars(checkin), "symptoms": list(checkin.symptoms), "recorded_at": STAMP}


def raw(path: Path) -> sqlite3.Connection:
    """A plain connection for looking at the file the way any SQLite tool would."""
    return sqlite3.connect(path, isolation_level=None)


def pragma(path: Path, name: str):
    conn = raw(path)
    try:
        return conn.execute(f"PRAGMA {name}").fetchone()[0]
    finally:
        conn.close()


def refuse_symptom(path: Path, symptom: str) -> None:
    """Make the database fail half-way through any write that records `symptom`."""
    conn = raw(path)
    conn.execute(
        f"CREATE TRIGGER refuse BEFORE INSERT ON checkin_symptom WHEN NEW.symptom = '{symptom}'"
        " BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"
    )
    conn.close()


def run_python(code: str, *args: str, **popen) -> subprocess.Popen:
    """Start a fresh interpreter that imports kot from this checkout."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-c", code, *args], env=env, text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **popen
    )


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- where the file lives ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "environ, expected",
    [
        ({"KOT_HOME": "/data/kot-here", "XDG_DATA_HOME": "/xdg"}, Path("/data/kot-here")),
        ({"XDG_DATA_HOME": "/xdg"}, Path("/xdg/kot")),
        ({"XDG_DATA_HOME": "relative/ignored"}, Path.home() / ".local/share/kot"),
        ({}, Path.home() / ".local/share/kot"),
    ],
)
def test_home_dir_prefers_kot_home_then_xdg_then_the_home_folder(environ, expected):
    assert home_dir(environ) == expected
    assert db_path(environ) == expected / "kot.sqlite3"


def test_open_without_a_path_creates_the_folder_and_file_under_kot_home(tmp_path, monkeypatch):
    monkeypatch.setenv("KOT_HOME", str(tmp_path / "deep" / "home"))
    with Store.open() as store:
        store.add(sample())
    assert (tmp_path / "deep" / "home" / "kot.sqlite3").is_file()


# --- check-ins in and out ----------------------------------------------------------------------------


def test_add_then_read_back_export_and_import_into_a_new_database(tmp_path):
    written = [
        sample(day=3),
        sample(day=1, next_morning=None, status="partial", note=None),
        sample(week=2, day=1, exercises={}, symptoms=()),
        sample("plan-b", status="skipped"),
    ]
    with open_store(tmp_path / "one.sqlite3") as store:
        assert [store.add(c) for c in written] == [False] * 4
        checkins = store.checkins("plan-a")
        rows = store.export()
        assert store.plans() == ["plan-a", "plan-b"]
        assert store.export("plan-b") == [rows[-1]]
    stamped = [CheckIn(**{**vars(c), "recorded_at": STAMP}) for c in written]
    assert checkins == [stamped[1], stamped[0], stamped[2]], "ordered by week, then day"
    assert rows[0] == {
        "plan_id": "plan-a",
        "week": 1,
        "day": 1,
        "during": 3,
        "next_morning": None,
        "status": "partial",
        "exercises": {"atg-split-squat": 4, "calf-raise": 1},
        "symptoms": ["swelling"],
        "note": None,
        "recorded_at": STAMP,
        "usual": None,
        "date": None,
    }
    assert list(rows[0]) == [
        "plan_id",
        "week",
        "day",
        "during",
        "next_morning",
        "status",
        "exercises",
        "symptoms",
        "note",
        "recorded_at",
        "usual",
        "date",
    ]
    copied = json.loads(json.dumps(rows))
    with open_store(tmp_path / "two.sqlite3") as other:
        assert other.import_rows(copied) == Imported(4, 0, 0)
        assert other.import_rows(copied) == Imported(0, 0, 4), "importing the same file twice changes nothing"
        assert other.export() == rows


def test_recording_a_session_again_replaces_it_children_and_all(tmp_path):
    path = tmp_path / "kot.sqlite3"
    with open_store(path) as store:
        assert store.add(sample()) is False
        assert store.add(sample(during=5, exercises={"tibialis-raise": 2}, symptoms=())) is True
        assert store.checkins("plan-a") == [
            sample(during=5, exercises={"tibialis-raise": 2}, symptoms=(), recorded_at=STAMP)
        ]
    conn = raw(path)
    counts = [
        conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in ("checkin", "checkin_exercise", "checkin_symptom")
    ]
    conn.close()
    assert counts == [1, 1, 0], "the replaced check-in's exercises and symptoms are gone, not orphaned"


def test_a_replacement_that_fails_half_way_keeps_the_earlier_checkin(tmp_path):
    path = tmp_path / "kot.sqlite3"
    with open_store(path) as store:
        store.add(sample())
    refuse_symptom(path, "numbness")
    with open_store(path) as store:
        with pytest.raises(KotError, match=f"{path}: cannot save the check-in: refused by the test"):
            store.add(sample(during=9, symptoms=("numbness",)))
        assert store.checkins("plan-a") == [sample(recorded_at=STAMP)]


def test_checkin_normalizes_exercises_symptoms_and_time():
    checkin = sample(
        exercises={"b": 1, "a": 2},
        symptoms=[Symptom.locking, "swelling", "locking"],
        recorded_at="2024-05-01T14:00:00+02:00",
    )
    assert list(checkin.exercises) == ["a", "b"]
    assert checkin.symptoms == ("locking", "swelling")
    assert checkin.recorded_at == STAMP


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"week": 0}, "week: must be a whole number from 1 to 52 (got 0)"),
        ({"week": 53}, "week: must be a whole number from 1 to 52 (got 53)"),
        ({"day": 8}, "day: must be a whole number from 1 to 7 (got 8)"),
        ({"during": -1}, "during: must be a whole number from 0 to 10 (got -1)"),
        ({"during": 2.5}, "during: must be a whole number from 0 to 10 (got 2.5)"),
        ({"next_morning": 11}, "next_morning: must be a whole number from 0 to 10 (got 11)"),
        ({"next_morning": True}, "next_morning: must be a whole number from 0 to 10 (got True)"),
        ({"status": "finished"}, "status: must be one of done, partial, skipped (got 'finished')"),
        ({"exercises": {"calf-raise": 12}}, "exercises.calf-raise: must be a whole number from 0 to 10 (got 12)"),
        ({"exercises": {"": 1}}, "exercises: an exercise id must be a non-empty string (got '')"),
        ({"symptoms": ("swellin",)}, "symptoms: unknown symptom 'swellin'"),
        ({"note": 5}, "note: must be text (got 5)"),
        ({"recorded_at": "2024-05-01T12:00:00"}, "recorded_at: must be an ISO-8601 time with a UTC offset"),
        ({"plan_id": ""}, "plan_id: must be a non-empty string (got '')"),
    ],
)
def test_checkin_rejects_each_bad_field_by_name(changes, message):
    plan = changes.pop("plan_id", "plan-a")
    with pytest.raises(ValueError) as caught:
        sample(plan, **changes)
    assert message in str(caught.value)


# --- the file: pragmas, migrations, refusing what is not ours ----------------------------------------


def test_a_new_database_is_wal_versioned_and_marked_as_kots(tmp_path):
    path = tmp_path / "kot.sqlite3"
    open_store(path).close()
    assert pragma(path, "journal_mode") == "wal"
    assert pragma(path, "user_version") == len(MIGRATIONS)
    assert pragma(path, "application_id") == APPLICATION_ID


def test_an_empty_file_is_taken_as_a_new_database(tmp_path):
    path = tmp_path / "kot.sqlite3"
    path.touch()
    with open_store(path) as store:
        store.add(sample())
    assert pragma(path, "application_id") == APPLICATION_ID


def test_a_round_one_database_gains_usual_pain_dates_and_revisions_and_keeps_its_data(tmp_path, monkeypatch):
    """Migration 2, on a database the first release wrote."""
    path = tmp_path / "kot.sqlite3"
    monkeypatch.setattr(store_module, "MIGRATIONS", MIGRATIONS[:1])
    open_store(path).close()
    conn = raw(path)
    conn.execute(
        "INSERT INTO checkin (plan_id, week, day, pain_during, pain_next_morning, status, note, recorded_at)"
        " VALUES ('plan-a', 1, 1, 3, 2, 'done', NULL, ?)",
        (STAMP,),
    )
    conn.commit()
    conn.close()
    monkeypatch.setattr(store_module, "MIGRATIONS", MIGRATIONS)
    with open_store(path) as store:
        [old] = store.checkins("plan-a")
        assert (old.during, old.next_morning, old.usual, old.date) == (3, 2, None, None)
        store.add(sample(day=2, usual=4, date="2026-12-02"))
        assert store.checkins("plan-a")[1].usual == 4 and store.checkins("plan-a")[1].date == "2026-12-02"
    assert pragma(path, "user_version") == len(MIGRATIONS)


def test_a_new_migration_moves_the_database_up_a_version_and_keeps_its_data(tmp_path, monkeypatch):
    path = tmp_path / "kot.sqlite3"
    with open_store(path) as store:
        store.add(sample())
    monkeypatch.setattr(
        store_module,
        "MIGRATIONS",
        [
            *MIGRATIONS,
            ("ALTER TABLE checkin ADD COLUMN effort INTEGER", "UPDATE checkin SET effort = pain_during"),
        ],
    )
    with open_store(path) as store:
        assert store.checkins("plan-a") == [sample(recorded_at=STAMP)]
        store.add(sample(day=2))
    assert pragma(path, "user_version") == len(MIGRATIONS) + 1
    assert pragma(path, "application_id") == APPLICATION_ID
    conn = raw(path)
    assert conn.execute("SELECT day, effort FROM checkin ORDER BY day").fetchall() == [(1, 3), (2, None)]
    conn.close()


def test_a_migration_that_fails_leaves_the_database_at_its_old_version(tmp_path, monkeypatch):
    path = tmp_path / "kot.sqlite3"
    with open_store(path) as store:
        store.add(sample())
    monkeypatch.setattr(
        store_module,
        "MIGRATIONS",
        [
            *MIGRATIONS,
            ("CREATE TABLE half_done (x INTEGER)", "ALTER TABLE no_such_table ADD COLUMN y INTEGER"),
        ],
    )
    with pytest.raises(KotError, match="cannot open the check-in database: no such table: no_such_table"):
        open_store(path)
    assert pragma(path, "user_version") == len(MIGRATIONS)
    conn = raw(path)
    assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'half_done'").fetchone()[0] == 0
    conn.close()
    monkeypatch.setattr(store_module, "MIGRATIONS", MIGRATIONS)
    with open_store(path) as store:
        assert store.checkins("plan-a") == [sample(recorded_at=STAMP)]


def test_a_database_from_a_newer_kot_is_refused(tmp_path):
    path = tmp_path / "kot.sqlite3"
    open_store(path).close()
    conn = raw(path)
    conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    conn.close()
    with pytest.raises(
        KotError,
        match=rf"kot.sqlite3 was written by a newer kot \(schema version {len(MIGRATIONS) + 1}; "
        rf"this kot knows up to {len(MIGRATIONS)}\); upgrade kot",
    ):
        open_store(path)
    assert pragma(path, "user_version") == len(MIGRATIONS) + 1


def write_foreign_sqlite(path: Path, application_id: int) -> None:
    conn = raw(path)
    conn.execute(f"PRAGMA application_id = {application_id}")
    conn.execute("CREATE TABLE contacts (name TEXT)")
    conn.execute("INSERT INTO contacts VALUES ('Ada')")
    conn.close()


@pytest.mark.parametrize(
    "make, reason",
    [
        (lambda p: p.write_bytes(os.urandom(8192)), "not an SQLite file"),
        (lambda p: p.write_text("week 1: knees felt fine\n"), "not an SQLite file"),
        (lambda p: p.write_bytes(b"SQLite format 3\x00" + os.urandom(8176)), "not a readable SQLite file"),
        (lambda p: write_foreign_sqlite(p, 0x12345678), "it belongs to another program"),
        (lambda p: write_foreign_sqlite(p, 0), "it belongs to another program"),
    ],
    ids=["random-bytes", "text", "sqlite-header-then-junk", "other-application-id", "no-application-id"],
)
def test_a_file_that_is_not_a_kot_database_is_refused_and_left_unchanged(tmp_path, make, reason):
    path = tmp_path / "kot.sqlite3"
    make(path)
    before = sha256(path)
    with pytest.raises(KotError) as caught:
        open_store(path)
    assert str(caught.value) == f"{path}: not a kot database ({reason}); kot left it unchanged"
    assert sha256(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kot.sqlite3"], "no journal or WAL files left behind"


def test_a_folder_where_the_file_should_be_is_a_clear_error(tmp_path):
    path = tmp_path / "kot.sqlite3"
    path.mkdir()
    with pytest.raises(KotError, match=f"{path}: cannot read the check-in database"):
        open_store(path)


# --- crashes and concurrency -------------------------------------------------------------------------

KILLED_WRITER = """
import json, sqlite3, sys, time
from pathlib import Path
from kot.store import CheckIn, Store

path = Path(sys.argv[1])
store = Store.open(path)  # left open, so the committed check-ins are still only in the WAL when killed
for row in json.loads(sys.argv[2]):
    store.add(CheckIn(**row))
writer = sqlite3.connect(path, isolation_level=None)
writer.execute("BEGIN IMMEDIATE")
writer.executemany(
    "INSERT INTO checkin (plan_id, week, day, pain_during, status, note, recorded_at)"
    " VALUES (?, 1, 1, 0, 'done', ?, '2024-05-01T12:00:00+00:00')",
    ((f"never-committed-{i}", "x" * 400) for i in range(20000)))
print("inside", flush=True)
time.sleep(60)
"""


def test_a_writer_killed_mid_transaction_loses_nothing_committed(tmp_path):
    path = tmp_path / "kot.sqlite3"
    rows = [as_row(sample(day=day, during=day)) for day in (1, 2, 3)]
    child = run_python(KILLED_WRITER, str(path), json.dumps(rows))
    try:
        line = child.stdout.readline()
        assert line == "inside\n", child.stderr.read()
        # The uncommitted inserts outgrew SQLite's page cache, so they sit in the WAL file beside the commits.
        assert (tmp_path / "kot.sqlite3-wal").stat().st_size > 4_000_000
    finally:
        child.kill()  # SIGKILL: no rollback, no close, no checkpoint
        child.communicate(timeout=30)
    assert child.returncode == -signal.SIGKILL
    with open_store(path) as store:
        assert store.export() == rows
    conn = raw(path)
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    conn.close()


CONCURRENT_WRITER = """
import sys
from pathlib import Path
from kot.store import CheckIn, Store

path, plan = Path(sys.argv[1]), sys.argv[2]
with Store.open(path) as store:
    print("ready", flush=True)
    sys.stdin.readline()
    for i in range(50):
        store.add(CheckIn(plan, i // 7 + 1, i % 7 + 1, i % 11, None, "done", {"calf-raise": i % 11}))
"""


def test_two_writers_at_once_both_land(tmp_path):
    path = tmp_path / "kot.sqlite3"  # not there yet: both processes also race to create it
    writers = [run_python(CONCURRENT_WRITER, str(path), plan, stdin=subprocess.PIPE) for plan in ("left", "right")]
    try:
        for writer in writers:
            assert writer.stdout.readline() == "ready\n", writer.stderr.read()
        for writer in writers:  # both are open and waiting; release them together
            writer.stdin.write("go\n")
            writer.stdin.flush()
        errors = [writer.communicate(timeout=60)[1] for writer in writers]
    finally:
        for writer in writers:
            writer.kill()
    assert [w.returncode for w in writers] == [0, 0], errors
    with open_store(path) as store:
        for plan in ("left", "right"):
            checkins = store.checkins(plan)
            assert [(c.week, c.day) for c in checkins] == [(i // 7 + 1, i % 7 + 1) for i in range(50)]
            assert all(c.exercises == {"calf-raise": c.during} for c in checkins)


# --- importing an export -----------------------------------------------------------------------------


def good_rows() -> list[dict]:
    return [as_row(sample(day=day)) for day in (1, 2, 3)]


def without(row: dict, key: str) -> dict:
    return {k: v for k, v in row.items() if k != key}


@pytest.mark.parametrize(
    "break_rows, message",
    [
        (lambda rows: rows.__setitem__(1, without(rows[1], "during")), "row 2: during: missing"),
        (lambda rows: rows[2].update(week=99), "row 3: week: must be a whole number from 1 to 52 (got 99)"),
        (
            lambda rows: rows[0]["exercises"].update({"calf-raise": 11}),
            "row 1: exercises.calf-raise: must be a whole number from 0 to 10 (got 11)",
        ),
        (lambda rows: rows[1].update(mood="good"), "row 2: mood: unknown field"),
        (lambda rows: rows.__setitem__(2, "not a row"), "row 3: must be an object with the fields"),
        (lambda rows: rows[2].update(day=1), "row 3: repeats the session of row 1 (plan plan-a, week 1, day 1)"),
    ],
    ids=["missing-field", "out-of-range", "bad-exercise-pain", "unknown-field", "not-an-object", "repeated-session"],
)
def test_a_malformed_import_names_the_row_and_field_and_imports_nothing(tmp_path, break_rows, message):
    rows = good_rows()
    break_rows(rows)
    with open_store(tmp_path / "kot.sqlite3") as store:
        store.add(sample("plan-z"))
        with pytest.raises(KotError) as caught:
            store.import_rows(rows)
        assert message in str(caught.value).splitlines()[0]
        assert store.plans() == ["plan-z"]


def test_an_import_that_fails_while_writing_imports_nothing(tmp_path):
    path = tmp_path / "kot.sqlite3"
    open_store(path).close()
    refuse_symptom(path, "locking")
    rows = good_rows()
    rows[2]["symptoms"] = ["locking"]
    with open_store(path) as store:
        with pytest.raises(KotError, match="cannot import the check-ins: refused by the test"):
            store.import_rows(rows)
        assert store.export() == []


# --- imports that meet the diary, undo, revisions, reading without writing ----------------------------------


def test_an_import_never_overwrites_a_different_check_in_without_force(tmp_path):
    path = tmp_path / "kot.sqlite3"
    with open_store(path) as store:
        store.add(sample(during=2))
        newer = store.export()
        older = [{**newer[0], "during": 5, "recorded_at": "2026-01-01T00:00:00+00:00"}]
        with pytest.raises(
            KotError,
            match=r"(?s)1 check-in in the file differs.*week 1 day 1: the diary has done, "
            r"pain 2/10 during.*the file has done, pain 5/10 during.*--force",
        ):
            store.import_rows(older)
        assert store.export() == newer, "nothing imported"
        assert store.import_rows(older, force=True) == Imported(0, 1, 0)
        assert store.checkins("plan-a")[0].during == 5


def test_undo_removes_the_latest_check_in(tmp_path):
    with open_store(tmp_path / "kot.sqlite3") as store:
        store.add(sample(day=2, recorded_at="2026-05-02T10:00:00+00:00"))
        store.add(sample(day=1, recorded_at="2026-05-03T10:00:00+00:00"))
        latest = store.latest("plan-a")
        assert (latest.week, latest.day) == (1, 1)
        store.remove(latest)
        assert [(c.week, c.day) for c in store.checkins("plan-a")] == [(1, 2)]


def test_revisions_are_kept_in_order_with_where_they_were_written(tmp_path):
    with open_store(tmp_path / "kot.sqlite3") as store:
        store.save_revision("plan-a", 2, "second", tmp_path / "plan.yaml")
        store.save_revision("plan-a", 1, "first", None)
        store.save_revision("plan-a", 2, "second", tmp_path / "moved.yaml")
        kept = store.revisions("plan-a")
    assert [(r.number, r.body) for r in kept] == [(1, "first"), (2, "second")]
    assert kept[1].path == str(tmp_path / "moved.yaml")


def test_a_reader_never_creates_or_writes_the_database(tmp_path):
    path = tmp_path / "data" / "kot.sqlite3"
    assert Store.reader(path) is None and not path.parent.exists()
    with open_store(path) as store:
        store.add(sample())
    before = path.read_bytes()
    os.chmod(path.parent, 0o500)
    try:
        reader = Store.reader(path)
        assert [c.during for c in reader.checkins("plan-a")] == [3]
        reader.close()
    finally:
        os.chmod(path.parent, 0o700)
    assert path.read_bytes() == before
