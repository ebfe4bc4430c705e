"""Random sequences of recording commands, valid and invalid, on a file a person wrote.

Whatever happens, the person's bytes stay an exact prefix, a refused command changes
neither bytes nor mtime, and the file always passes ``check``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import shutil
import tempfile
from decimal import Decimal
from pathlib import Path

from hypothesis import event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from transition_cli import record as journal
from transition_cli.check import check_document
from transition_cli.core import money
from transition_cli.core.errors import RefusedError, TransitionError
from transition_cli.core.findings import Severity
from transition_cli.files.calls import load_catalogue
from transition_cli.files.loader import load_bytes

CAT = load_catalogue()
AS_OF = dt.date(2019, 12, 31)

# Comments everywhere, odd spacing, keys in an unusual order, non-ASCII text, a hand-written
# journal entry, and no newline at the very end.
MESSY = '''\
# Stratégie de transformation économique — Hauts-de-France ☂
title   =   "Hauts-de-France : transformation « industrielle »"   # titre
transition="strategy/1"
period = {end=2019-12-31,start=2018-01-01}
call = 'itr-2017'

[[envelopes]]   # enveloppe d'expertise
cap=200000.00
id="expertise"

[region]
nuts = [ "FRE1" ,
         "FRE2" ]   # Nord-Pas de Calais, Picardie
country="FR"
name = "Hauts-de-France"

[[milestones]]
due = 2018-03-31
title = "Diagnostic — économie régionale"
id = "M1"

[[experts]]
planned_days = 40
day_rate = 900.00
name = "Anne Martin-Ødegård"
id = "lead"

[[milestones]]
depends_on = [ "M1" ]
id="M2"
title = "Projet de stratégie"
deliverable = """Projet"""  # one line, in a multi-line string's quotes
due = 2018-09-30

[[envelopes]]
gate = "M2"
id = "implementation"
cap = 300000.00

	[[journal]]
	kind = "milestone.start"   # commencé
	milestone = "M1"
	date = 2018-01-15
	by = "Zoë"
# fin du fichier, sans retour à la ligne'''.encode()

milestones = st.sampled_from(["M1", "M2", "M3", "m1"])
envelopes = st.sampled_from(["expertise", "implementation", "expertize"])
refs = st.sampled_from(["C-1", "C-2", "C-3", "Ç-4"])
dates = st.dates(dt.date(2017, 12, 1), AS_OF)
cents = st.integers(1, 26_000_000).map(lambda n: Decimal(n).scaleb(-2))
notes = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=20)


class Recording(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="transition-stateful-"))
        self.path = self.folder / "plan.toml"
        self.path.write_bytes(MESSY)
        self.entries = 1

    def teardown(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    def _record(self, kind: str, date: dt.date, **fields: object) -> None:
        before = self.path.read_bytes(), self.path.stat().st_mtime_ns
        table = journal.entry(kind, date, "Zoë", **fields)
        try:
            journal.record(self.path, table, CAT, AS_OF)
        except RefusedError as exc:
            assert exc.message and exc.hint is not None
            assert (self.path.read_bytes(), self.path.stat().st_mtime_ns) == before
            event(f"refused {kind}")
        else:
            event(f"recorded {kind}")
            after = self.path.read_bytes()
            assert after.startswith(before[0])
            self.entries += 1

    @rule(kind=st.sampled_from(["start", "done", "cancel"]), m=milestones, date=dates,
          note=notes)
    def milestone(self, kind: str, m: str, date: dt.date, note: str) -> None:
        reason = "abandonné" if kind == "cancel" else None
        self._record(f"milestone.{kind}", date, milestone=m, note=note, reason=reason)

    @rule(m=milestones, date=dates, due=dates)
    def reschedule(self, m: str, date: dt.date, due: dt.date) -> None:
        self._record("milestone.reschedule", date, milestone=m, due=due, reason="retard")

    @rule(envelope=envelopes, amount=cents, ref=refs, date=dates)
    def commit(self, envelope: str, amount: Decimal, ref: str, date: dt.date) -> None:
        self._record("budget.commit", date, envelope=envelope, amount=amount, ref=ref)

    @rule(envelope=envelopes, amount=cents, ref=refs, date=dates)
    def pay(self, envelope: str, amount: Decimal, ref: str, date: dt.date) -> None:
        self._record("budget.pay", date, envelope=envelope, amount=amount, ref=ref)

    @rule(expert=st.sampled_from(["lead", "ghost"]), days=st.integers(1, 4000), date=dates,
          m=st.none() | milestones)
    def log(self, expert: str, days: int, date: dt.date, m: str | None) -> None:
        self._record("expert.log", date, expert=expert, days=Decimal(days).scaleb(-2),
                     milestone=m)

    @rule(text=st.sampled_from(["-5", "abc", "1.234", "NaN", "inf", "1e3", "24,5", "0"])
          | st.text(max_size=8))
    def bad_amount(self, text: str) -> None:
        before = self.path.read_bytes(), self.path.stat().st_mtime_ns
        with contextlib.suppress(TransitionError):  # typed text is parsed before file access
            money.parse_amount(text)
        assert (self.path.read_bytes(), self.path.stat().st_mtime_ns) == before

    @invariant()
    def person_bytes_kept_and_file_clean(self) -> None:
        data = self.path.read_bytes()
        assert data.startswith(MESSY)
        doc = check_document(load_bytes(data, "plan.toml"), CAT, AS_OF)
        assert [f for f in doc.findings if f.severity is Severity.ERROR] == []
        assert len(doc.plan.journal) == self.entries


Recording.TestCase.settings = settings(stateful_step_count=15, deadline=None)
TestRecording = Recording.TestCase
