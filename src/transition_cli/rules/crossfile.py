"""Rules across the files checked together (X1xx): strategies and the partnerships they name.

A region's strategy lists the partnerships it takes part in (``partnerships = [...]``);
a partnership lists its member regions with NUTS codes. A region belongs to a partnership
when their NUTS codes overlap: the same code, or one inside the other (``FRE`` covers
``FRE1``). It belongs *in whole* when every code of the strategy is one of the members'
codes or lies inside one; otherwise *in part* (a member ``BE33`` of Wallonie's ``BE31`` to
``BE35``: one province takes part), which is allowed and said once (X104), since a
member written with too few codes looks the same.

The documents are the files checked together and the partnership files of their project
(``check`` finds them), so a file's findings do not depend on which other files were named
with it. Where two partnership files share an id, the first by path owns it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence

from transition_cli.core.findings import KeyPath, Severity
from transition_cli.core.i18n import N_, _
from transition_cli.core.model import Partnership, Strategy
from transition_cli.core.text import did_you_mean
from transition_cli.files.loader import Document
from transition_cli.rules.base import CrossIssue, Rule, raw_indices

E, W = Severity.ERROR, Severity.WARNING


def overlaps(a: Iterable[str], b: Iterable[str]) -> bool:
    """True if a code of ``a`` equals, contains or lies inside a code of ``b``."""
    b = tuple(b)
    return any(x.startswith(y) or y.startswith(x) for x in a for y in b)


def covers(partnership: Partnership, strategy: Strategy) -> bool:
    """True if one of the partnership's members is (part of) the strategy's region."""
    return any(overlaps(m.nuts, strategy.region.nuts) for m in partnership.members)


def uncovered(partnership: Partnership, strategy: Strategy) -> list[str]:
    """The strategy's NUTS codes (or, for a code the members split, the parts of it) that
    no member's code equals or contains: empty when the partnership covers the whole
    region, also when the strategy names a parent (``FRH``, ``BE3``) and the members list
    every region under it (``FRH0``; ``BE31`` to ``BE35``)."""
    members = [code for m in partnership.members for code in m.nuts]
    version = strategy.nuts_version or "2016"  # the pilot's NUTS, where the file says none
    return [missing for code in strategy.region.nuts
            for missing in _uncovered(code, members, version)]


def _uncovered(code: str, members: list[str], version: str) -> list[str]:
    if any(code.startswith(member) for member in members):
        return []
    if not any(member.startswith(code) for member in members):
        return [code]  # no member inside it: missing as a whole
    from transition_cli.reference.nuts import children

    parts = [r.code for r in children(code, version=version)]
    return [missing for part in parts for missing in _uncovered(part, members, version)] \
        if parts else [code]


def partnerships_of(
    strategy: Strategy, partnerships: Iterable[Partnership]
) -> list[Partnership]:
    """The partnerships the strategy's region is a member of (by NUTS code), sorted by id."""
    return sorted((p for p in partnerships if covers(p, strategy)), key=lambda p: p.id)


def _partnerships(documents: Sequence[Document]) -> dict[str, tuple[Document, Partnership]]:
    """Each partnership id with the first file (by path) that has it."""
    found: dict[str, tuple[Document, Partnership]] = {}
    partnerships = [d for d in documents if isinstance(d.plan, Partnership) and d.plan.id]
    for doc in sorted(partnerships, key=lambda d: os.path.abspath(d.file)):  # noqa: PTH100
        assert isinstance(doc.plan, Partnership)
        found.setdefault(doc.plan.id, (doc, doc.plan))
    return found


def _named(documents: Sequence[Document]) -> Iterator[tuple[Document, Strategy, str, KeyPath]]:
    """(document, strategy, partnership id, key path) for each partnership a strategy names."""
    for doc in documents:
        strategy = doc.plan
        if not isinstance(strategy, Strategy) or not strategy.partnerships:
            continue
        raw = (doc.raw or {}).get("partnerships")
        indices = raw_indices(raw, strategy.partnerships)
        for pid, i in zip(strategy.partnerships, indices, strict=True):
            yield doc, strategy, pid, ("partnerships", i)


def duplicate_partnerships(documents: Sequence[Document]) -> Iterator[CrossIssue]:
    first = _partnerships(documents)
    for doc in documents:
        plan = doc.plan
        if isinstance(plan, Partnership) and plan.id and first[plan.id][0] is not doc:
            yield (doc, ("id",), _("partnership id \"{id}\" is also used by {file}").format(
                                   id=plan.id, file=first[plan.id][0].file),
                                   _("give each partnership its own id"))


