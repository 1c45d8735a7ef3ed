"""Shared test helpers: run the CLI in-process with the real exit-code mapping of `kot.cli.main`."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from kot.library import Library, load_library

ROOT = Path(__file__).resolve().parent.parent

# CI runs the same examples every time (a red CI must mean a real change); `HYPOTHESIS_PROFILE=explore`
# searches new ones, many more of them.
settings.register_profile(
    "kot", max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("explore", max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "kot"))


def pytest_configure(config):
    """The library snapshot goes to a folder of this run, never the user's cache (subprocesses inherit it)."""
    os.environ["KOT_CACHE_DIR"] = tempfile.mkdtemp(prefix="kot-test-cache-")


@dataclass
class Run:
    code: int
    out: str
    err: str


@pytest.fixture
def kot(capsys, monkeypatch, tmp_path_factory):
    """Call `kot ARGS...` through the real entry point; returns exit code, stdout and stderr.
    Check-ins go to a fresh KOT_HOME per test, never the user's."""
    from kot.cli import main

    monkeypatch.setenv("KOT_HOME", str(tmp_path_factory.mktemp("kot-home")))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.delenv("KOT_LIBRARY", raising=False)

    def run(*args: str) -> Run:
        capsys.readouterr()
        try:
            main(list(args))
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


@pytest.fixture(scope="session")
def library() -> Library:
    """The shipped library, loaded once."""
    return load_library(use_env=False)


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/* from current output")


@pytest.fixture
def golden(request):
    """Compare text with tests/golden/NAME, or rewrite it with --update-golden (review the diff)."""
    update = request.config.getoption("--update-golden")

    def check(name: str, text: str) -> None:
        path = ROOT / "tests" / "golden" / name
        if update:
            path.parent.mkdir(exist_ok=True)
            path.write_text(text, encoding="utf-8")
        assert path.exists(), f"missing golden file {name}; run pytest --update-golden"
        assert text == path.read_text(encoding="utf-8"), f"{name} changed; review, then pytest --update-golden"

    return check


@pytest.fixture
def reads(monkeypatch) -> list[Path]:
    """Every library file the loader parses and validates (a snapshot hit parses none)."""
    import kot.library as library_module

    seen: list[Path] = []
    real = library_module._read

    def spy(path, *args, **kwargs):
        seen.append(path)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(library_module, "_read", spy)
    return seen
