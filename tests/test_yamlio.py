"""kot.yamlio: strict, safe YAML loading that remembers where every value stood."""

from __future__ import annotations

import pytest
import yaml

from kot.errors import DataError, Problem
from kot.yamlio import Located, dump_yaml, load_plain, parse_located, read_located


def problems_of(text: str, name: str = "f.yaml") -> list[Problem]:
    with pytest.raises(DataError) as info:
        parse_located(text, name)
    return info.value.problems


def only_problem(text: str, name: str = "f.yaml") -> Problem:
    found = problems_of(text, name)
    assert len(found) == 1, [str(p) for p in found]
    return found[0]


# --- positions -----------------------------------------------------------------------------------------

NESTED = """\
name: Tib raise
levels:
  - id: wall
    dosage: {sets: 2, reps: 15}
  - id: bar
    cues:
      - Sit tall
"""


def test_value_positions_are_one_based_line_and_column():
    located = parse_located(NESTED, "x.yaml")
    assert isinstance(located, Located)
    assert located.data["levels"][0]["dosage"] == {"sets": 2, "reps": 15}
    assert located.values[("name",)] == (1, 7)
    assert located.values[("levels", 0)] == (3, 5)
    assert located.values[("levels", 0, "id")] == (3, 9)
    assert located.values[("levels", 0, "dosage", "sets")] == (4, 20)
    assert located.values[("levels", 0, "dosage", "reps")] == (4, 29)
    assert located.values[("levels", 1, "cues", 0)] == (7, 9)


def test_key_positions_are_one_based_line_and_column():
    located = parse_located(NESTED, "x.yaml")
    assert located.keys[("name",)] == (1, 1)
    assert located.keys[("levels",)] == (2, 1)
    assert located.keys[("levels", 0, "id")] == (3, 5)
    assert located.keys[("levels", 0, "dosage")] == (4, 5)
    assert located.keys[("levels", 0, "dosage", "reps")] == (4, 23)
    assert located.keys[("levels", 1, "cues")] == (6, 5)


def test_position_falls_back_to_the_nearest_existing_ancestor():
    located = parse_located(NESTED, "x.yaml")
    # a missing field of level 0 is reported where level 0 starts
    assert located.position(("levels", 0, "max_pain")) == (3, 5)
    assert located.position(("levels", 1, "cues", 0)) == (7, 9)
    # key=True prefers the key's own position
    assert located.position(("levels", 0, "dosage"), key=True) == (4, 5)
    assert located.position(("levels", 0, "dosage")) == (4, 13)


def test_plain_values_load_as_their_natural_types():
    data = parse_located("a: 1\nb: 0.5\nc: true\nd: false\ne: null\nf: text\ng: [x, 'no']\n", "f").data
    assert data == {"a": 1, "b": 0.5, "c": True, "d": False, "e": None, "f": "text", "g": ["x", "no"]}
    assert type(data["a"]) is int and type(data["c"]) is bool


def test_crlf_and_utf8_bom_are_accepted():
    assert parse_located("\ufeffa: 1\r\nb: é\r\n", "f").data == {"a": 1, "b": "é"}


# --- duplicate keys -------------------------------------------------------------------------------------


def test_duplicate_key_is_an_error_at_the_second_key():
    problem = only_problem("a: 1\nb:\n  c: 1\n  d: 2\n  c: 3\n")
    assert (problem.file, problem.line, problem.column) == ("f.yaml", 5, 3)
    assert problem.field == "b.c"
    assert "duplicate key 'c'" in problem.message


def test_duplicate_top_level_key_is_an_error():
    problem = only_problem("id: a\nname: A\nid: b\n")
    assert (problem.line, problem.column, problem.field) == (3, 1, "id")
    assert "duplicate key 'id'" in problem.message


# --- YAML 1.1 traps -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, hint",
    [
        ("no", "yes/no"),
        ("yes", "yes/no"),
        ("on", "yes/no"),
        ("off", "yes/no"),
        ("Yes", "yes/no"),
        ("1:30", "base-60"),
        ("1:30:00", "base-60"),
        ("010", "octal"),
        ("-010", "octal"),
        ("2024-01-02", "date"),
        ("2024-01-02T10:00:00", "date"),
    ],
)
def test_yaml_1_1_traps_are_located_errors(raw: str, hint: str):
    problem = only_problem(f"id: x\nvalue: {raw}\n")
    assert (problem.file, problem.line, problem.column) == ("f.yaml", 2, 8)
    assert problem.field == "value"
    assert hint in problem.message
    assert f"'{raw}'" in problem.message


