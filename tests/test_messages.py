"""Every message saying the right thing (issue 17): each item of the issue's "Messages" list,
tried as a programme officer types it, with its exact wording; and the progress bar long
work shows on a terminal."""

from __future__ import annotations

import datetime as dt
import getpass
import io
import os
import socket
import subprocess
import sys
import textwrap
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from transition_cli.core import money
from transition_cli.core.errors import RefusedError
from transition_cli.core.text import closest, did_you_mean, plural
from transition_cli.files import atomic

AS_OF = "2018-12-31"


@pytest.fixture
def rec(cli, monkeypatch):
    monkeypatch.setenv("TRANSITION_USER", "Anne Martin")

    def run(*args):
        return cli(*args, "--as-of", AS_OF)
    return run


@pytest.fixture
def hdf(write, strategy_text, monkeypatch):
    """hdf.toml (the test strategy) in the current folder, named as a user types it."""
    path = write("hdf.toml", strategy_text)
    monkeypatch.chdir(path.parent)
    return Path("hdf.toml")


def unchanged(path: Path, before: bytes) -> bool:
    return path.read_bytes() == before


# ---------------------------------------------------------------------------------------
# A reschedule is a slip, not lateness; done says before or after its baseline


def test_a_reschedule_says_slip_not_late(rec, hdf):
    result = rec("milestone", "reschedule", hdf, "M2", "2018-10-13", "--reason", "Elections",
                 "--date", "2018-06-01")
    assert (result.exit_code, result.stderr) == (0, (
        "Recorded milestone.reschedule M2 dated 2018-06-01 by Anne Martin in hdf.toml; M2 is "
        "planned, due 2018-10-13: a slip of 13 days on its baseline 2018-09-30.\n"))
    earlier = rec("milestone", "reschedule", hdf, "M2", "2018-09-29", "--reason", "Sooner",
                  "--date", "2018-06-02")
    assert earlier.stderr.endswith("M2 is planned, due 2018-09-29: 1 day ahead of its "
                                   "baseline 2018-09-30.\n")


def test_done_says_how_far_from_its_baseline(rec, hdf):
    done = rec("milestone", "done", hdf, "M1", "--date", "2018-03-29")
    assert done.stderr.endswith("M1 is done, 2 days before its baseline due date "
                                "2018-03-31.\n")
    assert rec("milestone", "reschedule", hdf, "M2", "2018-10-31", "--reason", "x",
               "--date", "2018-04-01").exit_code == 0
    late = rec("milestone", "done", hdf, "M2", "--date", "2018-10-01")
    assert late.stderr.endswith("M2 is done (due 2018-10-31), 1 day after its baseline due "
                                "date 2018-09-30.\n")


# ---------------------------------------------------------------------------------------
# Hints while recording are commands, never file edits


def test_j003_while_recording_names_commands_not_remove_this_entry(rec, hdf):
    assert rec("milestone", "done", hdf, "M1", "--date", "2018-03-29").exit_code == 0
    before = hdf.read_bytes()
    result = rec("milestone", "done", hdf, "M1", "--date", "2018-04-02")
    assert (result.exit_code, result.stderr) == (1, (
        "error: hdf.toml: not recorded, milestone.done M1 breaks rule J003: milestone.done: M1 "
        "is already done\n"
        "  hint: a done milestone changes again only once reopened: `transition milestone "
        "reopen hdf.toml M1 --reason REASON --as-of 2018-12-31`; if entry 1 (milestone.done) "
        "was a mistake, void "
        "it: `transition journal void hdf.toml 1 --reason REASON --as-of 2018-12-31`\n"))
    assert "remove this entry" not in result.stderr
    assert unchanged(hdf, before)


