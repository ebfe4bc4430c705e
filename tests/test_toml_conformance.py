"""The TOML reader against the toml-test suite (TOML 1.0.0 list of files).

Valid cases must parse to their expected values (floats as ``Decimal``); invalid ones must
give one F001 finding with a line (F002 with a line for the cases that are not UTF-8
text: bad bytes, NUL, UTF-16). The cases of TOML 1.0.0 are kept in ``tests/data/toml-test``
(about 100 KB, MIT; its README says where they come from), so they run wherever the tests
run; ``$TOML_TEST_DIR`` points at another copy of the suite.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from transition_cli.files import source

ROOT = Path(__file__).resolve().parents[1]
CANDIDATES = [
    Path(os.environ["TOML_TEST_DIR"]) if os.environ.get("TOML_TEST_DIR") else None,
    ROOT / "tests" / "data" / "toml-test",
]
SUITE = next((p for p in CANDIDATES if p is not None and (p / "files-toml-1.0.0").is_file()),
             None)


def _names() -> tuple[list[str], list[str]]:
    if SUITE is None:
        return [], []
    names = (SUITE / "files-toml-1.0.0").read_text(encoding="utf-8").split()
    valid = [n for n in names if n.startswith("valid/") and n.endswith(".toml")]
    invalid = [n for n in names if n.startswith("invalid/") and n.endswith(".toml")]
    return valid, invalid


VALID, INVALID = _names()


def test_the_suite_is_there():
    """The suite runs wherever the tests do: its absence is a failure, never a skip."""
    where = ", ".join(str(p) for p in CANDIDATES if p is not None)
    assert SUITE is not None, f"toml-test not found in {where}"
    assert len(VALID) == 210
    assert len(INVALID) == 499


def expected_equal(expected: Any, got: Any, where: str) -> None:
    """toml-test's tagged JSON (``{"type": "integer", "value": "1"}``) against a value."""
    if isinstance(expected, list):
        assert isinstance(got, list) and len(got) == len(expected), where
        for i, (e, g) in enumerate(zip(expected, got, strict=True)):
            expected_equal(e, g, f"{where}[{i}]")
        return
    if (isinstance(expected, dict) and set(expected) == {"type", "value"}
            and all(isinstance(v, str) for v in expected.values())):
        kind, text = expected["type"], expected["value"]
        if kind == "string":
            assert got == text and isinstance(got, str), where
        elif kind == "integer":
            assert type(got) is int and got == int(text), where
        elif kind == "bool":
            assert got is (text == "true"), where
        elif kind == "float":
            assert isinstance(got, Decimal), (where, "floats are read as Decimal")
            want = Decimal(text.replace("inf", "Infinity"))
            if want.is_nan():
                assert got.is_nan(), where
            else:
                assert got == want, (where, got, want)
                assert got.is_signed() == want.is_signed() or want == 0, where
        elif kind == "datetime":
            want_dt = dt.datetime.fromisoformat(text.upper())
            assert isinstance(got, dt.datetime) and got.tzinfo is not None, where
            assert got == want_dt and got.utcoffset() == want_dt.utcoffset(), where
        elif kind == "datetime-local":
            assert isinstance(got, dt.datetime) and got.tzinfo is None, where
            assert got == dt.datetime.fromisoformat(text), where
        elif kind == "date-local":
            assert type(got) is dt.date and got == dt.date.fromisoformat(text), where
        elif kind == "time-local":
            assert type(got) is dt.time and got == dt.time.fromisoformat(text), where
        else:
            raise AssertionError(f"{where}: unknown type {kind}")
        return
    assert isinstance(expected, dict), where
    assert isinstance(got, dict) and set(got) == set(expected), (where, set(got) ^ set(expected))
    for key, value in expected.items():
        expected_equal(value, got[key], f"{where}.{key}")


@pytest.mark.parametrize("name", VALID)
def test_valid_cases_read_to_their_expected_values(name: str) -> None:
    assert SUITE is not None
    data = (SUITE / name).read_bytes()
    expected = json.loads((SUITE / name).with_suffix(".json").read_text(encoding="utf-8"))
    expected_equal(expected, source.parse(source.decode(data)), name)


NOT_TEXT = {"F002"}  # bytes that are not UTF-8 text are refused before parsing


@pytest.mark.parametrize("name", INVALID)
def test_invalid_cases_are_findings_with_a_line(name: str) -> None:
    assert SUITE is not None
    data = (SUITE / name).read_bytes()
    with pytest.raises(source.SourceError) as caught:
        source.parse(source.decode(data))
    error = caught.value
    undecodable = b"\x00" in data or not _is_utf8(data)
    assert error.code == ("F002" if undecodable else "F001"), (name, error.message)
    assert error.line is not None and error.line >= 1, (name, error.message)
    assert error.column is not None and error.column >= 1, (name, error.message)
    assert "\n" not in error.message, name


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
