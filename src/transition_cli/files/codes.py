"""The codes found while reading a file (F) and checking its shape (S), declared once.

``rules/registry.py`` lists them with the other rules, so ``transition rules`` and
docs/RULES.md document every code; the reader and the validator take their severity from
here.
"""

from __future__ import annotations

from collections.abc import Mapping

from transition_cli.core.findings import Code, Severity
from transition_cli.core.i18n import N_

E, W = Severity.ERROR, Severity.WARNING

F001 = Code("F001", "toml-syntax", E,
            N_("The file is not valid TOML 1.0 (or holds an integer beyond 64 bits)."),
            N_("Fix the syntax at the line and column given."), 'title = "Hauts-de-France')
F002 = Code("F002", "encoding", E, N_("The file is binary or not UTF-8 text."),
            N_("Save the file as UTF-8 text."))
F003 = Code("F003", "format-key", E,
            N_("The top-level \"transition\" key, naming the kind and format version, is "
              "missing or unknown."), N_("Start the file with transition = \"strategy/1\" (or "
                             "partnership/1, calls/1)."), 'transition = "strategy/7"')
F004 = Code("F004", "too-large", E, N_("The file is above the size limit (16 MiB)."),
            N_("Split the file or move old journal entries to an archive file."))
F005 = Code("F005", "too-deep", E, N_("Arrays or tables are nested too deep to read."),
            N_("Flatten the nesting."))
S001 = Code("S001", "missing-key", E, N_("A required key is missing."),
            N_("Add the key; the hint names its type."),
            '[[milestones]]\nid = "M1"  # no title, no due')
S002 = Code("S002", "wrong-type", E,
            N_("A value has the wrong type or is not one of the allowed values."),
            N_("Write the value with the type the hint names."), 'planned_days = "forty"')
S003 = Code("S003", "unknown-key", W,
            N_("A key the format does not know (often a typo); it is ignored."),
            N_("Correct the spelling (the hint suggests the closest key) or remove it."),
            "[[milestones]]\ndeu = 2018-03-31")
S004 = Code("S004", "bad-amount", E,
            N_("An amount, a number of days, a rate or an indicator's value is negative (-0 "
              "too), not finite, quoted or has more than two decimals."),
            N_("Write a positive number with at most two decimals, without quotes."),
            "cap = 200000.005")
S005 = Code("S005", "bad-date", E, N_("A date is malformed, quoted, carries a time, or lies "
                                     "outside the years 1900-2199."),
            N_("Write a TOML date without quotes: 2018-03-31."), 'due = "31/03/2018"')
S006 = Code("S006", "duplicate", E, N_("An id, or an entry of a list, appears twice."),
            N_("Give each item its own id; remove repeated entries."), 'nuts = ["FRE1", "FRE1"]')
S007 = Code("S007", "nuts-syntax", E, N_("A NUTS code is malformed."),
            N_("Write a country code and up to three capitals or digits: FRE1."),
            'nuts = ["fre1"]')

READING: tuple[Code, ...] = (F001, F002, F003, F004, F005)
S008 = Code("S008", "invisible-character", W,
            N_("A name, title or other one-line text holds characters that show nothing "
              "(zero-width spaces and joiners, the byte-order mark, soft hyphens, tag "
              "characters); messages show them as \\u escapes."),
            N_("Delete them: two names that look the same then differ."),
            'name = "Hauts\\u200b-de-France"')
S009 = Code("S009", "one-line-text", E,
            N_("A title, name, reference or other one-line text holds a line break, a tab or "
              "another control character (the recording commands refuse them too); notes and "
              "rationales may span lines."),
            N_("Write it on one line."), 'title = """Diagnosis\nof the regional economy"""')

SHAPE: tuple[Code, ...] = (S001, S002, S003, S004, S005, S006, S007, S008, S009)
BY_CODE: Mapping[str, Code] = {c.code: c for c in (*READING, *SHAPE)}
