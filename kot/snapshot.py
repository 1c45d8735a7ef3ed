"""The validated-library snapshot: what reading, validating and linting each library file found, kept in
the user's cache folder so the next run skips all three for files that did not change.

A snapshot holds one library folder's valid files. Each record is keyed by a hash of the file's bytes and
of everything that decides whether they are valid (kot's validating code, and the versions of pydantic,
PyYAML and Python): a change to any of them makes the record useless, never wrong. A file whose size,
modification time and inode match its record is not read again, unless it changed within 2 seconds of
being recorded (a second change in the same clock tick could keep all three).

Never trusted: a snapshot is written atomically, signed with a key only this user can read, and read back
only if the signature matches; a corrupt, foreign or stale file is ignored and rebuilt. Anything that goes
wrong (no cache folder, one owned by someone else or open to others, a read-only disk) means no cache,
never an error: the files are simply read. `KOT_NO_CACHE=1` turns it off; `KOT_CACHE_DIR` moves it.
"""

import hashlib
import io
import os
import pickle
import sys
import time
from collections.abc import Mapping
from enum import Enum
from functools import cache
from pathlib import Path
from stat import S_ISREG
from typing import Any, NamedTuple

MAGIC = b"kot-snapshot-1\n"
KEY_BYTES = 32
STABLE_AFTER_NS = 2_000_000_000  # a file changed this recently is hashed on every read
MAX_BYTES = 256_000_000
STALE_AFTER_S = 30 * 24 * 3600
# The modules whose code decides what a valid library file is (a test keeps this list complete).
VALIDATING = (
    "__init__.py",
    "boundary.py",
    "catalog.py",
    "errors.py",
    "parallel.py",
    "jsonio.py",
    "kinematics.py",
    "library.py",
    "locate.py",
    "model.py",
    "plaintext.py",
    "pose.py",
    "rulebook.py",
    "rules/__init__.py",
    "rules/dosing.py",
    "rules/levels.py",
    "rules/pain.py",
    "rules/weeks.py",
    "snapshot.py",
    "testcards.py",
    "validation.py",
    "values.py",
    "vocab.py",
    "wording.py",
    "yamlio.py",
    "yamlwords.py",
)
# Only these may be rebuilt from a snapshot: kot's models, their vocabularies, file summaries and records.
LOADABLE = {"kot.model", "kot.pose", "kot.vocab", "kot.catalog", "kot.snapshot", "kot.testcards"}


class Record(NamedTuple):
    """One valid file: how it looked on disk, the hash of its bytes, and what reading it produced (a tuple:
    a snapshot reads thousands of them back)."""

    size: int
    mtime_ns: int
    ctime_ns: int  # the change time: a write that puts back size and mtime (touch -r) still moves it
    inode: int
    stable: bool  # recorded more than STABLE_AFTER_NS after its last change
    content: bytes  # content_key() of its bytes
    value: Any  # what the library keeps of it (a summary and the pickled model)

    def unchanged(self, stat: os.stat_result) -> bool:
        """True when the file is, by its size, times and inode, the one recorded, and was settled then."""
        return self.stable and (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino) == (
            self.size,
            self.mtime_ns,
            self.ctime_ns,
            self.inode,
        )


def record(stat: os.stat_result, content: bytes, value: Any, now_ns: int) -> Record:
    stable = now_ns - max(stat.st_mtime_ns, stat.st_ctime_ns) > STABLE_AFTER_NS
    return Record(stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino, stable, content, value)


def content_key(raw: bytes) -> bytes:
    """The key of a file's bytes under this kot and these dependency versions."""
    return hashlib.blake2b(raw, digest_size=20, key=fingerprint()).digest()


@cache
def fingerprint() -> bytes:
    """What makes a validation result valid: kot's validating code and the versions it runs on."""
    import pydantic
    import pydantic_core

    from kot.yamlio import PARSER

    digest = hashlib.blake2b(digest_size=32)
    for part in (sys.version, pydantic.VERSION, pydantic_core.__version__, PARSER):
        digest.update(part.encode() + b"\0")
    package = Path(__file__).parent
    for name in VALIDATING:
        digest.update(name.encode() + b"\0" + (package / name).read_bytes())
    return digest.digest()


def folder() -> Path | None:
    """The cache folder, created private to this user (0700); None when turned off or when someone else
    could write into it."""
    if os.environ.get("KOT_NO_CACHE", "").strip() not in ("", "0"):
        return None
    named = os.environ.get("KOT_CACHE_DIR", "").strip()
    if named:
        path = Path(named)
    else:
        base = os.environ.get("XDG_CACHE_HOME", "").strip()
        path = (Path(base) if base and os.path.isabs(base) else Path.home() / ".cache") / "kot"
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        return path if _private(path.stat()) else None
    except (OSError, RuntimeError):  # RuntimeError: no home folder
        return None


def _private(stat: os.stat_result, closed: int = 0o022) -> bool:
    """Owned by this user and closed to writes by anyone else (to reads too, with closed=0o077): nobody
    else could have written what it holds."""
    getuid = getattr(os, "getuid", None)
    return (getuid is None or stat.st_uid == getuid()) and not stat.st_mode & closed


