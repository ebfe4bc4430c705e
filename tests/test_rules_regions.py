"""N (NUTS codes), X (partnerships) and L (clusters) rules, on inline documents."""

from __future__ import annotations

from dataclasses import replace

from conftest import STRATEGY
from regions_fixtures import FINLAND, PARTNERSHIP, codes, findings, only
from transition_cli.files.calls import Catalogue, load_catalogue


def test_fixtures_are_clean():
    assert findings(PARTNERSHIP) == []
    assert [f for f in findings(STRATEGY) if f.code[0] in "NXL"] == []


# --- N001 unknown NUTS code ------------------------------------------------------------

def test_unknown_nuts_code_suggests_close_codes():
    [f] = only(STRATEGY.replace('"FRE2"]', '"FRE9"]'), "N001")
    assert f.message == 'unknown NUTS code "FRE9"'
    assert f.key == "region.nuts[1]"
    assert f.line == 11
    assert f.hint is not None and f.hint.startswith("did you mean FRE")
    assert "`transition regions NAME`" in f.hint


def test_unknown_nuts_code_in_a_member():
    [f] = only(PARTNERSHIP.replace('"ES41"', '"ES49"'), "N001")
    assert f.key == "members[2].nuts[0]"
    assert "did you mean" in (f.hint or "")


def test_codes_of_an_associated_non_eu_region_are_not_looked_up():
    text = PARTNERSHIP + FINLAND.replace('"helsinki"', '"vestland"').replace(
        '"FI"', '"NO"\nassociated = true').replace('"FI1B"', '"NO0A2"')
    assert "N001" not in codes(text)


# --- N002 country ----------------------------------------------------------------------

def test_code_of_another_country():
    f, g = only(STRATEGY.replace('country = "FR"', 'country = "BE"'), "N002")
    assert g.key == "region.nuts[1]"
    assert f.message == "FRE1 (Nord-Pas de Calais) is in FR (France), but the region is in BE"
    assert f.hint == 'write country = "FR", or a NUTS code of BE'


def test_iso_country_code_gets_the_eurostat_hint():
    text = PARTNERSHIP.replace('country = "FI"\nnuts = ["FI1B"]', 'country = "GR"\nnuts = ["EL43"]')
    [f] = only(text, "N002")
    assert f.key == "members[3].nuts[0]"
    assert "Eurostat writes Greece EL" in (f.hint or "")


# --- N003 NUTS version -----------------------------------------------------------------

GREATER_MANCHESTER = STRATEGY.replace('country = "FR"', 'country = "UK"').replace(
    'nuts = ["FRE1", "FRE2"]', 'nuts = ["UKD3"]')


def test_uk_code_passes_under_a_call_of_nuts_2016():
    # itr-2017 declares nuts_version = "2016" (FACTS.md: the classification in force for
    # the pilot); a file without its own nuts_version uses its call's.
    assert [c for c in codes(GREATER_MANCHESTER) if c.startswith("N")] == []


def without_nuts_versions() -> Catalogue:
    return Catalogue(tuple(replace(c, nuts_version=None) for c in load_catalogue().calls))


def test_uk_code_is_not_in_nuts_2021_the_default_version():
    [f] = only(GREATER_MANCHESTER, "N003", without_nuts_versions())
    assert f.message == ("UKD3 (Greater Manchester) is not a code of NUTS 2021 (the default "
                         "version); it is valid in 2013, 2016")
    assert f.hint == ('the UK left NUTS after Brexit; UKD3 is valid in NUTS 2013, 2016 only: '
                      'write nuts_version = "2016" at the top')


def test_the_files_nuts_version_overrides_the_calls():
    text = GREATER_MANCHESTER.replace('call = "itr-2017"',
                                      'call = "itr-2017"\nnuts_version = "2021"')
    [f] = only(text, "N003")
    assert f.message.endswith("not a code of NUTS 2021 (the file's nuts_version); it is "
                              "valid in 2013, 2016")
    declared_2016 = text.replace('nuts_version = "2021"', 'nuts_version = "2016"')
    assert [c for c in codes(declared_2016, without_nuts_versions())
            if c.startswith("N")] == []


