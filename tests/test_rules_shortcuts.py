"""The shortcuts that make the rules fast give the findings of the long way.

* the rules share what they read (places in the file, funding lines, NUTS codes, indexes)
  through one context per document: each rule run on a context of its own finds the same;
* a plan whose milestones depend only on milestones listed before them has no dependency
  cycle, and the cycle rule that skips its search there finds what the search finds;
* ids each seen once need no duplicate walk: the rule finds what walking them finds.

Held on generated documents, valid and broken, and on plans with random dependencies and
repeated ids.
"""

from __future__ import annotations

import datetime as dt
import graphlib
import tomllib
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
import tomli_w
from hypothesis import example, given
from hypothesis import strategies as st

from strategy_fixtures import WITH_STRATEGY
from test_fuzz import broken_documents, valid_documents
from test_pace import _plan as _plan_with
from test_pace import journals
from transition_cli.core.findings import KeyPath
from transition_cli.core.i18n import _
from transition_cli.core.model import Partnership, Strategy
from transition_cli.files.calls import load_catalogue
from transition_cli.files.loader import Document, load_bytes
from transition_cli.ledger.kinds import JOURNAL_KINDS
from transition_cli.rules import plan as plan_rules
from transition_cli.rules import regions, registry, strategy
from transition_cli.rules.base import Context, Issue, entries, raw, raw_indices

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").rglob("*.toml"))
CATALOGUE = load_catalogue(None)
AS_OF = dt.date(2019, 12, 31)
IDS = ["M1", "M2", "M3", "M4", "M5"]


FUNDING_LINES = st.fixed_dictionaries(
    {"source": st.sampled_from(["pilot-grant", "erdf-regional", "esf", "regional", "private",
                                "horizon-2020", 7]),
     "amount": st.sampled_from([Decimal("0.00"), Decimal("95500.50"), Decimal("150000.00"),
                                Decimal("400000.00"), Decimal("-1"), "lots"])},
    optional={"rate": st.sampled_from([Decimal(50), Decimal(80), Decimal(120), "x"])})
ACTION_IDS = st.sampled_from(["A1", "A2", "A3", None, 3])


@st.composite
def strategies_with_actions(draw: st.DrawFn) -> bytes:
    """The fixture strategy with its actions redrawn: repeated, broken (so the model
    leaves them out and places no longer follow the file's order), funded by random
    lines, some of them broken too."""
    raw = tomllib.loads(WITH_STRATEGY, parse_float=Decimal)
    template = raw["actions"][0]
    actions = []
    for action_id in draw(st.lists(ACTION_IDS, max_size=5)):
        action = dict(template)
        if action_id is None:
            del action["id"]
        else:
            action["id"] = action_id
        action["funding"] = draw(st.lists(FUNDING_LINES, max_size=4))
        action["cluster"] = draw(st.sampled_from(["materials", "nowhere"]))
        actions.append(action)
    raw["actions"] = actions
    raw["indicators"] = [ind for ind in raw["indicators"] if "action" not in ind]
    return tomli_w.dumps(raw).encode()


DOCUMENTS = st.one_of(valid_documents().map(str.encode), broken_documents(),
                      strategies_with_actions())


def _each_rule_alone(data: bytes, as_of: dt.date) -> list[Any]:
    """Every rule's findings, each rule on a fresh document and context: nothing shared."""
    doc = load_bytes(data, "x.toml")
    if doc.plan is None or doc.kind is None:
        return []
    rules = (registry._BY_KIND if getattr(doc.plan, "journal", ()) else
             registry._WITHOUT_ENTRIES)[doc.kind]
    found = []
    for rule, check in rules:
        alone = load_bytes(data, "x.toml")
        for path, message, hint in check(Context(alone, CATALOGUE, as_of)):
            found.append(rule.finding(message, file=alone.file, path=path, hint=hint))
    return found


def _together(data: bytes, as_of: dt.date) -> list[Any]:
    return registry.run(load_bytes(data, "x.toml"), CATALOGUE, as_of)


