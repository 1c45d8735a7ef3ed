"""The check-in store: one SQLite file per user holding how each planned session went.

Why SQLite: check-ins are a diary a person keeps for months; the database survives a killed process or a
power cut without losing earlier entries (WAL mode, one transaction per write) and lets two `kot checkin`
processes write at once (a busy timeout instead of a lock error).
"""

from __future__ import annotations

import functools
import json
import os
import sqlite3
import stat
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from kot.diary import CheckIn, read_row
from kot.errors import KotError

# "kotD" in ASCII: a recognisable mark in the file header (bytes 68-71) once WAL pages are checkpointed.
APPLICATION_ID = 0x6B6F7444
SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_SECONDS = 10
BUSY_STEP_MS = 100

# MIGRATIONS[n] moves a database from schema version n to n + 1 (PRAGMA user_version), all of it in one
# transaction; add a version by appending a tuple of statements. Never edit a released entry.
MIGRATIONS: list[tuple[str, ...]] = [
    (
        f"PRAGMA application_id = {APPLICATION_ID}",
        """CREATE TABLE checkin (
            id INTEGER PRIMARY KEY,
            plan_id TEXT NOT NULL CHECK (length(plan_id) > 0),
            week INTEGER NOT NULL CHECK (week BETWEEN 1 AND 52),
            day INTEGER NOT NULL CHECK (day BETWEEN 1 AND 7),
            pain_during INTEGER NOT NULL CHECK (pain_during BETWEEN 0 AND 10),
            pain_next_morning INTEGER CHECK (pain_next_morning BETWEEN 0 AND 10),
            status TEXT NOT NULL CHECK (status IN ('done', 'partial', 'skipped')),
            note TEXT,
            recorded_at TEXT NOT NULL,
            UNIQUE (plan_id, week, day)
        )""",
        """CREATE TABLE checkin_exercise (
            checkin_id INTEGER NOT NULL REFERENCES checkin (id) ON DELETE CASCADE,
            exercise_id TEXT NOT NULL CHECK (length(exercise_id) > 0),
            pain INTEGER NOT NULL CHECK (pain BETWEEN 0 AND 10),
            PRIMARY KEY (checkin_id, exercise_id)
        ) WITHOUT ROWID""",
        """CREATE TABLE checkin_symptom (
            checkin_id INTEGER NOT NULL REFERENCES checkin (id) ON DELETE CASCADE,
            symptom TEXT NOT NULL,
            PRIMARY KEY (checkin_id, symptom)
        ) WITHOUT ROWID""",
    ),
    (
        "ALTER TABLE checkin ADD COLUMN usual INTEGER CHECK (usual BETWEEN 0 AND 10)",
        "ALTER TABLE checkin ADD COLUMN session_date TEXT",
        """CREATE TABLE revision (
            plan_id TEXT NOT NULL CHECK (length(plan_id) > 0),
            number INTEGER NOT NULL CHECK (number >= 1),
            saved_at TEXT NOT NULL,
            path TEXT,
            body TEXT NOT NULL,
            PRIMARY KEY (plan_id, number)
        ) WITHOUT ROWID""",
    ),
    (  # placement tests done again with a plan, and clinicians' outcome scores (kot assess --plan)
        """CREATE TABLE retest (
            plan_id TEXT NOT NULL CHECK (length(plan_id) > 0),
            taken TEXT NOT NULL,
            test TEXT NOT NULL CHECK (length(test) > 0),
            kind TEXT NOT NULL CHECK (kind IN ('test', 'outcome')),
            value INTEGER,
            left_value INTEGER,
            right_value INTEGER,
            stopped INTEGER NOT NULL DEFAULT 0,
            pain INTEGER CHECK (pain BETWEEN 0 AND 10),
            recorded_at TEXT NOT NULL,
            PRIMARY KEY (plan_id, taken, test)
        ) WITHOUT ROWID""",
    ),
    (
        # Why a table of plans: `kot clients` lists every plan the diary knows, with its file, client, coach
        # and goal, recorded when a plan is first checked in (the path follows the file when it is seen again).
        """CREATE TABLE plan (
            plan_id TEXT PRIMARY KEY CHECK (length(plan_id) > 0),
            path TEXT,
            client TEXT,
            coach TEXT,
            goal TEXT,
            seen_at TEXT NOT NULL
        ) WITHOUT ROWID""",
        # Why stops are kept: a stop (pain 7+, a red flag, a third worse week) holds until a clinician clears
        # it (kot resume); each one stays on record with who cleared it and when.
        """CREATE TABLE stop (
            id INTEGER PRIMARY KEY,
            plan_id TEXT NOT NULL CHECK (length(plan_id) > 0),
            stopped_at TEXT NOT NULL,
            week INTEGER,
            day INTEGER,
            reasons TEXT NOT NULL,
            advice TEXT NOT NULL,
            cleared TEXT,
            cleared_on TEXT,
            from_week INTEGER
        )""",
    ),
]
PLANS_VERSION = 4  # the schema version that has the plan and stop tables (kot clients, kot resume)