@pytest.mark.parametrize("raw", ["'no'", '"yes"', "'1:30'", "'010'", "'2024-01-02'"])
def test_quoted_traps_are_plain_text(raw: str):
    assert parse_located(f"value: {raw}\n", "f").data == {"value": raw.strip("'\"")}


def test_trap_inside_a_list_names_the_item():
    problem = only_problem("cues:\n  - fine\n  - no\n")
    assert (problem.line, problem.column, problem.field) == (3, 5, "cues[1]")


def test_every_trap_in_a_file_is_reported_at_once():
    found = problems_of("a: no\nb: 1:30\nc: 010\nd: 2024-01-02\ne: x\ne: y\n")
    assert [(p.line, p.field) for p in found] == [(1, "a"), (2, "b"), (3, "c"), (4, "d"), (6, "e")]


def test_base_60_float_is_a_located_error():
    problem = only_problem("seconds: 1:30.0\n")
    assert (problem.line, problem.column) == (1, 10)
    assert "base-60" in problem.message


# --- malformed YAML -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, line",
    [
        ("a: 1\n b: 2\n", 2),  # bad indentation
        ("id: x\nlevels: [1, 2\n", 3),  # unclosed bracket, found at the end
        ("id: x\nlevels: {a: 1\nname: y\n", 3),  # unclosed brace
        ("a:\n\tb: 1\n", 2),  # a tab for indentation
        ("a: 1\n---\nb: 2\n", 2),  # two documents
    ],
)
def test_malformed_yaml_is_invalid_yaml_with_a_line(text: str, line: int):
    problem = only_problem(text)
    assert problem.file == "f.yaml"
    assert problem.message.startswith("invalid YAML")
    assert problem.line == line
    assert problem.column >= 1
    assert str(problem).startswith(f"f.yaml:{line}:")


def test_a_tab_gets_a_hint_to_indent_with_spaces():
    problem = only_problem("a:\n\tb: 1\n")
    assert "tab" in problem.message and "spaces" in problem.message


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n"])
def test_empty_file_is_an_error(text: str):
    problem = only_problem(text)
    assert (problem.line, problem.column) == (1, 1)
    assert "empty" in problem.message


def test_non_string_key_is_an_error():
    problem = only_problem("? [a, b]\n: x\n")
    assert "key" in problem.message


# --- files on disk: bytes, encodings ---------------------------------------------------------------------


def test_read_located_reads_a_file(tmp_path):
    path = tmp_path / "ok.yaml"
    path.write_text("id: x\nname: X\n", encoding="utf-8")
    located = read_located(path, "ok.yaml")
    assert located.data == {"id": "x", "name": "X"}
    assert located.values[("name",)] == (2, 7)


