"""En français (issue 18): the language of a run, the catalog, French amounts and dates,
a French session with no English left in what a person reads, a new language as a file.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import string
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from transition_cli.cli import app
from transition_cli.core import i18n
from transition_cli.core.errors import RefusedError, UsageError

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from update_catalog import read, template  # noqa: E402


@pytest.fixture
def french():
    i18n.activate("fr")
    yield
    i18n.activate("en")


def run(*args: str, env: dict[str, str] | None = None, monkeypatch=None):
    result = CliRunner().invoke(app, list(args), env={"NO_COLOR": "1", "COLUMNS": "100",
                                                      **(env or {})})
    return result


# ---------------------------------------------------------------------------------------
# Which language a run speaks


@pytest.mark.parametrize(("given", "env", "expected"), [
    (None, {}, "en"),
    ("fr", {}, "fr"),
    ("FR", {}, "fr"),
    (None, {"TRANSITION_LANG": "fr"}, "fr"),
    ("en", {"TRANSITION_LANG": "fr"}, "en"),  # --lang first
    (None, {"LC_ALL": "fr_BE.UTF-8"}, "fr"),
    (None, {"LC_MESSAGES": "fr_FR.UTF-8", "LANG": "en_GB.UTF-8"}, "fr"),
    (None, {"LC_ALL": "C", "LANG": "fr_FR.UTF-8"}, "en"),  # LC_ALL wins, C is English
    (None, {"LANG": "de_DE.UTF-8"}, "en"),  # a locale it does not speak: English
    (None, {"TRANSITION_LANG": "fr", "LC_ALL": "en_US.UTF-8"}, "fr"),
])
def test_the_language_is_chosen_as_documented(given, env, expected):
    assert i18n.choose(given, env) == expected


@pytest.mark.parametrize(("given", "env", "where"), [
    ("de", {}, "--lang 'de'"), (None, {"TRANSITION_LANG": "klingon"}, "TRANSITION_LANG")])
def test_a_language_asked_for_by_name_and_not_spoken_is_a_usage_error(given, env, where):
    with pytest.raises(UsageError) as caught:
        i18n.choose(given, env)
    assert caught.value.message.startswith(where)
    assert caught.value.hint == "supported: en, fr"


def test_an_unknown_lang_exits_2_naming_the_languages_spoken():
    result = run("--lang", "de", "calls")
    assert result.exit_code == 2
    assert "--lang 'de': not a language transition speaks" in result.stderr
    assert "hint: supported: en, fr" in result.stderr


@pytest.mark.parametrize("args", [
    ["--lang", "fr", "calls", "--help"], ["calls", "--lang", "fr", "--help"],
    ["calls", "--lang=fr", "--help"]])
def test_lang_stands_before_or_after_the_command(args):
    result = run(*args)
    assert result.exit_code == 0
    assert "Liste les appels : ceux intégrés et ceux de votre fichier d'appels." in result.stdout
    assert "Usage : transition calls [OPTIONS]" in result.stdout
    assert "  -h, --help    Affiche ce message et quitte." in result.stdout


def test_click_s_own_messages_are_french():
    result = run("--lang", "fr", "status", "--bogus")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == "Erreur : Option inconnue : --bogus"
    assert "Essayez 'transition status -h' pour l'aide." in result.stderr
    missing = run("--lang", "fr", "budget", "commit")
    assert "Erreur : Argument manquant 'FILE'." in missing.stderr


def test_every_command_takes_lang_and_says_so_in_its_help():
    from transition_cli.cli import load_commands

    load_commands()
    for name in ("check", "status", "init", "export"):
        assert "--lang LANG" in run(name, "--help").stdout, name
    assert "--lang LANG" in run("milestone", "done", "--help").stdout


# ---------------------------------------------------------------------------------------
# The catalog


def _fields(text: str) -> list[str]:
    return sorted(f for _, f, _, _ in string.Formatter().parse(text) if f is not None)


def test_the_catalog_is_up_to_date_with_the_code():
    """Extracted now (Babel, babel.cfg) = the .po's messages: run
    ``scripts/update_catalog.py`` when this fails."""
    extracted = {m.id if isinstance(m.id, str) else tuple(m.id) for m in template() if m.id}
    catalog = {m.id if isinstance(m.id, str) else tuple(m.id) for m in read("fr") if m.id}
    assert sorted(map(str, extracted - catalog)) == [], "new messages: update the catalog"
    assert sorted(map(str, catalog - extracted)) == [], "messages gone: update the catalog"


def test_every_message_has_a_french_translation_with_the_same_fields():
    untranslated, fuzzy, mismatched = [], [], []
    for m in read("fr"):
        if not m.id:
            continue
        ids = (m.id,) if isinstance(m.id, str) else tuple(m.id)
        strings = (m.string,) if isinstance(m.string, str) else tuple(m.string)
        if not all(strings):
            untranslated.append(m.id)
        if m.fuzzy:
            fuzzy.append(m.id)
        if any(_fields(a) != _fields(b) for a, b in zip(ids, strings, strict=False) if b):
            mismatched.append(m.id)
    assert untranslated == []
    assert fuzzy == []
    assert mismatched == []


def test_the_export_s_headers_name_every_column():
    from transition_cli.ledger.kinds import CSV_COLUMNS
    from transition_cli.render.export import HEADERS

    assert set(HEADERS) == set(CSV_COLUMNS)
    assert all(HEADERS[c] == c for c in CSV_COLUMNS)


def test_a_help_text_that_is_an_f_string_cannot_be_extracted():
    from babel_extract import NotExtractable, help_texts

    with pytest.raises(NotExtractable):
        list(help_texts('typer.Option(help=f"Shells: {SHELLS}")'))
    assert [m[2] for m in help_texts('@app.command()\ndef c():\n    """Do it.\n\n    Ex."""\n')
            ] == ["Do it.\n\nEx."]


def test_the_catalog_is_compiled_once_and_kept_under_its_hash(tmp_path, monkeypatch):
    from transition_cli.core import catalog

    monkeypatch.setenv("TRANSITION_CACHE_DIR", str(tmp_path))
    first = catalog.load("fr")
    (kept,) = tmp_path.iterdir()
    assert re.fullmatch(r"transition-fr-[0-9a-f]{16}\.mo", kept.name)
    assert first.gettext("Commands") == "Commandes"
    kept.write_bytes(catalog.compile_po(b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; '
                                        b'charset=utf-8\\n"\n\nmsgid "Commands"\nmsgstr "X"\n'))
    assert catalog.load("fr").gettext("Commands") == "X"  # read from the cache, not compiled


def test_an_unwritable_cache_compiles_in_memory(tmp_path, monkeypatch):
    from transition_cli.core import catalog

    blocked = tmp_path / "file"
    blocked.write_text("")
    monkeypatch.setenv("TRANSITION_CACHE_DIR", str(blocked / "cache"))
    assert catalog.load("fr").gettext("Commands") == "Commandes"


def test_a_new_language_is_a_new_catalog_file_and_nothing_else(tmp_path, monkeypatch):
    """German: copy the locale folder, add ``de/LC_MESSAGES/transition.po``; --lang de is
    accepted, its messages and CLDR's German formats are used."""
    locale = tmp_path / "locale"
    shutil.copytree(i18n.LOCALE_DIR, locale)
    (locale / "de" / "LC_MESSAGES").mkdir(parents=True)
    (locale / "de" / "LC_MESSAGES" / "transition.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n'
        '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
        'msgid "Commands"\nmsgstr "Befehle"\n\n'
        'msgid "{id} has {remaining} of {of} left ({paid} paid)"\n'
        'msgstr "{id}: {remaining} von {of} übrig ({paid} bezahlt)"\n', encoding="utf-8")
    monkeypatch.setattr(i18n, "LOCALE_DIR", locale)
    from transition_cli.core import catalog

    monkeypatch.setattr(catalog, "LOCALE_DIR", locale)
    assert i18n.languages() == ("en", "de", "fr")
    result = run("--lang", "de", "--help")
    assert result.exit_code == 0, result.output
    assert "Befehle:" in result.stdout
    from transition_cli.core.money import eur, grouped

    i18n.activate("de")
    try:
        assert eur(Decimal("24000")) == "24.000,00\xa0€"
        assert grouped(Decimal("1234.5")) == "1.234,50"
    finally:
        i18n.activate("en")