def home_dir(environ: Mapping[str, str] | None = None) -> Path:
    """kot's data folder: KOT_HOME, else $XDG_DATA_HOME/kot, else ~/.local/share/kot (the XDG default)."""
    env = os.environ if environ is None else environ
    if env.get("KOT_HOME"):
        return _absolute(env["KOT_HOME"])
    xdg = env.get("XDG_DATA_HOME", "")
    # Why absolute only: the XDG spec says a relative value is invalid and must be ignored.
    if xdg and Path(xdg).is_absolute():
        return Path(xdg) / "kot"
    return Path.home() / ".local" / "share" / "kot"


@functools.cache
def _absolute(value: str) -> Path:
    """KOT_HOME made absolute once, against the folder kot started in, so that nothing later in the run
    (a change of folder) can point it at another diary."""
    home = Path(value).expanduser()
    return home if home.is_absolute() else Path.cwd().absolute() / home


def db_path(environ: Mapping[str, str] | None = None) -> Path:
    """The check-in database file inside the data folder."""
    return home_dir(environ) / "kot.sqlite3"


def _utc_now() -> datetime:
    return datetime.now(UTC)


@contextmanager
def _sqlite_errors(path: Path, doing: str) -> Iterator[None]:
    """Turn any SQLite failure into a KotError naming the file: a locked or damaged file is the user's to fix."""
    try:
        yield
    except sqlite3.Error as exc:
        code = getattr(exc, "sqlite_errorcode", None)
        if code == sqlite3.SQLITE_NOTADB:
            raise KotError(f"{path}: not a kot database (not a readable SQLite file); kot left it unchanged") from None
        if code is not None and code & 0xFF == sqlite3.SQLITE_CORRUPT:
            raise KotError(damaged(path, str(exc))) from None
        raise KotError(f"{path}: {doing}: {exc}") from None


@contextmanager
def _transaction(conn: sqlite3.Connection, begin: str = "BEGIN IMMEDIATE") -> Iterator[sqlite3.Connection]:
    """One explicit transaction; rolled back on any error, so a failed write leaves nothing behind.

    Why BEGIN IMMEDIATE for writes: it takes the write lock up front (waiting out the busy timeout), so a
    transaction never has to be retried halfway when another process writes at the same time.
    """
    _begin_write(conn) if begin == "BEGIN IMMEDIATE" else conn.execute(begin)
    try:
        yield conn
    except BaseException:
        # SQLite itself rolls back on some errors (a full disk, say); a second ROLLBACK would then fail.
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _begin_write(conn: sqlite3.Connection) -> None:
    """Take the write lock, waiting for another writer up to the busy timeout in short steps.

    Why short steps: SQLite's own wait sleeps inside C, where Python cannot act on Ctrl-C until it ends; here
    an interrupt ends the wait within a step."""
    conn.execute(f"PRAGMA busy_timeout = {BUSY_STEP_MS}")
    try:
        deadline = time.monotonic() + BUSY_TIMEOUT_SECONDS
        while True:
            try:
                conn.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                if exc.sqlite_errorcode & 0xFF != sqlite3.SQLITE_BUSY or time.monotonic() > deadline:
                    raise
    finally:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_SECONDS * 1000}")


def _pragma(conn: sqlite3.Connection, name: str) -> int:
    return conn.execute(f"PRAGMA {name}").fetchone()[0]


def damaged(path: Path, detail: str) -> str:
    """Why a damaged diary is left alone, and what to do with it."""
    return (
        f"{path}: the check-in database is damaged (SQLite says: {detail}); kot will not write to it. Move it "
        "away and keep it (kot then starts a new diary): `sqlite3 FILE .recover` may save what is intact"
    )


