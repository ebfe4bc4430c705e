"""docs/RULES.md is generated from the registry, documents every code, and cannot drift."""

from __future__ import annotations

import re
from pathlib import Path

from transition_cli.render.rules_doc import SECTIONS, rules_markdown
from transition_cli.rules.registry import RULES, RULES_BY_CODE

ROOT = Path(__file__).resolve().parents[1]
RULES_MD = ROOT / "docs" / "RULES.md"


def test_rules_md_is_generated_from_the_registry():
    assert RULES_MD.read_text(encoding="utf-8") == rules_markdown(), (
        "docs/RULES.md is stale: run `transition rules --markdown > docs/RULES.md`"
    )


def test_every_rule_is_documented_with_its_severity_and_fix():
    doc = RULES_MD.read_text(encoding="utf-8")
    for rule in RULES:
        section = doc.split(f"### {rule.code} {rule.name}\n", 1)
        assert len(section) == 2, rule.code
        body = section[1].split("\n### ", 1)[0]
        assert f"**{rule.severity.value}**" in body
        assert f"**Fix:** {rule.fix}" in body
    assert {r.code[0] for r in RULES} <= {prefix for prefix, _ in SECTIONS}


def test_every_code_the_source_emits_is_in_the_registry():
    src = ROOT / "src" / "transition_cli"
    emitted = set()
    for path in src.rglob("*.py"):
        emitted |= set(re.findall(r'"([A-Z]\d{3})"', path.read_text(encoding="utf-8")))
    assert emitted
    assert emitted <= set(RULES_BY_CODE)


def test_rules_command(cli):
    one = cli("rules", "S003")
    assert one.exit_code == 0
    assert one.stdout == (
        "S003 unknown-key (warning; every kind of file)\n"
        "  A key the format does not know (often a typo); it is ignored.\n"
        "  Fix: Correct the spelling (the hint suggests the closest key) or remove it.\n"
        "  Example:\n"
        "    [[milestones]]\n"
        "    deu = 2018-03-31\n"
    )
    every = cli("rules")
    assert [line.split()[0] for line in every.stdout.splitlines()
            if line and not line.startswith(" ")] == [r.code for r in RULES]
    journal = cli("rules", "j")
    assert journal.stdout.count("(error; strategy, partnership)") == 11
    assert "X101 partnership-without-region (error; files checked together)" in cli(
        "rules", "X101").stdout
    assert cli("rules", "--markdown").stdout == rules_markdown()


def test_rules_unknown_code_is_a_usage_error(cli):
    result = cli("rules", "Q123")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: transition rules: unknown rule code 'Q123'")