# ---------------------------------------------------------------------------------------
# French amounts and dates: written by CLDR (Babel), read back exactly


NNBSP = "\u202f"


def test_french_amounts_percentages_and_dates(french):
    from transition_cli.core.l10n import long_date
    from transition_cli.core.money import days, eur, grouped, percent, rate

    assert eur(Decimal("24000")) == f"24{NNBSP}000,00\xa0€"
    assert grouped(Decimal("1234567.5")) == f"1{NNBSP}234{NNBSP}567,50"
    assert percent(Decimal("0.36")) == "36\xa0%"
    assert rate(Decimal("33.33")) == "33,33\xa0%"
    assert days(Decimal("2.50")) == "2,5"
    assert long_date(dt.date(2018, 3, 31)) == "31 mars 2018"


@pytest.mark.parametrize(("typed", "amount"), [
    ("1 234,56", "1234.56"), ("1234,56", "1234.56"), ("24 000,00 €", "24000.00"),
    (f"24{NNBSP}000,00\xa0€", "24000.00"), ("24000.00", "24000.00"), ("24000", "24000.00"),
    ("EUR 300 000", "300000.00"),
])
def test_french_amounts_are_read(french, typed, amount):
    from transition_cli.core.money import parse_amount

    assert parse_amount(typed) == Decimal(amount)


