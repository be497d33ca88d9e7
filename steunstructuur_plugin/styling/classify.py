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
    if method == "quantile" and len(out) < n_classes + 1 and len(out) <= 3 and (v == lo).mean() >= 1 / n_classes:
        # the lowest value (mostly 0: a stacking map) fills whole quantiles, and the map
        # collapsed to one or two classes: that value is a class of its own (edges lo, lo),
        # the other values are split into quantiles of their own
        rest = breaks(v[v > lo], n_classes - 1, method)
        return [lo, lo] + (rest[1:] if rest[0] < rest[-1] else [hi])
    return out


def jenks(v: np.ndarray, k: int) -> List[float]:
    """Fisher-Jenks natural breaks: the exact optimum (least sum of squared deviations
    within classes) of sorted ``v``.

    Dynamic programming over the number of classes; the best start of the last class is
    non-decreasing in the number of values (the property Ckmeans.1d.dp uses), so each
    layer is solved by divide and conquer, vectorised over all segments of one depth:
    O(k n log n) numpy work, 13,594 buurten in milliseconds."""
    v = np.asarray(v, dtype=float)
    n = len(v)
    k = min(k, len(np.unique(v)))
    if k < 2:
        return [float(v[0]), float(v[-1])]
    w = v - v[0]  # shifted: less cancellation in the sums of squares
    cs = np.concatenate([[0.0], np.cumsum(w)])
    cs2 = np.concatenate([[0.0], np.cumsum(w * w)])

    def ssd(i, j):  # sum of squared deviations of v[i:j], elementwise
        s = cs[j] - cs[i]
        return np.maximum((cs2[j] - cs2[i]) - s * s / (j - i), 0.0)

    prev = np.full(n + 1, np.inf)
    prev[1:] = ssd(np.zeros(n, dtype=np.int64), np.arange(1, n + 1))
    backs = []
    for c in range(2, k + 1):
        cost = np.full(n + 1, np.inf)
        back = np.zeros(n + 1, dtype=np.int64)
        jlo, jhi = np.array([c]), np.array([n])
        ilo, ihi = np.array([c - 1]), np.array([n - 1])
        while len(jlo):
            mid = (jlo + jhi) // 2
            top = np.minimum(ihi, mid - 1)
            lens = top - ilo + 1
            seg = np.repeat(np.arange(len(mid)), lens)
            first = np.concatenate([[0], np.cumsum(lens)[:-1]])
            i = ilo[seg] + np.arange(len(seg)) - first[seg]
            j = mid[seg]
            val = prev[i] + ssd(i, j)
            order = np.lexsort((i, val, seg))  # per segment: least cost, then the smallest start
            pick = order[np.concatenate([[0], np.cumsum(lens)[:-1]])]
            best = i[pick]
            cost[mid], back[mid] = val[pick], best
            left, right = mid - 1 >= jlo, jhi >= mid + 1
            jlo, jhi, ilo, ihi = (np.concatenate([jlo[left], mid[right] + 1]),
                                  np.concatenate([mid[left] - 1, jhi[right]]),
                                  np.concatenate([ilo[left], best[right]]),
                                  np.concatenate([best[left], ihi[right]]))
        backs.append(back)
        prev = cost
    cuts, j = [n], n
    for back in reversed(backs):
        j = int(back[j])
        cuts.append(j)
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
    """1-based class of ``value`` for edges from :func:`breaks` (upper bounds inclusive);
    0 for a missing value."""
    if value is None or not edges:
        return 0
    return int(classes([value], edges)[0])


def classes(values, edges: List[float]) -> np.ndarray:
    """1-based classes of ``values`` (NaN or None: 0).  A value belongs to the first class
    whose upper edge it does not exceed, exactly as the renderers' expressions test it."""
    v = np.asarray([np.nan if x is None else x for x in values], dtype=float)
    if len(edges) < 2:
        return np.where(np.isnan(v), 0, 1)
    inner = np.asarray(edges[1:-1], dtype=float)
    out = np.searchsorted(inner, v, side="left") + 1
    return np.where(np.isnan(v), 0, out)
