from transition_cli import load_text


def test_fixture_strategy_is_clean(strategy_text, cli, write):
    path = write("hdf.toml", strategy_text)
    result = cli("check", path, "--as-of", "2018-02-01")
    assert result.exit_code == 0, result.stdout
    assert result.stdout == ""
    assert result.stderr == "All clean: 1 file checked, as of 2018-02-01.\n"


def test_library_load(strategy_text):
    import datetime as dt

    doc = load_text(strategy_text, as_of=dt.date(2018, 2, 1))
    assert doc.findings == []
    assert doc.plan.region.nuts == ("FRE1", "FRE2")
