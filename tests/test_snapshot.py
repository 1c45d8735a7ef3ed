"""The validated-library snapshot: used when files are unchanged, never trusted when anything changed, and
never needed (a run without it prints the same bytes)."""

from __future__ import annotations

import ast
import json
import os
import pickle
import shutil
import subprocess
import sys
import time
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


def test_kot_validate_reads_only_what_changed_since_it_was_found_valid(cache, lib, reads, monkeypatch):
    """validate shares the snapshot: a second run over unchanged files parses none; an edit is read and its
    problem reported, every time until it is fixed; KOT_NO_CACHE=1 reads every file."""
    for paths, extra in (([lib], []), ([], [lib])):  # kot validate lib, and kot validate -L lib
        validate(paths, extra)
        reads.clear()
        validate(paths, extra)
        assert reads == []
    rewrite(family_file(lib), "category: lower-leg", "category: lower-lag")
    for paths, extra in (([lib], []), ([], [lib]), ([lib], [])):
        reads.clear()
        with pytest.raises(DataError, match="lower-lag"):
            validate(paths, extra)
        assert reads == [family_file(lib)]
    monkeypatch.setenv("KOT_NO_CACHE", "1")
    rewrite(family_file(lib), "category: lower-lag", "category: lower-leg")
    reads.clear()
    validate([lib], [])
    assert family_file(lib) in reads and len(reads) == LIBRARY_FILES


def test_kot_validate_of_a_library_folder_still_lists_what_it_skipped(cache, lib):
    (lib / "exercises" / "notes.txt").write_text("not a family", encoding="utf-8")
    (lib / "exercises" / "upper.YAML").write_text("id: x", encoding="utf-8")
    with pytest.raises(DataError, match="upper.YAML.*lowercase"):
        validate([lib], [])
    (lib / "exercises" / "upper.YAML").unlink()
    for _ in range(2):  # the second run from the snapshot
        assert any("notes.txt" in line for line in validate([lib], []).skipped)


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
    monkeypatch.setattr(snapshot, "stamp", lambda: b"files of another kot or pydantic".ljust(32, b"\0"))
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

    path = snapshot._path(cache, Path("/"))
    key = (cache / "key").read_bytes()
    path.write_bytes(snapshot.seal(key, snapshot.stamp(), snapshot.current(), pickle.dumps((b"/", {"x": 1}))))
    path.chmod(0o600)
    assert snapshot.load(Path("/")) == {"x": 1}  # signed and kept as kot does: read
    path.write_bytes(snapshot.seal(key, snapshot.stamp(), snapshot.current(), pickle.dumps((b"/", {"x": Boom()}))))
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


def test_a_snapshot_someone_else_could_have_written_is_never_read(cache, lib, reads):
    """The signature covers the header; the payload is vouched for by the file being this user's alone."""
    load_library([lib], use_env=False)
    for path in cache.glob("*.snap"):
        path.chmod(0o620)
    reads.clear()
    load_library([lib], use_env=False)
    assert len(reads) == LIBRARY_FILES


