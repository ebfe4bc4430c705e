"""Babel's extraction of this package's messages: ``_()``, ``N_()``, ``ngettext()`` (Babel's
Python extractor) and the command line's help texts, which typer takes from places no
keyword marks: ``help="..."`` arguments and the docstrings of command functions.

Named in babel.cfg (``[extractors]``); ``scripts/update_catalog.py`` and the catalog test
(tests/test_catalog.py) use it through Babel, as ``pybabel extract`` does::

    PYTHONPATH=scripts pybabel extract -F babel.cfg -o transition.pot .
"""

from __future__ import annotations

import ast
import inspect
import io
from collections.abc import Collection, Iterator, Mapping
from typing import IO, Any

from babel.messages.extract import extract_python

Message = tuple[int, Any, Any, list[str]]


class NotExtractable(ValueError):
    """A help text that is not a literal (an f-string): the catalog cannot hold it."""


def extract(fileobj: IO[bytes], keywords: Mapping[str, Any], comment_tags: Collection[str],
            options: dict[str, Any]) -> Iterator[Message]:
    data = fileobj.read()
    yield from extract_python(io.BytesIO(data), keywords, comment_tags, options)
    yield from help_texts(data.decode("utf-8"), getattr(fileobj, "name", "?"))


def _literal(node: ast.expr) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _literal(node.left), _literal(node.right)
        if left is not None and right is not None:
            return left + right
    return None


def _decorated_as_command(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    for deco in node.decorator_list:
        call = deco.func if isinstance(deco, ast.Call) else deco
        if isinstance(call, ast.Attribute) and call.attr in ("command", "callback"):
            return True
    return False


def help_texts(source: str, filename: str = "?") -> Iterator[Message]:
    """The help texts of a module of the command line, each as typer hands it to Click
    (``inspect.cleandoc``)."""
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            for keyword in node.keywords:
                if keyword.arg != "help":
                    continue
                text = _literal(keyword.value)
                if text is None:
                    if not isinstance(keyword.value, ast.JoinedStr):
                        continue  # a name or a call: its text is marked where it is made
                    raise NotExtractable(f"{filename}:{keyword.value.lineno}: help= must be "
                                         "a literal string to be translated")
                yield keyword.value.lineno, None, inspect.cleandoc(text), []
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) \
                and _decorated_as_command(node):
            doc = ast.get_docstring(node, clean=True)
            if doc:
                yield node.body[0].lineno, None, doc, []
