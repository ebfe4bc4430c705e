"""A folder walk names files as the folder was named, as a Path would spell them: messages
show ``x.toml`` for ``check .``, ``plans/x.toml`` for ``check ./plans/``."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from transition_cli.files.walk import Walker


def _tree(root: Path) -> None:
    for name in ("a.toml", "sub/b.toml", "sub/deeper/c.toml", "sub/notes.txt", ".hidden/d.toml"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text('transition = "strategy/1"\n', encoding="utf-8")


@pytest.mark.parametrize("spelled", [".", "./", "sub", "./sub/", "sub//deeper", "sub/./deeper",
                                     "ABS", "ABS/sub/"])
def test_each_file_is_named_as_a_path_joined_to_the_folder_named_spells_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, spelled: str,
) -> None:
    _tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    folder = spelled.replace("ABS", str(tmp_path))
    expected = [str(Path(root) / name)
                for root, dirs, names in sorted(os.walk(folder))
                if not any(part.startswith(".")
                           for part in Path(os.path.relpath(root, folder)).parts)
                for name in sorted(names) if name.endswith(".toml")]
    found = list(Walker(respect_gitignore=False).paths(folder))
    assert [full for _, full in Walker(respect_gitignore=False).found(folder)] == [
        os.path.abspath(p) for p in found]  # noqa: PTH100 - as check keys them
    assert sorted(found) == sorted(expected)
    assert list(Walker(respect_gitignore=False).files(Path(folder))) == [Path(p) for p in found]
    assert all(not p.startswith("./") and "//" not in p for p in found)


def test_check_of_the_current_folder_names_files_without_a_leading_dot(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "broken.toml").write_text('transition = "strategy/1"\nx = [\n',
                                                    encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = cli("check", ".", "--as-of", "2018-01-15", "--output-format", "github")
    assert result.exit_code == 1
    assert result.stdout.startswith("::error file=plans/broken.toml,line=2,col=7,title=F001::")
