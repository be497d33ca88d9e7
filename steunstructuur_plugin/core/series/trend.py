"""Trends over a series of peildata, from the published rates only.

In: a level's series table as the output publishes it (a row per area and peildatum:
each map's ``<map>_per1000``, NULL where it is not published).  Out: per area and map a
trend (:func:`trend`): the change of the rate per 1,000 inhabitants per year, its
standard error, the two-sided p-value, the number of published points and a class
(``rising``, ``falling``, ``no_trend``, ``too_few_points``); as a table per level
(:func:`trend_tables`), which the output writes as ``<level>_trend`` and the gate
recomputes from the file's own series.

Only published rates go in, so a trend tells nothing the published figures do not:
anyone can compute it from the file.  A suppressed peildatum is a gap, never a zero.

**The method** (the README's *Trends* says why): the published points ``(t_j, r_j)``
(``t`` in years) give increments ``d_j = r_{j+1} - r_j`` over gaps ``g_j``.  A linear
trend ``b`` with increments of variance ``s^2`` per year (a random walk with drift) gives
the estimate ``b = sum(d) / sum(g)`` (the change from the first published point to the
last, per year), ``s^2 = sum((d_j - b g_j)^2 / g_j) / (m - 2)`` and
``se(b) = s / sqrt(sum(g))``; ``b / se(b)`` has a t distribution with ``m - 2`` degrees of
freedom.  Counts of persons who stay in a provision for months are strongly correlated
from one peildatum to the next; a least-squares line through the points treats them as
independent and calls far too many trends significant.  The increments of such a series
are uncorrelated or negatively correlated (it returns to its level), so this test is
exact for a random walk and conservative for a series that returns to its level.
"""

import datetime
import math
from dataclasses import dataclass
from typing import Dict, List, Sequence

import numpy as np
import pandas as pd

from .tables import PEILDATUM

#: a trend is significant below this p-value (two-sided)
TREND_LEVEL = 0.05
#: published points a trend needs (three increments: one to estimate, two for the spread)
MIN_POINTS = 4
#: the classes of a trend
RISING, FALLING, NO_TREND, TOO_FEW = "rising", "falling", "no_trend", "too_few_points"
#: a level's trend layer is ``<level>_trend``
TREND_SUFFIX = "_trend"
#: decimals a trend table is written with (the gate recomputes and compares at these)
DECIMALS = {"trend": 3, "se": 3, "p": 4}


@dataclass(frozen=True)
class Trend:
    slope: float  #: change of the rate per 1,000 per year (NaN: too few points)
    se: float
    p: float
    points: int
    verdict: str


def years(dates: Sequence[str]) -> np.ndarray:
    """Peildata (YYYY-MM-DD) as years since the first."""
    days = [datetime.date.fromisoformat(d).toordinal() for d in dates]
    return (np.asarray(days, dtype=float) - days[0]) / 365.25


def trend(t: np.ndarray, rates: np.ndarray, level: float = TREND_LEVEL) -> Trend:
    """The trend of one area's rates at times ``t`` (years; NaN rates are gaps)."""
    from scipy.stats import t as student

    ok = ~np.isnan(rates)
    t, r = np.asarray(t, dtype=float)[ok], np.asarray(rates, dtype=float)[ok]
    m = len(r)
    if m < MIN_POINTS:
        return Trend(math.nan, math.nan, math.nan, m, TOO_FEW)
    d, g = np.diff(r), np.diff(t)
    b = float(d.sum() / g.sum())
    s2 = float(((d - b * g) ** 2 / g).sum() / (m - 2))
    se = math.sqrt(s2 / g.sum())
    if se == 0.0:  # every increment on the line: no spread to weigh the trend against
        p = 0.0 if b != 0.0 else 1.0
    else:
        p = float(2.0 * student.sf(abs(b) / se, m - 2))
    verdict = (RISING if b > 0 else FALLING) if p < level and b != 0.0 else NO_TREND
    return Trend(b, se, p, m, verdict)


def trend_columns(names: List[str]) -> List[str]:
    """The columns of a trend table after code, name and parent, per map."""
    return [f"{n}_{s}" for n in names for s in ("trend", "trend_se", "trend_p", "trend_points", "trend_class")]


def trend_tables(series: Dict[str, pd.DataFrame], names: List[str], level: float = TREND_LEVEL
                 ) -> Dict[str, pd.DataFrame]:
    """level -> a row per area (in the series' order): code, name, parent, and per map of
    ``names`` its trend, rounded as written (:data:`DECIMALS`)."""
    out = {}
    for lv, table in series.items():
        dates = sorted(table[PEILDATUM].unique())
        t = years(dates)
        first = table[table[PEILDATUM] == dates[0]]
        codes = first["code"].tolist()
        rows = {c: i for i, c in enumerate(codes)}
        frame = first[["code", "name", "parent"]].reset_index(drop=True).copy()
        at = table[PEILDATUM].map({d: j for j, d in enumerate(dates)}).to_numpy()
        where = table["code"].map(rows).to_numpy()
        cols = {}
        for name in names:
            grid = np.full((len(codes), len(dates)), np.nan)
            grid[where, at] = pd.to_numeric(table[f"{name}_per1000"], errors="coerce").astype(float).to_numpy()
            found = [trend(t, grid[i], level) for i in range(len(codes))]
            cols[f"{name}_trend"] = [_round(f.slope, "trend") for f in found]
            cols[f"{name}_trend_se"] = [_round(f.se, "se") for f in found]
            cols[f"{name}_trend_p"] = [_round(f.p, "p") for f in found]
            cols[f"{name}_trend_points"] = [f.points for f in found]
            cols[f"{name}_trend_class"] = [f.verdict for f in found]
        out[lv] = pd.concat([frame, pd.DataFrame(cols)], axis=1)
    return out


def _round(value: float, kind: str):
    return None if math.isnan(value) else round(value, DECIMALS[kind])


def trend_problems(trends: Dict[str, pd.DataFrame], series: Dict[str, pd.DataFrame], names: List[str]) -> List[str]:
    """What differs between a file's trend tables and the trends of its own series (the
    gate: a trend must be the published rates' and nothing else)."""
    from ...i18n import tr

    if sorted(trends) != sorted(series):
        return [tr("the trend layers are not one per series layer")]
    expected = trend_tables(series, names)
    problems = []
    for lv, want in expected.items():
        got = trends[lv].reset_index(drop=True)
        cols = ["code", "name", "parent"] + trend_columns(names)
        if list(got.columns) != cols or len(got) != len(want):
            problems.append(tr("{layer}: not the columns and rows of the trends of the series").format(
                layer=lv + TREND_SUFFIX))
            continue
        for col in cols:
            a, b = got[col], want[col]
            if col.endswith(("_trend", "_trend_se", "_trend_p")):
                a, b = pd.to_numeric(a, errors="coerce").to_numpy(float), pd.to_numeric(b, errors="coerce").to_numpy(
                    float)
                same = bool(np.all((np.isnan(a) & np.isnan(b)) | (np.abs(a - b) <= 1e-9)))
            else:
                same = a.astype(str).tolist() == b.astype(str).tolist()
            if not same:
                problems.append(tr("{layer}: '{column}' is not the trend of the published rates").format(
                    layer=lv + TREND_SUFFIX, column=col))
    return problems
