"""Indicator expressions: ``"loonkostensubsidie AND NOT meedoenregeling"``.

In: the text of an expression and the names it may use (indicators and themes).  Out: the
expression as a nested tuple (:func:`parse_expression`) that :func:`evaluate` computes over
membership arrays: the counting (:mod:`.aggregate`) per person, the disclosure model
(:mod:`..protect.structure`) per combination of indicators.  Pure logic.
"""

import re
from typing import List

from ...i18n import tr
from ..errors import SteunstructuurError


class ExpressionError(SteunstructuurError, ValueError):
    """An expression cannot be read; the message names the term."""


KEYWORDS = {"and": "and", "en": "and", "or": "or", "of": "or", "not": "not", "niet": "not"}
_TOKEN_RE = re.compile(r"\s*(\(|\)|[A-Za-z][A-Za-z0-9_]*|[^\s()A-Za-z]+)")


def parse_expression(text: str, names):
    """An indicator expression as a nested tuple: ``("or"|"and", a, b)``, ``("not", a)`` or
    a name of ``names``.  Keywords AND/OR/NOT (or EN/OF/NIET), any case; NOT binds
    tightest, then AND, then OR; brackets group.  An :class:`ExpressionError` names the term."""
    text = str(text)
    tokens = [t.strip() for t in _TOKEN_RE.findall(text)]
    if not tokens or "".join(tokens) != re.sub(r"\s+", "", text):
        raise ExpressionError(tr("cannot read the expression"))
    pos = [0]

    def peek():
        return tokens[pos[0]] if pos[0] < len(tokens) else None

    def take():
        tok = peek()
        pos[0] += 1
        return tok

    def key(tok):
        return KEYWORDS.get(tok.lower()) if tok else None

    def either():
        left = both()
        while key(peek()) == "or":
            take()
            left = ("or", left, both())
        return left

    def both():
        left = unary()
        while key(peek()) == "and":
            take()
            left = ("and", left, unary())
        return left

    def unary():
        tok = take()
        if tok is None:
            raise ExpressionError(tr("the expression ends too early"))
        if key(tok) == "not":
            return ("not", unary())
        if tok == "(":
            inner = either()
            if take() != ")":
                raise ExpressionError(tr("a '(' is not closed"))
            return inner
        if key(tok) or not re.match(r"^[A-Za-z]", tok):
            raise ExpressionError(tr("unexpected '{term}'").format(term=tok))
        if tok not in names:
            raise ExpressionError(tr("unknown indicator or theme '{term}'").format(term=tok))
        return tok

    tree = either()
    if peek() is not None:
        raise ExpressionError(tr("unexpected '{term}'").format(term=peek()))
    return tree


def expression_terms(tree) -> List[str]:
    """The names an expression uses, in order of first use."""
    if isinstance(tree, str):
        return [tree]
    out: List[str] = []
    for sub in tree[1:]:
        out += [t for t in expression_terms(sub) if t not in out]
    return out


def evaluate(tree, value):
    """``tree`` with each name replaced by ``value(name)`` (bools or numpy bool arrays)."""
    import numpy as np

    if isinstance(tree, str):
        return value(tree)
    if tree[0] == "not":
        return np.logical_not(evaluate(tree[1], value))
    join = np.logical_and if tree[0] == "and" else np.logical_or
    return join(evaluate(tree[1], value), evaluate(tree[2], value))