@given(DOCUMENTS, st.sampled_from([AS_OF, dt.date(2018, 1, 15), dt.date(2021, 6, 30)]))
def test_rules_sharing_one_context_find_what_each_finds_alone(data: bytes,
                                                                as_of: dt.date) -> None:
    assert _together(data, as_of) == _each_rule_alone(data, as_of)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_the_examples_rules_sharing_one_context_find_what_each_finds_alone(
    path: Path,
) -> None:
    data = path.read_bytes()
    for as_of in (AS_OF, dt.date(2018, 6, 30)):
        assert _together(data, as_of) == _each_rule_alone(data, as_of)


def _funding_long_way(ctx: Context, at: int) -> list[tuple[Any, KeyPath]]:
    plan = ctx.plan
    assert isinstance(plan, Strategy)
    action = plan.actions[[i for _a, i in strategy._actions(ctx)].index(at)]
    places = raw_indices(raw(ctx, "actions", at, "funding"),
                         [f.source for f in action.funding], "source")
    return [(f, ("actions", at, "funding", j))
            for f, j in zip(action.funding, places, strict=True)]


@given(DOCUMENTS)
def test_what_the_rules_share_is_what_each_would_work_out(data: bytes) -> None:
    """The places of each section, each action's funding lines (asked in any order), the
    NUTS codes and the call's envelopes, once worked out, are what working them out again
    gives."""
    doc = load_bytes(data, "x.toml")
    plan = doc.plan
    if not isinstance(plan, Strategy | Partnership):
        return
    ctx = Context(doc, CATALOGUE, AS_OF)
    assert regions.nuts_entries(ctx) == list(regions._nuts_entries(Context(
        doc, CATALOGUE, AS_OF)))
    call = CATALOGUE.get(plan.call)
    assert plan_rules._specs(ctx) == [call.envelope(env.id) if call else None
                                      for env in plan.envelopes]
    if isinstance(plan, Partnership):
        assert regions.member_paths(ctx, plan) == [
            ("members", i) for i in raw_indices(raw(ctx, "members"),
                                                [m.id for m in plan.members], "id")]
        return
    for key in ("priorities", "actions", "indicators", "deliverables", "clusters"):
        items = getattr(plan, key)
        assert ctx.places(key, items) == raw_indices(
            raw(ctx, key), [item.id for item in items], "id")
    actions = strategy._actions(ctx)
    assert actions == list(zip(plan.actions, ctx.places("actions", plan.actions),
                               strict=True))
    for a, i in [*actions, *reversed(actions)]:
        assert strategy._funding(ctx, a, i) == _funding_long_way(ctx, i)


KIND_NAMES = st.sampled_from(sorted(JOURNAL_KINDS))


@given(journals(), st.lists(st.lists(KIND_NAMES, min_size=1, max_size=3).map(tuple),
                            max_size=8))
def test_the_entries_of_some_kinds_are_those_a_walk_of_the_journal_finds(
    journal: Any, asked: list[tuple[str, ...]],
) -> None:
    """Asked for in any order and more than once, the entries of a kind or several are
    the entries in force of those kinds, in file order (voided ones left out)."""
    ctx = Context(Document("x.toml", kind="strategy", plan=_plan_with(journal)), CATALOGUE,
                  AS_OF)
    for kinds in [*asked, *asked]:
        assert list(entries(ctx, *kinds)) == [e for e in ctx.journal if e.kind in kinds]


# ---------------------------------------------------------------------------------------
# Plans with random dependencies and repeated ids


@st.composite
def milestone_plans(draw: st.DrawFn) -> bytes:
    """A valid strategy whose milestones get random ids (some repeated) and random
    dependencies: on earlier, later, unknown milestones and on themselves."""
    raw = tomllib.loads(draw(valid_documents()), parse_float=Decimal)
    milestones = raw["milestones"][:6]
    ids = draw(st.lists(st.sampled_from(IDS), min_size=len(milestones),
                        max_size=len(milestones)))
    for m, mid in zip(milestones, ids, strict=True):
        m["id"] = mid
        m["depends_on"] = draw(st.lists(st.sampled_from([*IDS, "M9"]), max_size=3))
        m.pop("owner", None)
    raw["milestones"] = milestones
    for env in raw.get("envelopes", []):
        env.pop("gate", None)
    raw.pop("deliverables", None)
    raw.pop("journal", None)
    if draw(st.booleans()) and raw.get("experts"):
        raw["experts"].append(dict(raw["experts"][0]))  # an expert id twice
    return tomli_w.dumps(raw).encode()