def test_code_of_a_later_version_names_it():
    text = STRATEGY.replace('country = "FR"', 'country = "PT"').replace(
        'nuts = ["FRE1", "FRE2"]', 'nuts = ["PT19"]')
    [f] = only(text, "N003")
    assert f.message == ("PT19 (Centro (PT)) is not a code of NUTS 2016 (the version of call "
                         "itr-2017); it is valid in 2024")
    assert f.hint == ('write nuts_version = "2024" at the top, or use a code of NUTS 2016 '
                      "(`transition regions PT --version 2016` lists PT's)")


def test_codes_of_nuts_2021_are_not_of_nuts_2016():
    # Croatia was split in 2021: HR02, HR05 and HR06 replaced HR04.
    text = STRATEGY.replace('country = "FR"', 'country = "HR"').replace(
        'nuts = ["FRE1", "FRE2"]', 'nuts = ["HR02", "HR03", "HR04"]')
    [f] = only(text, "N003")
    assert f.key == "region.nuts[0]"
    assert f.message.startswith("HR02 (Panonska Hrvatska) is not a code of NUTS 2016")


def test_code_gone_in_a_later_version():
    text = PARTNERSHIP.replace('theme = "cybersecurity"', 'theme = "cybersecurity"\n'
                               'nuts_version = "2024"') + FINLAND.replace(
        '"helsinki"', '"zuid-holland"').replace('"FI"', '"NL"').replace('"FI1B"', '"NL33"')
    [f] = only(text, "N003")
    assert "not a code of NUTS 2024 (the file's nuts_version)" in f.message


# --- N004 Extra-Regio ------------------------------------------------------------------

def test_extra_regio_code_is_never_a_region():
    text = STRATEGY.replace('nuts = ["FRE1", "FRE2"]', 'nuts = ["FRE1", "FRE2", "FRZZ"]')
    [f] = only(text, "N004")
    assert f.key == "region.nuts[2]"
    assert f.message == ("FRZZ is an Extra-Regio code (territory of France outside any "
                         "region), not part of the region")
    assert f.hint == "remove it (`transition regions FR` lists the regions of France)"


def test_extra_regio_code_of_a_member():
    [f] = only(PARTNERSHIP.replace('nuts = ["EE00"]', 'nuts = ["EE00", "EEZZ"]'), "N004")
    assert f.key == "members[1].nuts[1]"
    assert "not part of member estonia" in f.message


# --- X001 coordinators ------------------------------------------------------------------

def test_coordinator_must_be_a_member():
    [f] = only(PARTNERSHIP.replace('coordinators = ["bretagne"]',
                                   'coordinators = ["bretagne", "brittany"]'), "X001")
    assert f.message == 'coordinator "brittany" is not a member'
    assert f.key == "coordinators[1]"
    assert (f.hint or "").startswith('did you mean "bretagne"?')


def test_empty_coordinators():
    [f] = only(PARTNERSHIP.replace('coordinators = ["bretagne"]', "coordinators = []"), "X001")
    assert f.message == "the partnership names no coordinating region"


# --- X002 Member States -----------------------------------------------------------------

THREE_STATES = PARTNERSHIP.replace(FINLAND.strip() + "\n", "")


def test_three_member_states_fail_under_the_pilot_call():
    [f] = only(THREE_STATES, "X002")
    assert f.message == ("3 Member States (EE, ES, FR) among the members; iip-2017 asks for "
                         "at least 4")
    assert f.hint == "add partner regions from 1 more EU Member State under [[members]]"


def test_estonia_counts_and_an_associated_norwegian_region_does_not():
    norway = FINLAND.replace('"helsinki"', '"vestland"').replace(
        '"FI"', '"NO"\nassociated = true').replace('nuts = ["FI1B"]\n', "")
    assert "X002" not in codes(PARTNERSHIP)  # FR, EE, ES, FI
    [f] = only(THREE_STATES + norway, "X002")
    assert f.message.endswith("associated regions (vestland) do not count")


# --- X003 associated flag ----------------------------------------------------------------

