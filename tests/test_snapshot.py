"""The validated-library snapshot: used when files are unchanged, never trusted when anything changed, and
never needed (a run without it prints the same bytes)."""

from __future__ import annotations

import ast
import os
import pickle
import shutil
from pathlib import Path

import pytest

from kot import library as library_module
from kot import snapshot
from kot.errors import DataError
from kot.library import load_library, validate

ROOT = Path(__file__).resolve().parent.parent
FAMILY = ROOT / "exercises" / "tibialis-raise.yaml"
# Every file of the built-in library, and the one family of the test's own library.
LIBRARY_FILES = sum(len(list((ROOT / kind).glob("*.yaml"))) for kind in library_module.LIBRARY_FOLDERS) + 1
OLD = 1_600_000_000_000_000_000  # a modification time long ago (2020), so records of it are settled


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("KOT_CACHE_DIR", str(folder))
    monkeypatch.delenv("KOT_NO_CACHE", raising=False)
    monkeypatch.delenv("KOT_LIBRARY", raising=False)
    return folder


@pytest.fixture
def lib(tmp_path) -> Path:
    """A library folder with one family, last changed long ago."""
    folder = tmp_path / "lib" / "exercises"
    folder.mkdir(parents=True)
    text = FAMILY.read_text(encoding="utf-8").replace("id: tibialis-raise", "id: my-raise")
    path = folder / "my-raise.yaml"
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(OLD, OLD))
    return folder.parent


def family_file(lib: Path) -> Path:
    return lib / "exercises" / "my-raise.yaml"


def rewrite(path: Path, old: str, new: str, *, keep_stat: bool = False) -> None:
    """Change a file's text; with keep_stat, keep its size and modification time as they were."""
    stat = path.stat()
    text = path.read_text(encoding="utf-8")
    assert old in text
    changed = text.replace(old, new.ljust(len(old)) if keep_stat else new, 1)
    path.write_text(changed, encoding="utf-8")
    if keep_stat:
        assert path.stat().st_size == stat.st_size
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def test_a_second_load_reads_no_file_and_builds_the_same_library(cache, lib, reads):
    first = load_library([lib], use_env=False)
    assert len(reads) == LIBRARY_FILES
    reads.clear()
    second = load_library([lib], use_env=False)
    assert reads == []
    assert second.version == first.version
    assert second.families["my-raise"] == first.families["my-raise"]
    assert second.templates == first.templates
    assert second.files == first.files
    assert sorted(p.name for p in cache.iterdir()) == sorted(["key", *(p.name for p in cache.glob("*.snap"))])
    assert len(list(cache.glob("*.snap"))) == 2  # one per library folder


def test_a_changed_file_is_read_again(cache, lib, reads):
    load_library([lib], use_env=False)
    rewrite(family_file(lib), "name: Tibialis raise", "name: My raise")
    reads.clear()
    assert load_library([lib], use_env=False).families["my-raise"].name == "My raise"
    assert reads == [family_file(lib)]


def test_a_file_made_invalid_after_it_was_cached_is_reported_with_line_and_column(cache, lib):
    load_library([lib], use_env=False)
    rewrite(family_file(lib), "category: lower-leg", "category: lower-lag")
    with pytest.raises(DataError) as raised:
        load_library([lib], use_env=False)
    (problem,) = raised.value.problems
    assert (problem.file.endswith("my-raise.yaml"), problem.field, problem.line > 1, problem.column) == (
        True,
        "category",
        True,
        11,
    )


def test_an_edit_that_keeps_size_time_and_inode_is_caught_by_the_change_time(kot, cache, lib, monkeypatch):
    """`touch -r` after an edit puts back the modification time; the change time (st_ctime_ns) still moves, so
    a settled record is not trusted (issue 21: `max_pain: 9` planned from a stale snapshot)."""
    monkeypatch.setattr(snapshot, "STABLE_AFTER_NS", 0)  # settled at once, as a file recorded long after its edit
    assert kot("exercises", "show", "my-raise", "-L", str(lib)).code == 0
    assert kot("exercises", "show", "my-raise", "-L", str(lib)).code == 0  # from the snapshot
    (record,) = snapshot.load(lib.absolute()).values()
    assert record.stable
    rewrite(family_file(lib), "category: lower-leg", "category: lower-lag", keep_stat=True)
    run = kot("exercises", "show", "my-raise", "-L", str(lib))
    assert run.code == 1 and "lower-lag" in run.err and "Traceback" not in run.err