@pytest.fixture
def install(tmp_path, monkeypatch):
    """Another install of kot's validating code: a copy of its modules in a folder of its own. Call it with a
    folder (or None for this kot) to run as that install; the process forgets what it knew of stamps and
    fingerprints, as a new kot process would."""
    copy = tmp_path / "other-kot"
    copy.mkdir()
    for name in snapshot.VALIDATING:
        (copy / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(Path(snapshot.PACKAGE, name), copy / name)
    here = snapshot.PACKAGE

    def use(folder: Path | None) -> Path:
        monkeypatch.setattr(snapshot, "PACKAGE", str(folder or here))
        snapshot.forget()
        return Path(snapshot.PACKAGE)

    use.copy = copy
    yield use
    monkeypatch.setattr(snapshot, "PACKAGE", here)
    snapshot.forget()


def no_fingerprint():
    raise AssertionError("the fingerprint was computed: kot's code hashed, pydantic and PyYAML imported")


def test_a_warm_load_computes_no_fingerprint(cache, lib, reads, install, monkeypatch):
    monkeypatch.setattr(snapshot, "STABLE_AFTER_NS", 0)  # the copied modules are settled at once
    install(install.copy)
    load_library([lib], use_env=False)
    install(install.copy)
    monkeypatch.setattr(snapshot, "fingerprint", no_fingerprint)
    reads.clear()
    load_library([lib], use_env=False)
    assert reads == []


WARM = """
import json, sys
from pathlib import Path
from kot import snapshot
snapshot.STABLE_AFTER_NS = 0
root = Path(sys.argv[1])
if sys.argv[2] == "cold":
    snapshot.save(root, {"a.yaml": snapshot.Record(1, 2, 3, 4, True, b"c", ("summary", b"model"))})
else:
    def no_fingerprint():
        raise AssertionError("the fingerprint was computed")
    snapshot.fingerprint = no_fingerprint
    records = snapshot.load(root)
    costly = {"yaml", "_yaml", "pydantic", "pydantic_core", "hashlib", "_hashlib", "importlib.util", "kot.yamlio"}
    print(json.dumps([len(records), sorted(costly & set(sys.modules))]))
"""


def test_a_warm_load_imports_neither_pyyaml_nor_pydantic_nor_hashlib(cache, tmp_path):
    """In a process of its own: a warm load is stat calls, one read and one unpickling, nothing else."""
    env = {**os.environ, "KOT_CACHE_DIR": str(cache)}
    for run in ("cold", "warm"):
        done = subprocess.run(
            [sys.executable, "-c", WARM, str(tmp_path), run], capture_output=True, text=True, env=env, check=False
        )
        assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [1, []]


def test_a_same_size_rewrite_of_validating_code_in_one_clock_tick_is_caught(cache, lib, reads, install, monkeypatch):
    """A module changed just before a snapshot was written, then again in the same clock tick with the same
    size: its size, times and inode all stay the same, so only the 2-second rule can tell."""
    folder = install(install.copy)
    module = folder / "library.py"
    now = time.time_ns()
    real = snapshot._status

    def status(path: str) -> tuple[int, int, int, int, int]:
        size, mtime, ctime, inode, device = real(path)
        if path == str(module):  # changed now, and any change from now on lands in this same tick
            return size, now, now, inode, device
        if path.startswith(str(folder)):  # the other copied modules: settled long ago
            return size, OLD, OLD, inode, device
        return size, mtime, ctime, inode, device

    monkeypatch.setattr(snapshot, "_status", status)
    load_library([lib], use_env=False)
    text = module.read_bytes()
    changed = text.replace(b"a", b"b", 1)
    assert changed != text and len(changed) == len(text)
    module.write_bytes(changed)
    install(folder)
    reads.clear()
    load_library([lib], use_env=False)
    assert len(reads) == LIBRARY_FILES


def test_a_changed_validating_module_makes_records_useless(cache, lib, reads, install, monkeypatch):
    monkeypatch.setattr(snapshot, "STABLE_AFTER_NS", 0)
    folder = install(install.copy)
    load_library([lib], use_env=False)
    with (folder / "library.py").open("a", encoding="utf-8") as file:
        file.write("# another kot\n")
    for expected in (LIBRARY_FILES, 0):  # records useless, then rebuilt
        install(folder)
        reads.clear()
        load_library([lib], use_env=False)
        assert len(reads) == expected


def test_a_module_touched_but_unchanged_keeps_the_records_and_a_new_stamp(cache, lib, reads, install, monkeypatch):
    """A reinstall of the same code: the fingerprint is computed once, the records kept, and the snapshot
    restamped so the next run computes nothing."""
    monkeypatch.setattr(snapshot, "STABLE_AFTER_NS", 0)
    folder = install(install.copy)
    load_library([lib], use_env=False)
    os.utime(folder / "library.py", ns=(OLD, OLD))
    install(folder)
    reads.clear()
    load_library([lib], use_env=False)
    assert reads == []
    install(folder)
    monkeypatch.setattr(snapshot, "fingerprint", no_fingerprint)
    load_library([lib], use_env=False)
    assert reads == []


def test_two_installs_sharing_a_cache_folder_never_read_each_others_snapshots(cache, lib, reads, install, monkeypatch):
    """Say a venv and a pipx install of different kots, one cache folder: each keeps its own snapshots, so
    neither reads records the other validated, nor makes the other start over on every run."""
    monkeypatch.setattr(snapshot, "STABLE_AFTER_NS", 0)
    with (install.copy / "library.py").open("a", encoding="utf-8") as file:
        file.write("# another kot\n")
    here, there = install(None), install(install.copy)
    opened: dict[Path, set[str]] = {here: set(), there: set()}
    real = snapshot._read_regular

    def spy(path: Path, limit: int):
        if path.suffix == ".snap":
            opened[Path(snapshot.PACKAGE)].add(path.name)
        return real(path, limit)

    monkeypatch.setattr(snapshot, "_read_regular", spy)
    for package, expected in ((here, LIBRARY_FILES), (there, LIBRARY_FILES), (here, 0), (there, 0), (here, 0)):
        install(package)
        reads.clear()
        load_library([lib], use_env=False)
        assert len(reads) == expected
    assert opened[here] and opened[there] and not opened[here] & opened[there]
    assert len(list(cache.glob("*.snap"))) == 4


def test_installing_a_dependency_anew_changes_the_stamp(tmp_path, install, monkeypatch):
    """pip renames NAME-VERSION.dist-info on every install and replaces the package's files; a C loader
    appearing adds an entry to the package folder. Each changes the stamp, found without importing it."""
    monkeypatch.setattr(snapshot, "STABLE_AFTER_NS", 0)
    site = tmp_path / "site"
    (site / "fakedep").mkdir(parents=True)
    (site / "fakedep" / "__init__.py").write_text("__version__ = '1.0'\n")
    (site / "fakedep-1.0.dist-info").mkdir()
    monkeypatch.syspath_prepend(str(site))
    monkeypatch.setattr(snapshot, "DEPENDENCIES", {"fakedep": ("__init__.py",)})

    def settled() -> None:
        for path in (site, site / "fakedep", site / "fakedep" / "__init__.py"):
            os.utime(path, ns=(OLD, OLD))

    settled()
    before = install(None) and snapshot.stamp()
    assert before is not None and (install(None) and snapshot.stamp()) == before
    for change in (
        lambda: (site / "fakedep-1.0.dist-info").rename(site / "fakedep-1.1.dist-info"),
        lambda: (site / "fakedep" / "_yaml.cpython-311-x86_64-linux-gnu.so").write_bytes(b""),
        lambda: (site / "fakedep" / "__init__.py").write_text("__version__ = '1.2'\n"),
    ):
        settled()
        before = install(None) and snapshot.stamp()
        change()
        assert (install(None) and snapshot.stamp()) != before
    assert "fakedep" not in sys.modules
