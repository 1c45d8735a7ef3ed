"""The installed package works from any folder: the YAML ships inside the wheel.

CI installs the project with `pip install .[test]`; these tests run the installed `kot` from a temporary
folder, where the repository's source tree is not on the path.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ENV = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100"}
ENV.pop("KOT_LIBRARY", None)
ENV.pop("PYTHONPATH", None)


def installed_kot(tmp_path) -> str | None:
    probe = subprocess.run(
        [sys.executable, "-c", "import kot, sys; print(kot.__file__)"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=ENV,
    )
    return probe.stdout.strip() if probe.returncode == 0 else None


@pytest.fixture
def outside(tmp_path):
    where = installed_kot(tmp_path)
    if where is None:
        pytest.skip("kot is not installed in this environment (CI installs it: pip install .[test])")
    return tmp_path


ROOT = Path(__file__).resolve().parent.parent


def test_installed_package_carries_the_library(outside):
    result = subprocess.run(
        [sys.executable, "-m", "kot", "validate"], capture_output=True, text=True, cwd=outside, env=ENV
    )
    assert result.returncode == 0, result.stderr
    families = len(list((ROOT / "exercises").glob("*.yaml")))
    assert result.stdout.startswith(f"ok: {families} exercise families and ")


def test_installed_package_ships_the_schemas_its_files_point_at(outside):
    """An editor opening an installed library file finds the schema its `$schema` line names."""
    code = (
        "import kot.library as l; r = l.builtin_root(); "
        "print(r); print(*sorted(p.name for p in (r / 'schemas').glob('*.json')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=outside, env=ENV)
    assert result.returncode == 0, result.stderr
    root, names = result.stdout.splitlines()
    assert names.split() == [
        "assessment.schema.json",
        "exercise.schema.json",
        "goal.schema.json",
        "plan.schema.json",
        "test.schema.json",
    ]
    first_lines = {p.read_text(encoding="utf-8").splitlines()[0] for p in Path(root).glob("*/*.yaml")}
    assert first_lines == {
        "# yaml-language-server: $schema=../schemas/exercise.schema.json",
        "# yaml-language-server: $schema=../schemas/goal.schema.json",
        "# yaml-language-server: $schema=../schemas/test.schema.json",
    }


def test_installed_kot_starts_a_library_that_validates(outside):
    run = [sys.executable, "-m", "kot"]
    assert subprocess.run([*run, "init", "lib"], capture_output=True, cwd=outside, env=ENV).returncode == 0
    result = subprocess.run([*run, "validate", "lib"], capture_output=True, text=True, cwd=outside, env=ENV)
    assert result.returncode == 0, result.stderr


def test_headline_command_from_any_folder(outside):
    result = subprocess.run(
        [sys.executable, "-m", "kot", "plan", "--goal", "knee-pain", "--format", "json"],
        capture_output=True,
        text=True,
        cwd=outside,
        env=ENV,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["inputs"]["goal"] == "knee-pain"


def test_console_script_exit_codes(outside):
    script = shutil.which("kot", path=os.path.dirname(sys.executable))
    if script is None:
        pytest.skip("no kot console script beside this python")
    refused = subprocess.run(
        [script, "plan", "--goal", "knee-pain", "--pain", "8"], capture_output=True, text=True, cwd=outside, env=ENV
    )
    assert refused.returncode == 3 and "Traceback" not in refused.stderr
    version = subprocess.run([script, "--version"], capture_output=True, text=True, cwd=outside, env=ENV)
    assert version.returncode == 0 and version.stdout.startswith("kot ")
