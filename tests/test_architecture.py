"""The architecture stays as designed: one-way imports and a light CLI start-up."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "kot"


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def modules() -> dict[str, set[str]]:
    return {str(p.relative_to(PACKAGE)): imports_of(p) for p in PACKAGE.rglob("*.py")}


def test_only_yamlio_imports_yaml():
    assert sorted(m for m, imps in modules().items() if "yaml" in imps) == ["yamlio.py"]


def test_only_the_cli_imports_typer():
    assert sorted(m for m, imps in modules().items() if "typer" in imps) == ["cli.py"]


def test_core_modules_never_import_rich_or_print():
    core = ["model.py", "vocab.py", "rules.py", "generator.py", "library.py", "yamlio.py", "locate.py", "errors.py",
            "saved.py", "adapt.py", "checkins.py", "store.py"]
    for name in core:
        source = (PACKAGE / name).read_text()
        assert "rich" not in imports_of(PACKAGE / name), name
        assert "print(" not in source, name


def test_importing_the_cli_stays_light():
    code = ("import sys, kot.cli; heavy = [m for m in ('yaml', 'rich.table', 'kot.generator', 'kot.model', 'pydantic')"
            " if m in sys.modules]; print(','.join(heavy))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            cwd=PACKAGE.parent)
    assert result.stdout.strip() == ""


def test_shipped_json_schemas_match_the_models():
    """The YAML files point editors at schemas/; regenerate with `kot schema KIND > schemas/KIND.schema.json`."""
    from kot.browse import json_schema

    for kind in ("exercise", "template", "program"):
        path = PACKAGE.parent / "schemas" / f"{kind}.schema.json"
        assert path.read_text() == json_schema(kind), f"schemas/{kind}.schema.json is stale"
