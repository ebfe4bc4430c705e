"""Every kind of bad input gets a clear message, the right exit code and no traceback."""

from __future__ import annotations

import errno

import pytest

from transition_cli.files import source


def test_empty_file(cli, write):
    path = write("empty.toml", "")
    r = cli("check", path, "--as-of", "2018-06-30")
    assert r.exit_code == 1
    assert r.stdout == (
        f'{path}:1:1: error F003 not a transition file: no top-level "transition" key\n'
        '    hint: add transition = "strategy/1" (or "partnership/1", "calls/1") as the first '
        "line\n"
    )
    assert r.stderr == "1 error, 0 warnings in 1 file, as of 2018-06-30: failed.\n"


def test_binary_file(cli, write):
    path = write("blob.toml", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    r = cli("check", path, "-q")
    assert r.exit_code == 1
    assert r.stdout == f"{path}:3:1: error F002 binary file, not TOML text\n"  # the first NUL


def test_invalid_utf8_names_line_and_column(cli, write):
    text = 'transition = "strategy/1"\ntitle = "R\xe9gion"\n'
    path = write("latin1.toml", text.encode("latin-1"))
    r = cli("check", path, "-q")
    assert r.exit_code == 1
    assert r.stdout == f"{path}:2:11: error F002 invalid UTF-8 (byte 0xe9)\n"


def test_toml_syntax_error_with_line_and_column(cli, write, strategy_text):
    broken = strategy_text.replace('title = "Diagnosis"', 'title = "Diagnosis')
    path = write("broken.toml", broken)
    r = cli("check", path)
    assert r.exit_code == 1
    assert r.stdout == (
        f"{path}:23:19: error F001 TOML syntax error: invalid basic string, expected `\"`\n"
        "    hint: fix the TOML syntax at this place (see https://toml.io)\n"
    )


def test_toml_of_another_tool_named_directly(cli, write):
    path = write("pyproject.toml", '[project]\nname = "x"\n')
    r = cli("check", path, "-q")
    assert r.exit_code == 1
    assert r.stdout == (
        f'{path}:1:1: error F003 not a transition file: no top-level "transition" key\n'
    )


def test_toml_of_another_tool_is_skipped_in_a_folder(cli, write, strategy_text):
    write("repo/pyproject.toml", '[project]\nname = "x"\n')
    write("repo/broken-other.toml", "this is [not toml")
    good = write("repo/plans/hdf.toml", strategy_text)
    r = cli("check", good.parent.parent, "--as-of", "2018-02-01")
    assert r.exit_code == 0, r.stdout
    assert r.stderr == "All clean: 1 file checked, as of 2018-02-01.\n"


def test_file_above_the_size_limit(cli, write, monkeypatch):
    from transition_cli.files.calls import builtin_calls

    builtin_calls()  # the built-in catalogue is read before the limit is lowered
    monkeypatch.setattr(source, "MAX_BYTES", 1000)
    path = write("huge.toml", 'transition = "strategy/1"\n' + "# padding\n" * 200)
    r = cli("check", path, "-q")
    assert r.exit_code == 1
    assert r.stdout == f"{path}: error F004 file is larger than the limit of 1,000 bytes\n"


@pytest.mark.parametrize("size", [0, 1, 999, 1000, 1001, 5000])
def test_reading_keeps_every_byte_up_to_one_past_the_limit(tmp_path, monkeypatch, size):
    """A file is read whole up to the limit, and one byte more when it is over (F004 then
    says so): in pieces of the file's size, never losing or repeating a byte."""
    import os

    monkeypatch.setattr(source, "MAX_BYTES", 1000)
    data = bytes(range(256)) * 20
    path = tmp_path / "f.toml"
    path.write_bytes(data[:size])
    assert source.read(path) == data[:min(size, 1001)]
    # A system that hands back a few bytes per read (a network share): the same bytes.
    short = os.read
    monkeypatch.setattr(source.os, "read", lambda fd, n: short(fd, min(n, 7)))
    assert source.read(path) == data[:min(size, 1001)]


def test_deeply_nested_arrays(cli, write):
    depth = 50_000
    path = write("deep.toml", "x = " + "[" * depth + "]" * depth + "\n")
    r = cli("check", path, "-q")
    assert r.exit_code == 1
    assert r.stdout == (
        f"{path}:1:69: error F005 arrays, tables or dotted keys nest deeper than 64 levels\n")


def test_missing_path_is_a_usage_error(cli, tmp_path):
    r = cli("check", tmp_path / "nope.toml")
    assert r.exit_code == 2
    assert r.stderr.startswith(f"error: {tmp_path / 'nope.toml'}: no such file or folder\n")


def test_folder_without_transition_files(cli, write):
    write("other/pyproject.toml", '[project]\nname = "x"\n')
    folder = write("other/README.md", "hi").parent
    r = cli("check", folder)
    assert r.exit_code == 2
    assert r.stderr.startswith(f"error: {folder}: no transition files found")


def test_unreadable_file(cli, write, monkeypatch):
    path = write("locked.toml", 'transition = "strategy/1"\n')

    def refuse(p):
        raise PermissionError(errno.EACCES, "Permission denied", str(p))

    monkeypatch.setattr(source, "read", refuse)
    r = cli("check", path)
    assert r.exit_code == 2
    assert r.stderr.startswith(f"error: {path}: cannot read (Permission denied)\n")


@pytest.mark.parametrize("value", ["2018-13-01", "tomorrow", "30/06/2018"])
def test_bad_as_of_is_a_usage_error(cli, write, strategy_text, value):
    path = write("s.toml", strategy_text)
    r = cli("check", path, "--as-of", value)
    assert r.exit_code == 2
    assert "is not a date; write YYYY-MM-DD" in r.stderr
    assert "Traceback" not in r.stderr


def test_missing_path_does_not_claim_all_clean(cli, tmp_path):
    r = cli("check", tmp_path / "nope.toml")
    assert (r.exit_code, r.stdout) == (2, "")
    assert r.stderr == f"error: {tmp_path / 'nope.toml'}: no such file or folder\n"


def test_settings_and_calls_that_change_the_verdict_are_named(cli, tmp_path, monkeypatch,
                                                               strategy_text):
    (tmp_path / "s.toml").write_text(strategy_text.replace('owner = "lead"', 'owner = "x"', 1),
                                     encoding="utf-8")
    (tmp_path / "transition.toml").write_text('ignore = ["R"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    r = cli("check", "s.toml", "--as-of", "2018-02-01")
    assert r.exit_code == 0
    assert r.stderr == (
        "All clean: 1 file checked, as of 2018-02-01.\n"
        f"rules: ignore R (settings from {tmp_path / 'transition.toml'}); "
        "1 finding not reported\n")