def _refuse_non_sqlite(path: Path) -> None:
    """Refuse a file that is not SQLite by its header alone, before SQLite gets a chance to touch it; and
    anything that is not a regular file (a FIFO would block SQLite forever, a device is never a diary)."""
    try:
        # Why O_NONBLOCK: opening a FIFO to read would otherwise wait for a writer that never comes.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise KotError(f"{path}: cannot read the check-in database ({exc.strerror})") from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise KotError(f"{path}: cannot read the check-in database (it is a folder)")
        if not stat.S_ISREG(mode):
            raise KotError(f"{path}: not a kot database (not a regular file: a pipe or a device); kot left it alone")
        header = os.read(fd, len(SQLITE_MAGIC))
    finally:
        os.close(fd)
    if header and header != SQLITE_MAGIC:
        raise KotError(f"{path}: not a kot database (not an SQLite file); kot left it unchanged")


def _create_private(path: Path) -> None:
    """Create a missing diary as an empty file only its owner may read (0600), whatever the umask: it holds
    health notes. SQLite gives the `-wal` and `-shm` files it makes beside it the same mode."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        pass
    except OSError as exc:
        raise KotError(f"{path}: cannot create the check-in database ({exc.strerror})") from None


def _check_identity(conn: sqlite3.Connection, path: Path) -> None:
    """Accept only kot's own database or an empty one; never add tables to another program's database.

    Why one read transaction: another process may be creating the database right now, and reads from two
    snapshots (no id yet, but tables already) would make kot's own new file look foreign.
    """
    with _transaction(conn, "BEGIN"):
        application_id, version = _pragma(conn, "application_id"), _pragma(conn, "user_version")
        tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    if application_id != APPLICATION_ID:
        if application_id or version or tables:
            raise KotError(f"{path}: not a kot database (it belongs to another program); kot left it unchanged")
    if version > len(MIGRATIONS):
        raise KotError(
            f"{path} was written by a newer kot (schema version {version}; "
            f"this kot knows up to {len(MIGRATIONS)}); upgrade kot"
        )


def _refuse_damaged(conn: sqlite3.Connection, path: Path) -> None:
    """Never write to a database SQLite finds damaged: a write could spread the damage to what is intact.

    Why quick_check: it reads every page once (milliseconds for a diary), without the index cross-checks of
    integrity_check."""
    found = [row[0] for row in conn.execute("PRAGMA quick_check(5)")]
    if found != ["ok"]:
        raise KotError(damaged(path, "; ".join(found)))


def _migrate(conn: sqlite3.Connection) -> None:
    """Apply the missing migrations in order, each in its own transaction with its version bump.

    Why the second look inside the lock: two processes may open a new database at once; only the first
    to take the write lock migrates, the other then finds the version already moved on.
    """
    while (version := _pragma(conn, "user_version")) < len(MIGRATIONS):
        with _transaction(conn):
            if _pragma(conn, "user_version") == version:
                for statement in MIGRATIONS[version]:
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {version + 1}")


def _use_wal(conn: sqlite3.Connection, path: Path) -> None:
    """Switch the file to WAL mode (a no-op once it is), retrying while another process holds a lock.

    Why retry by hand: SQLite's busy timeout does not cover this switch, so two processes creating the
    database at once would otherwise see "database is locked" at once.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_SECONDS
    while True:
        try:
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            break
        except sqlite3.OperationalError as exc:
            if exc.sqlite_errorcode & 0xFF != sqlite3.SQLITE_BUSY or time.monotonic() > deadline:
                raise
            time.sleep(0.01)
    if mode != "wal":
        raise KotError(f"{path}: SQLite cannot use WAL mode for this file (a network or read-only folder?)")


def _look_first(path: Path) -> None:
    """Check whose file it is and that SQLite finds it whole, through a read-only connection, before any
    connection that could write opens it.

    Why read-only: closing the last connection to a database checkpoints its WAL into the main file. A
    writable connection closed after finding the file damaged (a main file cut short beside its `-wal`, say)
    would write into the damaged file and delete the WAL, the very pages a recovery needs; a read-only one
    never checkpoints."""
    wal = path.with_name(path.name + "-wal")
    try:
        if path.stat().st_size == 0 and not wal.exists():
            return  # a new diary (kot creates the file empty, private, before SQLite opens it)
    except FileNotFoundError:
        return
    _read_only(path, lambda conn: (_check_identity(conn, path), _refuse_damaged(conn, path))).close()


def _read_only(
    path: Path, check: Callable[[sqlite3.Connection], object], immutable: bool = False
) -> sqlite3.Connection:
    """A read-only connection that passed `check`; when it fails, the `-wal` and `-shm` files SQLite made beside
    the file on opening it are removed again, so a refused file is left as it was found."""
    new = [p for p in (path.with_name(path.name + end) for end in ("-wal", "-shm")) if not p.exists()]
    where = f"{path.absolute().as_uri()}?mode=ro{'&immutable=1' if immutable else ''}"
    conn = sqlite3.connect(where, uri=True, isolation_level=None)
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_SECONDS * 1000}")
        check(conn)
    except BaseException:
        conn.close()
        for made in new:
            made.unlink(missing_ok=True)
        raise
    return conn