def test_french_days_are_read(french):
    from transition_cli.core.money import parse_days

    assert parse_days("2,5") == Decimal("2.5")


@pytest.mark.parametrize(("typed", "fraction", "thousands"), [
    ("1.234", "1,234", f"1{NNBSP}234"), ("1,234", "1,234", f"1{NNBSP}234"),
    ("12.500", "12,5", f"12{NNBSP}500")])
def test_an_ambiguous_number_is_refused_with_both_readings(french, typed, fraction, thousands):
    from transition_cli.core.money import parse_amount

    with pytest.raises(RefusedError) as caught:
        parse_amount(typed)
    assert caught.value.message == f"AMOUNT {typed!r} : ambigu"
    assert caught.value.hint == (f"ambigu : {fraction} ou {thousands} ? "
                                 "écrivez l'un des deux tel quel")


def test_english_runs_keep_english_input():
    from transition_cli.core.money import parse_amount

    assert parse_amount("24,000.00") == Decimal("24000.00")
    with pytest.raises(RefusedError):
        parse_amount("1 234,56")


@given(st.decimals(min_value=Decimal("0.01"), max_value=Decimal("999999999.99"), places=2))
def test_french_amounts_round_trip_exactly(amount):
    from transition_cli.core.money import eur, grouped, parse_amount

    i18n.activate("fr")
    try:
        assert parse_amount(eur(amount)) == amount
        assert parse_amount(grouped(amount)) == amount
        assert parse_amount(grouped(amount).replace(NNBSP, " ")) == amount
    finally:
        i18n.activate("en")


@pytest.mark.parametrize(("typed", "day"), [("31/03/2018", "2018-03-31"),
                                            ("1/3/2018", "2018-03-01"),
                                            ("2018-03-31", "2018-03-31")])
def test_french_dates_are_read(french, typed, day):
    from transition_cli.cli.common import parse_date

    assert parse_date(typed) == dt.date.fromisoformat(day)


@pytest.mark.parametrize("typed", ["03/31/2018", "31/02/2018", "31.03.18"])
def test_a_date_french_does_not_write_is_refused(french, typed):
    import typer

    from transition_cli.cli.common import parse_date

    with pytest.raises(typer.BadParameter):
        parse_date(typed)


# ---------------------------------------------------------------------------------------
# A French session: nothing English left in what a person reads


ENGLISH = {
    # words a French reader must not meet in the tool's own text
    "the", "of", "and", "is", "to", "for", "with", "from", "by", "on", "at", "in", "as",
    "not", "has", "left", "paid", "committed", "recorded", "wrote", "dated",
    "error", "errors", "hint", "warning", "milestone", "milestones", "envelope",
    "envelopes", "expert", "team", "status", "overall", "report", "days", "day", "cap",
    "forecast", "pace", "next", "what", "when", "today", "nothing", "due", "done",
    "planned", "started", "late", "later", "green", "amber", "red", "period", "call",
    "since", "entry", "entries", "cost", "remaining", "used", "gate", "closed", "open",
    "owner", "slip", "baseline", "latest", "target", "progress", "share", "amount", "file",
    "region", "kind", "reason", "name", "title", "value", "unit", "deliverable", "priority",
    "indicator", "indicators", "eligible", "awarded", "award", "commitment", "payment",
    "timeline", "record",
    "Commission's", "region's", "Commands", "Error", "Show",
    # (words French writes alike are left out: note, total, source, action, date, options)
}


