"""Safe in a hostile repository (issue 13): nothing written outside the file, no hand edit
lost, no traceback, no stall, nothing a shell or a CI runner would execute.

A repository is cloned from colleagues and pull requests, and CI runs `transition` on
whatever it holds: each test plants what such a repository (or another user of a shared
folder) could, and holds the tool to what people rely on: exit codes, messages, and the
bytes of every file before and after.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import socket
import stat
import subprocess
import sys
import threading
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from transition_cli import record as journal
from transition_cli.core.errors import RefusedError, UsageError
from transition_cli.files import atomic
from transition_cli.files.calls import load_catalogue
from transition_cli.files.loader import load_bytes

AS_OF = dt.date(2018, 12, 31)
CAT = load_catalogue()
CORPUS = Path(__file__).parent / "corpus"
posix_only = pytest.mark.skipif(os.name != "posix", reason="FIFOs, devices, flock")


def entry(kind: str = "milestone.start", **fields: object) -> dict[str, object]:
    fields = fields or {"milestone": "M1"}
    return journal.entry(kind, dt.date(2018, 6, 30), "tester", **fields)


def files_in(folder: Path) -> dict[str, bytes | str]:
    """Every name in ``folder``: a link's target, a regular file's bytes, else its kind."""
    def seen(p: Path) -> bytes | str:
        mode = p.lstat().st_mode
        if stat.S_ISLNK(mode):
            return f"-> {p.readlink()}"
        return p.read_bytes() if stat.S_ISREG(mode) else f"mode {stat.S_IFMT(mode):o}"
    return {p.name: seen(p) for p in sorted(folder.iterdir())}


# ---------------------------------------------------------------------------------------
# 1. The lock file writes nowhere but its own regular file


@posix_only
def test_a_lock_file_that_is_a_link_is_refused_and_its_target_kept(cli, write, strategy_text):
    path = write("hdf.toml", strategy_text)
    notes = write("notes.txt", "precious notes\n")
    lock = path.with_name(".hdf.toml.lock")
    lock.symlink_to("notes.txt")
    before = files_in(path.parent)
    result = cli("milestone", "start", path, "M1", "--as-of", "2018-06-30")
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {lock} is a symbolic link, not a lock file of transition; nothing written\n"
        f"  hint: move {lock} away (transition makes and removes its own lock file there), "
        "then run the command again\n")
    assert files_in(path.parent) == before  # notes intact, the link still there
    assert notes.read_text() == "precious notes\n"


@posix_only
def test_a_dangling_lock_link_creates_nothing(write, strategy_text):
    path = write("hdf.toml", strategy_text)
    path.with_name(".hdf.toml.lock").symlink_to("planted.txt")
    with pytest.raises(UsageError, match="is a symbolic link, not a lock file"):
        journal.record(path, entry(), CAT, AS_OF)
    assert not path.with_name("planted.txt").exists()


@posix_only
@pytest.mark.parametrize("plant", ["fifo", "hard link", "someone's file", "folder"])
def test_a_lock_name_holding_something_else_is_refused_and_left_alone(
    write, strategy_text, plant,
):
    path = write("hdf.toml", strategy_text)
    lock = path.with_name(".hdf.toml.lock")
    if plant == "fifo":
        os.mkfifo(lock)
    elif plant == "hard link":
        os.link(write("notes.txt", "notes\n"), lock)
    elif plant == "someone's file":
        lock.write_text("my own notes, committed by mistake\n")
    else:
        lock.mkdir()
    before = files_in(path.parent) if plant != "folder" else None
    with pytest.raises(UsageError) as caught:
        journal.record(path, entry(), CAT, AS_OF)
    assert str(lock) in caught.value.message
    assert path.read_text() == strategy_text
    if before is not None:
        assert files_in(path.parent) == before
        assert stat.S_ISFIFO(lock.lstat().st_mode) == (plant == "fifo")


def test_a_lock_file_left_by_a_killed_writer_is_taken_and_removed(write, strategy_text):
    path = write("hdf.toml", strategy_text)
    path.with_name(".hdf.toml.lock").write_text("pid 4242 on elsewhere, user anne")
    journal.record(path, entry(), CAT, AS_OF)
    assert sorted(p.name for p in path.parent.iterdir()) == ["hdf.toml"]
    assert path.read_text().endswith('milestone = "M1"\nby = "tester"\n')


# ---------------------------------------------------------------------------------------
# 2. A hand edit saved while a command runs survives


HAND_EDIT = b"\n# a comment saved from an editor while the command ran\n"


def _edit_when_the_new_file_is_synced(monkeypatch: pytest.MonkeyPatch, path: Path,
                                      times: int) -> list[bytes]:
    """Save a hand edit to ``path`` right after the tool has written and synced its new
    bytes to a temporary file, just before it would replace ``path`` (the last moment
    there is): ``times`` times. Returns the bytes of each saved edit."""
    real = os.fsync
    saved: list[bytes] = []

    def fsync(fd: int) -> None:
        real(fd)
        if len(saved) < times and stat.S_ISREG(os.fstat(fd).st_mode) and \
                os.fstat(fd).st_ino != path.stat().st_ino:
            with path.open("ab") as handle:
                handle.write(HAND_EDIT)
            saved.append(path.read_bytes())

    monkeypatch.setattr(os, "fsync", fsync)
    return saved


def test_a_hand_edit_saved_during_recording_is_kept_and_the_entry_added(
    write, strategy_text, monkeypatch,
):
    path = write("hdf.toml", strategy_text)
    saved = _edit_when_the_new_file_is_synced(monkeypatch, path, times=1)
    done = journal.record(path, entry(), CAT, AS_OF)
    assert len(saved) == 1
    # Started over on the edited bytes: the edit, then the entry.
    assert path.read_bytes() == journal.appended(saved[0], done.table)
    assert done.entry.milestone == "M1"
    assert sorted(p.name for p in path.parent.iterdir()) == ["hdf.toml"]


def test_a_file_that_keeps_changing_is_refused_with_every_edit_kept(
    write, strategy_text, monkeypatch,
):
    path = write("hdf.toml", strategy_text)
    saved = _edit_when_the_new_file_is_synced(monkeypatch, path, times=journal.RETRIES)
    with pytest.raises(RefusedError) as caught:
        journal.record(path, entry(), CAT, AS_OF)
    assert caught.value.message == (
        f"{path} changed on disk while the entry was being recorded (3 times); nothing "
        "recorded, the file is as it was last saved")
    assert caught.value.hint == "finish editing and save the file, then record again"
    assert path.read_bytes() == saved[-1] == strategy_text.encode() + HAND_EDIT * 3
    assert sorted(p.name for p in path.parent.iterdir()) == ["hdf.toml"]


def test_an_edit_of_the_same_size_and_time_is_still_seen(write, strategy_text, monkeypatch):
    """An editor saving in place within the clock's resolution keeps size and mtime: the
    bytes tell."""
    path = write("hdf.toml", strategy_text)
    real = os.fsync
    swapped = []

    def fsync(fd: int) -> None:
        real(fd)
        if not swapped and os.fstat(fd).st_ino != path.stat().st_ino:
            info = path.stat()
            data = path.read_bytes().replace(b"Diagnosis", b"Diagnosed")
            with path.open("r+b") as handle:
                handle.write(data)
            os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
            swapped.append(data)

    monkeypatch.setattr(os, "fsync", fsync)
    done = journal.record(path, entry(), CAT, AS_OF)
    assert path.read_bytes() == journal.appended(swapped[0], done.table)


# ---------------------------------------------------------------------------------------
# 3. Never a confirmation of an entry that was not recorded


def test_a_file_ending_in_an_open_string_is_refused_not_half_recorded(cli, tmp_path):
    path = tmp_path / "hdf.toml"
    path.write_bytes((CORPUS / "unterminated-string.toml").read_bytes())
    before = path.read_bytes(), path.stat().st_mtime_ns
    result = cli("budget", "commit", path, "expertise", "1000", "--ref", "X-1",
                 "--note", "x'''#", "--as-of", "2018-06-30", "--by", "Anne")
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: {path}: cannot be read as a plan: {path}:47:21: F001 TOML syntax error: "
        "invalid multi-line literal string, expected `'`\n"
        "  hint: fix the TOML syntax at this place (see https://toml.io)\n")
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


def test_the_confirmation_is_the_entry_read_back(write, strategy_text):
    path = write("hdf.toml", strategy_text)
    table = entry("budget.commit", envelope="expertise", amount=Decimal("10.00"), ref="R'''1",
                  note="a note with ''' and \"\"\" in it")
    done = journal.record(path, table, CAT, AS_OF)
    doc = load_bytes(path.read_bytes())
    assert done.entry == doc.plan.journal[-1]
    assert (done.entry.ref, done.entry.note) == ("R'''1", "a note with ''' and \"\"\" in it")


# ---------------------------------------------------------------------------------------
# 4. -o writes into special files, follows links to regular files, refuses the rest


@pytest.fixture
def plan(write, strategy_text) -> Path:
    return write("hdf.toml", strategy_text)


@posix_only
@pytest.mark.parametrize("command", ["report", "export"])
def test_output_into_a_fifo_stays_a_fifo(cli, plan, command):
    fifo = plan.with_name("pipe")
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    try:
        result = cli(command, plan, "-o", fifo, "--force")
    finally:
        # If the command wrote nothing, the reader still waits for a writer: be one. (Not
        # blocking: once the reader is done, nobody would ever open the other end.)
        with contextlib.suppress(OSError):
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        reader.join(timeout=30)
    assert result.exit_code == 0, result.stderr
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert received[0].startswith(b"# " if command == "report" else b"\xef\xbb\xbffile,")


@posix_only
@pytest.mark.skipif(not Path("/dev/null").is_char_device(), reason="no /dev/null")
def test_output_into_dev_null_writes_into_it(cli, plan):
    result = cli("report", plan, "-o", "/dev/null", "--as-of", "2018-06-30")
    assert (result.exit_code, result.stderr) == (0, "Wrote /dev/null\n")
    assert Path("/dev/null").is_char_device()


@posix_only
def test_output_through_a_link_replaces_the_file_it_points_to(cli, plan):
    target = plan.with_name("real.md")
    target.write_text("old report\n")
    target.chmod(0o640)
    link = plan.with_name("report.md")
    link.symlink_to("real.md")
    refused = cli("report", plan, "-o", link, "--as-of", "2018-06-30")
    assert refused.exit_code == 2
    assert refused.stderr.startswith(f"error: {link} already exists; not overwriting it\n")
    result = cli("report", plan, "-o", link, "--force", "--as-of", "2018-06-30")
    assert result.exit_code == 0, result.stderr
    assert link.is_symlink() and str(link.readlink()) == "real.md"
    assert target.read_text().startswith("# ")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


@posix_only
def test_output_refuses_links_to_nothing_folders_and_sockets(plan, tmp_path):
    from transition_cli.create import write_output

    dangling = tmp_path / "gone.md"
    dangling.symlink_to("nowhere/else.md")
    folder_link = tmp_path / "dir.md"
    folder_link.symlink_to(tmp_path)
    sock_path = tmp_path / "s.sock"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(sock_path))
    try:
        before = files_in(tmp_path)
        for out, message in [
            (dangling, f"--output {dangling} is a symbolic link to nothing that exists"),
            (folder_link, f"--output {folder_link} is a folder; nothing written"),
            (sock_path, f"--output {sock_path} is not a regular file; nothing written"),
        ]:
            with pytest.raises(UsageError) as caught:
                write_output(b"# report\n", out, plan, force=True)
            assert caught.value.message == message
        assert files_in(tmp_path) == before
    finally:
        server.close()


def test_output_to_a_dangling_link_on_the_command_line(cli, plan):
    link = plan.with_name("gone.md")
    link.symlink_to("nowhere.md")
    result = cli("report", plan, "-o", link, "--force", "--as-of", "2018-06-30")
    assert result.exit_code == 2
    assert result.stderr == (f"error: --output {link} is a symbolic link to nothing that "
                             "exists\n  hint: name a file, or point the link at one\n")
    assert not plan.with_name("nowhere.md").exists()


def test_output_dash_is_standard_output(cli, plan):
    to_stdout = cli("export", plan)
    dash = cli("export", plan, "-o", "-")
    assert dash.exit_code == 0
    assert dash.stdout == to_stdout.stdout and dash.stdout.startswith("\ufefffile,")
    assert not plan.with_name("-").exists()


@posix_only
def test_export_output_that_is_a_link_loop_is_a_message(cli, plan):
    loop = plan.with_name("loop.csv")
    loop.symlink_to("loop.csv")
    result = cli("export", plan, "-o", loop, "--force")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: --output {loop} is a symbolic link to nothing")


def test_export_of_several_files_never_writes_over_one_of_them(cli, plan, strategy_text):
    other = plan.with_name("other.toml")
    other.write_text(strategy_text)
    before = other.read_bytes()
    link = plan.with_name("out.csv")
    link.symlink_to("other.toml")
    result = cli("export", plan, other, "-o", link, "--force")
    assert result.exit_code == 2
    assert result.stderr == (f"error: --output {link} is the file being read; not "
                             "overwriting it\n  hint: name another output file\n")
    assert other.read_bytes() == before


def test_output_over_the_plan_through_a_link_is_refused(cli, plan):
    link = plan.with_name("alias.toml")
    link.symlink_to(plan.name)
    result = cli("report", plan, "-o", link, "--force")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: --output {link} is the file being read")


# ---------------------------------------------------------------------------------------
# 5. Messages, not tracebacks


@pytest.mark.parametrize("command", ["status", "timeline", "report"])
@pytest.mark.parametrize("day", ["0001-01-01", "0001-03-30"])
def test_an_as_of_in_the_year_one_is_no_overflow(cli, plan, command, day):
    result = cli(command, plan, "--as-of", day)
    assert result.exit_code == 0, result.stderr


@posix_only
def test_recording_on_a_link_loop_says_so(cli, tmp_path):
    (tmp_path / "a.toml").symlink_to("b.toml")
    (tmp_path / "b.toml").symlink_to("a.toml")
    result = cli("milestone", "done", tmp_path / "a.toml", "M1", "--as-of", "2018-06-30")
    assert result.exit_code == 2
    assert result.stderr == (f"error: {tmp_path / 'a.toml'}: a loop of symbolic links, not a "
                             "file\n  hint: point the link at the strategy file\n")


def test_report_on_a_full_disk_says_so_and_leaves_nothing(cli, plan, monkeypatch):
    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    out = plan.with_name("report.md")
    result = cli("report", plan, "-o", out, "--as-of", "2018-06-30")
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {out}: cannot write (No space left on device); it is left as it was\n"
        "  hint: free some space or choose another place, then run it again\n")
    assert sorted(p.name for p in plan.parent.iterdir()) == ["hdf.toml"]


@pytest.mark.skipif(not Path("/dev/full").is_char_device(), reason="no /dev/full")
def test_report_into_dev_full_says_so(cli, plan):
    result = cli("report", plan, "-o", "/dev/full", "--as-of", "2018-06-30")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: /dev/full: cannot write (No space left on device)\n")


@pytest.fixture
def repo(tmp_path, monkeypatch, write, strategy_text) -> Path:
    (tmp_path / ".git").mkdir()
    write("hdf.toml", strategy_text)
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("tool", ["tool = 1", 'tool = "x"', "tool = [1, 2]"])
def test_a_pyproject_whose_tool_is_not_a_table_is_passed_over(cli, repo, tool):
    (repo / "pyproject.toml").write_text(f"{tool}\n")
    result = cli("check", "hdf.toml", "--as-of", "2018-03-01")
    assert result.exit_code == 0, result.stderr


@pytest.mark.parametrize("name", ["transition.toml", "pyproject.toml"])
def test_settings_nested_too_deep_are_a_usage_error(cli, repo, name):
    (repo / name).write_text("x = " + "[" * 100_000 + "]" * 100_000 + "\n")
    result = cli("check", "hdf.toml", "--as-of", "2018-03-01")
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {repo / name}: cannot read the settings: arrays, tables or dotted keys nest "
        "deeper than 64 levels\n"
        "  hint: flatten the nested arrays or tables\n")


def test_settings_above_the_limit_are_not_read_whole(cli, repo, monkeypatch):
    from transition_cli import config

    monkeypatch.setattr(config, "SETTINGS_MAX_BYTES", 100)
    (repo / "transition.toml").write_text("# padding\n" * 20 + "strict = true\n")
    result = cli("check", "hdf.toml", "--as-of", "2018-03-01")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {repo / 'transition.toml'}: larger than 100 "
                                    "bytes, too large to read as settings\n")


# ---------------------------------------------------------------------------------------
# 6. A calls file is read like a strategy file: bounded, and only if it is a regular file


def _run(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None,
         ) -> subprocess.CompletedProcess[str]:
    """A real process, with a time limit: a command that waits forever fails the test
    instead of hanging the suite."""
    return subprocess.run([sys.executable, "-m", "transition_cli", *args], capture_output=True,
                          text=True, timeout=60, cwd=cwd, check=False,
                          env={**os.environ, "NO_COLOR": "1", **(env or {})})


@posix_only
@pytest.mark.parametrize("how", ["--calls", "TRANSITION_CALLS"])
def test_a_calls_fifo_is_refused_without_waiting(plan, how):
    fifo = plan.with_name("calls.toml")
    os.mkfifo(fifo)
    args = ["--calls", str(fifo)] if how == "--calls" else []
    env = {"TRANSITION_CALLS": str(fifo)} if how != "--calls" else {}
    done = _run("check", str(plan), "--as-of", "2018-03-01", *args, env=env)
    assert done.returncode == 2
    assert done.stderr == (f"error: {fifo}: cannot read calls file (not a regular file)\n"
                           "  hint: check the path given by --calls or $TRANSITION_CALLS\n")


@posix_only
@pytest.mark.skipif(not Path("/dev/zero").is_char_device(), reason="no /dev/zero")
def test_a_calls_file_of_dev_zero_is_refused_without_reading_it(plan):
    done = _run("check", str(plan), "--calls", "/dev/zero")
    assert done.returncode == 2
    assert done.stderr.startswith("error: /dev/zero: cannot read calls file (not a regular file)")


def test_a_calls_file_is_read_with_the_limit_of_strategy_files(cli, plan, monkeypatch):
    from transition_cli.files import source

    calls = plan.with_name("calls.toml")
    calls.write_text('transition = "calls/1"\ncalls = []\n' + "# padding\n" * 200)
    monkeypatch.setattr(source, "MAX_BYTES", 1000)

    def whole(self: Path) -> bytes:
        raise AssertionError(f"{self} read whole")

    monkeypatch.setattr(Path, "read_bytes", whole)
    result = cli("check", plan, "--calls", calls, "--as-of", "2018-03-01")
    assert result.exit_code == 1
    assert result.stdout.startswith(f"{calls}: error F004 file is larger than the limit of "
                                    "1,000 bytes")


# ---------------------------------------------------------------------------------------
# 7. Validation gaps


def check(cli, path: Path) -> list[str]:
    result = cli("check", path, "--as-of", "2018-03-01", "-q")
    return [line.split(" ", 1)[1] for line in result.stdout.splitlines()]


def test_a_period_in_the_year_one_is_an_error_not_no_period(cli, tmp_path):
    path = tmp_path / "y.toml"
    path.write_bytes((CORPUS / "year-one.toml").read_bytes())
    assert check(cli, path) == [
        "error S005 period.start: date 0001-01-01 is outside the years 1900-2199",
        "error S005 milestones[0].due: date 9999-12-31 is outside the years 1900-2199",
    ]


def test_a_final_newline_is_not_part_of_an_id_a_nuts_code_or_a_country(cli, tmp_path):
    path = tmp_path / "n.toml"
    path.write_bytes((CORPUS / "trailing-newlines.toml").read_bytes())
    found = check(cli, path)
    assert 'error S002 region.country: "FR\\n" is not a two-letter Eurostat country code ' \
        "(FR, EL)" in found
    assert 'error S007 region.nuts[0]: malformed NUTS code "FRE1\\n"' in found
    assert "error S002 milestones[1].id: \"M2\\n\" is not an id (letters, digits, '-', '_', " \
        "'.')" in found
    assert "error S002 journal[0].milestone: \"M1\\n\" is not an id (letters, digits, '-', " \
        "'_', '.')" in found


def test_partnership_id_with_a_final_newline_is_a_usage_error(cli, tmp_path):
    result = cli("init", tmp_path / "p.toml", "--kind", "partnership", "--call", "iip-2017",
                 "--id", "P1\n", "--coordinator", "FRE", "--member", "EE00", "--theme", "cyber")
    assert result.exit_code == 2
    assert result.stderr == "error: --id 'P1\\n' is not an id\n  hint: use letters, digits, " \
        "'-', '_', '.'\n"


def test_minus_zero_is_not_an_amount(cli, tmp_path):
    path = tmp_path / "z.toml"
    path.write_bytes((CORPUS / "negative-zero.toml").read_bytes())
    found = check(cli, path)
    assert "error S004 envelopes[1].cap: amount has a minus sign: -0.0" in found
    assert "error S004 journal[0].amount: amount has a minus sign: -0.0" in found
    status = cli("status", path, "--as-of", "2018-03-01")
    assert "-0.00" not in status.stdout


def test_invisible_characters_are_warned_of_and_shown(cli, tmp_path):
    path = tmp_path / "i.toml"
    path.write_bytes((CORPUS / "invisible.toml").read_bytes())
    found = check(cli, path)
    assert found[0] == (
        'warning S008 region.name: "Hauts\\u200b-de-France\\ufeff" holds invisible characters '
        "(U+200B ZERO WIDTH SPACE, U+FEFF ZERO WIDTH NO-BREAK SPACE)")
    assert any(f.startswith("warning S008 milestones[0].title: \"Diag\\xadnosis\\U000e0049")
               for f in found)
    status = cli("status", path, "--as-of", "2018-03-01")
    assert "Hauts\\u200b-de-France\\ufeff" in status.stdout
    assert "\u200b" not in status.stdout and "\U000e0049" not in status.stdout


def test_a_cell_starting_with_a_tab_or_blanks_is_not_a_formula(cli, tmp_path):
    import csv
    import io

    path = tmp_path / "f.toml"
    path.write_bytes((CORPUS / "formula-cells.toml").read_bytes())
    result = cli("export", path)
    row = next(csv.DictReader(io.StringIO(result.stdout.removeprefix("\ufeff"))))
    assert row["note"] == "' =HYPERLINK(\"http://evil.example\",\"x\")"
    assert row["by"].startswith("'")


# ---------------------------------------------------------------------------------------
# 8. No line of any command's output is a workflow command


def _commands_in(text: str) -> list[str]:
    """Lines a GitHub runner would run: "::" after leading blanks, or "##[" anywhere."""
    return [line for line in text.replace("\r", "\n").split("\n")
            if line.lstrip().startswith("::") or "##[" in line or "##vso[" in line]


@pytest.mark.parametrize("args", [
    ("status",), ("timeline",), ("report",), ("report", "--format", "html"), ("export",),
    ("log",), ("check",), ("check", "--format", "full"),
])
def test_no_output_line_is_a_workflow_command(cli, tmp_path, args):
    path = tmp_path / "ci.toml"
    path.write_bytes((CORPUS / "ci-commands.toml").read_bytes())
    result = cli(*args, path, *(["--as-of", "2018-06-30"] if args[0] != "log" and
                                args[0] != "export" else []))
    assert result.exit_code in (0, 1), result.stderr
    assert _commands_in(result.stdout) == []
    assert _commands_in(result.stderr) == []


@pytest.mark.parametrize("fmt", ["text", "full", "json", "json-lines", "github", "gitlab",
                                 "junit", "sarif"])
def test_check_output_never_carries_a_legacy_command(cli, write, strategy_text, fmt):
    """"##[stop-commands]TOKEN" anywhere in a line would silence every later annotation of
    the step; the github format's own "::" lines stay annotations."""
    path = write("hdf.toml", strategy_text + '\n"##[stop-commands]tok" = 1\n')
    result = cli("check", path, "--format", fmt, "--as-of", "2018-03-01")
    assert result.exit_code == 0
    assert "##[" not in result.stdout and "# #[stop-commands]tok" in result.stdout
    if fmt == "github":
        assert result.stdout.startswith("::warning file=")