def _connect(path: Path) -> sqlite3.Connection:
    """Open, check whose file it is, then switch on WAL and migrate; a refused file is never written to."""
    _look_first(path)
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_SECONDS * 1000}")
        _check_identity(conn, path)  # again: another kot may have made the file since the first look
        _use_wal(conn, path)
        conn.execute("PRAGMA foreign_keys = ON")
        # Why FULL: a check-in kot said it saved must survive a power cut, not only a killed process.
        conn.execute("PRAGMA synchronous = FULL")
        _migrate(conn)
    except BaseException:
        conn.close()
        raise
    return conn


@dataclass(frozen=True)
class Retest:
    """One result of a placement test done again with a plan, or a clinician's outcome score."""

    taken: str  # the date, YYYY-MM-DD
    test: str  # a test id, or an outcome id such as visa-p
    kind: str  # "test" or "outcome"
    value: int | None = None
    left: int | None = None
    right: int | None = None
    stopped: bool = False
    pain: int | None = None


@dataclass(frozen=True)
class Imported:
    """What an import did: check-ins added, replaced (with --force) and already there."""

    added: int
    replaced: int
    unchanged: int


@dataclass(frozen=True)
class Revision:
    """One kept revision of a plan: its number, when it was saved, where its file was, and its text."""

    plan_id: str
    number: int
    saved_at: str
    path: str | None
    body: str


@dataclass(frozen=True)
class PlanRecord:
    """A plan the diary knows: its file (where it was last seen), whom it is for, who made it, its goal."""

    plan_id: str
    path: str | None
    client: str | None
    coach: str | None
    goal: str | None
    seen_at: str = ""


@dataclass(frozen=True)
class Stop:
    """A plan stopped for safety: when, at which session, why and what to do; and, once a clinician cleared
    it, who (in the person's words), on which day, and the week the plan resumed from."""

    plan_id: str
    reasons: tuple[str, ...]
    advice: str
    week: int | None = None
    day: int | None = None
    stopped_at: str = ""
    cleared: str | None = None
    cleared_on: str | None = None
    from_week: int | None = None


def _summary(c: CheckIn) -> str:
    morning = "-" if c.next_morning is None else f"{c.next_morning}/10"
    return f"{c.status}, pain {c.during}/10 during, {morning} next morning"


