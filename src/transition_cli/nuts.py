"""Temporary NUTS table (replaced by the reference-data module)."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

VERSIONS = ("2016", "2021", "2024")


@dataclass(frozen=True, slots=True)
class NutsRegion:
    code: str
    name: str
    level: int
    country: str
    versions: frozenset[str]


_ALL = frozenset(VERSIONS)
_TABLE = {r.code: r for r in (
    NutsRegion("FRE", "Hauts-de-France", 1, "FR", _ALL),
    NutsRegion("FRE1", "Nord-Pas de Calais", 2, "FR", _ALL),
    NutsRegion("FRE2", "Picardie", 2, "FR", _ALL),
    NutsRegion("FRH0", "Bretagne", 2, "FR", _ALL),
    NutsRegion("EE00", "Eesti", 2, "EE", _ALL),
)}


def lookup(code: str, version: str | None = None) -> NutsRegion | None:
    return _TABLE.get(code.upper())


def children(code: str, level: int | None = None, version: str = "2021") -> list[NutsRegion]:
    return [r for c, r in sorted(_TABLE.items()) if c.startswith(code) and c != code
            and (level is None or r.level == level)]


def suggest(code: str, version: str | None = None, n: int = 3) -> list[str]:
    return difflib.get_close_matches(code.upper(), list(_TABLE), n=n)
