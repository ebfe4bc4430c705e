"""The package's layers (docs/ARCHITECTURE.md): each layer imports only the layers below it.

Checked on the source text (every import, lazy ones inside functions included), so a
shortcut upwards fails here rather than in a review.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "transition_cli"

# Lowest first. A module may import its own layer and any layer listed before it.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("core",),
    ("reference",),
    ("ledger",),
    ("files",),
    ("rules",),
    ("api", "check", "choices", "config", "create", "due", "record", "views"),
    ("render",),
    ("cli", "entry", "tab", "__main__"),
)
LEVEL = {name: i for i, names in enumerate(LAYERS) for name in names}


def _room(module: str) -> str:
    """``transition_cli.files.loader`` -> ``files``; the package itself -> ``""``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "transition_cli":
                out += [(node.lineno, f"transition_cli.{a.name}") for a in node.names]
            elif node.module.startswith("transition_cli."):
                out.append((node.lineno, node.module))
        elif isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names
                    if a.name.startswith("transition_cli.")]
    return out


MODULES = sorted(p for p in PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_point_down(path: Path) -> None:
    relative = path.relative_to(PACKAGE)
    room = relative.parts[0].removesuffix(".py")
    if room == "__init__":
        return  # the package's lazy surface re-exports api
    assert room in LEVEL, f"{relative}: place it in a layer of tests/test_architecture.py"
    upward = [
        f"{relative}:{line} imports {target}"
        for line, target in _imports(path)
        if (other := _room(target)) and other != "__version__"
        and LEVEL.get(other, -1) > LEVEL[room]
    ]
    assert upward == []


def test_few_modules_sit_directly_in_the_package() -> None:
    flat = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(flat) <= 12, flat
