"""Class breaks for choropleth maps: quantile, equal interval, natural breaks, pretty.

Each function takes the published values (NULLs removed by the caller or here) and the
number of classes, and returns the upper bounds of the classes; the lower bound of the
first class is the minimum.  Pure numpy.
"""

import math
from typing import List

import numpy as np

METHODS = ("quantile", "equal", "jenks", "pretty")


def _clean(values) -> np.ndarray:
    v = np.asarray([x for x in values if x is not None], dtype=float)
    return np.sort(v[np.isfinite(v)])


def breaks(values, n_classes: int = 5, method: str = "quantile") -> List[float]:
    """Return ``[min, b1, ..., max]`` (class edges); fewer classes when values are few."""
    v = _clean(values)
    if not 2 <= n_classes <= 9:
        raise ValueError("number of classes must be between 2 and 9")
    if method not in METHODS:
        raise ValueError(f"unknown classification method '{method}'")
    if len(v) == 0:
        return []
    lo, hi = float(v[0]), float(v[-1])
    if lo == hi:
        return [lo, hi]
    if method == "quantile":
        edges = np.quantile(v, np.linspace(0, 1, n_classes + 1), method="linear").tolist()
    elif method == "equal":
        edges = np.linspace(lo, hi, n_classes + 1).tolist()
    elif method == "jenks":
        edges = jenks(v, n_classes)
    else:
        edges = pretty(lo, hi, n_classes)
    out = [edges[0]]
    for e in edges[1:]:
        if e > out[-1]:
            out.append(e)
    return out


def jenks(v: np.ndarray, k: int) -> List[float]:
    """Fisher-Jenks natural breaks (exact, dynamic programming over sorted values)."""
    n = len(v)
    k = min(k, len(np.unique(v)))
    if k < 2:
        return [float(v[0]), float(v[-1])]
    cs = np.concatenate([[0.0], np.cumsum(v)])
    cs2 = np.concatenate([[0.0], np.cumsum(v * v)])

    def ssd(i, j):  # sum of squared deviations of v[i:j]
        s = cs[j] - cs[i]
        return (cs2[j] - cs2[i]) - s * s / (j - i)

    inf = float("inf")
    cost = np.full((k + 1, n + 1), inf)
    back = np.zeros((k + 1, n + 1), dtype=int)
    cost[0, 0] = 0.0
    for c in range(1, k + 1):
        for j in range(c, n + 1):
            best, arg = inf, c - 1
            for i in range(c - 1, j):
                val = cost[c - 1, i] + ssd(i, j)
                if val < best:
                    best, arg = val, i
            cost[c, j], back[c, j] = best, arg
    cuts, j = [], n
    for c in range(k, 0, -1):
        cuts.append(j)
        j = back[c, j]
    cuts = sorted(cuts)
    return [float(v[0])] + [float(v[c - 1]) for c in cuts]


def pretty(lo: float, hi: float, n: int) -> List[float]:
    """Round-number breaks (1, 2, 2.5, 5 x 10^k) covering [lo, hi], the class count nearest
    to ``n`` (ties: the finer step)."""
    mag = 10 ** math.floor(math.log10((hi - lo) / n))
    best = None
    for step in (m * mag for m in (0.5, 1, 2, 2.5, 5, 10)):
        start, stop = math.floor(lo / step) * step, math.ceil(hi / step) * step
        count = round((stop - start) / step)
        key = (abs(count - n), -count)
        if best is None or key < best[0]:
            best = (key, start, step, count)
    _, start, step, count = best
    return [round(start + i * step, 10) for i in range(count + 1)]


def class_of(value, edges: List[float]) -> int:
    """1-based class of ``value`` for edges from :func:`breaks` (upper bounds inclusive)."""
    if value is None or not edges:
        return 0
    for i in range(1, len(edges)):
        if value <= edges[i] + 1e-12:
            return i
    return len(edges) - 1
