"""The validated-library snapshot: what reading, validating and linting each library file found, kept in
the user's cache folder so the next run skips all three for files that did not change.

A snapshot holds one library folder's valid files. Each record is keyed by a hash of the file's bytes and
of everything that decides whether they are valid (the fingerprint: kot's validating code, and the versions
of pydantic, PyYAML and Python): a change to any of them makes the record useless, never wrong. A file whose
size, modification time and inode match its record is not read again, unless it changed within 2 seconds
of being recorded (a second change in the same clock tick could keep all three).

The fingerprint is costly (it imports pydantic and PyYAML and hashes kot's code), so a warm run does not
compute it: the snapshot also keeps the stamp it was computed under, the size, times and inode of every
validating module and of the dependencies' installed files, which a few stat calls check. A stamp taken
within 2 seconds of a change to any of them is never kept (the same clock-tick rule as for the files); a
stamp that differs means the fingerprint is computed again, and the records kept if it is the same. Each
kot install (its folder and Python environment) keeps its own snapshots, so two installs sharing one cache
folder never read each other's.

Never trusted: a snapshot is written atomically, its header (stamp, fingerprint, and the length and CRC-32
of the rest) signed with a key only this user can read, and it is read back only if the signature and CRC
match and the file itself is this user's and closed to everyone else. The signature covers the header only
(hashing megabytes costs more than the rest of a warm run); the CRC catches damage, and the file's owner and
mode, checked on the open file, stand in for the signature against other users: only its owner can write
into a file no one else may write, in a folder no one else may write. A corrupt, foreign or stale file is
ignored and rebuilt. Anything that goes wrong (no cache folder, one owned by someone else or open to others,
a read-only disk) means no cache, never an error: the files are simply read. `KOT_NO_CACHE=1` turns it off;
`KOT_CACHE_DIR` moves it.
"""

import io
import os
import pickle
import sys
import time
import zlib
from collections.abc import Mapping
from enum import Enum
from functools import cache
from pathlib import Path
from stat import S_ISREG
from typing import Any, NamedTuple

from kot.digests import blake2b

MAGIC = b"kot-snapshot-2\n"
KEY_BYTES = 32
STABLE_AFTER_NS = 2_000_000_000  # a file changed this recently is hashed on every read
MAX_BYTES = 256_000_000
STALE_AFTER_S = 30 * 24 * 3600
# The modules whose code decides what a valid library file is (a test keeps this list complete).
VALIDATING = (
    "__init__.py",
    "boundary.py",
    "catalog.py",
    "digests.py",
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
    "rules/cautions.py",
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
PACKAGE = os.path.dirname(os.path.abspath(__file__))  # this kot install: where its validating modules are


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
    return blake2b(raw, digest_size=20, key=current()).digest()


@cache
def fingerprint() -> bytes:
    """What makes a validation result valid: kot's validating code and the versions it runs on (costly: the
    stamp stands in for it on a warm run)."""
    stamp()  # taken before the code is hashed: a change in between makes the two disagree, never wrongly agree
    from kot.yamlio import PARSER

    digest = blake2b(digest_size=32)
    for part in (sys.version, _version("pydantic", "VERSION"), _version("pydantic_core", "__version__"), PARSER):
        digest.update(part.encode() + b"\0")
    for name in VALIDATING:
        digest.update(name.encode() + b"\0" + Path(PACKAGE, name).read_bytes())
    return digest.digest()


def _version(name: str, attribute: str) -> str:
    """A dependency's version, from the module when it is imported (as validation uses it), else from its
    installed metadata: the snapshot records which pydantic validated, it never uses pydantic itself."""
    module = sys.modules.get(name)
    if module is not None:
        return str(getattr(module, attribute, "unknown"))
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name.replace("_", "-"))
    except PackageNotFoundError:
        return "not installed"


@cache
def stamp() -> bytes | None:
    """The status of everything the fingerprint is made of, from stat calls alone: kot's folder and its
    validating modules, the Python version, and where the dependencies are installed with the status of their
    files and folders. None when any of them changed within STABLE_AFTER_NS (a second change in the same clock
    tick could keep size, times and inode; such a stamp proves nothing)."""
    now = time.time_ns()  # before the stat calls: a change after them lands in a later tick than any seen
    parts: list[Any] = [sys.version, PACKAGE]
    newest = 0
    for path in [os.path.join(PACKAGE, name) for name in VALIDATING] + _installed():
        try:
            status = _status(path)
        except OSError:
            parts.append((path, None))
            continue
        parts.append((path, *status))
        newest = max(newest, status[1], status[2])
    if now - newest <= STABLE_AFTER_NS:
        return None
    return blake2b(repr(parts).encode(), digest_size=32).digest()


def _status(path: str) -> tuple[int, int, int, int, int]:
    """What a stamp keeps of a file or folder: size, modification and change times, inode and device."""
    info = os.stat(path)
    return info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev


# The dependencies whose versions the fingerprint holds, and their files that name the version.
DEPENDENCIES = {"pydantic": ("__init__.py", "version.py"), "pydantic_core": ("__init__.py",), "yaml": ("__init__.py",)}


