"""Every rule ``check`` applies, in one tuple, and the two runners.

The codes found while reading (F) and checking shape (S) are declared in
``files/codes.py``; the rules with a function live in one module per subject, each listing
its own (``plan``, ``journal``, ``calls``, ``regions``, ``strategy``, ``crossfile``). No rule module
imports another: they share only ``rules/base.py``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from transition_cli.core.findings import Finding
from transition_cli.core.model import FILE_KINDS, Plan
from transition_cli.files import codes
from transition_cli.files.calls import Catalogue
from transition_cli.files.loader import Document
from transition_cli.rules.base import Context, Rule, RuleFunc
from transition_cli.rules.calls import CALLS_RULES
from transition_cli.rules.crossfile import CROSS_FILE_RULES
from transition_cli.rules.journal import JOURNAL_RULES
from transition_cli.rules.plan import PLAN_RULES
from transition_cli.rules.regions import REGION_RULES
from transition_cli.rules.strategy import STRATEGY_RULES

RULES: tuple[Rule, ...] = (
    *(Rule.of(code) for code in (*codes.READING, *codes.SHAPE)),
    *PLAN_RULES,
    *JOURNAL_RULES,
    *CALLS_RULES,
    *REGION_RULES,
    *STRATEGY_RULES,
    *CROSS_FILE_RULES,
)
RULES_BY_CODE: Mapping[str, Rule] = {r.code: r for r in RULES}
_BY_KIND: Mapping[str, tuple[tuple[Rule, RuleFunc], ...]] = {
    kind: tuple((r, r.check) for r in RULES if r.check is not None and kind in r.kinds)
    for kind in FILE_KINDS}
# The journal's rules judge its entries, each finding placed on one: a plan without entries
# (a strategy as ``init`` writes it) gives them nothing to judge, and skips them.
_WITHOUT_ENTRIES: Mapping[str, tuple[tuple[Rule, RuleFunc], ...]] = {
    kind: tuple(pair for pair in rules if pair[0] not in JOURNAL_RULES)
    for kind, rules in _BY_KIND.items()}


def run(doc: Document, catalogue: Catalogue, as_of: dt.date) -> list[Finding]:
    """Every one-file rule over one loaded document."""
    if doc.plan is None or doc.kind is None:
        return []
    ctx = Context(doc, catalogue, as_of)
    found = []
    entries = isinstance(doc.plan, Plan) and bool(doc.plan.journal)
    for rule, check in (_BY_KIND if entries else _WITHOUT_ENTRIES)[doc.kind]:
        for path, message, hint in check(ctx):
            found.append(rule.finding(message, file=doc.file, path=path, hint=hint))
    return found


def relate(documents: Sequence[Document], context: Sequence[Document] = ()) -> None:
    """Every cross-file rule over the documents checked together and the ``context`` (the
    project's other files they may refer to); each finding is added to the checked
    document it concerns, located, and that document's findings re-sorted. Findings on
    the context are not reported: those files were not asked about."""
    checked = {id(doc) for doc in documents}
    pool = [*documents, *context]
    touched: dict[int, Document] = {}
    for rule in RULES:
        if rule.across is None:
            continue
        for doc, path, message, hint in rule.across(pool):
            if id(doc) not in checked:
                continue
            doc.findings.append(doc.locate(
                rule.finding(message, file=doc.file, path=path, hint=hint)))
            touched[id(doc)] = doc
    for doc in touched.values():
        doc.findings.sort(key=Finding.sort_key)
