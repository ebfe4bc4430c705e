"""JSON Schema for editors, generated from the declarative specs in ``schema.py``.

Draft 07, every definition inlined (no ``$ref``), which taplo / Even Better TOML and
check-jsonschema all read. TOML dates reach a JSON Schema validator as strings (taplo and
check-jsonschema both convert them), so dates are ``{"type": "string", "format": "date"}``.

The schema helps while typing; ``transition check`` stays the authority. What a JSON
Schema cannot see: a quoted date (``"2018-03-31"``) looks like a date to it, amounts with
more than two decimals pass (float ``multipleOf`` is unreliable across validators), and
the cross-file rules (calls, caps, dependencies) need the tool.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from transition_cli.core import spec as types
from transition_cli.core.model import FORMAT_VERSION
from transition_cli.files import schema
from transition_cli.ledger.kinds import JOURNAL_KINDS

DRAFT = "http://json-schema.org/draft-07/schema#"

TITLES = {
    "strategy": "transition strategy file (a region's economic-transformation strategy)",
    "partnership": "transition partnership file (an interregional partnership)",
    "calls": "transition calls file (calls for expressions of interest and their envelopes)",
}


def type_schema(spec: types.Type) -> dict[str, Any]:
    if isinstance(spec, types.Table):
        return table_schema(spec)
    if isinstance(spec, types.Tables):
        return {"type": "array", "items": table_schema(spec.table)}
    if isinstance(spec, types.List):
        out: dict[str, Any] = {"type": "array", "items": type_schema(spec.item)}
        if spec.unique:
            out["uniqueItems"] = True
        return out
    if isinstance(spec, types.Str):
        out = {"type": "string"}
        if spec.choices:
            out["enum"] = list(spec.choices)
        elif spec.pattern:
            out["pattern"] = spec.pattern
        elif spec.nonempty:
            out["pattern"] = r"\S"
        return out
    if isinstance(spec, types.Date):
        return {"type": "string", "format": "date"}
    if isinstance(spec, types.Percent):
        return {"type": "number", "minimum": 0, "maximum": 100}
    if isinstance(spec, types.Money | types.Number):
        return {"type": "number", "minimum": 0}
    if isinstance(spec, types.Days):
        return {"type": "number", "minimum": 0}
    if isinstance(spec, types.Int):
        return {"type": "integer", "minimum": spec.minimum}
    if isinstance(spec, types.Bool):
        return {"type": "boolean"}
    raise TypeError(spec)  # pragma: no cover - the specs above are the only types


def field_schema(f: types.Field) -> dict[str, Any]:
    out = type_schema(f.type)
    description = f.doc or f"{f.type.label[0].upper()}{f.type.label[1:]}."
    return {"description": description, **out}


def table_schema(spec: types.Table) -> dict[str, Any]:
    out: dict[str, Any] = {
        "type": "object",
        "properties": {f.name: field_schema(f) for f in spec.fields},
        # Unknown keys are warnings in `check` (S003): editors flag them as typos.
        "additionalProperties": False,
    }
    required = [f.name for f in spec.fields if f.required]
    if required:
        out["required"] = required
    if spec is schema.JOURNAL_ENTRY:
        out["allOf"] = [
            {
                "if": {"properties": {"kind": {"const": kind.name}}, "required": ["kind"]},
                "then": {
                    "required": list(kind.required),
                    "propertyNames": {"enum": sorted(kind.allowed)},
                },
            }
            for kind in JOURNAL_KINDS.values()
        ]
    return out


def json_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of one kind of file."""
    body = table_schema(schema.SPECS[kind])
    body["properties"][schema.FORMAT_FIELD.name] = {
        "description": f'Kind and format version: "{kind}/{FORMAT_VERSION}".',
        "const": f"{kind}/{FORMAT_VERSION}",
    }
    return {
        "$schema": DRAFT,
        "title": TITLES[kind],
        **body,
    }


def schema_file_name(kind: str) -> str:
    return f"{kind}-{FORMAT_VERSION}.schema.json"


def schema_text(kind: str) -> str:
    """The schema as committed under ``schemas/``: sorted keys off, 2-space indent."""
    return json.dumps(json_schema(kind), indent=2, ensure_ascii=False) + "\n"


def default_schema_location(plan_file: Path, kind: str = "strategy") -> tuple[Path, str]:
    """Where ``init`` keeps a kind's schema, and how the plan's ``#:schema`` names it.

    The schema lives at ``schemas/KIND-1.schema.json`` under the project root (the git
    root above the plan, else the plan's folder); the directive is the path from the
    plan's folder, which taplo resolves relative to the TOML file, so it works offline
    and in every clone.
    """
    import os

    from transition_cli.files.project import git_root

    folder = Path(os.path.abspath(plan_file)).parent  # noqa: PTH100 - keep symlinks
    root = git_root(folder) or folder
    target = root / "schemas" / schema_file_name(kind)
    return target, Path(os.path.relpath(target, folder)).as_posix()