def unknown_partnerships(documents: Sequence[Document]) -> Iterator[CrossIssue]:
    partnerships = _partnerships(documents)
    if not partnerships:
        return  # no partnership file at hand: the strategy's partnerships live elsewhere
    for doc, _kind, pid, path in _named(documents):
        if pid not in partnerships:
            yield (doc, path, _("unknown partnership \"{pid}\": no partnership file of the "
                                "project or checked with this one has that id").format(
                                pid=pid),
                   did_you_mean(pid, partnerships))


def partnerships_without_region(documents: Sequence[Document]) -> Iterator[CrossIssue]:
    partnerships = _partnerships(documents)
    for doc, strategy, pid, path in _named(documents):
        if pid not in partnerships:
            continue
        pdoc, partnership = partnerships[pid]
        if not covers(partnership, strategy):
            region = ", ".join(strategy.region.nuts) or _("(no NUTS code)")
            yield (doc, path, _("partnership {pid} ({file}) does not list {region} ({region2}) "
                                "among its members").format(
                                pid=pid, file=pdoc.file,
                                region=strategy.region.name or _('this region'), region2=region),
                   _("remove {pid} from partnerships, or add the region to the members of "
                     "{file}").format(pid=pid, file=pdoc.file))


def partnerships_with_part_of_region(documents: Sequence[Document]) -> Iterator[CrossIssue]:
    partnerships = _partnerships(documents)
    for doc, strategy, pid, path in _named(documents):
        if pid not in partnerships:
            continue
        pdoc, partnership = partnerships[pid]
        if not covers(partnership, strategy):
            continue  # X101 says it
        missing = uncovered(partnership, strategy)
        if missing:
            listed = sorted({code for m in partnership.members for code in m.nuts
                             if overlaps([code], strategy.region.nuts)})
            yield (doc, path, _("partnership {pid} ({file}) lists only part of {region}: "
                                "{listed} of {strategy}").format(
                                pid=pid, file=pdoc.file,
                                region=strategy.region.name or _('this region'),
                                listed=', '.join(listed), strategy=', '.join(strategy.region.nuts)),
                   _("if the whole region takes part, add {missing} to its member in {file}; "
                     "if only that part takes part, this warning is expected (ignore = "
                     "[\"X104\"] in transition.toml silences it)").format(
                     missing=', '.join(missing), file=pdoc.file))


CROSS_FILE_RULES: tuple[Rule, ...] = (
    Rule("X101", "partnership-without-region", E, N_("A strategy names a partnership (in "
                                                    "partnerships = [...]) whose file does not "
                                                    "list the strategy's region (the "
                                                    "partnership files are looked up in the "
                                                    "project)."),
         N_("Remove the id from partnerships, or add the region to the partnership's members."),
         'partnerships = ["cybersecurity"]  # FRE1 is not a member', kinds=(),
         across=partnerships_without_region),
    Rule("X102", "unknown-partnership", W, N_("A strategy names a partnership id that no "
                                             "partnership file of the project (or checked with "
                                             "it) has."),
         N_("Correct the id, or add the partnership file to the project."),
         'partnerships = ["cyber-security"]',
         kinds=(), across=unknown_partnerships),
    Rule("X103", "duplicate-partnership", E, N_("Two partnership files of the project (or "
                                               "checked together) have the same id; the first "
                                               "by path keeps it."),
         N_("Give each partnership its own id."), "", kinds=(),
         across=duplicate_partnerships),
    Rule("X104", "partnership-with-part-of-region", W, N_("A strategy names a partnership whose "
                                                         "members cover only part of the "
                                                         "strategy's region: some of its NUTS "
                                                         "codes are in no member (a member BE33 "
                                                         "of Wallonie's BE31-BE35). Allowed, "
                                                         "since a part of a region can take "
                                                         "part, but said once, because a member "
                                                         "written with too few codes looks the "
                                                         "same."),
         N_("Add the missing codes to the member if the whole region takes part; otherwise the "
           "warning is expected (ignore it with --ignore X104 or in the settings)."),
         'partnerships = ["cybersecurity"]  # the member lists BE33; Wallonie is BE31-BE35',
         kinds=(), across=partnerships_with_part_of_region),
)
