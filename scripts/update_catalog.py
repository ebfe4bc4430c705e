"""Bring every catalog up to date with the messages in the code (Babel).

    .venv/bin/python scripts/update_catalog.py            # update each locale/*/.../transition.po
    .venv/bin/python scripts/update_catalog.py --check    # exit 1 when a catalog is stale

New messages arrive untranslated (``msgstr ""``), changed ones as fuzzy (Babel's guess,
to be checked): translate them in the ``.po`` (any PO editor: Poedit, Lokalize, or a
text editor), remove the ``#, fuzzy`` flag, run the tests (tests/test_catalog.py fails
while one is missing). A new language: copy ``fr`` to ``locale/<code>/LC_MESSAGES/``,
clear its msgstr lines (``--new <code>`` does this), translate.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
LOCALE = ROOT / "src" / "transition_cli" / "locale"
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}


def template() -> Catalog:
    """Every message the code has, as Babel extracts it with babel.cfg."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    catalog = Catalog(project="transition", domain="transition")
    for filename, lineno, message, comments, context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords=KEYWORDS, strip_comment_tags=True):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments,
                    context=context)
    return catalog


def po_file(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / "transition.po"


def read(lang: str) -> Catalog:
    with po_file(lang).open("rb") as stream:
        return read_po(stream, locale=lang, domain="transition")


def rendered(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, width=100, omit_header=False, no_location=True,
             ignore_obsolete=True, sort_output=False)
    return out.getvalue()


def updated(lang: str, source: Catalog) -> bytes:
    catalog = read(lang)
    created = catalog.creation_date
    catalog.update(source, no_fuzzy_matching=False)
    catalog.creation_date = created  # the header stays as it was: only messages change
    return rendered(catalog)


def languages() -> list[str]:
    return sorted(p.name for p in LOCALE.iterdir() if (p / "LC_MESSAGES").is_dir())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if a catalog is stale")
    parser.add_argument("--new", metavar="LANG", help="start a catalog for LANG")
    args = parser.parse_args()
    source = template()
    if args.new:
        path = po_file(args.new)
        if path.exists():
            print(f"{path} exists already", file=sys.stderr)
            return 2
        catalog = Catalog(locale=args.new, project="transition", domain="transition")
        catalog.update(source)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(rendered(catalog))
        print(f"wrote {path.relative_to(ROOT)}: translate its msgstr lines")
        return 0
    stale = []
    for lang in languages():
        new = updated(lang, source)
        if po_file(lang).read_bytes() != new:
            stale.append(lang)
            if not args.check:
                po_file(lang).write_bytes(new)
    if args.check and stale:
        print("stale catalogs: " + ", ".join(stale) + " (run scripts/update_catalog.py)",
              file=sys.stderr)
        return 1
    print(("updated: " + ", ".join(stale)) if stale else "catalogs up to date")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
