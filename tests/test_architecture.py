"""The architecture stays as designed: one-way imports between kot's modules, and a light CLI start-up.

Data flows one way: vocabularies and errors -> YAML -> models -> rules -> validation -> library -> generator
-> adaptation -> services (the store, saved plans, browsing, scaffolding) -> renderers -> output -> CLI. A
module may import its own layer and the layers before it, never a later one: so no domain module imports a
renderer, the store or the CLI. A new module goes into one layer here.

Some arrows the layers would allow are still wrong, and `FORBIDDEN` names them: a renderer gets plain values
handed in (kot.results, kot.wording, kot.rulebook) and imports no service or rule; the library and saved-plan
readers call the lints in kot.validation and import no rule themselves.
"""

from __future__ import annotations

import ast
import functools
import importlib
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "kot"

LAYERS: list[tuple[str, set[str]]] = [
    (
        "base",
        {"kot", "kot.vocab", "kot.errors", "kot.jsonio", "kot.plaintext", "kot.parallel", "kot.values", "kot.digests"},
    ),
    ("yaml", {"kot.yamlwords", "kot.yamlio"}),
    (
        "models",
        {
            "kot.pose",
            "kot.model",
            "kot.boundary",
            "kot.fielddocs",
            "kot.kinds",
            "kot.catalog",
            "kot.testcards",
            "kot.diary",
            "kot.rulebook",
            "kot.wording",
            "kot.results",
        },
    ),
    (
        "rules",
        {
            "kot.rules",
            "kot.rules.pain",
            "kot.rules.levels",
            "kot.rules.dosing",
            "kot.rules.weeks",
            "kot.rules.cautions",
            "kot.kinematics",
        },
    ),
    ("validation", {"kot.validation"}),
    ("library", {"kot.locate", "kot.snapshot", "kot.library"}),
    ("generator", {"kot.schedule", "kot.progression", "kot.conditions", "kot.generator", "kot.placement"}),
    ("adaptation", {"kot.gates", "kot.adapt"}),
    (
        "services",
        {
            "kot.pictures",
            "kot.store",
            "kot.saved",
            "kot.checkins",
            "kot.revisions",
            "kot.browse",
            "kot.scaffold",
            "kot.assessments",
            "kot.stops",
            "kot.workflow",
            "kot.roster",
        },
    ),
    (
        "renderers",
        {
            "kot.render",
            "kot.render.commands",
            "kot.render.csv",
            "kot.render.fit",
            "kot.render.ics",
            "kot.render.library",
            "kot.render.markdown",
            "kot.render.progress",
            "kot.render.roster",
            "kot.render.table",
            "kot.render.html",
            "kot.render.view",
            "kot.render.figure",
            "kot.render.assess",
        },
    ),
    ("output", {"kot.output"}),
    (
        "cli",
        {
            "kot.cli",
            "kot.cli.conventions",
            "kot.cli.diary",
            "kot.cli.library",
            "kot.cli.options",
            "kot.cli.plans",
            "kot.cli.assess",
            "kot.commandline",
            "kot.planning",
            "kot.fastpath",
            "kot.__main__",
        },
    ),
]
RANK = {module: rank for rank, (_, modules) in enumerate(LAYERS) for module in modules}
CORE = {m for m, rank in RANK.items() if rank < RANK["kot.render"]}

RULES = {m for m in RANK if m == "kot.rules" or m.startswith("kot.rules.")}
SERVICES_WITH_RESULTS = {
    "kot.checkins",
    "kot.adapt",
    "kot.revisions",
    "kot.roster",
    "kot.workflow",
    "kot.stops",
    "kot.store",
    "kot.assessments",
}
# (who, what they must not import, why): imports the layer map allows but the design does not.
FORBIDDEN: list[tuple[set[str], set[str], str]] = [
    (
        {m for m in RANK if m.startswith("kot.render")},
        SERVICES_WITH_RESULTS | RULES,
        "renderers get plain values handed in: result types from kot.results, words from kot.wording and kot.rulebook",
    ),
    ({"kot.library", "kot.saved"}, RULES, "files know no rules: their lints are in kot.validation"),
]


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@functools.cache
def sources() -> dict[str, ast.Module]:
    """Every module of the package, parsed once per session (the trees are only read)."""
    return {module_name(p): ast.parse(p.read_text(encoding="utf-8")) for p in sorted(PACKAGE.rglob("*.py"))}


