"""Strategies and the partnerships they name, checked together."""

from __future__ import annotations

import datetime as dt

from conftest import STRATEGY
from regions_fixtures import PARTNERSHIP
from transition_cli import check_paths
from transition_cli.core.model import Partnership, Strategy
from transition_cli.rules.crossfile import overlaps, partnerships_of

AS_OF = dt.date(2018, 2, 1)
HAUTS_DE_FRANCE_MEMBER = '''
[[members]]
id = "hauts-de-france"
name = "Hauts-de-France"
country = "FR"
nuts = ["FRE"]
'''


def naming(*ids: str) -> str:
    listed = ", ".join(f'"{i}"' for i in ids)
    return STRATEGY.replace("themes = [", f"partnerships = [{listed}]\nthemes = [")


def check(tmp_path, files):
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    result = check_paths([tmp_path], as_of=AS_OF)
    return {(f.file.rsplit("/", 1)[-1], f.code, f.key, f.message) for f in result.findings
            if f.code.startswith("X1")}


def test_strategy_naming_a_partnership_it_is_not_member_of(tmp_path):
    found = check(tmp_path, {"hdf.toml": naming("cybersecurity"), "cyber.toml": PARTNERSHIP})
    assert found == {("hdf.toml", "X101", "partnerships[0]",
                      f"partnership cybersecurity ({tmp_path}/cyber.toml) does not list "
                      "Hauts-de-France (FRE1, FRE2) among its members")}


def test_member_by_a_containing_nuts_code_is_fine(tmp_path):
    files = {"hdf.toml": naming("cybersecurity"),
             "cyber.toml": PARTNERSHIP + HAUTS_DE_FRANCE_MEMBER}
    assert check(tmp_path, files) == set()


def test_unknown_partnership_is_a_warning_when_partnerships_are_at_hand(tmp_path):
    result_files = {"hdf.toml": naming("cyber-security"), "cyber.toml": PARTNERSHIP}
    [(file, code, key, message)] = check(tmp_path, result_files)
    assert (file, code, key) == ("hdf.toml", "X102", "partnerships[0]")
    assert message == ('unknown partnership "cyber-security": no partnership file of the project '
                       "or checked with this one has that id")
    result = check_paths([tmp_path], as_of=AS_OF)
    [f] = [f for f in result.findings if f.code == "X102"]
    assert f.severity.value == "warning" and f.line == 6
    assert (f.hint or "").startswith('did you mean "cybersecurity"?')


def test_a_strategy_checked_alone_is_not_judged_on_its_partnerships(tmp_path):
    assert check(tmp_path, {"hdf.toml": naming("cybersecurity")}) == set()


def test_two_partnership_files_with_one_id(tmp_path):
    found = check(tmp_path, {"a.toml": PARTNERSHIP, "b.toml": PARTNERSHIP})
    assert {(f, c, k) for f, c, k, _ in found} == {("b.toml", "X103", "id")}


def test_partnerships_of_a_strategy(tmp_path):
    from transition_cli import load_text

    strategy = load_text(STRATEGY, as_of=AS_OF).plan
    cyber = load_text(PARTNERSHIP, as_of=AS_OF).plan
    joined = load_text(PARTNERSHIP.replace('id = "cybersecurity"', 'id = "ai"')
                       + HAUTS_DE_FRANCE_MEMBER, as_of=AS_OF).plan
    assert isinstance(strategy, Strategy)
    assert isinstance(cyber, Partnership) and isinstance(joined, Partnership)
    assert [p.id for p in partnerships_of(strategy, [cyber, joined])] == ["ai"]


def test_overlap_is_by_nuts_hierarchy():
    assert overlaps(["FRE"], ["FRE1"])
    assert overlaps(["FRE1"], ["FRE"])
    assert not overlaps(["FRE1"], ["FRE2"])