def _installed() -> list[str]:
    """The places whose status changes when a dependency is installed, upgraded or removed, found without
    importing it: its files that name the version, its folder (an entry added or removed, such as PyYAML's C
    loader `yaml/_yaml*.so`, changes a folder's times) and the folder holding it (pip renames the
    `NAME-VERSION.dist-info` folder beside it on every install)."""
    places: list[str] = []
    for name, files in DEPENDENCIES.items():
        spec = getattr(sys.modules.get(name), "__spec__", None) or _find(name)
        folders = list(getattr(spec, "submodule_search_locations", None) or ())
        if not folders:
            places.append(f"{name} not found")  # no status: the stamp says so
            continue
        places += [os.path.join(folders[0], file) for file in files]
        places += [folders[0], os.path.dirname(folders[0])]
    return places


def _find(name: str) -> Any:
    """A top-level module's spec, as `importlib.util.find_spec` finds it (without importing importlib.util,
    5 ms), or None."""
    for finder in sys.meta_path:
        find = getattr(finder, "find_spec", None)
        try:
            spec = find(name, None) if find else None
        except Exception:  # noqa: BLE001 - a broken finder: look on
            spec = None
        if spec is not None:
            return spec
    return None


_KNOWN: dict[bytes, bytes] = {}  # a stamp found in a signed snapshot -> the fingerprint computed under it


def current() -> bytes:
    """The fingerprint, taken from a signed snapshot made under this very stamp when there is one (no
    import, no hashing), else computed."""
    now = stamp()
    known = _KNOWN.get(now) if now is not None else None
    return known if known is not None else fingerprint()


def forget() -> None:
    """Drop what this process knows of stamps and fingerprints (as a new process would start)."""
    for memo in _MEMOS:
        memo.cache_clear()
    _KNOWN.clear()


_MEMOS = (stamp, fingerprint)  # the functions themselves, even while a test puts others in their place


def enabled() -> bool:
    """False when KOT_NO_CACHE turns the snapshot off: then files are read without keeping anything."""
    return os.environ.get("KOT_NO_CACHE", "").strip() in ("", "0")


def folder() -> Path | None:
    """The cache folder, created private to this user (0700); None when turned off or when someone else
    could write into it."""
    if not enabled():
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
    """A library folder's snapshot for this kot install: its folder and its Python environment are in the name,
    so installs sharing one cache folder each keep their own (none ever reads, or replaces, another's)."""
    named = b"\0".join(os.fsencode(part) for part in (sys.prefix, PACKAGE, root))
    return where / (blake2b(named, digest_size=16).hexdigest() + ".snap")


HEAD = len(MAGIC) + 32 + 32 + 32 + 4 + 8  # magic, signature, stamp, fingerprint, CRC-32 and length of the payload
UNSTAMPED = bytes(32)  # in place of a stamp that proves nothing (taken just after a change)


def seal(key: bytes, made_under: bytes | None, valid_for: bytes, payload: bytes | memoryview) -> bytes:
    """A snapshot file: the signed header (the stamp it was made under, the fingerprint its records are valid
    for, the CRC-32 and length of the payload), then the payload."""
    fields = (made_under or UNSTAMPED) + valid_for + _check(payload)
    return MAGIC + blake2b(MAGIC + fields, digest_size=32, key=key).digest() + fields + payload


def _check(payload: bytes | memoryview) -> bytes:
    return zlib.crc32(payload).to_bytes(4, "big") + len(payload).to_bytes(8, "big")


def load(root: Path) -> dict[str, Record]:
    """The records of a library folder (absolute path), or none when there is no usable snapshot."""
    where = folder()
    key = where and _key(where, create=False)
    if not key:
        return {}
    target = _path(where, root)
    try:
        found = _read_regular(target, MAX_BYTES + 1)
    except OSError:
        return {}
    if found is None or not _private(found[1], closed=0o077):  # someone else's, or open to their writes
        return {}
    blob = found[0]
    if len(blob) > MAX_BYTES or len(blob) < HEAD or blob[: len(MAGIC)] != MAGIC:
        return {}
    fields = blob[len(MAGIC) + 32 : HEAD]
    if blake2b(MAGIC + fields, digest_size=32, key=key).digest() != blob[len(MAGIC) : len(MAGIC) + 32]:
        return {}
    saved_stamp, saved_fingerprint, payload = fields[:32], fields[32:64], memoryview(blob)[HEAD:]  # not copied
    if fields[64:] != _check(payload):  # damaged (a signed header cannot vouch for what follows it)
        return {}
    now = stamp()
    if now is not None and now == saved_stamp:
        _KNOWN[now] = saved_fingerprint
    elif saved_fingerprint != fingerprint():
        return {}
    elif now is not None:  # the same code under a new stamp (a reinstall, or settled since): keep the new one
        _write(target, seal(key, now, saved_fingerprint, payload))
    try:
        stream = io.BytesIO(blob)  # shares the bytes, where BytesIO(payload) would copy them
        stream.seek(HEAD)
        saved_root, records = _Unpickler(stream).load()
    except Exception:  # noqa: BLE001 - signed but unreadable (a kot bug): treat as no snapshot
        return {}
    return records if saved_root == os.fsencode(root) and isinstance(records, dict) else {}


def save(root: Path, records: Mapping[str, Record]) -> None:
    """Write a library folder's records, replacing its snapshot at once; on any failure, write nothing."""
    where = folder()
    key = where and _key(where, create=True)
    if not key:
        return
    target = _path(where, root)
    _write(target, seal(key, stamp(), current(), dumps((os.fsencode(root), dict(records)))))
    _sweep(where, keep=target)


def _write(target: Path, blob: bytes) -> None:
    """Replace a snapshot at once, private to this user; on any failure, write nothing."""
    temporary = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    try:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as file:
            file.write(blob)
        os.replace(temporary, target)
    except OSError:
        temporary.unlink(missing_ok=True)


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