def test_status_guards_the_title_at_the_start_of_a_line(cli, tmp_path):
    path = tmp_path / "ci.toml"
    path.write_bytes((CORPUS / "ci-commands.toml").read_bytes())
    result = cli("status", path, "--as-of", "2018-06-30")
    assert "|::error file=a.toml,line=1::pwned" in result.stdout
    assert "# #[stop-commands]token" in result.stdout or "# #[" in result.stdout


def test_messages_starting_with_blanks_and_colons_are_guarded(cli, tmp_path):
    name = tmp_path / "  ::error::x.toml"
    result = cli("milestone", "done", f"{name}\n  ::error::y", "M1")
    assert result.exit_code == 2
    assert _commands_in(result.stderr) == []


# ---------------------------------------------------------------------------------------
# 9. Hints that are commands quote file names for the shell


def test_hints_quote_the_file_name(cli, tmp_path, strategy_text, monkeypatch):
    monkeypatch.chdir(tmp_path)
    name = "b$(touch PWNED).toml"
    (tmp_path / name).write_text(strategy_text)
    result = cli("check", name, "--as-of", "2018-06-30")
    assert "    hint: record it with `transition milestone done 'b$(touch PWNED).toml' M1 " \
        "--as-of 2018-06-30`, or " \
        "reschedule it" in result.stdout
    result = cli("budget", "commit", name, "implementation", "10", "--ref", "I-1",
                 "--as-of", "2018-06-30")
    assert result.exit_code == 1
    assert "hint: record the decision first: `transition budget award 'b$(touch PWNED).toml' " \
        "implementation AMOUNT --decision REF --date DATE --as-of 2018-06-30`" in result.stderr


