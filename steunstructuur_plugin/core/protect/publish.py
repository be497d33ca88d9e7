"""What is published: rounding, rates and statuses (:func:`safe_tables`), the columns
the configuration explains, and the check that published tables are what the plugin can
have written (:func:`check_published`).

In: a protection, or published tables from a file.  Out: the safe tables, or the
problems found.
"""

from typing import Dict, List, Tuple

import numpy as np
import pandas as pd

from ...i18n import tr
from ..config import AnalysisConfig
from ..count.aggregate import DIVISION, levels_of
from ..reach.median import median_classes, median_columns
from .model import PUBLISHED, ROUNDED, SUPPRESSED, Protection


def round_to_base(values: pd.Series, base: int) -> pd.Series:
    """Conventional rounding to the nearest multiple of ``base`` (halves up)."""
    v = values.astype("Float64")
    return (np.floor(v / base + 0.5) * base).astype("Int64")


def rate_names(cfg: AnalysisConfig) -> List[str]:
    """Everything that gets a rate per 1,000 inhabitants: the indicators, themes and
    expressions (:meth:`~..config.AnalysisConfig.map_indicators`), then the stacking
    counts (persons with 2+ and 3+ indicators)."""
    return cfg.map_indicators() + [f[:-2] for f in cfg.count_fields() if f.startswith("stapeling_")]


def safe_tables(prot: Protection, cfg: AnalysisConfig) -> Dict[str, pd.DataFrame]:
    """The published tables: suppressed counts NULL, optionally rounded, rates, a status per value."""
    min_den = float(cfg.disclosure.min_denominator)
    base = int(cfg.disclosure.rounding_base)
    out = {}
    for level, t in prot.tables.items():
        r = prot.reasons[level]
        dens = ["denominator"] + [c for c in t.columns if c.endswith("_denominator")]
        # a buurt's own area (the division's map shows it): the gate's audit needs it
        own = [DIVISION] if level == "buurt" and DIVISION in t.columns else []
        safe = t[["code", "name", "parent"] + own + dens].copy()
        # the minimum applies to inhabitants: a small area's rates are hidden whatever the denominator
        small = (pd.to_numeric(safe["denominator"], errors="coerce") < min_den).fillna(False).to_numpy()
        exact, cols = {}, {}  # the columns in order, joined once (50+ indicators: hundreds)
        for f in cfg.count_fields():
            hidden = r[f] != ""
            exact[f] = t[f].astype("Int64").where(~hidden, pd.NA)
            cols[f] = round_to_base(exact[f], base) if base >= 2 else exact[f]
            cols[f"{f[:-2]}_status"] = np.where(hidden, SUPPRESSED, ROUNDED if base >= 2 else PUBLISHED)
        for ind in rate_names(cfg):
            n = exact[f"{ind}_n"].astype("Float64")
            den = pd.to_numeric(safe.get(f"{ind}_denominator", safe["denominator"]), errors="coerce")
            no_den = (den.isna() | (den <= 0)).to_numpy()
            ok = n.notna().to_numpy() & ~no_den & ~small
            rate = (n / den * 1000.0).round(1)
            cols[f"{ind}_per1000"] = rate.where(ok, pd.NA)
            cols[f"{ind}_per1000_status"] = np.select(
                [n.isna().to_numpy(), small, no_den], [SUPPRESSED, "small_area", "no_denominator"], PUBLISHED)
        if cfg.provisions.reach.indicators:  # from published counts alone (none when rounded)
            shown = {f: (v.astype("Float64").to_numpy(dtype=float, na_value=np.nan) if base < 2
                         else np.full(len(t), np.nan)) for f, v in exact.items()}
            cols.update(median_classes(shown, cfg))
        safe = pd.concat([safe, pd.DataFrame(cols, index=safe.index)], axis=1)
        out[level] = safe
    return out


def published_columns(cfg: AnalysisConfig) -> List[str]:
    """The columns of every published table, in order (:func:`safe_tables` writes them):
    what the configuration explains, and nothing else."""
    cols = ["code", "name", "parent", "denominator"] + [f"{ind}_denominator" for ind in cfg.areas.denominators]
    for f in cfg.count_fields():
        cols += [f, f"{f[:-2]}_status"]
    for ind in rate_names(cfg):
        cols += [f"{ind}_per1000", f"{ind}_per1000_status"]
    return cols + median_columns(cfg) + cfg.provision_fields()