def test_a_file_changed_just_after_it_was_recorded_is_hashed_even_with_size_and_time_unchanged(cache, lib):
    path = family_file(lib)
    os.utime(path)  # changed now: its record is not settled
    load_library([lib], use_env=False)
    rewrite(path, "category: lower-leg", "category: lower-lag", keep_stat=True)
    with pytest.raises(DataError, match="lower-lag"):
        load_library([lib], use_env=False)


def test_kot_validate_reads_the_files_not_the_snapshot(cache, lib, reads):
    """validate is where a coach checks files: it reads them, even when the snapshot holds them all."""
    load_library([lib], use_env=False)
    reads.clear()
    load_library([lib], use_env=False)
    assert reads == []
    rewrite(family_file(lib), "category: lower-leg", "category: lower-lag")
    for paths, extra in (([lib], []), ([], [lib])):  # kot validate lib, and kot validate -L lib
        with pytest.raises(DataError, match="lower-lag"):
            validate(paths, extra)


@pytest.mark.parametrize(
    "damage",
    [
        lambda blob: blob[:-1] + bytes([blob[-1] ^ 1]),  # a flipped bit
        lambda blob: blob[: len(blob) // 2],  # cut short
        lambda blob: b"",  # emptied
        lambda blob: b"garbage" * 100,
    ],
)
def test_a_damaged_snapshot_is_ignored_and_rebuilt(cache, lib, reads, damage):
    load_library([lib], use_env=False)
    for path in cache.glob("*.snap"):
        path.write_bytes(damage(path.read_bytes()))
    reads.clear()
    assert load_library([lib], use_env=False).families["my-raise"]
    assert len(reads) == LIBRARY_FILES
    reads.clear()
    load_library([lib], use_env=False)
    assert reads == []  # rebuilt


def test_a_snapshot_signed_with_another_key_is_never_read(cache, lib, reads, tmp_path):
    load_library([lib], use_env=False)
    (cache / "key").write_bytes(os.urandom(snapshot.KEY_BYTES))  # as if the files came from someone else
    reads.clear()
    load_library([lib], use_env=False)
    assert len(reads) == LIBRARY_FILES


def test_a_new_kot_or_dependency_version_makes_records_useless(cache, lib, reads, monkeypatch):
    load_library([lib], use_env=False)
    monkeypatch.setattr(snapshot, "fingerprint", lambda: b"another kot or pydantic".ljust(32, b"\0"))
    reads.clear()
    load_library([lib], use_env=False)
    assert len(reads) == LIBRARY_FILES


def test_the_fingerprint_covers_versions_and_code(monkeypatch):
    import pydantic

    before = snapshot.fingerprint()
    snapshot.fingerprint.cache_clear()
    monkeypatch.setattr(pydantic, "VERSION", "0.0.1")
    try:
        assert snapshot.fingerprint() != before
    finally:
        snapshot.fingerprint.cache_clear()


def test_every_module_that_decides_validity_is_in_the_fingerprint():
    """kot.library and every kot module it imports, directly or not: a change to any can change a result."""
    package = ROOT / "kot"
    todo, seen, files = ["kot.library"], set(), set()
    while todo:
        module = todo.pop()
        if module in seen:
            continue
        seen.add(module)
        stem = module.removeprefix("kot").lstrip(".").replace(".", "/")
        path = package / stem / "__init__.py" if (package / stem).is_dir() else package / f"{stem}.py"
        if not path.is_file():
            continue  # `from kot.x import name` names a class or function, not a module
        files.add(path.relative_to(package).as_posix())
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("kot"):
                todo += [node.module] + [f"{node.module}.{a.name}" for a in node.names if node.module == "kot"]
            elif isinstance(node, ast.Import):
                todo += [a.name for a in node.names if a.name.startswith("kot")]
    assert "rules/pain.py" in files, "the walk follows imports into a package"
    assert files <= set(snapshot.VALIDATING)


def test_a_signed_snapshot_still_rebuilds_nothing_but_kots_own_classes(cache, lib, monkeypatch):
    """Even a file signed with the user's key (a kot bug, say) cannot run code when read."""
    load_library([lib], use_env=False)

    class Boom:
        def __reduce__(self):
            return (os.system, ("echo pwned > /dev/null",))

    path = next(cache.glob("*.snap"))
    key = (cache / "key").read_bytes()
    payload = pickle.dumps((b"/", {"x": Boom()}))
    import hashlib

    signature = hashlib.blake2b(payload, digest_size=32, key=key).digest()
    path.write_bytes(snapshot.MAGIC + snapshot.fingerprint() + signature + payload)
    called = []
    monkeypatch.setattr(os, "system", lambda *a: called.append(a))
    assert snapshot.load(Path("/")) == {}
    assert called == []


@pytest.mark.parametrize("how", ["a file in the way", "open to others", "turned off"])
def test_without_a_usable_cache_folder_kot_just_reads_the_files(tmp_path, monkeypatch, lib, reads, how):
    monkeypatch.delenv("KOT_NO_CACHE", raising=False)
    if how == "a file in the way":
        (tmp_path / "file").write_text("x")
        monkeypatch.setenv("KOT_CACHE_DIR", str(tmp_path / "file" / "cache"))
    elif how == "open to others":
        shared = tmp_path / "shared"
        shared.mkdir(mode=0o777)
        shared.chmod(0o777)
        monkeypatch.setenv("KOT_CACHE_DIR", str(shared))
    else:
        monkeypatch.setenv("KOT_CACHE_DIR", str(tmp_path / "off"))
        monkeypatch.setenv("KOT_NO_CACHE", "1")
    for _ in range(2):
        reads.clear()
        assert load_library([lib], use_env=False).families["my-raise"]
        assert len(reads) == LIBRARY_FILES
    if how == "open to others":
        assert list((tmp_path / "shared").iterdir()) == []
    if how == "turned off":
        assert not (tmp_path / "off").exists()


def test_the_cache_folder_is_private(cache, lib):
    load_library([lib], use_env=False)
    assert cache.stat().st_mode & 0o777 == 0o700
    assert (cache / "key").stat().st_mode & 0o777 == 0o600
    assert all(p.stat().st_mode & 0o077 == 0 for p in cache.iterdir())


@pytest.mark.parametrize("args", [["plan", "-g", "knee-pain", "-f", "json"], ["plan", "-g", "athletic", "-p", "1"]])
def test_output_is_byte_identical_with_and_without_the_snapshot(kot, cache, lib, monkeypatch, args):
    args = [*args, "-L", str(lib)]
    cold = kot(*args)
    warm = kot(*args)
    monkeypatch.setenv("KOT_NO_CACHE", "1")
    off = kot(*args)
    assert cold.code == warm.code == off.code == 0
    assert cold.out == warm.out == off.out
    assert len(list(cache.glob("*.snap"))) == 2


def test_a_moved_library_folder_gets_its_own_snapshot(cache, lib, reads, tmp_path):
    load_library([lib], use_env=False)
    moved = tmp_path / "moved"
    shutil.copytree(lib, moved)
    reads.clear()
    load_library([moved], use_env=False)
    assert reads == [moved / "exercises" / "my-raise.yaml"]


def test_old_snapshots_and_left_temporary_files_are_swept_when_one_is_written(cache, lib):
    load_library(use_env=False)
    cache.joinpath("0" * 32 + ".snap").write_bytes(b"of a folder long gone")
    cache.joinpath("1" * 32 + ".snap").write_bytes(b"recent")
    cache.joinpath("x.snap.99.tmp").write_bytes(b"left by a killed kot")
    for name in ("0" * 32 + ".snap", "x.snap.99.tmp"):
        os.utime(cache / name, ns=(OLD, OLD))
    load_library([lib], use_env=False)  # writes the snapshot of lib
    names = {p.name for p in cache.iterdir()}
    assert "0" * 32 + ".snap" not in names and "x.snap.99.tmp" not in names
    assert "1" * 32 + ".snap" in names and len(names) == 4  # key, the two real ones, the recent one


def test_a_read_only_cache_folder_means_no_snapshot_not_an_error(cache, lib, reads, monkeypatch):
    """As a user who may not write there (simulated: tests may run as root, who may write anywhere)."""
    cache.mkdir(mode=0o500)
    real_open = os.open

    def refuse(path, flags, *args):
        if str(path).startswith(str(cache)) and flags & (os.O_WRONLY | os.O_RDWR):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", refuse)
    for _ in range(2):
        reads.clear()
        assert load_library([lib], use_env=False).families["my-raise"]
        assert len(reads) == LIBRARY_FILES
    assert list(cache.iterdir()) == []