def test_non_utf8_bytes_are_an_error(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes(b"name: caf\xe9\n")
    with pytest.raises(DataError) as info:
        read_located(path, "latin1.yaml")
    [problem] = info.value.problems
    assert problem.file == "latin1.yaml"
    assert "UTF-8" in problem.message


def test_binary_junk_is_an_error(tmp_path):
    path = tmp_path / "junk.yaml"
    path.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(DataError) as info:
        read_located(path, "junk.yaml")
    [problem] = info.value.problems
    assert problem.file == "junk.yaml"
    assert "UTF-8" in problem.message


def test_control_characters_are_invalid_yaml(tmp_path):
    path = tmp_path / "ctl.yaml"
    path.write_bytes(b"a: 1\nb: \x01\x02\x03\n")
    with pytest.raises(DataError) as info:
        read_located(path, "ctl.yaml")
    [problem] = info.value.problems
    assert problem.file == "ctl.yaml"
    assert problem.message.startswith("invalid YAML")


def test_control_characters_are_located_on_one_line():
    problem = only_problem("a: 1\nb: \x01\n")
    assert (problem.line, problem.column) == (2, 4)
    assert "\n" not in str(problem)


def test_missing_file_is_an_error(tmp_path):
    with pytest.raises(DataError) as info:
        read_located(tmp_path / "nope.yaml", "nope.yaml")
    assert "cannot read" in info.value.problems[0].message


def test_oversized_file_is_an_error(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_bytes(b"# " + b"x" * 2_100_000 + b"\n")
    with pytest.raises(DataError) as info:
        read_located(path, "big.yaml")
    assert "larger than" in info.value.problems[0].message


# --- safety: tags never run code, aliases never explode ---------------------------------------------------


def test_python_tags_do_not_run(tmp_path):
    marker = tmp_path / "pwned"
    text = f"id: x\nname: !!python/object/apply:os.mkdir ['{marker}']\n"
    with pytest.raises(DataError) as info:
        parse_located(text, "evil.yaml")
    assert not marker.exists()
    [problem] = info.value.problems
    assert (problem.line, problem.column, problem.field) == (2, 7, "name")
    assert "python/object/apply:os.mkdir" in problem.message and "not allowed" in problem.message

    # the payload is live: an unsafe loader really would have run it
    control = tmp_path / "control"
    yaml.unsafe_load(text.replace(str(marker), str(control)))
    assert control.exists()


def test_os_system_tag_does_not_run_from_a_file(tmp_path):
    marker = tmp_path / "touched"
    path = tmp_path / "evil.yaml"
    path.write_text(f"id: x\ncmd: !!python/object/apply:os.system ['touch {marker}']\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        read_located(path, "evil.yaml")
    assert not marker.exists()
    assert "not allowed" in info.value.problems[0].message


@pytest.mark.parametrize(
    "value",
    [
        "!!python/name:os.system",
        "!!python/object/new:builtins.dict [[[a, 1]]]",
        "!!binary aGVsbG8=",
        "!!set {a, b}",
        "!custom x",
    ],
)
def test_non_plain_tags_are_refused(value: str):
    problem = only_problem(f"a: {value}\n")
    assert (problem.line, problem.field) == (1, "a")
    assert "tag" in problem.message and "not allowed" in problem.message


def _billion_laughs(levels: int = 9) -> str:
    lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, levels):
        lines.append(f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 10) + "]")
    return "\n".join(lines) + "\n"


def test_alias_bomb_fails_with_a_clear_error():
    problem = only_problem(_billion_laughs(9), "bomb.yaml")
    assert problem.file == "bomb.yaml"
    assert problem.line >= 1
    assert "aliases expand too far" in problem.message


def test_small_aliases_are_fine():
    data = parse_located("a: &a [1, 2]\nb: [*a, *a]\n", "f").data
    assert data == {"a": [1, 2], "b": [[1, 2], [1, 2]]}


@pytest.mark.parametrize("text", ["a: &a [*a]\n", "a: &a {b: *a}\n", "a: " + "{a: " * 900 + "1" + "}" * 900 + "\n"])
def test_recursive_alias_or_deep_nesting_is_a_data_error(text: str):
    problem = only_problem(text)
    assert problem.line >= 1


# --- merge keys -----------------------------------------------------------------------------------------


def test_merge_keys_work():
    text = "base: &base {sets: 2, reps: 10}\nlevel:\n  <<: *base\n  tempo: 3-1-1\n"
    data = parse_located(text, "f").data
    assert data["level"] == {"sets": 2, "reps": 10, "tempo": "3-1-1"}


def test_merge_keys_of_a_list_of_mappings_work():
    text = "a: &a {x: 1}\nb: &b {y: 2}\nc:\n  <<: [*a, *b]\n  z: 3\n"
    assert parse_located(text, "f").data["c"] == {"x": 1, "y": 2, "z": 3}


def test_explicit_key_overrides_a_merged_key():
    text = "base: &base {sets: 2, reps: 10}\nlevel:\n  <<: *base\n  reps: 12\n"
    assert parse_located(text, "f").data["level"] == {"sets": 2, "reps": 12}


# --- dumping --------------------------------------------------------------------------------------------


def test_dump_yaml_round_trips_in_field_order():
    data = {
        "id": "x",
        "name": "Wall sit, 90° knee",
        "zeta_first": 1,
        "alpha_second": 0.25,
        "flags": [True, False, None],
        "traps": ["no", "yes", "on", "1:30", "1:30.5", "010", "2024-01-02", "y", "null", "true"],
        "nested": {"dosage": {"sets": 2, "reps": 15, "tempo": "2-1-2"}},
        "long": "word " * 40,
    }
    text = dump_yaml(data)
    back = parse_located(text, "f").data
    assert back == data
    assert list(back) == list(data)
    assert "{" not in text  # block style, the form a coach edits
    assert "°" in text  # unicode kept readable


def test_load_plain_returns_the_data_with_the_same_safety():
    assert load_plain("a: [1, 2]\n", "p.yaml") == {"a": [1, 2]}
    with pytest.raises(DataError):
        load_plain("a: no\n", "p.yaml")