def _floats(series: pd.Series) -> np.ndarray:
    """A column as floats, NULL and anything that is not a number as NaN."""
    return pd.to_numeric(series, errors="coerce").astype("Float64").to_numpy(dtype=float, na_value=np.nan)


#: problems listed per check before the rest is only counted
_PROBLEMS_SHOWN = 20


def _check_provisions(t: pd.DataFrame, cfg: AnalysisConfig, flag) -> None:
    """Provision counts are whole numbers of at least 0, never missing, and grow with the
    distance (those inside are within every distance)."""
    for kind in cfg.provisions.types:
        cols = [f"vz_{kind}_in"] + [f"vz_{kind}_{d}m" for d in cfg.provisions.area_distances]
        values = [_floats(t[c]) for c in cols]
        for c, v in zip(cols, values):
            flag(tr("'{field}' is not a whole number of at least 0").format(field=c),
                 np.isnan(v) | (v < 0) | (v != np.round(v)))
        for (a, va), (b, vb) in zip(zip(cols, values), zip(cols[1:], values[1:])):
            flag(tr("'{field}' is larger than '{wider}'").format(field=a, wider=b), va > vb)


def _division_problems(safe: Dict[str, pd.DataFrame]) -> List[str]:
    """An own division's areas and the buurten's column ``gebied`` must agree: every area
    named by a buurt exists, every area has a buurt, and lies in that buurt's gemeente (the
    audit models an area as the sum of its buurten)."""
    if DIVISION not in safe and DIVISION not in safe["buurt"].columns:
        return []
    if DIVISION not in safe or DIVISION not in safe["buurt"].columns:
        return [tr("the buurt layer's column '{column}' and the layer '{layer}' come only together").format(
            column=DIVISION, layer=DIVISION)]
    b = safe["buurt"]
    named = b[DIVISION].fillna("").astype(str)
    areas = safe[DIVISION]["code"].astype(str)
    out = []
    twice = sorted(areas[areas.duplicated()])
    if twice:
        out.append(tr("{level}: area '{code}' occurs more than once").format(level=DIVISION, code=twice[0]))
    unknown = sorted(set(named[named != ""]) - set(areas))
    if unknown:
        out.append(tr("{level}: area '{code}' named by a buurt is not in the layer '{layer}'").format(
            level="buurt", code=unknown[0], layer=DIVISION))
    empty = sorted(set(areas) - set(named))
    if empty:
        out.append(tr("{level}: area '{code}' has no buurt").format(level=DIVISION, code=empty[0]))
    wijk_gem = dict(zip(safe["wijk"]["code"].astype(str), safe["wijk"]["parent"].astype(str)))
    area_gem = dict(zip(areas, safe[DIVISION]["parent"].astype(str)))
    wrong = sorted({a for a, w in zip(named, b["parent"].astype(str)) if a and a in area_gem
                    and area_gem[a] != wijk_gem.get(w, area_gem[a])})
    if wrong:
        out.append(tr("{level}: area '{code}' lies in another gemeente than its buurten").format(
            level=DIVISION, code=wrong[0]))
    return out