def _plan_doc(data: bytes) -> Document:
    doc = load_bytes(data, "x.toml")
    assert isinstance(doc.plan, Strategy), doc.findings
    return doc


@given(milestone_plans())
@example(b'transition = "strategy/1"\ncall = "itr-2017"\ntitle = "t"\n'
         b'period = { start = 2018-01-01, end = 2019-12-31 }\n'
         b'[region]\nname = "r"\ncountry = "FR"\nnuts = ["FRE1"]\n'
         b'[[milestones]]\nid = "M1"\ntitle = "a"\ndue = 2018-03-01\ndepends_on = ["M2"]\n'
         b'[[milestones]]\nid = "M2"\ntitle = "b"\ndue = 2018-04-01\ndepends_on = ["M1"]\n')
def test_the_cycle_rule_finds_what_its_whole_search_finds(data: bytes) -> None:
    doc = _plan_doc(data)
    milestones = Context(doc, CATALOGUE, AS_OF).state.milestones
    if plan_rules._depends_on_earlier_only(milestones):
        # what the skipped search would look for is not there
        graph = {mid: [d for d in ms.milestone.depends_on if d != mid and d in milestones]
                 for mid, ms in milestones.items()}
        graphlib.TopologicalSorter(graph).prepare()  # raises CycleError on a cycle
    quick = list(plan_rules.dependency_cycle(Context(doc, CATALOGUE, AS_OF)))
    with mock.patch.object(plan_rules, "_depends_on_earlier_only", return_value=False):
        whole = list(plan_rules.dependency_cycle(Context(_plan_doc(data), CATALOGUE, AS_OF)))
    assert quick == whole


def _duplicate_ids_walked(ctx: Context) -> Iterator[Issue]:
    """R003 as it walked every group: each id against those seen before it."""
    plan = ctx.plan
    groups: list[tuple[str, list[tuple[KeyPath, str]]]] = [
        ("milestone", [(("milestones", i), m.id) for i, m in enumerate(plan.milestones)]),
        ("expert", [(("experts", i), e.id) for i, e in enumerate(plan.experts)]),
        ("envelope", [(("envelopes", i), e.id) for i, e in enumerate(plan.envelopes)]),
    ]
    if isinstance(plan, Strategy):
        groups.append(("cluster", [(("clusters", i), c.id) for i, c in enumerate(plan.clusters)]))
    for what, items in groups:
        seen: dict[str, KeyPath] = {}
        for path, item_id in items:
            if item_id in seen:
                yield ((*path, "id"), _("duplicate {what} id \"{item_id}\"").format(
                                        what=what, item_id=item_id),
                       _("ids must be unique; rename one of them (first at {p})").format(
                         p='.'.join(str(p) for p in seen[item_id])))
            else:
                seen[item_id] = path


def _strategy_duplicate_ids_walked(ctx: Context) -> Iterator[Issue]:
    """T001 as it walked every section: each id against those seen before it."""
    plan = ctx.plan
    assert isinstance(plan, Strategy)
    for key, what in strategy.SECTIONS:
        items = getattr(plan, key)
        seen: dict[str, int] = {}
        for item, i in zip(items, ctx.places(key, items), strict=True):
            if item.id in seen:
                yield ((key, i, "id"), _("duplicate {what} id \"{id}\"").format(
                                         what=what, id=item.id),
                       _("ids must be unique; rename one of them (first at {key}[{id}])").format(
                         key=key, id=seen[item.id]))
            else:
                seen[item.id] = i


@given(milestone_plans() | strategies_with_actions() | broken_documents())
def test_the_duplicate_id_rules_find_what_walking_every_id_finds(data: bytes) -> None:
    doc = load_bytes(data, "x.toml")
    if not isinstance(doc.plan, Strategy | Partnership):
        return
    ctx = Context(doc, CATALOGUE, AS_OF)
    assert list(plan_rules.duplicate_ids(ctx)) == list(_duplicate_ids_walked(ctx))
    if isinstance(doc.plan, Strategy):
        assert list(strategy.duplicate_ids(ctx)) == list(_strategy_duplicate_ids_walked(ctx))
