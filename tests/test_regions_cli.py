"""`transition regions`: find NUTS codes by code or name."""

from __future__ import annotations


def test_bretagne_finds_frh0(cli):
    result = cli("regions", "bretagne")
    assert result.exit_code == 0
    assert result.stdout == (  # no trailing spaces (tables pad their lines)
        'NUTS regions matching "bretagne"\n'
        "\n"
        "  code   name       level   country   versions\n"
        " ──────────────────────────────────────────────────────\n"
        "  FRH0   Bretagne       2   FR        2016, 2021, 2024\n"
        "  FRH    Bretagne       1   FR        2016, 2021, 2024\n"
        "\n"
    )


def test_case_accents_and_codes(cli):
    for query in ("Bretagne", "BRETAGNE", "FRH0", "frh0"):
        assert "FRH0" in cli("regions", query).stdout, query
    accented = cli("regions", "andalucia")
    assert "ES61" in accented.stdout and "Andalucía" in accented.stdout


def test_level_and_version_filters(cli):
    assert "FRH " not in cli("regions", "bretagne", "--level", "2").stdout.replace("FRH0", "")
    manchester = cli("regions", "greater manchester")
    assert "UKD3" in manchester.stdout and "2016" in manchester.stdout
    gone = cli("regions", "greater manchester", "--version", "2021")
    assert gone.exit_code == 1
    assert gone.stderr.startswith("error: no NUTS region matches 'greater manchester'")


def test_without_query_lists_the_countries(cli):
    result = cli("regions")
    assert result.exit_code == 0
    assert "EL     Greece" in result.stdout and "UK     United Kingdom" in result.stdout


def test_bad_version_is_a_usage_error(cli):
    result = cli("regions", "x", "--version", "2020")
    assert result.exit_code == 2
    assert result.stderr == ("error: --version '2020' is not a NUTS version\n"
                             "  hint: one of: 2016, 2021, 2024\n")


def test_limit_says_what_is_not_shown(cli):
    result = cli("regions", "FR", "--level", "3", "--limit", "2")
    assert result.exit_code == 0
    assert result.stderr.endswith("more not shown: narrow the query, or use --level, "
                                  "--version or --limit " + result.stderr.split()[-1] + "\n")
