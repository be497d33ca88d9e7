"""The before/after evaluation of a pilot: difference-in-differences from published rates.

In: a level's series table as the output publishes it (:mod:`.tables`), the areas of the
intervention group and of the control group, a peildatum before and one after, and a map.
Out: a :class:`PilotResult`: per group the mean published rate per 1,000 inhabitants
before and after, the difference-in-differences (the intervention group's mean change
minus the control group's), its two-sided p-value and 95 % interval from an area-level
permutation test, and the areas left out (a rate not published at one of the two dates)
with the reason.

Only published rates go in: the estimate tells nothing the file does not.

**The method.** Each area's change ``c = r(after) - r(before)``; the estimate
``D = mean(c | intervention) - mean(c | control)``, each area weighing the same (the
question is whether the pilot's areas changed differently, not the inhabitants: a large
buurt must not decide it alone).  Under "no effect" the group labels are exchangeable,
so the p-value is the share of relabellings (every split of the areas into groups of
the same sizes when there are at most :data:`MAX_EXACT` of them, else
:data:`DRAWS` seeded random ones) whose estimate lies at least as far from 0 as ``D``.
The interval holds every effect ``d`` that the same test does not reject when ``d`` is
taken off the intervention areas' changes (test inversion).  With few areas the splits
are few: 3 against 3 allow 20, and no split can then be rarer than 2 in 20, so no
interval excludes anything at 95 % (it is then reported as unbounded).  A permutation
test needs no assumption about the distribution of the changes, which, with a handful
of buurten and counts of persons, no normal approximation would honour.
"""

import itertools
import math
from dataclasses import dataclass, field
from typing import List, Sequence, Tuple

import numpy as np
import pandas as pd

from ...i18n import tr
from ..errors import SteunstructuurError
from .tables import PEILDATUM

#: up to this many splits the permutation test takes every one
MAX_EXACT = 20_000
#: random splits otherwise (seeded: the same file gives the same interval)
DRAWS = 10_000
#: the interval's level
LEVEL = 0.05


@dataclass
class PilotResult:
    name: str
    before: str
    after: str
    #: per group: the areas used, and their mean rate before and after
    intervention: List[str]
    control: List[str]
    mean_before: Tuple[float, float]  #: (intervention, control)
    mean_after: Tuple[float, float]
    effect: float  #: difference-in-differences, per 1,000 inhabitants
    low: float  #: the 95 % interval (-inf / inf: unbounded)
    high: float
    p: float
    splits: int  #: relabellings the test used
    exact: bool  #: every split (True) or seeded random ones
    excluded: List[Tuple[str, str]] = field(default_factory=list)  #: (area code, reason)


class PilotError(SteunstructuurError, ValueError):
    """A pilot that cannot be evaluated: the message names the area, date or map."""


def _splits(n: int, k: int, draws: int, seed: int) -> Tuple[np.ndarray, bool]:
    """Relabellings as a (splits x n) 0/1 matrix: every choice of ``k`` of ``n``, or draws."""
    total = math.comb(n, k)
    if total <= MAX_EXACT:
        out = np.zeros((total, n))
        for i, chosen in enumerate(itertools.combinations(range(n), k)):
            out[i, list(chosen)] = 1.0
        return out, True
    rng = np.random.default_rng(seed)
    order = np.argsort(rng.random((draws, n)), axis=1)[:, :k]
    out = np.zeros((draws, n))
    np.put_along_axis(out, order, 1.0, axis=1)
    return out, False


def _p_value(changes: np.ndarray, treated: np.ndarray, splits: np.ndarray, effect: float, exact: bool = True
             ) -> float:
    """Two-sided permutation p-value of "the effect is ``effect``".  Random splits count
    the observed one too ((1 + b) / (1 + B)): a p-value of 0 would claim more than they show."""
    v = changes - effect * treated
    k, n = treated.sum(), len(treated)
    stats = splits @ v / k - (1.0 - splits) @ v / (n - k)
    observed = v[treated > 0].mean() - v[treated == 0].mean()
    extreme = int(np.sum(np.abs(stats) >= abs(observed) - 1e-9))
    return extreme / len(stats) if exact else (1 + extreme) / (1 + len(stats))


def _bound(changes, treated, splits, estimate: float, side: int, level: float, exact: bool) -> float:
    """The interval's end on ``side`` (-1 low, +1 high): the last effect not rejected."""
    span = float(np.ptp(changes)) * 4.0 + 1.0
    far = estimate + side * span
    if _p_value(changes, treated, splits, far, exact) >= level:  # never rejected: unbounded
        return side * math.inf
    inside, outside = estimate, far
    for _ in range(40):  # to a millionth of the span and finer
        mid = (inside + outside) / 2.0
        if _p_value(changes, treated, splits, mid, exact) >= level:
            inside = mid
        else:
            outside = mid
    return inside