def test_refusal_hints_quote_the_file_name(tmp_path, strategy_text):
    path = tmp_path / "a b;rm -rf x.toml"
    path.write_text(strategy_text)
    path.chmod(0o444)
    try:
        with pytest.raises(UsageError) as caught:
            journal.record(path, entry(), CAT, AS_OF)
    finally:
        path.chmod(0o644)
    assert caught.value.hint == f"make it writable first (chmod u+w '{path}') if it should " \
        "change"


# ---------------------------------------------------------------------------------------
# 11. What a kill leaves behind is cleaned on the next write


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


@posix_only
def test_stale_temporary_files_of_killed_writers_are_removed_on_the_next_write(
    write, strategy_text,
):
    path = write("hdf.toml", strategy_text)
    host = atomic._host()
    dead = path.with_name(f".hdf.toml.{_dead_pid()}-{host}.abcd_123.tmp")
    alive = path.with_name(f".hdf.toml.{os.getppid()}-{host}.efgh_456.tmp")
    other_host = path.with_name(f".hdf.toml.{_dead_pid()}-00000000.ijkl_789.tmp")
    old_style = path.with_name(".hdf.toml.mnop_012.tmp")
    other_file = path.with_name(f".notes.txt.{_dead_pid()}-{host}.qrst_345.tmp")
    for leftover in (dead, alive, other_host, old_style, other_file):
        leftover.write_bytes(b"half a file")
    journal.record(path, entry(), CAT, AS_OF)
    left = sorted(p.name for p in path.parent.iterdir())
    assert dead.name not in left
    assert left == sorted(["hdf.toml", alive.name, other_host.name, old_style.name,
                           other_file.name])


