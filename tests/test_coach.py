"""The coach's toolkit: kot init, kot new, and the schemas their files point at."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kot.kinds import KINDS, json_schema
from kot.library import Library

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_LINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$", re.MULTILINE)


def schema_target(file: Path) -> Path:
    match = SCHEMA_LINE.search(file.read_text(encoding="utf-8"))
    assert match, f"{file} has no $schema line"
    return (file.parent / match.group(1)).resolve()


# --- shipped schemas -----------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_shipped_json_schemas_match_the_models(kind):
    """schemas/ ships in the package; regenerate with `kot schema KIND > schemas/KIND.schema.json`."""
    assert (ROOT / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8") == json_schema(kind)


def test_every_shipped_file_points_at_a_schema_that_exists():
    files = sorted((ROOT / "exercises").glob("*.yaml")) + sorted((ROOT / "programs").glob("*.yaml"))
    assert files
    for file in files:
        kind = "exercise" if file.parent.name == "exercises" else "goal"
        assert schema_target(file) == (ROOT / "schemas" / f"{kind}.schema.json").resolve(), file


# --- kot init -------------------------------------------------------------------------------------------


def test_init_makes_a_library_whose_examples_validate_and_point_at_its_schemas(kot, tmp_path):
    lib = tmp_path / "lib"
    run = kot("init", str(lib))
    assert run.code == 0, run.err
    assert sorted(p.relative_to(lib).as_posix() for p in lib.rglob("*") if p.is_file()) == [
        "exercises/my-step-up.yaml",
        "programs/my-goal.yaml",
        "schemas/assessment.schema.json",
        "schemas/exercise.schema.json",
        "schemas/goal.schema.json",
        "schemas/plan.schema.json",
        "schemas/test.schema.json",
    ]
    for kind in KINDS:
        assert (lib / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8") == json_schema(kind)
    assert schema_target(lib / "exercises" / "my-step-up.yaml") == (lib / "schemas" / "exercise.schema.json").resolve()
    assert schema_target(lib / "programs" / "my-goal.yaml") == (lib / "schemas" / "goal.schema.json").resolve()
    assert run.err.count("Wrote ") == 2 + len(KINDS)
    checked = kot("validate", str(lib))
    assert checked.code == 0, checked.err
    assert checked.out.startswith("ok: 1 exercise family and 1 goal template are valid")
    assert kot("plan", "-g", "my-goal", "-L", str(lib), "-f", "json").code == 0


def test_init_never_overwrites_and_writes_nothing_when_it_refuses(kot, tmp_path):
    lib = tmp_path / "lib"
    (lib / "programs").mkdir(parents=True)
    (lib / "programs" / "my-goal.yaml").write_text("mine", encoding="utf-8")
    run = kot("init", str(lib))
    assert run.code == 1 and "my-goal.yaml already exists" in run.err and "never overwrites" in run.err
    assert sorted(p.name for p in lib.rglob("*")) == ["my-goal.yaml", "programs"]
    assert (lib / "programs" / "my-goal.yaml").read_text(encoding="utf-8") == "mine"


def test_init_into_an_existing_empty_folder_is_fine(kot, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert kot("init", ".").code == 0
    assert (tmp_path / "exercises" / "my-step-up.yaml").exists()


# --- kot new --------------------------------------------------------------------------------------------


def test_new_exercise_is_the_source_file_with_only_the_id_changed(kot, tmp_path, library: Library):
    lib = tmp_path / "lib"
    run = kot("new", "exercise", "--from", "tibialis-raise", "--id", "my-raise", "-L", str(lib))
    assert run.code == 0, run.err
    source = library.sources[("exercises", "tibialis-raise")].read_text(encoding="utf-8")
    fork = (lib / "exercises" / "my-raise.yaml").read_text(encoding="utf-8")
    expected = source.replace("\nid: tibialis-raise\n", "\nid: my-raise\n", 1)
    assert fork == expected.replace("\nname: Tibialis raise\n", "\nname: Tibialis raise (my-raise)\n", 1)
    assert schema_target(lib / "exercises" / "my-raise.yaml").exists(), "the schema is copied in when missing"
    assert kot("validate", str(lib)).code == 0
    shown = json.loads(kot("exercises", "show", "my-raise", "-L", str(lib), "-f", "json").out)
    original = json.loads(kot("exercises", "show", "tibialis-raise", "-f", "json").out)
    assert shown == {**original, "id": "my-raise", "name": "Tibialis raise (my-raise)"}


def test_new_goal_keeps_the_comments(kot, tmp_path, library: Library):
    lib = tmp_path / "lib"
    assert kot("new", "goal", "--from", "knee-pain", "--id", "my-knee", "-L", str(lib)).code == 0
    fork = (lib / "programs" / "my-knee.yaml").read_text(encoding="utf-8")
    source = library.sources[("programs", "knee-pain")].read_text(encoding="utf-8")
    expected = source.replace("\nid: knee-pain\n", "\nid: my-knee\n", 1)
    assert fork == expected.replace("\nname: Knee pain\n", "\nname: Knee pain (my-knee)\n", 1)
    assert "# Knee pain: calm an irritable knee" in fork
    assert kot("plan", "-g", "my-knee", "-L", str(lib), "-f", "json").code == 0


def test_new_forks_from_the_library_folder_itself_and_keeps_a_trailing_comment(kot, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert kot("init", ".").code == 0
    run = kot("new", "exercise", "--from", "my-step-up", "--id", "my-step-up-2")
    assert run.code == 0, run.err
    fork = (tmp_path / "exercises" / "my-step-up-2.yaml").read_text(encoding="utf-8")
    assert re.search(r"^id: my-step-up-2 +# kebab-case", fork, re.MULTILINE)
    assert "Wrote" in run.err and "schema" not in run.err, "the folder already has its schema"
    assert kot("validate", ".").code == 0


def test_new_puts_the_schema_line_first_when_the_source_has_none(kot, tmp_path):
    lib = tmp_path / "lib"
    (lib / "exercises").mkdir(parents=True)
    source = (ROOT / "exercises" / "wall-sit.yaml").read_text(encoding="utf-8")
    (lib / "exercises" / "plain.yaml").write_text(
        SCHEMA_LINE.sub("", source).lstrip().replace("id: wall-sit", "id: plain-sit", 1), encoding="utf-8"
    )
    assert kot("new", "exercise", "--from", "plain-sit", "--id", "plain-sit-2", "-L", str(lib)).code == 0
    fork = (lib / "exercises" / "plain-sit-2.yaml").read_text(encoding="utf-8")
    assert fork.startswith("# yaml-language-server: $schema=../schemas/exercise.schema.json\nid: plain-sit-2\n")


@pytest.mark.parametrize(
    ("args", "code", "needle"),
    [
        (
            ["--from", "tib-raise", "--id", "x-raise"],
            2,
            "Invalid value for '--from': unknown exercise family 'tib-raise' (did you mean 'tibialis-raise'",
        ),
        (
            ["--from", "tibialis-raise", "--id", "My Raise"],
            2,
            "Invalid value for '--id': 'My Raise' is not a kebab-case id",
        ),
        (["--from", "tibialis-raise"], 2, "Missing option '--id'"),
    ],
)
def test_new_refuses_bad_ids(kot, tmp_path, args, code, needle):
    run = kot("new", "exercise", *args, "-L", str(tmp_path / "lib"))
    assert run.code == code and needle in run.err, run.err
    assert not (tmp_path / "lib").exists()


def test_new_never_overwrites(kot, tmp_path):
    lib = tmp_path / "lib"
    (lib / "exercises").mkdir(parents=True)
    (lib / "exercises" / "my-raise.yaml").write_text("mine", encoding="utf-8")
    run = kot("new", "exercise", "--from", "tibialis-raise", "--id", "my-raise", "-L", str(lib))
    assert run.code in (1, 2) and "my-raise" in run.err
    assert (lib / "exercises" / "my-raise.yaml").read_text(encoding="utf-8") == "mine"
