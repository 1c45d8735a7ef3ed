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

import pytest

ENV = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100"}
ENV.pop("KOT_LIBRARY", None)
ENV.pop("PYTHONPATH", None)


def installed_kot(tmp_path) -> str | None:
    probe = subprocess.run([sys.executable, "-c", "import kot, sys; print(kot.__file__)"], capture_output=True,
                           text=True, cwd=tmp_path, env=ENV)
    return probe.stdout.strip() if probe.returncode == 0 else None


@pytest.fixture
def outside(tmp_path):
    where = installed_kot(tmp_path)
    if where is None:
        pytest.skip("kot is not installed in this environment (CI installs it: pip install .[test])")
    return tmp_path


def test_installed_package_carries_the_library(outside):
    result = subprocess.run([sys.executable, "-m", "kot", "validate"], capture_output=True, text=True, cwd=outside,
                            env=ENV)
    assert result.returncode == 0, result.stderr
    assert "30 exercise families" in result.stdout or "exercise families" in result.stdout


def test_headline_command_from_any_folder(outside):
    result = subprocess.run([sys.executable, "-m", "kot", "plan", "--goal", "knee-pain", "--format", "json"],
                            capture_output=True, text=True, cwd=outside, env=ENV)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["inputs"]["goal"] == "knee-pain"


def test_console_script_exit_codes(outside):
    script = shutil.which("kot", path=os.path.dirname(sys.executable))
    if script is None:
        pytest.skip("no kot console script beside this python")
    refused = subprocess.run([script, "plan", "--goal", "knee-pain", "--pain", "8"], capture_output=True, text=True,
                             cwd=outside, env=ENV)
    assert refused.returncode == 3 and "Traceback" not in refused.stderr
    version = subprocess.run([script, "--version"], capture_output=True, text=True, cwd=outside, env=ENV)
    assert version.returncode == 0 and version.stdout.startswith("kot ")
