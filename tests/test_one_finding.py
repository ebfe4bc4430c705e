"""One mistake, one finding (issue 19): the shipped examples, mutated one line at a time
with the mistakes people make by hand (quotes, misspelt keys and ids, extra decimals,
exponents, impossible dates, removed lines), give exactly the findings listed: the one
about the mistake, and no second one a rule invents because an item was left out. A value
present but wrong is reported once, by the rule about its form; the item stays known by its
id; rules that cannot judge it skip it.

The few cases with more than one finding say why: the mistake really breaks more than one
thing (an id renamed away from the name the journal uses, a misspelt table header that
loses an item)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from conftest import STRATEGY
from test_rules import CATALOGUE
from transition_cli import check_paths, load_text

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
AS_OF = dt.date(2018, 6, 30)  # the examples are clean then (README's first command)
H = "hauts-de-france.toml"
C = "partnerships/cybersecurity.toml"

# (file, anchor, line, replacement, findings): the first line equal to ``line`` at or after
# the first occurrence of ``anchor`` is replaced (``None``: removed; a ``line`` of None is
# the anchor's own line).
MUTATIONS = [
    (H, '[[envelopes]]', 'cap = 200000.00', 'cap = "200000.00"',
     [('S004', 'envelopes[0].cap')]),
    (H, 'ref = "IMP-2019-01"', None, None,
     [('S001', 'journal[20].ref')]),
    (H, 'date = 2019-02-01', 'amount = 120000.00', 'amount = 120000.005',
     [('S004', 'journal[20].amount')]),
    (H, 'date = 2018-02-05', 'amount = 24000.00', 'amount = "24000.00"',
     [('S004', 'journal[0].amount')]),
    (H, 'date = 2018-07-13', 'days = 12.5', 'days = 12.555',
     [('S004', 'journal[9].days')]),
    (H, 'date = 2018-03-31', 'days = 18', 'days = "18"',
     [('S004', 'journal[2].days')]),
    (H, 'id = "M2"', 'due = 2018-06-29', 'due = "2018-06-29"',
     [('S005', 'milestones[1].due')]),
    (H, 'id = "M4"', 'due = 2018-11-30', 'due = "2018-11-30"',
     [('S005', 'milestones[3].due')]),
    (H, 'id = "M1"', 'due = 2018-03-30', 'due = 2018-02-30',
     [('F001', '')]),
    (H, 'date = 2018-03-29', 'milestone = "M1"', 'milestne = "M1"',
     [('S001', 'journal[1].milestne')]),
    (H, 'date = 2018-03-29', 'milestone = "M1"', 'milestone = "M7"',
     [('J001', 'journal[1].milestone')]),
    (H, 'date = 2018-10-05\nkind = "expert.log"', 'expert = "lead"', 'expert = "laed"',
     [('J001', 'journal[12].expert')]),
    (H, 'date = 2018-04-16', 'envelope = "expertise"', 'envelope = "expertis"',
     [('J001', 'journal[4].envelope')]),
    (H, 'date = 2018-04-16', 'ref = "EXP-2018-01"', 'ref = "EXP-2018-1"',
     [('J001', 'journal[4].ref')]),
    (H, 'date = 2018-03-29', 'kind = "milestone.done"', 'kind = "milestone.don"',
     [('S002', 'journal[1].kind')]),
    (H, 'date = 2018-04-16', 'kind = "budget.pay"', None,
     [('S001', 'journal[4].kind')]),
    (H, 'date = 2018-02-05', 'ref = "EXP-2018-01"', None,
     [('S001', 'journal[0].ref')]),
    (H, 'date = 2018-03-29', 'date = 2018-03-29', 'date = "2018-03-29"',
     [('S005', 'journal[1].date')]),
    (H, '', 'date = 2018-04-16', 'date = 2018-14-16',
     [('F001', '')]),
    (H, 'date = 2018-03-31\nkind = "indicator.record"', 'value = 18.4', 'value = 18.456',
     [('S004', 'journal[3].value')]),
    (H, 'id = "lead"', 'day_rate = 950.00', 'day_rate = 950.005',
     [('S004', 'experts[0].day_rate')]),
    (H, 'id = "M3"', 'id = "M3"', None,
     [('S001', 'milestones[2].id')]),
    (H,
     'id = "M1"',
     'title = "Diagnosis of the regional economy"',
     'titel = "Diagnosis of the regional economy"',
     [('S001', 'milestones[0].titel')]),
    (H, 'id = "lead"', 'planned_days = 60', 'planned_days = 60.125',
     [('S004', 'experts[0].planned_days')]),
    (H, '', 'erdf_ceiling = 60', 'erdf_ceiling = "60"',
     [('S004', 'region.erdf_ceiling')]),
    (H,
     'id = "A1"',
     '    { source = "pilot-grant", amount = 120000.00 },            # commitment IMP-2019-01',
     '    { source = "pilot-grant", amount = "120000.00" },',
     [('S004', 'actions[0].funding[0].amount')]),
    (H, 'id = "A1"', 'total_cost = 400000.00', 'total_cost = 400000.001',
     [('S004', 'actions[0].total_cost')]),
    (H,
     '',
     'gate = "M4"               # the plan\'s step before asking for the grant',
     'gate = "M9"',
     [('R008', 'envelopes[1].gate')]),
    (H, 'id = "M2"', 'depends_on = ["M1"]', 'depends_on = ["M1", "M1"]',
     [('S006', 'milestones[1].depends_on[1]')]),
    (H, 'id = "M1"', 'owner = "lead"', 'owner = "Lead"',
     [('R004', 'milestones[0].owner')]),
    (H, 'id = "M2"', 'start = 2018-03-01', 'start = 2018-08-01',
     [('P003', 'milestones[1].start')]),
    (H, 'date = 2019-03-15', 'amount = 95500.50', 'amount = 95500.5000',
     []),
    (H, 'date = 2019-03-15', 'amount = 95500.50', 'amount = 9.55005e4',
     [('S004', 'journal[21].amount')]),
    (H,
     '',
     'nuts    = ["FRE1", "FRE2"]   # Nord-Pas de Calais, Picardie',
     'nuts    = ["FRE1", "FRE 2"]',
     [('S007', 'region.nuts[1]')]),
    (H, '', 'country = "FR"', 'country = "FRA"',
     [('S002', 'region.country')]),
    (H, '', 'call = "itr-2017"', 'call = "itr-2071"',
     [('R001', 'call')]),
    (H, 'id = "M3"', 'due = 2018-09-28', None,
     [('S001', 'milestones[2].due')]),
    (H, 'id = "M2"', 'id = "M2"', 'id = "M 2"',
     [('S002', 'milestones[1].id')]),
    (H, 'id = "I1"', 'action = "A1"', 'action = "A6"',
     [('T011', 'indicators[0].action')]),
    (H, 'id = "A2"', 'cluster = "materials"', 'cluster = "material"',
     [('T003', 'actions[1].cluster')]),
    (H, 'date = 2019-01-21', 'amount = 300000.00', 'amount = 300000,00',
     [('F001', '')]),
    (H, 'date = 2019-01-21', 'amount = 300000.00', 'amount = 3000000.00',
     [('J010', 'journal[18].amount')]),
    (H, 'id = "D1"', 'milestone = "M4"', 'milestone = "M4 "',
     [('S002', 'deliverables[0].milestone')]),
    (H, 'id = "expertise"', 'id = "expertise"', 'id = "expertize"',
     [('J001', 'journal[0].envelope'),
      ('J001', 'journal[4].envelope'),
      ('R007', 'envelopes[0].id')]),
    (H, 'date = 2018-06-15', 'due = 2018-07-13', 'due = "2018-07-13"',
     [('S005', 'journal[5].due')]),
    (H, 'id = "P1"', 'id = "P1"', None,
     [('S001', 'priorities[0].id')]),
    (C, '', 'coordinators = ["bretagne"]', 'coordinators = ["bretange"]',
     [('X001', 'coordinators[0]')]),
    (C, 'id = "bretagne"', 'nuts = ["FRH0"]', 'nuts = ["FRH9"]',
     [('N001', 'members[0].nuts[0]')]),
    (C, 'id = "M1"', 'due = 2018-04-30', 'due = "2018-04-30"',
     [('S005', 'milestones[0].due')]),
    (C, '', 'cap = 200000.00', 'cap = 200000.001',
     [('S004', 'envelopes[0].cap')]),
    (C, 'id = "estonia"', 'country = "EE"', 'country = "ee"',
     [('S002', 'members[4].country')]),
    (H, 'id = "I1"', 'kind = "output"', 'kind = "outputs"',
     [('S002', 'indicators[0].kind')]),
    (H,
     'id = "A1"',
     '    { source = "pilot-grant", amount = 120000.00 },            # commitment IMP-2019-01',
     '    { source = "pilot grant", amount = 120000.00 },',
     [('S002', 'actions[0].funding[0].source')]),
    (H, 'id = "skills"', 'planned_days = 40', None,
     [('S001', 'experts[1].planned_days')]),
    (H,
     'id = "A1"',
     '    { source = "erdf-regional", amount = 150000.00, rate = 50 },',
     '    { source = "erdf-regional", amount = 150000.00, rate = 150 },',
     [('T009', 'actions[0].funding[1].rate')]),
    (H, 'id = "M4"', '[[milestones]]', '[[milestone]]',
     [('J001', 'journal[17].milestone'),
      ('R005', 'milestones[4].depends_on[0]'),
      ('S003', 'milestone'),
      ('T014', 'deliverables[1].milestone')]),
    (H, 'date = 2018-12-17', 'deliverable_id = "D1"', 'deliverable = "D1"',
     [('S001', 'journal[14].deliverable')]),
    (H, 'date = 2018-12-17', 'deliverable_id = "D1"', 'deliverable_id = "D 1"',
     [('S002', 'journal[14].deliverable_id')]),
    (H, 'date = 2019-05-20', 'amount = 60000.00', 'amount = 60000.00.00',
     [('F001', '')]),
    (H, 'date = 2018-06-15', 'milestone = "M2"', 'milestone = "m2"',
     [('J001', 'journal[5].milestone')]),
    (H,
     '',
     'period = { start = 2018-01-08, end = 2019-12-20 }  # illustrative: no source gives one',
     'period = { start = 2018-01-08, end = "2019-12-20" }',
     [('S005', 'period.end')]),
    (H, 'id = "A1"', 'priority = "P1"', 'priority = "P4"',
     [('T002', 'actions[0].priority')]),
    (H,
     'id = "I2"',
     'baseline = { value = 18, date = 2017-12-31 }',
     'baseline = { value = "18", date = 2017-12-31 }',
     [('S004', 'indicators[1].baseline.value')]),
    (C, 'id = "M2"', 'depends_on = ["M1"]', 'depends_on = "M1"',
     [('S002', 'milestones[1].depends_on')]),
    (C, '', 'id = "cybersecurity"', 'id = "cyber security"',
     [('S002', 'id')]),
    (C, 'id = "estonia"', 'name = "Estonia"', None,
     [('S001', 'members[4].name')]),
    (C, 'date = 2018-04-27', 'milestone = "M1"', 'milestone = M1',
     [('F001', '')]),
    (C, '', 'call = "iip-2017"', 'call = "iip2017"',
     [('R001', 'call')]),
    (H, '', 'transition = "strategy/1"', 'transition = "strategy/2"',
     [('F003', 'transition')]),
    (H, 'date = 2019-02-01', 'milestone = "M6"', 'milestone = "M6"\nmilestone = "M5"',
     [('F001', '')]),
    (H, 'date = 2018-02-05', 'kind = "budget.commit"', 'kind = "budget.comit"',
     [('S002', 'journal[0].kind')]),
]

# A misspelt table header loses the item; each reference to it is then really unknown.
MORE_THAN_ONE = {
    ("[[milestones]]", "[[milestone]]"),
    ('id = "expertise"', 'id = "expertize"'),
}


def mutate(text: str, anchor: str, old: str | None, new: str | None) -> str:
    start = text.index(anchor) if anchor else 0
    lines = text[start:].split("\n")
    i = 0 if old is None else lines.index(old)
    if new is None:
        del lines[i]
    else:
        lines[i] = new
    return text[:start] + "\n".join(lines)


def findings(folder: Path, as_of: dt.date = AS_OF) -> set[tuple[str, str, str]]:
    result = check_paths([folder], as_of=as_of)
    return {(Path(f.file).relative_to(folder).as_posix(), f.code, f.key)
            for f in result.findings}


@pytest.fixture(scope="module")
def clean_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("examples") / "examples"
    shutil.copytree(EXAMPLES, folder)
    assert findings(folder) == set()
    return folder


def test_there_are_at_least_thirty_mutations():
    assert len(MUTATIONS) >= 30
    assert sum(len(expected) == 1 for *_, expected in MUTATIONS) >= 30


@pytest.mark.parametrize(("file", "anchor", "old", "new", "expected"), MUTATIONS,
                         ids=[f"{n}:{m[3] or 'removed'}"[:60] for n, m in enumerate(MUTATIONS)])
def test_one_mistake_gives_its_findings_only(clean_copy, file, anchor, old, new, expected):
    path = clean_copy / file
    before = path.read_text(encoding="utf-8")
    mutated = mutate(before, anchor, old, new)
    assert mutated != before
    path.write_text(mutated, encoding="utf-8")
    try:
        found = findings(clean_copy)
    finally:
        path.write_text(before, encoding="utf-8")
    assert found == {(file, code, key) for code, key in expected}
    assert len(expected) <= 1 or (old if old is not None else anchor, new) in MORE_THAN_ONE \
        or (anchor, new) in MORE_THAN_ONE


def test_a_wrong_value_is_not_also_missing_and_says_an_expert():
    text = (EXAMPLES / H).read_text(encoding="utf-8")
    doc = load_text(mutate(text, "date = 2018-07-13", "days = 12.5", "days = 12.555"), H,
                    as_of=AS_OF)
    assert [(f.code, f.message) for f in doc.findings] == [
        ("S004", "number of days has more than two decimals: 12.555")]
    doc = load_text(mutate(text, "date = 2018-07-13", "days = 12.5", None), H, as_of=AS_OF)
    assert [(f.code, f.message) for f in doc.findings] == [
        ("S001", 'missing key "days" in an expert.log entry')]


def test_a_repeat_is_placed_at_its_own_index_past_a_refused_item():
    """Two mistakes in one list: the wrong item where it stands, and the repeat where it
    stands, not where it would be had the wrong item not been there."""
    text = (EXAMPLES / H).read_text(encoding="utf-8")
    doc = load_text(mutate(text, 'id = "M2"', 'depends_on = ["M1"]',
                           'depends_on = ["M1", 3, "M1"]'), H, as_of=AS_OF)
    assert [(f.code, f.key) for f in doc.findings] == [
        ("S002", "milestones[1].depends_on[1]"), ("S006", "milestones[1].depends_on[2]")]


def test_a_misspelt_key_is_one_error_at_the_misspelling():
    text = (EXAMPLES / H).read_text(encoding="utf-8")
    doc = load_text(mutate(text, 'id = "M1"', 'title = "Diagnosis of the regional economy"',
                           'titel = "Diagnosis of the regional economy"'), H, as_of=AS_OF)
    [f] = doc.findings
    assert (f.code, f.severity.value, f.key, f.line) == (
        "S001", "error", "milestones[0].titel", text.splitlines().index('id = "M1"') + 2)
    assert f.message == 'missing key "title": "titel" is not a key here, but spelt like it'
    assert f.hint == 'rename "titel" to "title"'


def test_a_gate_milestone_with_a_quoted_due_is_not_unknown():
    """The issue's case: M2's due quoted dropped M2, and the commitment after it was done
    got J009 "gated on M2 (unknown)" with the hint to record M2 done, which it was."""
    text = STRATEGY.replace('call = "itr-2017"', 'call = "declared"').replace(
        "due = 2018-09-30", 'due = "2018-09-30"') + "".join(
        f"\n[[journal]]\ndate = {d}\n{body}\n" for d, body in (
            ("2018-01-20", 'kind = "milestone.done"\nmilestone = "M1"'),
            ("2018-01-25", 'kind = "milestone.done"\nmilestone = "M2"'),
            ("2018-01-30", 'kind = "budget.commit"\nenvelope = "implementation"\n'
                           'ref = "I1"\namount = 10.00')))
    doc = load_text(text, "s.toml", catalogue=CATALOGUE, as_of=dt.date(2018, 2, 1))
    assert [(f.code, f.key) for f in doc.findings] == [("S005", "milestones[1].due")]


def test_a_finding_placed_keeps_everything_else() -> None:
    """``with_position`` changes the line and column and nothing else, whatever fields a
    finding has (it spells them out for speed: a new field must be added there too)."""
    import dataclasses

    from transition_cli.core.findings import Finding, Severity

    found = Finding("T015", Severity.WARNING, "late", "a.toml", ("deliverables", 0),
                    None, None, "record it")
    assert found.with_position(4, 2) == dataclasses.replace(found, line=4, column=2)
    every = {f.name for f in dataclasses.fields(Finding)}
    assert every == {"code", "severity", "message", "file", "path", "line", "column", "hint"}
