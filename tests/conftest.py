"""Shared test helpers: run the CLI in-process with the real exit-code mapping of `kot.cli.main`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from kot.library import Library, load_library

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Run:
    code: int
    out: str
    err: str


@pytest.fixture
def kot(capsys, monkeypatch):
    """Call `kot ARGS...` through the real entry point; returns exit code, stdout and stderr."""
    from kot.cli import main

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