class Store:
    """The open check-in database. Every write is one transaction; reads see one consistent snapshot."""

    def __init__(self, conn: sqlite3.Connection, path: Path, clock: Callable[[], datetime]):
        self._conn = conn
        self.path = path
        self._clock = clock

    @classmethod
    def open(cls, path: Path | None = None, *, clock: Callable[[], datetime] | None = None) -> Store:
        """Open (creating folder and file if missing) the database at `path`, by default `db_path()`.

        `clock` gives the time stamped on check-ins that carry none; tests pass a fixed one.
        """
        path = db_path() if path is None else Path(path)
        _refuse_non_sqlite(path)
        try:
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as exc:
            raise KotError(f"{path.parent}: cannot create the kot data folder ({exc.strerror})") from None
        _create_private(path)
        with _sqlite_errors(path, "cannot open the check-in database"):
            return cls(_connect(path), path, clock or _utc_now)

    @classmethod
    def reader(cls, path: Path | None = None) -> Store | None:
        """The database opened for reading only, never created, migrated or written (a read-only data folder
        works); None when there is none yet."""
        path = db_path() if path is None else Path(path)
        if not path.exists():
            return None
        _refuse_non_sqlite(path)
        with _sqlite_errors(path, "cannot read the check-in database"):
            try:
                conn = _read_only(path, lambda conn: _check_identity(conn, path))
            except sqlite3.OperationalError:  # a WAL file in a folder kot may not write to: read it as it is
                conn = _read_only(path, lambda conn: _check_identity(conn, path), immutable=True)
            return cls(conn, path, _utc_now)

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def add(self, checkin: CheckIn, *, stop: Stop | None = None, plan: PlanRecord | None = None) -> bool:
        """Record a check-in in one transaction, with the stop it calls for and where its plan's file is (all
        saved or none); True when it replaced an earlier one for the same session."""
        with _sqlite_errors(self.path, "cannot save the check-in"), _transaction(self._conn) as conn:
            replaced = _put(conn, self._stamped(checkin))
            if stop is not None:
                self._put_stop(conn, stop)
            if plan is not None:
                self._put_plan(conn, plan)
            return replaced

    def remember(self, plan: PlanRecord) -> None:
        """Record (or bring up to date) a plan's file, client, coach and goal."""
        with _sqlite_errors(self.path, "cannot save the plan"), _transaction(self._conn) as conn:
            self._put_plan(conn, plan)

    def _put_plan(self, conn: sqlite3.Connection, plan: PlanRecord) -> None:
        stamp = self._clock().astimezone(UTC).isoformat(timespec="seconds")
        conn.execute(
            "INSERT INTO plan (plan_id, path, client, coach, goal, seen_at) VALUES (?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (plan_id) DO UPDATE SET path = excluded.path, client = excluded.client,"
            " coach = excluded.coach, goal = excluded.goal, seen_at = excluded.seen_at",
            (plan.plan_id, plan.path, plan.client, plan.coach, plan.goal, stamp),
        )

    def plan_records(self) -> list[PlanRecord]:
        """Every plan the diary knows by its file, and every plan that only has check-ins (path unknown)."""
        with _sqlite_errors(self.path, "cannot read the plans"), _transaction(self._conn, "BEGIN") as conn:
            version = _pragma(conn, "user_version")
            if version == 0:
                return []
            known = (
                conn.execute("SELECT plan_id, path, client, coach, goal, seen_at FROM plan").fetchall()
                if version >= PLANS_VERSION
                else []
            )
            ids = [row[0] for row in conn.execute("SELECT DISTINCT plan_id FROM checkin")]
        records = {row[0]: PlanRecord(*row) for row in known}
        for plan_id in ids:
            records.setdefault(plan_id, PlanRecord(plan_id, None, None, None, None))
        return [records[k] for k in sorted(records)]

    def save_stop(self, stop: Stop) -> None:
        """Keep a stop: the plan stays stopped until `clear_stop`."""
        with _sqlite_errors(self.path, "cannot save the stop"), _transaction(self._conn) as conn:
            self._put_stop(conn, stop)

    def stops(self, plan_id: str) -> list[Stop]:
        """A plan's stops, oldest first."""
        with _sqlite_errors(self.path, "cannot read the stops"), _transaction(self._conn, "BEGIN") as conn:
            if _pragma(conn, "user_version") < PLANS_VERSION:
                return []
            rows = conn.execute(
                "SELECT reasons, advice, week, day, stopped_at, cleared, cleared_on, from_week FROM stop"
                " WHERE plan_id = ? ORDER BY id",
                (plan_id,),
            ).fetchall()
        return [
            Stop(plan_id, tuple(json.loads(reasons)), advice, week, day, at, cleared, on, from_week)
            for reasons, advice, week, day, at, cleared, on, from_week in rows
        ]

    def clear_stops(self, plan_id: str, cleared: str, on: str, from_week: int | None) -> int:
        """Record who cleared a plan's stops, on which day, and the week it resumes from; how many it cleared."""
        with _sqlite_errors(self.path, "cannot save the clearance"), _transaction(self._conn) as conn:
            return conn.execute(
                "UPDATE stop SET cleared = ?, cleared_on = ?, from_week = ? WHERE plan_id = ? AND cleared IS NULL",
                (cleared, on, from_week, plan_id),
            ).rowcount

    def _put_stop(self, conn: sqlite3.Connection, stop: Stop) -> None:
        stamp = stop.stopped_at or self._clock().astimezone(UTC).isoformat(timespec="seconds")
        conn.execute(
            "INSERT INTO stop (plan_id, stopped_at, week, day, reasons, advice) VALUES (?, ?, ?, ?, ?, ?)",
            (stop.plan_id, stamp, stop.week, stop.day, json.dumps(list(stop.reasons)), stop.advice),
        )

    def checkins(self, plan_id: str) -> list[CheckIn]:
        """A plan's check-ins ordered by week and day."""
        return self._load(plan_id)

    def plans(self) -> list[str]:
        """The ids of the plans that have check-ins, sorted."""
        with _sqlite_errors(self.path, "cannot read the check-ins"):
            if _pragma(self._conn, "user_version") == 0:
                return []
            return [row[0] for row in self._conn.execute("SELECT DISTINCT plan_id FROM checkin ORDER BY plan_id")]

    def export(self, plan_id: str | None = None) -> list[dict]:
        """JSON-ready rows, one per check-in (of one plan, or all), in the key order of `CheckIn`'s fields."""
        return [{**asdict(c), "symptoms": list(c.symptoms)} for c in self._load(plan_id)]

    def import_rows(
        self, rows: list[dict], *, force: bool = False, allowed: Callable[[CheckIn], str | None] | None = None
    ) -> Imported:
        """Restore exported rows, all or nothing. A row identical to the check-in already saved for its
        session changes nothing (importing a file twice is harmless); one that differs is a conflict,
        listed and refused unless `force`. `allowed` may refuse a row (a session outside its plan).

        Every row is checked before anything is written, and every problem is reported as
        `row N: field: message`, rows counted from 1.
        """
        if not isinstance(rows, list):
            raise KotError(f"check-ins to import must be a list of objects (got {type(rows).__name__})")
        stamp = self._clock().astimezone(UTC).isoformat(timespec="seconds")
        given: list[CheckIn] = []
        problems = []
        for n, row in enumerate(rows, 1):  # every step is one pass: an import at the size limit takes seconds
            checkin, found = read_row(row, stamp)
            problems += [f"row {n}: {p}" for p in found]
            if checkin is not None:
                given.append(checkin)
        problems += _repeated_sessions(rows) if not problems else []
        if problems:
            raise KotError("\n".join(problems))
        problems = [f"row {n}: {why}" for n, c in enumerate(given, 1) if allowed and (why := allowed(c))]
        if problems:
            raise KotError("\n".join(problems))
        saved = {(c.plan_id, c.week, c.day): c for c in self._load(None)}
        new, same, conflicts = [], [], []
        for row, checkin in zip(rows, given, strict=True):
            there = saved.get((checkin.plan_id, checkin.week, checkin.day))
            if there is None:
                new.append(checkin)
            elif there == (checkin if row.get("recorded_at") else replace(checkin, recorded_at=there.recorded_at)):
                same.append(checkin)  # a row without a time stamp takes the diary's: importing twice is harmless
            else:
                conflicts.append(checkin)
        if conflicts and not force:
            listed = "\n".join(
                f"  plan {c.plan_id} week {c.week} day {c.day}: the diary has "
                f"{_summary(saved[(c.plan_id, c.week, c.day)])}, the file has {_summary(c)}"
                for c in conflicts
            )
            many = len(conflicts) != 1
            raise KotError(
                f"{len(conflicts)} check-in{'s' if many else ''} in the file differ{'' if many else 's'} "
                f"from the diary; nothing was imported:\n{listed}\nPass --force to replace "
                f"{'them' if many else 'it'} with the file's."
            )
        with _sqlite_errors(self.path, "cannot import the check-ins"), _transaction(self._conn) as conn:
            _put_imported(conn, new + conflicts, replacing=conflicts)
        return Imported(len(new), len(conflicts), len(same))

    def latest(self, plan_id: str) -> CheckIn | None:
        """The check-in recorded last for a plan on this machine: the highest local id. Only when the plan has
        none recorded here (a restored diary) the one with the latest time stamp, then the latest session.

        Why not the time stamp first: an import keeps the stamps of the file, which may lie in the future, and
        `--undo` would then remove an imported session instead of the one just recorded."""
        found = self._load(plan_id)
        if not found:
            return None
        with _sqlite_errors(self.path, "cannot read the check-ins"):
            last = self._conn.execute(
                "SELECT week, day FROM checkin WHERE plan_id = ? AND id > 0 ORDER BY id DESC LIMIT 1", (plan_id,)
            ).fetchone()
        if last is not None:
            return next(c for c in found if (c.week, c.day) == tuple(last))
        return max(found, key=lambda c: (c.recorded_at or "", c.week, c.day))

    def remove(self, checkin: CheckIn) -> bool:
        """Delete one check-in (with its exercises and symptoms) and a stop it called for that is still in
        force, in one transaction; True when it lifted a stop."""
        session = (checkin.plan_id, checkin.week, checkin.day)
        with _sqlite_errors(self.path, "cannot remove the check-in"), _transaction(self._conn) as conn:
            conn.execute("DELETE FROM checkin WHERE plan_id = ? AND week = ? AND day = ?", session)
            if _pragma(conn, "user_version") < PLANS_VERSION:
                return False
            return (
                conn.execute(
                    "DELETE FROM stop WHERE plan_id = ? AND week = ? AND day = ? AND cleared IS NULL", session
                ).rowcount
                > 0
            )

    def add_retests(self, plan_id: str, taken: str, rows: Iterable[Retest], *, force: bool = False) -> None:
        """Record one day's retest results of a plan in one transaction; a test already recorded that day
        is refused unless `force`."""
        rows = list(rows)
        with _sqlite_errors(self.path, "cannot save the retest"), _transaction(self._conn) as conn:
            if not force:
                taken_before = [
                    r.test
                    for r in rows
                    if conn.execute(
                        "SELECT 1 FROM retest WHERE plan_id = ? AND taken = ? AND test = ?", (plan_id, taken, r.test)
                    ).fetchone()
                ]
                if taken_before:
                    raise KotError(
                        f"{', '.join(taken_before)} already recorded for {taken}; pass --force to replace "
                        f"{'them' if len(taken_before) > 1 else 'it'}"
                    )
            stamp = self._clock().isoformat(timespec="seconds")
            for r in rows:
                conn.execute(
                    "INSERT OR REPLACE INTO retest (plan_id, taken, test, kind, value, left_value, right_value, "
                    "stopped, pain, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (plan_id, taken, r.test, r.kind, r.value, r.left, r.right, int(r.stopped), r.pain, stamp),
                )

    def retests(self, plan_id: str) -> list[Retest]:
        """A plan's retest results, oldest first."""
        with _sqlite_errors(self.path, "cannot read the retests"):
            known = self._conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'retest'")
            if known.fetchone() is None:
                return []
            rows = self._conn.execute(
                "SELECT taken, test, kind, value, left_value, right_value, stopped, pain FROM retest "
                "WHERE plan_id = ? ORDER BY taken, test",
                (plan_id,),
            ).fetchall()
        return [Retest(t, test, kind, v, lv, rv, bool(s), p) for t, test, kind, v, lv, rv, s, p in rows]

    def save_revision(self, plan_id: str, number: int, body: str, path: Path | None) -> None:
        """Keep a revision of a plan (its whole saved text), and where its file was written."""
        stamp = self._clock().astimezone(UTC).isoformat(timespec="seconds")
        where = str(path.absolute()) if path is not None else None
        with _sqlite_errors(self.path, "cannot save the revision"), _transaction(self._conn) as conn:
            conn.execute(
                "INSERT INTO revision (plan_id, number, saved_at, path, body) VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT (plan_id, number) DO UPDATE SET path = excluded.path",
                (plan_id, number, stamp, where, body),
            )

    def revisions(self, plan_id: str) -> list[Revision]:
        """A plan's kept revisions, oldest first."""
        with _sqlite_errors(self.path, "cannot read the revisions"), _transaction(self._conn, "BEGIN") as conn:
            if _pragma(conn, "user_version") < 2:
                return []
            rows = conn.execute(
                "SELECT number, saved_at, path, body FROM revision WHERE plan_id = ? ORDER BY number", (plan_id,)
            ).fetchall()
        return [Revision(plan_id, number, saved_at, path, body) for number, saved_at, path, body in rows]

    def _stamped(self, checkin: CheckIn) -> CheckIn:
        if checkin.recorded_at is not None:
            return checkin
        return replace(checkin, recorded_at=self._clock().astimezone(UTC).isoformat(timespec="seconds"))

    def _load(self, plan_id: str | None) -> list[CheckIn]:
        """Check-ins with exercises and symptoms, read in one transaction so a concurrent write cannot split them."""
        where, params = ("", ()) if plan_id is None else ("WHERE c.plan_id = ?", (plan_id,))
        with _sqlite_errors(self.path, "cannot read the check-ins"), _transaction(self._conn, "BEGIN") as conn:
            if _pragma(conn, "user_version") == 0:  # an empty file: nothing written yet
                return []
            later = "c.usual, c.session_date" if _pragma(conn, "user_version") >= 2 else "NULL, NULL"
            heads = conn.execute(
                "SELECT c.id, c.plan_id, c.week, c.day, c.pain_during, c.pain_next_morning, c.status, c.note,"
                f" c.recorded_at, {later} FROM checkin c {where} ORDER BY c.plan_id, c.week, c.day",
                params,
            ).fetchall()
            exercises = _grouped(
                conn.execute(
                    "SELECT e.checkin_id, e.exercise_id, e.pain FROM checkin_exercise e"
                    f" JOIN checkin c ON c.id = e.checkin_id {where}",
                    params,
                )
            )
            symptoms = _grouped(
                conn.execute(  # only the keys matter: a set of symptoms per check-in
                    "SELECT s.checkin_id, s.symptom, NULL FROM checkin_symptom s"
                    f" JOIN checkin c ON c.id = s.checkin_id {where}",
                    params,
                )
            )
        found = []
        for cid, plan, week, day, during, morning, status, note, recorded_at, usual, session_date in heads:
            try:
                found.append(
                    CheckIn(
                        plan,
                        week,
                        day,
                        during,
                        morning,
                        status,
                        exercises.get(cid, {}),
                        tuple(symptoms.get(cid, {})),
                        note,
                        recorded_at,
                        usual,
                        session_date,
                    )
                )
            except (ValueError, TypeError) as exc:  # SQLite's checks hold, kot's do not: not a row kot wrote
                raise KotError(
                    f"{self.path}: a damaged or newer diary: the check-in of plan {plan!r} week {week!r} day "
                    f"{day!r} is not one this kot can read ({exc}); kot left the diary unchanged (upgrade kot, "
                    "or move the file away to start a new diary)"
                ) from None
        return found