def pilot_effect(series: pd.DataFrame, intervention: Sequence[str], control: Sequence[str], before: str,
                 after: str, name: str, level: float = LEVEL, seed: int = 0) -> PilotResult:
    """The difference-in-differences of map ``name`` between ``before`` and ``after`` (see
    the module's docstring); ``series``: one level's series table of an output."""
    intervention, control = list(dict.fromkeys(intervention)), list(dict.fromkeys(control))  # each area once
    both = set(intervention) & set(control)
    if both:
        raise PilotError(tr("area {code} is in both groups").format(code=sorted(both)[0]))
    dates = set(series[PEILDATUM])
    for date in (before, after):
        if date not in dates:
            raise PilotError(tr("{date} is not a peildatum of the series").format(date=date))
    if before >= after:
        raise PilotError(tr("the peildatum before must lie before the one after"))
    column = f"{name}_per1000"
    if column not in series.columns:
        raise PilotError(tr("no map '{name}'").format(name=name))
    rates = series.pivot_table(index="code", columns=PEILDATUM, values=column, aggfunc="first", dropna=False)
    known = set(series["code"])
    used, excluded = {"i": [], "c": []}, []
    for group, codes in (("i", intervention), ("c", control)):
        for code in codes:
            if code not in known:
                raise PilotError(tr("area {code} is not in the series").format(code=code))
            r0, r1 = (pd.to_numeric(rates.at[code, d], errors="coerce") if d in rates.columns else math.nan
                      for d in (before, after))
            if pd.isna(r0) or pd.isna(r1):
                excluded.append((code, tr("no published rate on {date}").format(date=before if pd.isna(r0) else after)))
            else:
                used[group].append((code, float(r0), float(r1)))
    if len(used["i"]) < 2 or len(used["c"]) < 2:
        raise PilotError(tr("each group needs at least two areas with a published rate on both peildata "
                            "(intervention {i}, control {c})").format(i=len(used["i"]), c=len(used["c"])))
    rows = used["i"] + used["c"]
    changes = np.array([r1 - r0 for _c, r0, r1 in rows])
    treated = np.r_[np.ones(len(used["i"])), np.zeros(len(used["c"]))]
    splits, exact = _splits(len(rows), len(used["i"]), DRAWS, seed)
    estimate = float(changes[treated > 0].mean() - changes[treated == 0].mean())

    def mean(group: str, j: int) -> float:
        return float(np.mean([r[j] for r in used[group]]))
    return PilotResult(
        name=name, before=before, after=after, intervention=[r[0] for r in used["i"]],
        control=[r[0] for r in used["c"]], mean_before=(mean("i", 1), mean("c", 1)),
        mean_after=(mean("i", 2), mean("c", 2)), effect=estimate,
        low=_bound(changes, treated, splits, estimate, -1, level, exact),
        high=_bound(changes, treated, splits, estimate, 1, level, exact),
        p=_p_value(changes, treated, splits, 0.0, exact), splits=len(splits), exact=exact, excluded=excluded)


def group_means(series: pd.DataFrame, codes: Sequence[str], name: str
                ) -> Tuple[List[str], np.ndarray, np.ndarray]:
    """Per peildatum the mean published rate of ``codes`` (NaN where none is published),
    and whether every one of them is published then (else the mean is of fewer areas)."""
    table = series[series["code"].isin(list(codes))]
    dates = sorted(series[PEILDATUM].unique())
    rates = table.assign(_r=pd.to_numeric(table[f"{name}_per1000"], errors="coerce").astype(float))
    grouped = rates.groupby(PEILDATUM)["_r"]
    complete = grouped.count().reindex(dates).fillna(0).to_numpy() == len(set(codes))
    return dates, grouped.mean().reindex(dates).to_numpy(dtype=float), complete


def result_table(result: PilotResult) -> pd.DataFrame:
    """The estimate as a table for partners: a row per group and one for the effect."""
    rows = [
        {"row": "intervention", "areas": len(result.intervention), "before": result.mean_before[0],
         "after": result.mean_after[0], "change": result.mean_after[0] - result.mean_before[0]},
        {"row": "control", "areas": len(result.control), "before": result.mean_before[1],
         "after": result.mean_after[1], "change": result.mean_after[1] - result.mean_before[1]},
        {"row": "difference_in_differences", "areas": len(result.intervention) + len(result.control),
         "change": result.effect, "ci95_low": result.low, "ci95_high": result.high, "p": result.p},
    ]
    out = pd.DataFrame(rows, columns=["row", "areas", "before", "after", "change", "ci95_low", "ci95_high", "p"])
    out.insert(1, "map", result.name)
    out.insert(2, "peildatum_before", result.before)
    out.insert(3, "peildatum_after", result.after)
    out["splits"] = result.splits
    out["method"] = "permutation test over areas (every split)" if result.exact else \
        "permutation test over areas (seeded random splits)"
    return out


def choose_groups(series: pd.DataFrame, field_values: dict, intervention: str, control: str
                  ) -> Tuple[List[str], List[str]]:
    """The areas whose value of a field (code -> value, e.g. a buurt layer's ``pilot``) is
    ``intervention`` and ``control``, in the series' order."""
    codes = list(dict.fromkeys(series["code"]))
    return ([c for c in codes if field_values.get(c) == intervention],
            [c for c in codes if field_values.get(c) == control])
