"""A repository of strategies as CI sees it (issue 12): clean and broken plans, a file saved
with a byte-order mark, one writing its key quoted, TOML files of other tools, hostile file
names, partnerships referred to across files, an ignored folder. Built by the `gate_repo`
fixture (tests/test_gate.py) as a real git repository.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from conftest import STRATEGY
from regions_fixtures import PARTNERSHIP
from test_formats import BAD

ROOT = Path(__file__).resolve().parents[1]

BRETAGNE = (STRATEGY.replace('name = "Hauts-de-France"', 'name = "Bretagne"')
            .replace('nuts = ["FRE1", "FRE2"]', 'nuts = ["FRH0"]')
            .replace("themes = [", 'partnerships = ["cybersecurity", "bio-economy"]\nthemes = ['))
HAUTS_DE_FRANCE = STRATEGY.replace("themes = [", 'partnerships = ["cyber-security"]\nthemes = [')
HOSTILE = "regions/evil ::error file=x::pwned %0A\nnext.toml"

FILES: dict[str, str | bytes] = {
    # Bretagne is in cybersecurity (fine) but not in bio-economy (X101).
    "regions/bretagne.toml": BRETAGNE,
    # A typo in a partnership id (X102).
    "regions/hauts-de-france.toml": HAUTS_DE_FRANCE,
    "regions/clean.toml": STRATEGY,
    "regions/bom.toml": b"\xef\xbb\xbf" + BAD.encode(),
    "regions/quoted.toml": BAD.replace('transition = "strategy/1"', '"transition" = "strategy/1"'),
    "regions/broken.toml": 'transition = "strategy/1"\ntitle = "unterminated\n',
    HOSTILE: BAD,
    "partnerships/cybersecurity.toml": PARTNERSHIP,
    "partnerships/bio-economy.toml": (ROOT / "examples" / "partnerships"
                                      / "bio-economy.toml").read_text(encoding="utf-8"),
    # The same id again: X103 on the later file by path.
    "partnerships/zz-cyber-copy.toml": PARTNERSHIP,
    "pyproject.toml": '[project]\nname = "regional-plans"\n',
    "config/tool.toml": '[tool]\nname = "other"\n',
    ".gitignore": "build/\n",
    # Ignored by git: neither checked nor read for references (it would be the first file
    # with the cybersecurity id).
    "build/cybersecurity.toml": PARTNERSHIP,
}

OURS = sorted(name for name in FILES if name.startswith(("regions/", "partnerships/")))
"""The files a check reports on."""


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org",
                    "-c", "commit.gpgsign=false", *args], cwd=cwd, check=True,
                   capture_output=True)


def build(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "-q")
    for name, content in FILES.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "plans")
    return root


_LINE = re.compile(r"^(?P<place>.*?): (?P<severity>error|warning) (?P<code>[A-Z]\d{3})"
                   r"(?P<rest>.*)$")
_PLACE = re.compile(r"^(?P<file>.*?)(?::(?P<line>\d+)(?::(?P<column>\d+))?)?$")


def findings_by_file(text: str) -> dict[str, list[str]]:
    """The findings of `check`'s text output (or pre-commit's, which holds it), by file:
    ``line:column severity code rest`` each, sorted."""
    found: dict[str, list[str]] = {}
    for line in text.splitlines():
        match = _LINE.match(line)
        if not match:
            continue
        place = _PLACE.match(match["place"])
        assert place is not None
        found.setdefault(place["file"], []).append(
            f"{place['line']}:{place['column']} {match['severity']} {match['code']}"
            f"{match['rest']}")
    return {file: sorted(lines) for file, lines in sorted(found.items())}


def shown(name: str) -> str:
    """A file name as the text format shows it (inert)."""
    from transition_cli.core.text import inert

    return inert(name)