def _grouped(rows: Iterable[tuple[int, str, object]]) -> dict[int, dict[str, object]]:
    """Child rows as {checkin id: {key: value}}, so a plan's children come back in one query, not one per check-in."""
    grouped: dict[int, dict[str, object]] = {}
    for checkin_id, key, value in rows:
        grouped.setdefault(checkin_id, {})[key] = value
    return grouped


def _put(conn: sqlite3.Connection, checkin: CheckIn) -> bool:
    """Write one check-in in the caller's transaction, first deleting (with its children) any for its session.

    Ids say where a row came from: one recorded here gets the next positive id (so the highest is the one
    recorded last on this machine, whatever its time stamp), an imported one a negative id (`_put_imported`)."""
    session = (checkin.plan_id, checkin.week, checkin.day)
    replaced = conn.execute("DELETE FROM checkin WHERE plan_id = ? AND week = ? AND day = ?", session).rowcount > 0
    (new_id,) = conn.execute("SELECT max(coalesce(max(id), 0), 0) + 1 FROM checkin").fetchone()
    checkin_id = conn.execute(
        "INSERT INTO checkin (id, plan_id, week, day, pain_during, pain_next_morning, status, note, recorded_at,"
        " usual, session_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            new_id,
            *session,
            checkin.during,
            checkin.next_morning,
            checkin.status,
            checkin.note,
            checkin.recorded_at,
            checkin.usual,
            checkin.date,
        ),
    ).lastrowid
    conn.executemany(
        "INSERT INTO checkin_exercise (checkin_id, exercise_id, pain) VALUES (?, ?, ?)",
        [(checkin_id, exercise, pain) for exercise, pain in checkin.exercises.items()],
    )
    conn.executemany(
        "INSERT INTO checkin_symptom (checkin_id, symptom) VALUES (?, ?)",
        [(checkin_id, symptom) for symptom in checkin.symptoms],
    )
    return replaced


