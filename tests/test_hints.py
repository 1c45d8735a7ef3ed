"""Every hint kot prints outside the diary commands runs as written: each `kot ...` command a "Next:" line,
an indented line under it or a "to use it:" note names is run, in a copy of the folder as it was when the
hint was printed, and must succeed."""

from __future__ import annotations

import re
import shlex
import shutil

import pytest

HINT = re.compile(r"^(?:Next: |\s+|.*?to use it: )(kot .*)$")


def hints(text: str) -> list[str]:
    """The commands in hint lines, their `# comment` dropped."""
    found = []
    for line in text.replace(" \\\n", " ").splitlines():  # a command broken over lines with a backslash
        match = HINT.match(line)
        if match:
            found.append(shlex.join(shlex.split(match.group(1), comments=True)))
    return found


def test_hints_are_found():
    """Not vacuous: the forms kot prints are all picked up, and prose is not."""
    text = (
        "Next: save the plan, then see the session to do:\n"
        "  kot plan --goal knee-pain -o plan.yaml\n"
        "  kot today plan.yaml   # the session to do\n"
        "Note: this folder looks like a library (exercises/); to use it: kot plan -g my-knee -L .\n"
        "Stop and see a physiotherapist\n"
    )
    assert hints(text) == ["kot plan --goal knee-pain -o plan.yaml", "kot today plan.yaml", "kot plan -g my-knee -L ."]


# (folder to run in, command) in order; each may leave files the next ones use
SESSION = [
    (".", "kot plan --goal knee-pain"),
    (".", "kot plan --goal knee-pain --pain 2 --days 4 --minutes 45 -e sled --level intermediate --client 'Ann Lee'"),
    (".", "kot plan --goal knee-pain -o client.yaml"),
    (".", "kot plan --goal knee-pain -o client.json"),
    (".", "kot show client.yaml"),
    (".", "kot init mylib"),
    (".", "kot new exercise --from tibialis-raise --id my-raise -L mylib"),
    (".", "kot new goal --from knee-pain --id my-knee -L mylib"),
    ("mylib", "kot plan -g my-knee"),
    ("mylib", "kot goals"),
    ("mylib", "kot exercises show my-raise"),
    ("mylib", "kot new exercise --from my-raise --id my-raise-2"),
    ("fresh", "kot init"),
]


def test_every_hint_runs_as_written(kot, tmp_path, monkeypatch):
    home = tmp_path / "work"
    home.mkdir()
    (home / "fresh").mkdir()
    ran = 0
    for number, (where, line) in enumerate(SESSION):
        monkeypatch.chdir(home / where)
        run = kot(*shlex.split(line)[1:])
        assert run.code in (0, 2), (line, run.err)  # 2: `kot plan -g my-knee` without -L, which the hint fixes
        found = hints(run.out + run.err)
        assert found, f"{line} printed no hint"
        copy = tmp_path / f"copy-{number}"
        shutil.copytree(home, copy)
        monkeypatch.chdir(copy / where)
        for hint in found:
            done = kot(*shlex.split(hint)[1:])
            assert done.code == 0, f"{line}\n  hinted: {hint}\n{done.err}"
            ran += 1
    assert ran >= len(SESSION)


def test_a_long_hint_in_a_narrow_terminal_still_runs(kot, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "40")
    run = kot("plan", "--goal", "knee-pain", "-p", "2", "-d", "4", "-m", "45", "-e", "sled", "--client", "Ann Lee")
    assert max(len(line) for line in run.out.splitlines()) <= 40
    assert " \\\n" in run.out  # the save command is broken over lines
    found = hints(run.out)
    assert found[0].startswith("kot plan --goal knee-pain --pain 2 --days 4 --minutes 45 --equipment sled")
    for hint in found:
        assert kot(*shlex.split(hint)[1:]).code == 0, hint


@pytest.mark.parametrize(("name", "argument"), [("my plan.yaml", "my plan.yaml"), ("-odd.yaml", "./-odd.yaml")])
def test_a_file_name_that_needs_quoting_is_quoted(kot, tmp_path, monkeypatch, name, argument):
    monkeypatch.chdir(tmp_path)
    run = kot("plan", "--goal", "knee-pain", "-o", f"./{name}")
    assert run.code == 0, run.err
    [hint] = hints(run.err)
    assert shlex.split(hint) == ["kot", "today", argument]
    assert kot(*shlex.split(hint)[1:]).code == 0
