"""A tiny, safe arithmetic language for the flows of a parameter set.

A flow is written as an expression over named inputs, e.g.
``"wage_month * 12 * (1 + employer_contribution_rate)"``, so that overriding one
input (an organisation's own income-support level) updates every flow that uses
it. Only numbers, input names, ``+ - * /``, unary minus, parentheses and the
functions ``min``/``max`` are allowed; nothing is ever passed to ``eval``.
Evaluation is vectorised: inputs may be NumPy arrays of Monte Carlo draws.
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]

_BINARY: dict[type[ast.operator], Callable[[FloatArray, FloatArray], FloatArray]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
}
_FUNCTIONS: dict[str, Callable[[FloatArray, FloatArray], FloatArray]] = {
    "min": np.minimum,
    "max": np.maximum,
}


class ExpressionError(ValueError):
    """An expression is malformed or uses something outside the small language."""


@dataclass(frozen=True)
class Expression:
    """A parsed flow expression and the input names it reads."""

    source: str
    names: frozenset[str]
    _tree: ast.expr

    def evaluate(self, inputs: Mapping[str, FloatArray]) -> FloatArray:
        """Evaluate with every input given as an array (shape ``(1,)`` or ``(draws,)``)."""
        return np.asarray(_eval(self._tree, inputs), dtype=np.float64)


def parse_expression(source: str | float | int) -> Expression:
    """Parse a number or an expression string; raise ExpressionError if not allowed."""
    if isinstance(source, bool):
        raise ExpressionError("a flow cannot be a boolean")
    text = repr(float(source)) if isinstance(source, int | float) else str(source)
    try:
        tree = ast.parse(text, mode="eval").body
    except SyntaxError as error:
        raise ExpressionError(f"cannot parse {text!r}: {error.msg}") from error
    names: set[str] = set()
    _check(tree, names, text)
    return Expression(source=text, names=frozenset(names), _tree=tree)


def _check(node: ast.expr, names: set[str], text: str) -> None:
    if isinstance(node, ast.Constant):
        if isinstance(node.value, bool) or not isinstance(node.value, int | float):
            raise ExpressionError(f"only numbers are allowed as constants in {text!r}")
    elif isinstance(node, ast.Name):
        names.add(node.id)
    elif isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
        _check(node.left, names, text)
        _check(node.right, names, text)
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        _check(node.operand, names, text)
    elif (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in _FUNCTIONS
        and len(node.args) == 2
        and not node.keywords
    ):
        for argument in node.args:
            _check(argument, names, text)
    else:
        raise ExpressionError(f"{ast.dump(node)[:40]}… is not allowed in {text!r}")


def _eval(node: ast.expr, inputs: Mapping[str, FloatArray]) -> FloatArray:
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
        return np.array([float(node.value)])
    if isinstance(node, ast.Name):
        try:
            return inputs[node.id]
        except KeyError:
            raise ExpressionError(f"unknown input {node.id!r}") from None
    if isinstance(node, ast.BinOp):
        return _BINARY[type(node.op)](_eval(node.left, inputs), _eval(node.right, inputs))
    if isinstance(node, ast.UnaryOp):
        value = _eval(node.operand, inputs)
        return -value if isinstance(node.op, ast.USub) else value
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        left, right = (_eval(argument, inputs) for argument in node.args)
        return _FUNCTIONS[node.func.id](left, right)
    raise ExpressionError("unreachable: expression was not checked")  # pragma: no cover