def test_an_unknown_envelope_typed_gets_the_closest_not_toml(rec, hdf):
    result = rec("budget", "commit", hdf, "expertize", "100", "--ref", "C-1")
    assert (result.exit_code, result.stderr) == (1, (
        "error: hdf.toml: not recorded, budget.commit C-1 of EUR 100.00 on expertize breaks "
        'rule J001: budget.commit: unknown envelope "expertize"\n'
        '  hint: did you mean "expertise"? (known: expertise, implementation)\n'))
    assert "envelope =" not in result.stderr  # no TOML syntax for a command line
    far = rec("budget", "commit", hdf, "travel", "100", "--ref", "C-1")
    assert far.stderr.endswith("  hint: known: expertise, implementation\n")


# ---------------------------------------------------------------------------------------
# French and German ways of writing an amount


@pytest.mark.parametrize(("typed", "hint"), [
    ("1 234,56", "that is the French way of writing it (spaces group thousands, a comma marks "
     "the decimals); here a dot marks the cents and commas may group thousands: write 1234.56 "
     "or 1,234.56"),
    ("1\u202f234,56", "that is the French way of writing it (spaces group thousands, a comma "
     "marks the decimals); here a dot marks the cents and commas may group thousands: write "
     "1234.56 or 1,234.56"),
    ("24 000", "that is the French way of writing it (spaces group thousands, a comma marks "
     "the decimals); here a dot marks the cents and commas may group thousands: write "
     "24000.00 or 24,000.00"),
    ("2,5", "that is a decimal comma, the French and German way; here a dot marks the cents: "
     "write 2.50"),
    ("1234,56", "that is a decimal comma, the French and German way; here a dot marks the "
     "cents and commas may group thousands: write 1234.56 or 1,234.56"),
    ("1.234,56", "that is the German way of writing it (dots group thousands, a comma marks "
     "the decimals); here a dot marks the cents and commas may group thousands: write 1234.56 "
     "or 1,234.56"),
    ("1.234.567", "that is the German way of writing it (dots group thousands, a comma marks "
     "the decimals); here a dot marks the cents and commas may group thousands: write "
     "1234567.00 or 1,234,567.00"),
    ("1'234.50", "that is the Swiss way of writing it (apostrophes group thousands); here a "
     "dot marks the cents and commas may group thousands: write 1234.50 or 1,234.50"),
    ("24 000,00 €", "that is the French way of writing it (spaces group thousands, a comma "
     "marks the decimals); leave the currency out: amounts are in EUR; here a dot marks the "
     "cents and commas may group thousands: write 24000.00 or 24,000.00"),
    ("EUR 24000", "leave the currency out: amounts are in EUR; here a dot marks the cents and "
     "commas may group thousands: write 24000.00 or 24,000.00"),
    ("abc", "write euros with a dot for cents: 24000.00 (commas may group thousands: "
     "24,000.00)"),
])
def test_each_way_of_writing_an_amount_is_explained(rec, hdf, typed, hint):
    before = hdf.read_bytes()
    result = rec("budget", "commit", hdf, "expertise", typed, "--ref", "C-1")
    assert (result.exit_code, result.stderr) == (
        1, f"error: AMOUNT {typed!r}: not an amount in EUR\n  hint: {hint}\n")
    assert unchanged(hdf, before)


def test_a_dot_grouping_thousands_is_explained_beside_the_rounding(rec, hdf):
    result = rec("budget", "commit", hdf, "expertise", "1.234", "--ref", "C-1")
    assert result.stderr == (
        "error: AMOUNT '1.234': at most two decimals (cents)\n  hint: round it: 1.23; or, if "
        "the dot groups thousands (the German way), write 1234 or 1,234\n")


def test_days_and_values_written_with_a_decimal_comma_are_explained(rec, hdf):
    days = rec("expert", "log", hdf, "lead", "2,5")
    assert days.stderr == ("error: DAYS '2,5': not a number of days\n  hint: that is a "
                           "decimal comma, the French and German way; here a dot marks the "
                           "decimals: write 2.5\n")