def _words(text: str) -> set[str]:
    return set(re.findall(r"[A-Za-z][A-Za-z']+", text))


def test_a_french_session_has_no_english_left(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    env = {"TRANSITION_LANG": "fr", "TRANSITION_USER": "Sophie Lefèvre"}
    said = []
    steps = [
        ["init", "hdf.toml", "--region", "FRE", "--call", "itr-2017"],
        ["expert", "add", "hdf.toml", "jrc-2", "--name", "Jan Novak", "--day-rate", "750",
         "--planned-days", "20", "--date", "15/01/2018", "--as-of", "2018-06-30"],
        ["budget", "commit", "hdf.toml", "expertise", "24 000,00 €", "--ref", "C-2018-001",
         "--expert", "jrc-2", "--date", "31/03/2018", "--as-of", "2018-06-30"],
        ["budget", "pay", "hdf.toml", "expertise", "12 000,50", "--ref", "C-2018-001",
         "--date", "30/04/2018", "--as-of", "2018-06-30"],
        ["expert", "log", "hdf.toml", "jrc-2", "2,5", "--date", "02/05/2018",
         "--as-of", "2018-06-30"],
        ["milestone", "done", "hdf.toml", "M1", "--date", "28/03/2018", "--as-of",
         "2018-06-30"],
        ["status", "hdf.toml", "--as-of", "2018-06-30"],
        ["report", "hdf.toml", "--as-of", "2018-06-30"],
        ["report", "hdf.toml", "--format", "html", "--as-of", "2018-06-30"],
        ["export", "hdf.toml"],
        ["export", "hdf.toml", "-o", "journal.csv"],
    ]
    for args in steps:
        result = run(*args, env=env)
        assert result.exit_code == 0, (args, result.output)
        said.append(result.stdout + result.stderr)
    text = "\n".join(said)
    csv = (tmp_path / "journal.csv").read_bytes().decode("utf-8-sig")
    assert csv.splitlines()[0].startswith("fichier;région;entrée;date;type;enveloppe;réf;")
    assert ";24000,00;" in csv and ";12000,50;" in csv and ";2,50;" in csv  # decimal commas
    assert '<html lang="fr">' in text
    assert f"24{NNBSP}000,00\xa0€" in text
    # What is the person's (the file's text, ids) or a command to type is not the tool's.
    theirs = _words((tmp_path / "hdf.toml").read_text(encoding="utf-8"))
    commands = re.sub(r"<style>.*?</style>|<[^>]*>", " ", text, flags=re.DOTALL)  # HTML
    commands = re.sub(r"`?transition [a-z]+(?: [\w.\-/=]+)*`?", " ", commands)
    commands = re.sub(r"[\w./-]+\.(?:toml|json|csv)", " ", commands)
    commands = re.sub(r"\b[a-z]+\.[a-z]+\b", " ", commands)  # kinds: budget.commit
    left = sorted((_words(commands) - theirs) & ENGLISH)
    assert left == [], [line for line in commands.splitlines() if _words(line) & set(left)]


def test_the_toml_file_stays_language_neutral(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    env = {"TRANSITION_LANG": "fr", "TRANSITION_USER": "Sophie"}
    assert run("init", "hdf.toml", "--region", "FRE", "--call", "itr-2017",
               env=env).exit_code == 0
    before = (tmp_path / "hdf.toml").read_text(encoding="utf-8")
    assert run("budget", "commit", "hdf.toml", "expertise", "1 234,56", "--ref", "C-1",
               "--date", "31/03/2018", "--as-of", "2018-06-30", env=env).exit_code == 0
    after = (tmp_path / "hdf.toml").read_text(encoding="utf-8")
    assert after.startswith(before)
    assert after[len(before):] == ('\n[[journal]]\nkind = "budget.commit"\ndate = 2018-03-31\n'
                                   'envelope = "expertise"\namount = 1234.56\nref = "C-1"\n'
                                   'by = "Sophie"\n')


def test_machine_formats_keep_codes_and_keys_with_french_messages(tmp_path, monkeypatch):
    import json

    bad = tmp_path / "bad.toml"
    bad.write_text((ROOT / "examples" / "hauts-de-france.toml").read_text(encoding="utf-8")
                   + '\n[[journal]]\nkind = "budget.pay"\ndate = 2018-05-01\n'
                   'envelope = "expertise"\namount = 5.00\nref = "NOPE"\n', encoding="utf-8")
    english = run("check", str(bad), "--as-of", "2018-06-30", "-f", "json")
    french = run("--lang", "fr", "check", str(bad), "--as-of", "2018-06-30", "-f", "json")
    assert english.exit_code == french.exit_code == 1

    def keys(data):
        if isinstance(data, dict):
            return {k: keys(v) for k, v in data.items()}
        if isinstance(data, list):
            return [keys(v) for v in data]
        return None

    en, fr = json.loads(english.stdout), json.loads(french.stdout)
    assert keys(en) == keys(fr)
    assert [f["code"] for f in en] == [f["code"] for f in fr]
    assert [f["message"] for f in en] != [f["message"] for f in fr]  # the text is French
    assert all(f["severity"] in ("error", "warning") for f in fr)  # values stay neutral


def test_the_french_rule_reference_is_generated_and_current():
    """docs/RULES.fr.md is `transition --lang fr rules --markdown`, as RULES.md is English's."""
    result = run("--lang", "fr", "rules", "--markdown")
    assert result.exit_code == 0
    assert (ROOT / "docs" / "RULES.fr.md").read_text(encoding="utf-8") == result.stdout, \
        "run `transition --lang fr rules --markdown > docs/RULES.fr.md`"
    assert "| [S003](#s003-unknown-key) | unknown-key | avertissement |" in result.stdout


def test_check_s_findings_and_summary_are_french(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text((ROOT / "examples" / "hauts-de-france.toml").read_text(encoding="utf-8")
                   .replace("[[milestones]]", "[[milestones]]\ndeu = 2018-03-31", 1),
                   encoding="utf-8")
    result = run("--lang", "fr", "check", str(bad), "--as-of", "2018-06-30")
    assert result.exit_code == 0
    assert ": avertissement S003 milestones[0].deu: clé inconnue \"deu\"" in result.stdout
    assert "    conseil : vouliez-vous dire \"due\" ?" in result.stdout
    assert result.stderr.strip() == ("0 erreur, 1 avertissement dans 1 fichier, au 2018-06-30 : "
                                      "réussi avec des avertissements.")


def test_check_and_refusals_name_types_and_known_ids_in_french(tmp_path):
    # A quoted amount named its expected type in English ("an amount in EUR attendu") and
    # an unknown id listed the known ones as "known: ..." in a French run.
    text = (ROOT / "examples" / "hauts-de-france.toml").read_text(encoding="utf-8")
    bad = tmp_path / "bad.toml"
    bad.write_text(text.replace("amount = 24000.00", 'amount = "24000"', 1), encoding="utf-8")
    result = run("--lang", "fr", "check", str(bad), "--as-of", "2018-06-30")
    assert result.exit_code == 1
    assert ('erreur S004 journal[0].amount: attendu : un montant en EUR ; trouvé : la chaîne '
            '"24000"') in result.stdout
    assert not _words(result.stdout.split(": ", 2)[-1]) & ENGLISH
    good = tmp_path / "hdf.toml"
    good.write_text(text, encoding="utf-8")
    refused = run("--lang", "fr", "milestone", "done", str(good), "M9", "--as-of", "2018-06-30")
    assert refused.exit_code == 1
    assert "  conseil : connus : M1, M2, M3, M4, M5, M6" in refused.stderr


def test_the_calls_table_is_french_but_for_the_calls_own_words():
    out = run("--lang", "fr", "calls", "--as-of", "2018-06-30").stdout
    for said in ("Appels au 2018-06-30", "fermée", "ouverture", "date limite", "sélection",
                 "de la Commission; jours d'experts", "de la région; attribuée par la Commission",
                 "200\u202f000,00", "300\u202f000,00"):
        assert said in out, said
    for english in ("Calls as of", "closed", "opens", "deadline", "selected",
                    "Commission's", "region's", "awarded by", "200,000.00"):
        assert english not in out, english


def test_the_progress_bar_speaks_the_run_s_language():
    from transition_cli.cli.progress import _said
    from transition_cli.core.i18n import activate
    from transition_cli.core.progress import FILES, PLANS

    activate("fr")
    try:
        assert _said(FILES, 1200, 5000) == "Vérification : 1\u202f200 sur 5\u202f000 fichiers"
        assert _said(PLANS, 1, None) == "Évaluation : 1 plan"
    finally:
        activate("en")
    assert _said(FILES, 1200, 5000) == "Checking files: 1,200 of 5,000 files"


def test_the_calendar_s_events_are_described_in_french(tmp_path):
    from icalendar import Calendar

    out = tmp_path / "hdf.ics"
    result = run("--lang", "fr", "calendar", str(ROOT / "examples" / "hauts-de-france.toml"),
                 "--as-of", "2018-06-30", "-o", str(out))
    assert result.exit_code == 0, result.output
    events = Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    said = {str(e["SUMMARY"]): str(e["DESCRIPTION"]) for e in events}
    m1 = next(v for k, v in said.items() if k.startswith("Terminé : M1 "))
    assert m1.startswith("Jalon M1 de Hauts-de-France (") and ": terminé le 2018-03-29." in m1
    assert any(v.startswith("Livrable D1 de Hauts-de-France pour la Commission")
               for v in said.values())
    described = " ".join(said.values())
    for english in ("Milestone ", "Deliverable ", "Due ", "owner ", "baseline ", "Record it",
                    "to the Commission", "done on", "overdue by", "planned."):
        assert english not in described, english


def test_the_meanings_of_formats_and_sort_keys_in_help_are_french():
    check = " ".join(run("--lang", "fr", "check", "--help").stdout.split())
    assert "text : une ligne par constat, avec son conseil ; full : chaque constat" in check
    assert "one line per finding" not in check
    status = " ".join(run("--lang", "fr", "status", "--help").stdout.split())
    assert "Ordre du portefeuille : status (le pire d'abord), name (par nom" in status
    assert "worst first" not in status


@pytest.mark.parametrize("typed", ["5E-1", "1E5", "1e1", "+5", "\uff11\uff12"])
def test_french_input_refuses_what_english_refuses(french, typed):
    # Review finding: Babel's parser read exponents, a sign and full-width digits.
    from transition_cli.core.errors import RefusedError
    from transition_cli.core.money import parse_amount, parse_days

    for parse in (parse_amount, parse_days):
        with pytest.raises(RefusedError):
            parse(typed)


def test_the_limit_is_written_the_run_s_way(french):
    from transition_cli.core.errors import RefusedError
    from transition_cli.core.money import parse_amount

    with pytest.raises(RefusedError) as refused:
        parse_amount("2000000000000")
    assert refused.value.hint == "au plus 1\u202f000\u202f000\u202f000\u202f000"


def test_review_findings_speak_french(tmp_path):
    # Wide status headers, the log's "about" column, rule fragments and a region locale
    # given by name were English or refused (review of the French work).
    example = str(ROOT / "examples" / "hauts-de-france.toml")
    wide = CliRunner().invoke(app, ["--lang", "fr", "status", example, "--as-of", "2018-06-30"],
                              env={"NO_COLOR": "1", "COLUMNS": "120"}).stdout
    assert re.search(r"enveloppe\s+plafond\s+engagé\s+payé\s+restant", wide)
    log = run("--lang", "fr", "log", example, "--no-pager").stdout
    assert "lead sur M1" in log and "M2 au 2018-07-13" in log
    assert " on M1" not in log and " to 2018-07-13" not in log
    assert run("--version", env={"TRANSITION_LANG": "fr_FR"}).exit_code == 0
    assert run("--lang", "fr-BE", "calls", "--as-of", "2018-06-30").stdout.startswith(
        "Appels au 2018-06-30")
    unknown = run("--lang", "fr", "milestone", "nope")
    assert "Commande inconnue 'nope'. Vouliez-vous dire 'reopen' ?" in unknown.output