def _put_imported(conn: sqlite3.Connection, checkins: list[CheckIn], replacing: list[CheckIn]) -> None:
    """Write imported check-ins in the caller's transaction, first deleting the sessions of `replacing`, in a
    few statements whatever their number, with the next negative ids (see `_put`)."""
    conn.executemany(
        "DELETE FROM checkin WHERE plan_id = ? AND week = ? AND day = ?",
        [(c.plan_id, c.week, c.day) for c in replacing],
    )
    (lowest,) = conn.execute("SELECT min(coalesce(min(id), 0), 0) FROM checkin").fetchone()
    ids = range(lowest - 1, lowest - 1 - len(checkins), -1)
    conn.executemany(
        "INSERT INTO checkin (id, plan_id, week, day, pain_during, pain_next_morning, status, note, recorded_at,"
        " usual, session_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (i, c.plan_id, c.week, c.day, c.during, c.next_morning, c.status, c.note, c.recorded_at, c.usual, c.date)
            for i, c in zip(ids, checkins, strict=True)
        ],
    )
    conn.executemany(
        "INSERT INTO checkin_exercise (checkin_id, exercise_id, pain) VALUES (?, ?, ?)",
        [(i, exercise, pain) for i, c in zip(ids, checkins, strict=True) for exercise, pain in c.exercises.items()],
    )
    conn.executemany(
        "INSERT INTO checkin_symptom (checkin_id, symptom) VALUES (?, ?)",
        [(i, symptom) for i, c in zip(ids, checkins, strict=True) for symptom in c.symptoms],
    )


def _repeated_sessions(rows: list[dict]) -> list[str]:
    """Rows naming a session an earlier row already names: which one should win is the user's call, not ours."""
    first: dict[tuple, int] = {}
    found = []
    for n, row in enumerate(rows, 1):
        session = (row["plan_id"], row["week"], row["day"])
        if session in first:
            found.append(
                f"row {n}: repeats the session of row {first[session]} "
                f"(plan {session[0]}, week {session[1]}, day {session[2]})"
            )
        first.setdefault(session, n)
    return found