def test_associated_region_of_a_member_state():
    text = PARTNERSHIP.replace('country = "EE"', 'country = "EE"\nassociated = true')
    [f] = only(text, "X003")
    assert f.key == "members[1].associated"
    assert f.message == ("member estonia is marked associated, but EE (Estonia) is an EU "
                         "Member State")


def test_non_eu_region_not_marked_associated():
    text = PARTNERSHIP + FINLAND.replace('"helsinki"', '"vestland"').replace(
        '"FI"', '"NO"').replace('nuts = ["FI1B"]\n', "")
    [f] = only(text, "X003")
    assert f.key == "members[4].country"
    assert "NO (Norway), not an EU Member State, but is not marked associated" in f.message


# --- X004 / X005 phases ----------------------------------------------------------------

def test_phases_listed_out_of_order():
    text = PARTNERSHIP.replace('name = "learn"', 'name = "TMP"').replace(
        'name = "connect"', 'name = "learn"').replace('name = "TMP"', 'name = "connect"')
    [f] = only(text, "X004")
    assert f.message == 'phase "learn" comes after "connect"'
    assert f.key == "phases[1].name"


def test_phase_listed_twice_or_starting_before_the_previous_one():
    twice = PARTNERSHIP.replace('name = "commercialise"', 'name = "demonstrate"')
    assert [f.message for f in only(twice, "X004")] == ['phase "demonstrate" is listed twice']
    early = PARTNERSHIP.replace("start = 2018-09-01", "start = 2018-03-01")
    [f] = only(early, "X004")
    assert f.message == "demonstrate starts 2018-03-01, before connect (2018-05-01)"


def test_phase_dates_inside_the_period_and_in_order():
    backwards = PARTNERSHIP.replace("end = 2018-08-31", "end = 2018-04-30")
    [f] = only(backwards, "X005")
    assert f.message == "connect ends 2018-04-30, before it starts (2018-05-01)"
    late = PARTNERSHIP.replace("start = 2019-09-01\nend = 2019-12-31",
                               "start = 2019-09-01\nend = 2020-06-30")
    [f] = only(late, "X005")
    assert f.key == "phases[4].end"
    assert f.message == ("scale-up ends 2020-06-30, outside the period "
                         "(2018-01-01 to 2019-12-31)")


# --- X006 region listed twice --------------------------------------------------------

def test_member_listed_twice():
    [f] = only(PARTNERSHIP + FINLAND, "X006")
    assert f.message == 'member "helsinki" is listed twice'
    assert f.key == "members[4].id"


def test_nuts_code_under_two_members():
    text = PARTNERSHIP + FINLAND.replace('"helsinki"', '"uusimaa"')
    [f] = only(text, "X006")
    assert f.message == "FI1B is listed under both helsinki and uusimaa"
    assert f.key == "members[4].nuts[0]"


# --- L001 clusters ---------------------------------------------------------------------

CLUSTER = '''
[[clusters]]
id = "materials"
name = "Advanced materials"
members = [{ name = "Firm A", kind = "firm" }, { name = "Firm B", kind = "firm" }]
'''


def test_cluster_of_one_kind_is_a_warning():
    [f] = only(STRATEGY + CLUSTER, "L001")
    assert f.severity.value == "warning"
    assert f.message == "cluster materials (Advanced materials) links only firm members"
    assert f.key == "clusters[0]"


def test_cluster_linking_two_kinds_passes():
    two = CLUSTER.replace('"Firm B", kind = "firm"', '"Université de Lille", kind = "university"')
    assert "L001" not in codes(STRATEGY + two)


def test_cluster_joined_through_the_journal_counts():
    journal = '''
[[journal]]
date = 2018-03-01
kind = "cluster.join"
cluster = "materials"
name = "CNRS lab"
member_kind = "research-centre"
'''
    assert "L001" not in codes(STRATEGY + CLUSTER + journal)
    added = '''
[[journal]]
date = 2018-03-01
kind = "cluster.add"
cluster = "textiles"
name = "Smart textiles"
'''
    [f] = only(STRATEGY + added, "L001")
    assert f.message == "cluster textiles (Smart textiles) links no members yet"
    assert f.key == "journal[0]"