def imports_of(tree: ast.Module, module: str) -> set[str]:
    """Every module imported anywhere in the file (inside functions too: a deferred import is still a
    dependency), with `from kot import rules` read as kot.rules."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            base = node.module if node.level == 0 else _relative(module, node)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names if f"{base}.{alias.name}" in RANK)
    return found


def _relative(module: str, node: ast.ImportFrom) -> str:
    parts = module.split(".")[: -node.level]
    return ".".join([*parts, node.module]) if node.module else ".".join(parts)


@functools.cache
def kot_imports() -> dict[str, set[str]]:
    return {m: {i for i in imports_of(tree, m) if i == "kot" or i.startswith("kot.")} for m, tree in sources().items()}


def test_every_module_has_a_layer():
    assert sorted(set(sources()) - set(RANK)) == [], "add new modules to LAYERS"
    assert sorted(set(RANK) - set(sources())) == [], "remove deleted modules from LAYERS"


@pytest.mark.parametrize("module", sorted(RANK))
def test_imports_flow_one_way(module):
    imported = kot_imports().get(module, set())
    later = sorted(i for i in imported if i in RANK and RANK[i] > RANK[module])
    assert later == [], f"{module} ({LAYERS[RANK[module]][0]}) imports a later layer: {later}"
    unknown = sorted(i for i in imported if i not in RANK)
    assert unknown == [], f"{module} imports modules outside the map: {unknown}"


def test_the_map_catches_a_wrong_way_import(tmp_path):
    """The check above is not vacuous: a generator that imported the CLI would be flagged."""
    tree = ast.parse("from kot.cli import app\nfrom kot import output\n")
    imported = imports_of(tree, "kot.generator")
    assert {i for i in imported if RANK.get(i, -1) > RANK["kot.generator"]} == {"kot.cli", "kot.output"}


def forbidden_imports(module: str, imported: set[str]) -> list[str]:
    """What `module` imports that `FORBIDDEN` rules out for it."""
    return sorted(i for who, banned, _ in FORBIDDEN if module in who for i in imported if i in banned)


@pytest.mark.parametrize("module", sorted(set().union(*(who for who, _, _ in FORBIDDEN))))
def test_no_forbidden_arrow_comes_back(module):
    why = "; ".join(reason for who, _, reason in FORBIDDEN if module in who)
    assert forbidden_imports(module, kot_imports().get(module, set())) == [], why


@pytest.mark.parametrize(
    "module, source, caught",
    [
        ("kot.render.csv", "from kot.checkins import Logged, Progress\n", ["kot.checkins"]),
        ("kot.render.progress", "from kot import adapt, revisions\n", ["kot.adapt", "kot.revisions"]),
        ("kot.render.roster", "from kot.roster import Client\nimport kot.workflow\n", ["kot.roster", "kot.workflow"]),
        (
            "kot.render.table",
            "from kot import stops\nfrom kot.store import Store\nfrom kot.assessments import x\n",
            ["kot.assessments", "kot.stops", "kot.store"],
        ),
        ("kot.render.view", "from kot import rules\n", ["kot.rules"]),
        ("kot.render.library", "def f():\n    from kot.rules.dosing import Dose\n", ["kot.rules.dosing"]),
        ("kot.library", "from kot import parallel, rules, snapshot\n", ["kot.rules"]),
        ("kot.saved", "from kot.rules import pain_band\n", ["kot.rules"]),
        ("kot.generator", "from kot import rules\n", []),
    ],
)
def test_the_forbidden_arrows_are_caught(module, source, caught):
    """Each arrow the check above guards is caught when it comes back, a deferred import too; a module the
    rule does not cover (the generator uses the rules) is not."""
    assert forbidden_imports(module, imports_of(ast.parse(source), module)) == caught


def test_the_arrow_check_fails_on_the_real_modules(monkeypatch):
    """The parametrized check itself fails, not only its helper: a csv renderer importing kot.checkins again
    and a library importing kot.rules again are both reported."""
    real = kot_imports()
    turned = {**real, "kot.render.csv": real["kot.render.csv"] | {"kot.checkins"}}
    turned["kot.library"] = real["kot.library"] | {"kot.rules"}
    monkeypatch.setattr(sys.modules[__name__], "kot_imports", lambda: turned)
    with pytest.raises(AssertionError, match="kot.checkins"):
        test_no_forbidden_arrow_comes_back("kot.render.csv")
    with pytest.raises(AssertionError, match="kot.rules"):
        test_no_forbidden_arrow_comes_back("kot.library")


def third_party(module: str) -> set[str]:
    return {i.split(".")[0] for i in imports_of(sources()[module], module)} - {"kot"}


def test_only_the_cli_imports_typer():
    assert sorted(m for m in RANK if "typer" in third_party(m)) == sorted(m for m in RANK if m.startswith("kot.cli"))


def test_only_the_boundary_imports_pydantic():
    """Domain types are plain values: pydantic reads files into them at the boundary, and nowhere else."""
    users = sorted(m for m in RANK if {"pydantic", "pydantic_core"} & third_party(m))
    assert users == ["kot.boundary", "kot.values"], users
    values = sources()["kot.values"]
    top = [n for n in values.body if isinstance(n, (ast.Import, ast.ImportFrom))]
    assert not [n for n in top if "pydantic" in ast.dump(n)], "kot.values imports pydantic only inside the hooks"


# The table of options and the fast path of `kot plan`: they run before typer, or without it.
TYPER_FREE = ("kot.commandline", "kot.planning", "kot.fastpath", "kot.__main__")


@pytest.mark.parametrize("module", TYPER_FREE)
def test_the_fast_path_imports_neither_typer_nor_click_nor_the_cli_up_front(module):
    """typer and click nowhere in these files; kot.cli only inside a function (a failure after printing
    began goes to the CLI's error boundary, a saved plan's next-step hint is the CLI's)."""
    assert not {"typer", "click"} & third_party(module), module
    top = ast.Module(body=[n for n in sources()[module].body if isinstance(n, (ast.Import, ast.ImportFrom))])
    assert sorted(i for i in imports_of(top, module) if i.startswith("kot.cli")) == [], module


def test_the_fast_path_check_catches_typer_and_a_cli_import():
    tree = ast.parse("import typer\nfrom kot.cli import options\n")
    assert {"typer"} <= {i.split(".")[0] for i in imports_of(tree, "kot.fastpath")}
    assert "kot.cli" in imports_of(tree, "kot.fastpath")


def test_only_yamlio_imports_yaml():
    assert [m for m in RANK if "yaml" in third_party(m)] == ["kot.yamlio"]


def test_core_modules_never_import_rich_or_print():
    trees = sources()
    for module in sorted(CORE):
        assert "rich" not in third_party(module), module
        calls = [n for n in ast.walk(trees[module]) if isinstance(n, ast.Call)]
        assert not [c for c in calls if isinstance(c.func, ast.Name) and c.func.id == "print"], module


def test_the_output_registry_names_renderers_that_exist_and_sit_before_it():
    from kot import output

    specs = [spec for f in output.FORMATS for spec in [*f.renders.values(), *([f.dump] if f.dump else [])]]
    specs += list(output.DATA.values())
    for spec in specs:
        module, _, name = spec.partition(":")
        assert callable(getattr(importlib.import_module(module), name)), spec
        assert RANK[module] < RANK["kot.output"] or module == "kot.output", spec


def test_importing_the_cli_stays_light():
    code = (
        "import sys, kot.cli; heavy = [m for m in ('yaml', 'rich.table', 'rich.console', 'kot.generator', "
        "'kot.model', 'kot.library', 'pydantic') if m in sys.modules]; print(','.join(heavy))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=PACKAGE.parent
    )
    assert result.stdout.strip() == ""


def test_no_postponed_annotations_in_the_cli():
    """typer evaluates the CLI's annotations; postponed ones would be parsed again as strings on every run."""
    for module, tree in sources().items():
        if module.startswith("kot.cli"):
            futures = [n for n in tree.body if isinstance(n, ast.ImportFrom) and n.module == "__future__"]
            assert futures == [], module