def test_temporary_files_are_named_after_the_writer(tmp_path, monkeypatch):
    names = []
    real = atomic.tempfile.mkstemp

    def spy(**kwargs: object) -> tuple[int, str]:
        fd, name = real(**kwargs)  # type: ignore[arg-type]
        names.append(Path(name).name)
        return fd, name

    monkeypatch.setattr(atomic.tempfile, "mkstemp", spy)
    atomic.write_atomic(tmp_path / "x.toml", b"x = 1\n", overwrite=False)
    assert names[0].startswith(f".x.toml.{os.getpid()}-{atomic._host()}.")
    assert names[0].endswith(".tmp")


@settings(max_examples=500)
@given(st.lists(st.text(alphabet=" \t:#[vsoVSOx\r\n\u00a0", max_size=12), max_size=8),
       st.booleans())
@example([" :", ":\n"], True)  # "::" across two pieces
@example(["x#", "#[\n"], True)  # "##[" across two pieces
def test_the_ci_guard_reads_pieces_as_it_reads_lines(pieces: list[str], leading: bool) -> None:
    """``CiGuard.feed`` passes pieces without "::" or "##" through at once; fed any way,
    it writes what reading every line gives, so no workflow command gets through."""
    from transition_cli.core.text import CiGuard

    quick, thorough = CiGuard(leading=leading), CiGuard(leading=leading)
    assert ("".join(quick.feed(p) for p in pieces)
            == "".join(thorough._feed_lines(p) for p in pieces))