def check_published(safe: Dict[str, pd.DataFrame], cfg: AnalysisConfig) -> List[str]:
    """What in published tables the plugin cannot have written, whatever the audit of the
    hidden cells finds: a column the configuration does not explain (or one missing),
    a count that is not a whole number, a published count from 1 to ``min_count - 1``
    (with rounding: a value whose unrounded counts all lie there, or no multiple of the
    base), a status that disagrees with its value, and a rate that does not follow from
    its count and denominator (a filled-in rate of a hidden count reveals the count).
    Each problem names the level, the area code and the column, never a value."""
    m = int(cfg.disclosure.min_count)
    base = int(cfg.disclosure.rounding_base)
    min_den = float(cfg.disclosure.min_denominator)
    problems: List[str] = _division_problems(safe)
    for level in levels_of(safe):
        t = safe[level]
        expected = published_columns(cfg) + ([DIVISION] if level == "buurt" and DIVISION in safe else [])
        cols = [c for c in t.columns if c not in ("fid", "geom", "geometry")]
        extra = [c for c in cols if c not in expected]
        missing = [c for c in expected if c not in cols]
        problems += [tr("{level}: column '{column}' is not one the configuration explains").format(
            level=level, column=c) for c in extra]
        problems += [tr("{level}: column '{column}' of the configuration is missing").format(level=level, column=c)
                     for c in missing]
        if missing:
            continue
        codes = t["code"].astype(str).to_numpy()
        found: List[Tuple[str, np.ndarray]] = []

        def flag(what: str, rows: np.ndarray) -> None:
            if rows.any():
                found.append((what, np.flatnonzero(rows)))

        counts = {}
        for f in cfg.count_fields():
            v = _floats(t[f])
            counts[f] = v
            shown = ~np.isnan(v)
            flag(tr("'{field}' holds something other than a number").format(field=f), t[f].notna().to_numpy() & ~shown)
            status = t[f"{f[:-2]}_status"].astype(object).to_numpy()
            flag(tr("'{field}' is not a whole number of at least 0").format(field=f),
                 shown & ((v < 0) | (v != np.round(v))))
            flag(tr("'{field}' disagrees with '{status}'").format(field=f, status=f"{f[:-2]}_status"),
                 (shown & (status != (ROUNDED if base >= 2 else PUBLISHED))) | (~shown & (status != SUPPRESSED)))
            if base >= 2:
                low = np.maximum(np.ceil(v - base / 2.0), 0)  # the unrounded counts that round to v
                high = np.ceil(v + base / 2.0) - 1
                flag(tr("'{field}' is not a multiple of the rounding base").format(field=f), shown & (v % base != 0))
                flag(tr("'{field}' is published as a rounded count of 1 to {top}").format(field=f, top=m - 1),
                     shown & (low >= 1) & (high <= m - 1))
            else:
                flag(tr("'{field}' is published as a count of 1 to {top}").format(field=f, top=m - 1),
                     shown & (v >= 1) & (v <= m - 1))
        inhabitants = _floats(t["denominator"])
        for ind in rate_names(cfg):
            n = counts[f"{ind}_n"]
            den_col = f"{ind}_denominator" if f"{ind}_denominator" in t.columns else "denominator"
            den = _floats(t[den_col])
            rate = _floats(t[f"{ind}_per1000"])
            flag(tr("'{field}' holds something other than a number").format(field=f"{ind}_per1000"),
                 t[f"{ind}_per1000"].notna().to_numpy() & np.isnan(rate))
            status = t[f"{ind}_per1000_status"].astype(object).to_numpy()
            no_den = np.isnan(den) | (den <= 0)
            small = inhabitants < min_den
            ok = ~np.isnan(n) & ~no_den & ~small
            want = np.select([np.isnan(n), small, no_den], [SUPPRESSED, "small_area", "no_denominator"], PUBLISHED)
            flag(tr("'{field}' disagrees with the count and denominator").format(field=f"{ind}_per1000_status"),
                 status != want)
            flag(tr("'{field}' is filled in where no rate is published").format(field=f"{ind}_per1000"),
                 ~ok & ~np.isnan(rate))
            flag(tr("'{field}' is missing where a rate is published").format(field=f"{ind}_per1000"),
                 ok & np.isnan(rate))
            with np.errstate(divide="ignore", invalid="ignore"):
                half = base // 2 if base >= 2 else 0
                lo = (np.maximum(n - half, 0) / den * 1000.0) - 0.05 - 1e-9
                hi = ((n + half) / den * 1000.0) + 0.05 + 1e-9
            flag(tr("'{rate}' does not follow from '{count}' and '{denominator}'").format(
                rate=f"{ind}_per1000", count=f"{ind}_n", denominator=den_col),
                 ok & ~np.isnan(rate) & ((rate < lo) | (rate > hi)))
        _check_provisions(t, cfg, flag)
        if cfg.provisions.reach.indicators:
            want = median_classes(counts if base < 2 else {f: np.full(len(t), np.nan) for f in counts}, cfg)
            for col, cls in want.items():
                have = t[col].astype(object).where(t[col].notna(), None).to_numpy()
                flag(tr("'{field}' does not follow from the published counts").format(field=col),
                     np.array([a != b for a, b in zip(have, cls)], dtype=bool))
        for what, rows in found:
            shown = ", ".join(codes[rows[:_PROBLEMS_SHOWN]])
            more = tr(" and {n} more").format(n=len(rows) - _PROBLEMS_SHOWN) if len(rows) > _PROBLEMS_SHOWN else ""
            problems.append(tr("{level}: {what} in {areas}{more}").format(level=level, what=what, areas=shown,
                                                                          more=more))
    return problems