WALLONIE = STRATEGY.replace('name = "Hauts-de-France"', 'name = "Wallonie"').replace(
    'country = "FR"', 'country = "BE"').replace('nuts = ["FRE1", "FRE2"]',
                                                 'nuts = ["BE31", "BE32", "BE33", "BE34", "BE35"]')


def wallonie_member(*codes: str) -> str:
    listed = ", ".join(f'"{c}"' for c in codes)
    return f'''
[[members]]
id = "wallonie"
name = "Wallonie"
country = "BE"
nuts = [{listed}]
'''


def test_a_member_covering_only_part_of_the_region_is_allowed_and_said_once(tmp_path):
    # Issue 19: BE33 (Liège) inside Wallonie's BE31-BE35 was accepted without comment.
    strategy = WALLONIE.replace("themes = [", 'partnerships = ["cybersecurity"]\nthemes = [')
    found = check(tmp_path, {"wal.toml": strategy,
                             "cyber.toml": PARTNERSHIP + wallonie_member("BE33")})
    assert found == {("wal.toml", "X104", "partnerships[0]",
                      f"partnership cybersecurity ({tmp_path}/cyber.toml) lists only part of "
                      "Wallonie: BE33 of BE31, BE32, BE33, BE34, BE35")}
    result = check_paths([tmp_path], as_of=AS_OF)
    [f] = [f for f in result.findings if f.code == "X104"]
    assert f.severity.value == "warning"
    assert f.hint == (f"if the whole region takes part, add BE31, BE32, BE34, BE35 to its "
                      f"member in {tmp_path}/cyber.toml; if only that part takes part, this "
                      'warning is expected (ignore = ["X104"] in transition.toml silences it)')


def test_a_region_covered_in_whole_by_its_codes_or_a_parent_has_no_finding(tmp_path):
    strategy = WALLONIE.replace("themes = [", 'partnerships = ["cybersecurity"]\nthemes = [')
    for codes in (("BE3",), ("BE31", "BE32", "BE33", "BE34", "BE35")):
        folder = tmp_path / codes[0]
        folder.mkdir()
        assert check(folder, {"wal.toml": strategy,
                              "cyber.toml": PARTNERSHIP + wallonie_member(*codes)}) == set()


def test_a_region_with_no_code_in_common_is_still_x101_not_x104(tmp_path):
    strategy = WALLONIE.replace("themes = [", 'partnerships = ["cybersecurity"]\nthemes = [')
    found = check(tmp_path, {"wal.toml": strategy, "cyber.toml": PARTNERSHIP})
    assert {c for _, c, _, _ in found} == {"X101"}


def test_a_parent_code_covered_by_all_its_regions_is_whole_and_by_some_is_part(tmp_path):
    # Review finding: a strategy naming BE3 (Wallonie) with members BE31-BE35 was told
    # "lists only part"; with BE31 and BE32 only, the parts missing are named.
    parent = WALLONIE.replace('nuts = ["BE31", "BE32", "BE33", "BE34", "BE35"]',
                              'nuts = ["BE3"]').replace(
        "themes = [", 'partnerships = ["cybersecurity"]\nthemes = [')
    whole = tmp_path / "whole"
    whole.mkdir()
    assert check(whole, {"wal.toml": parent, "cyber.toml": PARTNERSHIP + wallonie_member(
        "BE31", "BE32", "BE33", "BE34", "BE35")}) == set()
    part = tmp_path / "part"
    part.mkdir()
    for name, text in {"wal.toml": parent,
                       "cyber.toml": PARTNERSHIP + wallonie_member("BE31", "BE32")}.items():
        (part / name).write_text(text, encoding="utf-8")
    [f] = [f for f in check_paths([part], as_of=AS_OF).findings if f.code == "X104"]
    assert f.message.endswith("lists only part of Wallonie: BE31, BE32 of BE3")
    assert f.hint.startswith("if the whole region takes part, add BE33, BE34, BE35 to its")
