"""Project settings: transition.toml or [tool.transition], found up to the git root."""

from __future__ import annotations

from pathlib import Path

import pytest

from test_formats import BAD

AS_OF = ("--as-of", "2018-02-01")


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    (root / "regions").mkdir()
    (root / "regions" / "bad.toml").write_text(BAD, encoding="utf-8")
    monkeypatch.chdir(root)
    return root


def codes(stdout: str) -> list[str]:
    return [line.split()[2] for line in stdout.splitlines() if not line.startswith(" ")]


def test_no_settings_reports_everything(cli, repo):
    result = cli("check", "regions", *AS_OF)
    assert codes(result.stdout) == ["S003", "S007", "R004"]
    assert result.exit_code == 1


def test_transition_toml_ignore_and_select(cli, repo):
    (repo / "transition.toml").write_text('ignore = ["S007", "R"]\n', encoding="utf-8")
    result = cli("check", "regions", *AS_OF)
    assert codes(result.stdout) == ["S003"]
    assert result.exit_code == 0
    (repo / "transition.toml").write_text('select = ["r004"]\n', encoding="utf-8")
    assert codes(cli("check", "regions", *AS_OF).stdout) == ["R004"]


def test_transition_toml_at_the_root_is_not_checked_as_a_plan(cli, repo):
    (repo / "transition.toml").write_text("strict = false\n", encoding="utf-8")
    result = cli("check", ".", *AS_OF)
    assert "1 file" in result.stderr


def test_pyproject_tool_table_and_strict(cli, repo):
    (repo / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.transition]\nselect = ["S003"]\nstrict = true\n',
        encoding="utf-8")
    result = cli("check", "regions", *AS_OF)
    assert codes(result.stdout) == ["S003"]
    assert result.exit_code == 1  # the warning fails under strict
    assert cli("check", "regions", "--no-strict", *AS_OF).exit_code == 0


def test_pyproject_without_the_table_is_passed_over(cli, repo, tmp_path):
    (repo / "transition.toml").write_text('select = ["S"]\n', encoding="utf-8")
    sub = repo / "regions"
    (sub / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    import os

    os.chdir(sub)
    assert codes(cli("check", ".", *AS_OF).stdout) == ["S003", "S007"]


def test_found_from_a_subfolder_but_not_above_the_git_root(cli, repo, tmp_path, monkeypatch):
    (tmp_path / "transition.toml").write_text('select = ["S003"]\n', encoding="utf-8")
    monkeypatch.chdir(repo / "regions")
    assert codes(cli("check", ".", *AS_OF).stdout) == ["S003", "S007", "R004"]
    (repo / "transition.toml").write_text('select = ["S007"]\n', encoding="utf-8")
    assert codes(cli("check", ".", *AS_OF).stdout) == ["S007"]


def test_transition_toml_wins_over_pyproject_in_the_same_folder(cli, repo):
    (repo / "transition.toml").write_text('select = ["S007"]\n', encoding="utf-8")
    (repo / "pyproject.toml").write_text('[tool.transition]\nselect = ["R004"]\n',
                                         encoding="utf-8")
    assert codes(cli("check", "regions", *AS_OF).stdout) == ["S007"]


def test_command_line_replaces_the_file_setting(cli, repo):
    (repo / "transition.toml").write_text('ignore = ["S"]\nselect = ["S", "R"]\n',
                                          encoding="utf-8")
    assert codes(cli("check", "regions", *AS_OF).stdout) == ["R004"]
    assert codes(cli("check", "regions", "--ignore", "R", *AS_OF).stdout) == ["S003", "S007"]
    assert codes(cli("check", "regions", "--select", "S003", "--select", "R004",
                     *AS_OF).stdout) == ["R004"]


@pytest.mark.parametrize(("content", "message"), [
    ('select = ["S999"]\n', "transition.toml select: unknown rule code 'S999'"),
    ('ignore = ["Q"]\n', "transition.toml ignore: unknown rule code 'Q'"),
    ('selct = ["S003"]\n', "transition.toml: unknown setting 'selct'"),
    ('select = "S003"\n', "transition.toml: select must be a list of rule codes"),
    ('strict = "yes"\n', "transition.toml: strict must be true or false"),
    ("select = [\n", "transition.toml: TOML syntax error in the settings"),
])
def test_bad_settings_are_usage_errors_naming_the_file(cli, repo, content, message):
    (repo / "transition.toml").write_text(content, encoding="utf-8")
    result = cli("check", "regions", *AS_OF)
    assert result.exit_code == 2
    assert message in result.stderr
    assert str(repo) in result.stderr
    assert result.stdout == ""


def test_unknown_code_on_the_command_line(cli, repo):
    result = cli("check", "regions", "--ignore", "S003,P05x")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: --ignore: unknown rule code 'P05x'\n")
    assert "see `transition rules`" in result.stderr
