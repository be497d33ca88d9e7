"""Bivariate classes: where two indicators are high together (armoede x jeugd).

Each indicator's published values are classified on their own (``n`` classes, any method
of :mod:`classify`); an area's ``bi_class`` is ``"<class of x>-<class of y>"``, e.g.
``"3-3"`` where both are in their top class.  An area where either value is not published
gets ``"suppressed"``: it is drawn with the hatch, never in a data colour.

The same classes are written as a QGIS expression (:func:`bi_class_expression`), so a
layer carries ``bi_class`` as an expression field that works without this plugin, and
the tests check that QGIS computes exactly what :func:`bi_classes` computes.
"""

from dataclasses import dataclass
from typing import List

import numpy as np

from .classify import breaks, classes

SUPPRESSED_CLASS = "suppressed"


@dataclass
class Bivariate:
    x_edges: List[float]
    y_edges: List[float]
    codes: List[str]  # one per area, in input order

    def counts(self) -> dict:
        """Areas per ``bi_class`` (only classes that occur)."""
        out = {}
        for c in self.codes:
            out[c] = out.get(c, 0) + 1
        return dict(sorted(out.items()))


def _values(values) -> np.ndarray:
    return np.asarray([np.nan if v is None else float(v) for v in values], dtype=float)


def bi_classes(x, y, n: int = 3, method: str = "quantile") -> Bivariate:
    """Classify ``x`` and ``y`` (one value per area, None/NaN = not published)."""
    if not 2 <= n <= 4:
        raise ValueError("a bivariate map has 2, 3 or 4 classes per indicator")
    xv, yv = _values(x), _values(y)
    if len(xv) != len(yv):
        raise ValueError("x and y need one value per area each")
    x_edges = breaks(xv[~np.isnan(xv)], n, method)
    y_edges = breaks(yv[~np.isnan(yv)], n, method)
    cx, cy = classes(xv, x_edges), classes(yv, y_edges)
    codes = [SUPPRESSED_CLASS if a == 0 or b == 0 else f"{a}-{b}" for a, b in zip(cx, cy)]
    return Bivariate(x_edges, y_edges, codes)


def class_expression(value: str, edges: List[float]) -> str:
    """QGIS expression for the 1-based class of ``value`` (a QGIS expression: a quoted field,
    or a share computed from two; same rule as :func:`classes`)."""
    inner = edges[1:-1]
    if not inner:
        return "1"
    whens = " ".join(f"WHEN ({value}) <= {e!r} THEN {i}" for i, e in enumerate(inner, start=1))
    return f"CASE {whens} ELSE {len(inner) + 1} END"


def bi_class_expression(x_value: str, y_value: str, result: Bivariate) -> str:
    """The ``bi_class`` of an area as a QGIS expression (``x_value``, ``y_value``: QGIS
    expressions of the two values)."""
    return (f"CASE WHEN ({x_value}) IS NULL OR ({y_value}) IS NULL THEN '{SUPPRESSED_CLASS}' "
            f"ELSE concat({class_expression(x_value, result.x_edges)}, '-', "
            f"{class_expression(y_value, result.y_edges)}) END")
