"""Relations between files checked together: strategies and the partnerships they name.

A region's strategy lists the partnerships it takes part in (``partnerships = [...]``);
a partnership lists its member regions with NUTS codes. A region belongs to a partnership
when their NUTS codes overlap: the same code, or one inside the other (``FRE`` covers
``FRE1``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from transition_cli.core.findings import Finding, KeyPath
from transition_cli.core.model import Partnership, Strategy
from transition_cli.files.loader import Document
from transition_cli.rules.regions import raw_indices
from transition_cli.rules.registry import RULES_BY_CODE, did_you_mean


def overlaps(a: Iterable[str], b: Iterable[str]) -> bool:
    """True if a code of ``a`` equals, contains or lies inside a code of ``b``."""
    b = tuple(b)
    return any(x.startswith(y) or y.startswith(x) for x in a for y in b)


def covers(partnership: Partnership, strategy: Strategy) -> bool:
    """True if one of the partnership's members is (part of) the strategy's region."""
    return any(overlaps(m.nuts, strategy.region.nuts) for m in partnership.members)


def partnerships_of(
    strategy: Strategy, partnerships: Iterable[Partnership]
) -> list[Partnership]:
    """The partnerships the strategy's region is a member of (by NUTS code), sorted by id."""
    return sorted((p for p in partnerships if covers(p, strategy)), key=lambda p: p.id)


def _finding(doc: Document, code: str, path: KeyPath, message: str, hint: str) -> Finding:
    rule = RULES_BY_CODE[code]
    return doc.locate(Finding(code, rule.severity, message, file=doc.file, path=path,
                              hint=hint))


def relate(documents: Sequence[Document]) -> None:
    """Add the cross-file findings to the documents they concern (in place, kept sorted)."""
    partnerships: dict[str, tuple[Document, Partnership]] = {}
    for doc in documents:
        plan = doc.plan
        if not isinstance(plan, Partnership) or not plan.id:
            continue
        if plan.id in partnerships:
            first = partnerships[plan.id][0].file
            doc.findings.append(_finding(
                doc, "X103", ("id",), f'partnership id "{plan.id}" is also used by {first}',
                "give each partnership its own id"))
            continue
        partnerships[plan.id] = (doc, plan)
    if not partnerships:
        return  # a strategy checked alone: its partnerships are not at hand
    for doc in documents:
        strategy = doc.plan
        if not isinstance(strategy, Strategy) or not strategy.partnerships:
            continue
        raw = (doc.raw or {}).get("partnerships")
        indices = raw_indices(raw, strategy.partnerships)
        before = len(doc.findings)
        for pid, i in zip(strategy.partnerships, indices, strict=True):
            path: KeyPath = ("partnerships", i)
            if pid not in partnerships:
                doc.findings.append(_finding(
                    doc, "X102", path, f'unknown partnership "{pid}": no partnership file '
                    "checked with this one has that id", did_you_mean(pid, partnerships)))
                continue
            pdoc, partnership = partnerships[pid]
            if not covers(partnership, strategy):
                region = ", ".join(strategy.region.nuts) or "(no NUTS code)"
                doc.findings.append(_finding(
                    doc, "X101", path, f"partnership {pid} ({pdoc.file}) does not list "
                    f"{strategy.region.name or 'this region'} ({region}) among its members",
                    f"remove {pid} from partnerships, or add the region to the members of "
                    f"{pdoc.file}"))
        if len(doc.findings) != before:
            doc.findings.sort(key=Finding.sort_key)