def _key(where: Path, create: bool) -> bytes | None:
    """This user's signing key, made on first use. It appears whole or not at all: written to a temporary
    file first, so a full disk leaves no empty key behind, only no snapshot."""
    path = where / "key"
    missing = False
    try:
        found = _read_regular(path, KEY_BYTES + 1)
    except FileNotFoundError:
        found, missing = None, True
    except OSError:
        return None
    if found is not None and len(found[0]) == KEY_BYTES and _private(found[1], closed=0o077):
        return found[0]
    if not create:
        return None
    key = os.urandom(KEY_BYTES)
    temporary = where / f"key.{os.getpid()}.tmp"
    try:
        if not missing:  # a key of the wrong size or mode, or not a file: replace it (its snapshots are dropped)
            path.unlink()
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as file:
            file.write(key)
            file.flush()
            os.fsync(file.fileno())
        os.link(temporary, path)  # never replaces a key another kot made meanwhile
    except FileExistsError:
        key = _key(where, create=False)  # another kot made it first: use that one
    except OSError:
        key = None
    finally:
        try:
            temporary.unlink(missing_ok=True)
        except OSError:
            pass
    return key


def _read_regular(path: Path, limit: int) -> tuple[bytes, os.stat_result] | None:
    """At most `limit` bytes of a regular file and its status; None for anything else (a FIFO, which a plain
    open would wait on for ever, a device, a folder). FileNotFoundError passes through."""
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(descriptor, "rb") as file:
        info = os.fstat(descriptor)
        if not S_ISREG(info.st_mode):
            return None
        return file.read(limit), info


def _path(where: Path, root: Path) -> Path:
    return where / (hashlib.blake2b(os.fsencode(root), digest_size=16).hexdigest() + ".snap")


def load(root: Path) -> dict[str, Record]:
    """The records of a library folder (absolute path), or none when there is no usable snapshot."""
    where = folder()
    key = where and _key(where, create=False)
    if not key:
        return {}
    try:
        found = _read_regular(_path(where, root), MAX_BYTES + 1)
    except OSError:
        return {}
    if found is None:
        return {}
    blob = found[0]
    head = len(MAGIC) + 32 + 32
    if len(blob) > MAX_BYTES or blob[: len(MAGIC)] != MAGIC or blob[len(MAGIC) : len(MAGIC) + 32] != fingerprint():
        return {}
    signature, payload = blob[len(MAGIC) + 32 : head], blob[head:]
    if hashlib.blake2b(payload, digest_size=32, key=key).digest() != signature:
        return {}
    try:
        saved_root, records = _Unpickler(io.BytesIO(payload)).load()
    except Exception:  # noqa: BLE001 - signed but unreadable (a kot bug): treat as no snapshot
        return {}
    return records if saved_root == os.fsencode(root) and isinstance(records, dict) else {}


def save(root: Path, records: Mapping[str, Record]) -> None:
    """Write a library folder's records, replacing its snapshot at once; on any failure, write nothing."""
    where = folder()
    key = where and _key(where, create=True)
    if not key:
        return
    payload = dumps((os.fsencode(root), dict(records)))
    signature = hashlib.blake2b(payload, digest_size=32, key=key).digest()
    target = _path(where, root)
    temporary = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    try:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as file:
            file.write(MAGIC + fingerprint() + signature + payload)
        os.replace(temporary, target)
    except OSError:
        temporary.unlink(missing_ok=True)
    _sweep(where, keep=target)


def _sweep(where: Path, keep: Path) -> None:
    """Forget snapshots not written for STALE_AFTER_S (of folders gone, or long unused: rebuilt if needed),
    and temporary files a killed kot left behind."""
    now = time.time()
    try:
        for path in where.iterdir():
            if path != keep and path.suffix in (".snap", ".tmp"):
                limit = STALE_AFTER_S if path.suffix == ".snap" else 3600
                if now - path.stat().st_mtime > limit:
                    path.unlink()
    except OSError:
        pass


class _Unpickler(pickle.Unpickler):
    """Rebuilds kot's own classes and nothing else, even from a signed file."""

    def find_class(self, module: str, name: str) -> Any:
        if module in LOADABLE:
            found = getattr(sys.modules.get(module) or __import__(module, fromlist=[name]), name, None)
            if isinstance(found, type):
                return found
        raise pickle.UnpicklingError(f"{module}.{name} is not a kot class")


class _Pickler(pickle.Pickler):
    """Writes an enum member as its class called with its value (`Category("knee")`).

    Why not the enum's own reduce: Python 3.11.0-3.11.3 reduce a member to `getattr(Category, "knee")`,
    which the unpickler above rightly refuses (builtins.getattr is not a kot class), so on those Pythons
    every snapshot would be unreadable. A class called with a value reads back the same on every Python."""

    def reducer_override(self, obj: Any) -> Any:
        if isinstance(obj, Enum):
            return type(obj), (obj.value,)
        return NotImplemented


def dumps(value: Any) -> bytes:
    buffer = io.BytesIO()
    _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
    return buffer.getvalue()


def loads(blob: bytes) -> Any:
    return _Unpickler(io.BytesIO(blob)).load()
