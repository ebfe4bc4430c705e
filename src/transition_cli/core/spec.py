"""The vocabulary of the file formats: value types and fields, declared as data.

``files/schema.py`` builds each kind of file from these declarations, the journal-kind
registry (``ledger/kinds.py``) declares the fields of journal entries with them, and the
JSON Schema, the validator and the command line all read the same declarations.
"""

from __future__ import annotations

from dataclasses import field
from decimal import Decimal
from typing import ClassVar

from transition_cli.core.i18n import N_
from transition_cli.core.records import record


@record(slots=False)
class Type:
    """Base of the value types; ``label`` is how messages name the type."""

    label: ClassVar[str] = N_("value")


@record(slots=False)
class Str(Type):
    label: ClassVar[str] = N_("a string")
    choices: tuple[str, ...] = ()
    pattern: str | None = None
    pattern_label: str = ""
    nonempty: bool = True
    # One line of plain text: no line break or control character (names, references).
    one_line: bool = False


@record(slots=False)
class Date(Type):
    label: ClassVar[str] = N_("a date")


@record(slots=False)
class Money(Type):
    label: ClassVar[str] = N_("an amount in EUR")


@record(slots=False)
class Days(Type):
    label: ClassVar[str] = N_("a number of days")


@record(slots=False)
class Percent(Type):
    """A percentage of 0 to 100 with at most two decimals: a co-financing rate (50 is 50 %)."""

    label: ClassVar[str] = N_("a percentage")


@record(slots=False)
class Number(Type):
    """A value measured in an indicator's unit (firms, people, tonnes, %): a number of 0 or
    more with at most two decimals, not money."""

    label: ClassVar[str] = N_("a number")


@record(slots=False)
class Int(Type):
    label: ClassVar[str] = N_("a whole number")
    minimum: int = 0


@record(slots=False)
class Bool(Type):
    label: ClassVar[str] = N_("true or false")


@record(slots=False)
class List(Type):
    item: Type = field(default_factory=Str)
    label: ClassVar[str] = N_("a list")
    unique: bool = True


@record(slots=False)
class Table(Type):
    fields: tuple[Field, ...] = ()
    label: ClassVar[str] = N_("a table")

    def get(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)


@record(slots=False)
class Tables(Type):
    """An array of tables (``[[milestones]]``), or an inline array of tables."""

    table: Table = field(default_factory=Table)
    label: ClassVar[str] = N_("an array of tables")


@record(slots=False)
class Field:
    name: str
    type: Type
    required: bool = False
    doc: str = ""


# Bounds far above any ERDF figure; they keep exact Decimal sums within 28 digits.
MAX_AMOUNT = Decimal(10**12)  # EUR 1,000,000,000,000
MAX_DAYS = Decimal(100_000)

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"
Id = Str(pattern=ID_PATTERN, pattern_label=N_("an id (letters, digits, '-', '_', '.')"))
Text = Str(nonempty=False)
"""Free text that may span lines: a note, a rationale."""
Line = Str(one_line=True)
"""Text on one line (titles, names, references, reasons): no line break, tab or control
character, which would break the file's readers, terminals and CI logs. The same in a file
(rule S009) and on the command line (a refusal)."""
OptionalLine = Str(nonempty=False, one_line=True)
"""One line of text that may be empty (a role, an organisation)."""