@given(st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999999.99"), places=2))
def test_the_french_and_german_writing_of_an_amount_reads_back_to_it(amount):
    whole, cents = f"{amount:.2f}".split(".")
    groups = f"{int(whole):,}".split(",")
    for text, way in ((" ".join(groups) + "," + cents, "French" if len(groups) > 1 else
                       "decimal comma"),
                      ("\u202f".join(groups) + "," + cents, "French" if len(groups) > 1 else
                       "decimal comma"),
                      (".".join(groups) + "," + cents, "German" if len(groups) > 1 else
                       "decimal comma")):
        written = money.written_otherwise(text)
        assert written is not None and (written.value, written.way) == (amount, way), text
        # ... and the hint writes it the way the command line reads it.
        with pytest.raises(RefusedError) as caught:
            money.parse_amount(text)
        shown = caught.value.hint.rsplit("write ", 1)[1].split(" or ")[0]
        assert money.parse_amount(shown) == amount


def test_the_command_lines_own_forms_are_not_explained_as_foreign():
    for text in ("24000", "24000.00", "24,000.00", "0.5"):
        assert money.written_otherwise(text) is None


# ---------------------------------------------------------------------------------------
# Negative amounts: amounts are positive, and a reversal is a new entry

REVERSAL = (
    "  hint: to undo an entry recorded by mistake, void it: `transition journal void hdf.toml "
    "N --reason REASON` (`transition log hdf.toml` numbers the entries); to give back what a "
    "commitment leaves unspent, release it: `transition budget release hdf.toml ENVELOPE "
    "--ref REF`\n")


@pytest.mark.parametrize("args", [
    ("expertise", "-6000", "--ref", "C-1"),  # was "No such option: -6"
    ("expertise", "--ref", "C-1", "-6,000.00"),
    ("expertise", "--", "-6000", "--ref", "C-1"),  # was "Missing option '--ref'"
    ("expertise", "--ref", "C-1", "--", "-6000"),
])
def test_a_negative_amount_says_amounts_are_positive_and_how_to_reverse(rec, hdf, args):
    before = hdf.read_bytes()
    result = rec("budget", "commit", hdf, *args)
    amount = next(a for a in args if a.startswith("-6"))
    assert (result.exit_code, result.stderr) == (
        1, f"error: AMOUNT {amount!r}: amounts are positive\n" + REVERSAL)
    assert unchanged(hdf, before)


def test_negative_days_say_how_to_void_them(rec, hdf):
    result = rec("expert", "log", hdf, "lead", "-3")
    assert (result.exit_code, result.stderr) == (1, (
        "error: DAYS '-3': days are positive\n  hint: to undo days logged by mistake, void "
        "their entry: `transition journal void hdf.toml N --reason REASON` (`transition log "
        "hdf.toml` numbers the entries)\n"))


def test_a_negative_option_value_is_refused_as_such(rec, hdf):
    result = rec("expert", "add", hdf, "x2", "--name", "X", "--day-rate", "-5",
                 "--planned-days", "3")
    assert result.stderr == ("error: --day-rate '-5': amounts are positive\n  hint: write a "
                             "positive amount, e.g. 24000.00\n")
    value = rec("indicator", "record", hdf, "I1", "-3")
    assert value.stderr.startswith("error: VALUE '-3': must not be negative\n")


def test_a_dash_word_that_is_not_a_number_is_still_an_unknown_option(rec, hdf):
    result = rec("budget", "commit", hdf, "expertise", "-x", "--ref", "C-1")
    assert result.exit_code == 2
    assert result.stderr.endswith("Error: No such option: -x\n")


def test_a_negative_amount_in_a_note_is_a_note(rec, hdf):
    result = rec("budget", "commit", hdf, "expertise", "100", "--ref", "C-1", "--note", "-5")
    assert result.exit_code == 0
    assert hdf.read_text(encoding="utf-8").endswith('note = "-5"\nby = "Anne Martin"\n')


# ---------------------------------------------------------------------------------------
# Choices, usage lines and counting


def test_an_unknown_format_names_the_choices_in_clicks_words(cli, hdf):
    result = cli("export", hdf, "--format", "xlsx")
    assert (result.exit_code, result.stderr) == (2, (
        "Usage: transition export [OPTIONS] PATHS...\nTry 'transition export -h' for help.\n\n"
        "Error: Invalid value for '--format': 'xlsx' is not one of 'csv'\n"))
    close = cli("export", hdf, "--format", "CSV")
    assert close.stderr.endswith("""'CSV' is not one of 'csv'; did you mean "csv"?\n""")


def test_usage_lines_read_like_clicks(cli):
    assert cli("log", "-h").stdout.startswith("Usage: transition log [OPTIONS] FILE\n")
    missing = cli("budget", "commit")
    assert missing.exit_code == 2
    assert missing.stderr.startswith("Usage: transition budget commit [OPTIONS] FILE ENVELOPE "
                                     "AMOUNT\n")
    assert missing.stderr.endswith("Error: Missing argument 'FILE'.\n")
    assert "{" not in missing.stderr


def test_one_plural_helper_counts_days_and_entries(rec, hdf):
    one = rec("expert", "log", hdf, "lead", "1", "--date", "2018-02-01")
    assert one.stderr.startswith("Recorded expert.log lead (1 day) dated 2018-02-01")
    half = rec("expert", "log", hdf, "lead", "0.5", "--date", "2018-02-02")
    assert half.stderr.startswith("Recorded expert.log lead (0.5 days) dated")
    assert plural(1, "entry", "entries") == "1 entry"
    assert plural(3, "entry", "entries") == "3 entries"
    assert plural(Decimal("1.00"), "day") == "1 day"
    assert plural(Decimal("2.50"), "day") == "2.5 days"


def test_a_region_name_is_accepted_saying_its_code(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = cli("init", "x.toml", "--region", "Hauts-de-France", "--call", "itr-2017")
    assert result.exit_code == 0
    assert result.stderr.splitlines()[0] == '--region "Hauts-de-France" is FRE (Hauts-de-France).'


# ---------------------------------------------------------------------------------------
# Did you mean: ids, choices and file names


def test_every_unknown_id_gets_the_closest(rec, hdf):
    expert = rec("expert", "log", hdf, "Lead", "1")
    assert expert.stderr.endswith('  hint: did you mean "lead"? (known: lead)\n')
    milestone = rec("milestone", "done", hdf, "m1")
    assert milestone.stderr == (
        "error: hdf.toml: not recorded, milestone.done m1 breaks rule J001: milestone.done: "
        'unknown milestone "m1"\n  hint: did you mean "M1"? (known: M1, M2)\n')


def test_an_unknown_choice_gets_the_closest(rec, hdf):
    rec("cluster", "add", hdf, "mat", "--name", "Materials")
    result = rec("cluster", "join", hdf, "mat", "Université de Lille", "--kind",
                 "research-center")
    assert result.stderr.endswith(
        "Error: Invalid value for '--kind': 'research-center' is not one of 'firm', "
        """'research-centre', 'university', 'other'; did you mean "research-centre"?\n""")


def test_closest_ignores_case_first():
    assert closest("m1", ["M1", "M2", "m"]) == "M1"
    assert closest("research-center", ["firm", "research-centre"]) == "research-centre"
    assert closest("zzz", ["M1"]) is None
    assert did_you_mean("m1", ["M2", "M1"]) == 'did you mean "M1"? (known: M1, M2)'


NO_SUCH = 'error: hfd.toml: no such file or folder\n  hint: did you mean "hdf.toml"?\n'


@pytest.mark.parametrize("command", [
    ("check", "hfd.toml"),
    ("status", "hfd.toml"),
    ("status", "hfd.toml", "hdf.toml"),
    ("timeline", "hfd.toml"),
    ("report", "hfd.toml"),
    ("export", "hfd.toml"),
    ("calendar", "hfd.toml"),
    ("due", "hfd.toml"),
    ("log", "hfd.toml"),
    ("milestone", "done", "hfd.toml", "M1"),
    ("budget", "commit", "hfd.toml", "expertise", "100", "--ref", "C-1"),
])
def test_no_such_file_is_one_message_with_a_did_you_mean(cli, hdf, command):
    result = cli(*command)
    assert (result.exit_code, result.stderr) == (2, NO_SUCH)


def test_no_such_file_without_a_close_name(cli, hdf):
    assert cli("check", "zzz.toml").stderr == "error: zzz.toml: no such file or folder\n"
    assert cli("log", "zzz.toml").stderr == (
        "error: zzz.toml: no such file or folder\n  hint: name a strategy or partnership file, "
        "or create one with `transition init`\n")
    assert cli("status", "hdf.toml", "--calls", "zzz.toml").stderr == (
        "error: zzz.toml: no such file or folder\n  hint: check the path given by --calls or "
        "$TRANSITION_CALLS\n")


def test_a_file_name_without_its_suffix_finds_it(cli, hdf):
    assert cli("log", "hdf").stderr.endswith('  hint: did you mean "hdf.toml"?\n')


def test_the_lock_file_is_never_suggested(cli, hdf):
    (hdf.parent / ".hdf.toml.lock").write_text("", encoding="utf-8")
    assert cli("log", ".hdf.tom.lock").stderr.endswith(
        '  hint: did you mean ".hdf.toml.lock"?\n')  # only for a hidden name
    assert cli("log", "hdf.toml.lock").stderr == (
        "error: hdf.toml.lock: no such file or folder\n  hint: name a strategy or partnership "
        "file, or create one with `transition init`\n")


# ---------------------------------------------------------------------------------------
# log: oldest first, as it says


def test_log_lists_by_date_and_same_day_entries_in_the_order_recorded(rec, cli, hdf):
    for args in (("milestone", "start", hdf, "M1", "--date", "2018-03-01"),
                 ("budget", "commit", hdf, "expertise", "100", "--ref", "LATER",
                  "--date", "2018-05-01"),
                 ("budget", "commit", hdf, "expertise", "100", "--ref", "EARLIER",
                  "--date", "2018-04-01"),
                 ("budget", "pay", hdf, "expertise", "50", "--ref", "EARLIER",
                  "--date", "2018-04-01")):
        assert rec(*args).exit_code == 0
    rows = [line.split()[:3] for line in cli("log", hdf).stdout.splitlines()
            if line.strip()[:1].isdigit()]
    assert rows == [["1", "2018-03-01", "milestone.start"],
                    ["3", "2018-04-01", "budget.commit"],
                    ["4", "2018-04-01", "budget.pay"],
                    ["2", "2018-05-01", "budget.commit"]]
    assert "oldest first" in cli("log", "-h").stdout
    assert "Entries are listed by date, those of the same day in the order recorded" in \
        " ".join(cli("log", "-h").stdout.split())


def test_log_filters_by_an_unknown_id_get_the_closest(cli, hdf):
    assert cli("log", hdf, "--envelope", "expertize").stderr == (
        "error: --envelope 'expertize': hdf.toml has no such envelope\n"
        '  hint: did you mean "expertise"? (known: expertise, implementation)\n')
    assert cli("log", hdf, "--milestone", "m1").stderr == (
        "error: --milestone 'm1': hdf.toml has no such milestone\n"
        '  hint: did you mean "M1"? (known: M1, M2)\n')


# ---------------------------------------------------------------------------------------
# A held lock says who holds it and since when, at once

HOLD = """\
import sys
from pathlib import Path
from transition_cli.files.atomic import locked
with locked(Path(sys.argv[1])):
    print("locked", flush=True)
    sys.stdin.read()
"""


def test_a_held_lock_says_who_and_since_when_at_once(rec, hdf, monkeypatch):
    monkeypatch.setenv("TRANSITION_LOCK_TIMEOUT", "0.3")
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(hdf.resolve())],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "locked\n"
        lock = atomic.lock_path(hdf.resolve())
        os.utime(lock, (1_530_000_000, 1_530_000_000))
        result = rec("milestone", "start", hdf, "M1")
    finally:
        holder.communicate("")
    since = dt.datetime.fromtimestamp(1_530_000_000, tz=dt.UTC).astimezone()
    who = (f"hdf.toml is being written by another process (pid {holder.pid} on "
           f"{socket.gethostname()}, user {getpass.getuser()}) since "
           f"{since:%Y-%m-%d %H:%M:%S}")
    assert (result.exit_code, result.stderr) == (2, (
        f"{who}; waiting up to 0.3 s\n"
        f"error: {who}; gave up after 0.3 s\n"
        f"  hint: try again in a moment; if no transition command is running, delete {lock}\n"))


def test_the_wait_is_told_once_and_only_when_someone_holds_the_lock(write, strategy_text):
    path = write("hdf.toml", strategy_text)
    heard: list[str] = []
    with atomic.locked(path, on_wait=heard.append):
        pass
    assert heard == []


# ---------------------------------------------------------------------------------------
# Progress on long work


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def _terminal() -> tuple[io.StringIO, object]:
    from rich.console import Console

    screen = io.StringIO()
    return screen, Console(file=screen, force_terminal=True, width=80, color_system=None)


def test_the_bar_waits_a_second_then_draws_and_goes_away():
    from transition_cli.cli.progress import Bar

    screen, console = _terminal()
    clock = Clock()
    bar = Bar(console, clock)  # type: ignore[arg-type]
    for n in range(1, 50):
        bar("files", n, None)
    assert screen.getvalue() == ""  # quick work shows nothing
    clock.now += 1.5
    bar("files", 2000, None)
    clock.now += 0.5
    bar("plans", 7, 2000)
    assert bar.shown
    drawn = screen.getvalue()
    assert "Checking files: 2,000 files" in drawn
    assert "Judging plans: 7 of 2,000 plans" in drawn
    bar.close()
    assert not bar.shown


def test_the_bar_is_not_started_for_work_already_done():
    from transition_cli.cli.progress import Bar

    screen, console = _terminal()
    clock = Clock()
    bar = Bar(console, clock)  # type: ignore[arg-type]
    clock.now += 5
    bar("plans", 3, 3)
    assert not bar.shown and screen.getvalue() == ""


def test_no_bar_when_stderr_is_not_a_terminal():
    from transition_cli.cli.progress import progress_bar

    with progress_bar() as tell:
        assert tell is None  # pytest captures stderr: not a terminal


def test_check_and_the_portfolio_report_through_the_callback(write, strategy_text):
    from transition_cli.check import check_paths
    from transition_cli.files.calls import load_catalogue
    from transition_cli.views import portfolio

    for name in ("a.toml", "b.toml", "c.toml"):
        write(f"plans/{name}", strategy_text)
    folder = write("plans/a.toml", strategy_text).parent
    heard: list[tuple[str, int, int | None]] = []

    def tell(stage: str, done: int, total: int | None) -> None:
        heard.append((stage, done, total))

    cat = load_catalogue()
    result = check_paths([folder], cat, dt.date(2018, 6, 30), progress=tell)
    portfolio(result.documents, cat, dt.date(2018, 6, 30), progress=tell)
    assert heard == [("files", 1, None), ("files", 2, None), ("files", 3, None),
                     ("plans", 1, 3), ("plans", 2, 3), ("plans", 3, 3)]


PTY_RUN = textwrap.dedent("""\
    import os, pty, subprocess, sys
    master, slave = pty.openpty()
    p = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=slave)
    os.close(slave)
    out = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    p.wait()
    sys.stdout.write(out.decode("utf-8", "replace"))
    """)


@pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal needs POSIX")
def test_a_quick_check_on_a_terminal_shows_no_bar(write, strategy_text):
    path = write("hdf.toml", strategy_text)
    shown = subprocess.run(
        [sys.executable, "-c", PTY_RUN, sys.executable, "-m", "transition_cli", "check",
         str(path), "--as-of", "2018-01-15"],
        capture_output=True, text=True, check=True, timeout=60).stdout
    assert shown == "All clean: 1 file checked, as of 2018-01-15.\n"  # \r\n read as text
