"""Unique persons (or households) per area and indicator, theme, expression, overlap and stacking.

Every person is counted in exactly one buurt: the buurt where most of the person's
distinct located registrations (categories) are (ties: the lowest buurtcode).  That keeps the table additive
(buurten add up to their wijk, wijken to their gemeente), which both the published
figures and the disclosure control rely on, and makes the result independent of the
order of rows.
"""

from typing import Dict

import numpy as np
import pandas as pd

from ..config import REACH_CATEGORY, AnalysisConfig
from ..place.areas import AreaTable
from .expressions import evaluate

LEVELS = ("buurt", "wijk", "gemeente")

#: the level of the gemeente's own area division (wijkteamgebieden, gebiedsindeling), when a
#: run has one: areas of whole buurten within one gemeente, beside the wijken
DIVISION = "gebied"

#: every level a run can count
ALL_LEVELS = LEVELS + (DIVISION,)


def levels_of(tables) -> tuple:
    """The levels of a run's tables: buurt, wijk, gemeente, and the own division if any."""
    return tuple(level for level in ALL_LEVELS if level in tables)


def _unit_codes(records: pd.DataFrame, unit: str):
    """Integer codes of units, categories and buurten (buurten sorted: a lower code is a
    lower buurtcode), so that the per-unit work is numpy on integers, not on strings."""
    u, units = pd.factorize(records[unit], sort=True)
    c, cats = pd.factorize(records["category"])
    b, buurten = pd.factorize(records["buurtcode"], sort=True)
    return u.astype(np.int64), units, c.astype(np.int64), cats, b.astype(np.int64), buurten


def _home_codes(u, c, b, n_cats: int, n_buurten: int) -> np.ndarray:
    """Per unit code: the buurt code holding most of its distinct categories (ties: lowest)."""
    distinct = np.unique((u * n_cats + c) * n_buurten + b)
    ub, n = np.unique(distinct // (n_cats * n_buurten) * n_buurten + distinct % n_buurten, return_counts=True)
    uu, bb = ub // n_buurten, ub % n_buurten
    order = np.lexsort((bb, -n, uu))  # per unit: most categories first, then the lowest buurt
    uu, bb = uu[order], bb[order]
    first = np.r_[True, uu[1:] != uu[:-1]]
    return bb[first]  # units are 0..k-1 and every unit has a record: one entry per unit, in order


def _member_matrix(u, n_units: int, c, cats, cfg: AnalysisConfig) -> np.ndarray:
    """units x indicators: True where the unit has a category of the indicator."""
    mat = np.zeros((n_units, len(cfg.indicators)), dtype=bool)
    cat_names = pd.Index(cats)
    for j, members in enumerate(cfg.indicator_categories().values()):
        in_ind = cat_names.isin(members)
        rows = in_ind[c]
        mat[u[rows], j] = True
    return mat


def _field_flags(member: np.ndarray, cfg: AnalysisConfig) -> Dict[str, np.ndarray]:
    """Per count field, which units it counts: indicators, themes and expressions
    (:meth:`~..config.AnalysisConfig.definition`), overlap pairs (in both) and stacking
    (in 2+ / 3+ of the stacking units)."""
    col = {ind: j for j, ind in enumerate(cfg.indicators)}

    def member_of(name):
        return evaluate(cfg.definition(name), lambda ind: member[:, col[ind]])
    flags = {f"{name}_n": member_of(name) for name in cfg.map_indicators()}
    for a, b_ in cfg.overlaps:
        flags[cfg.overlap_field(a, b_)] = flags[f"{a}_n"] & flags[f"{b_}_n"]
    units = cfg.stacking_units()
    k = np.zeros(len(member), dtype=np.int64)
    for unit in units:
        k += member[:, [col[ind] for ind in unit]].any(axis=1)
    for threshold in (2, 3):
        flags[f"stapeling_{threshold}plus_n"] = k >= threshold
    return flags


def _roll_up(buurt: pd.DataFrame, af: pd.DataFrame, code_col: str, name_col: str, parent_col, sums):
    """Totals of the buurt table per ``code_col`` (wijk or gemeente), with name and parent."""
    info = af[[c for c in (code_col, name_col, parent_col) if c]].drop_duplicates(code_col).set_index(code_col)
    grouped = buurt.assign(_code=af[code_col]).groupby("_code", sort=True)
    table = grouped[sums].sum(min_count=1)
    # a denominator is the sum of all its buurten's or none: a buurt without inhabitants
    # (NULL) left out of it while its persons stay in the counts gave too high a rate
    dens = [c for c in sums if c == "denominator" or c.endswith("_denominator")]
    if dens:
        incomplete = grouped[dens].apply(lambda t: t.isna().any())
        table[dens] = table[dens].mask(incomplete)
    table = table.reset_index().rename(columns={"_code": "code"})
    table.insert(1, "name", info.reindex(table["code"])[name_col].to_numpy())
    table.insert(2, "parent", info.reindex(table["code"])[parent_col].to_numpy() if parent_col else "")
    return table


def _units(records: pd.DataFrame, cfg: AnalysisConfig):
    """Per unit (person or household): its home buurt code and its indicators; the buurten."""
    unit = "household" if cfg.unit == "households" else "person"
    u, units, c, cats, b, buurten = _unit_codes(records, unit)
    # the categories a run adds for distances to provisions do not choose the home buurt
    own = ~pd.Index(cats).astype(str).str.startswith(REACH_CATEGORY)[c] if len(u) else np.zeros(0, dtype=bool)
    home = (_home_codes(u[own], c[own], b[own], len(cats), len(buurten)) if len(u)
            else np.zeros(0, dtype=np.int64))
    return home, _member_matrix(u, len(units), c, cats, cfg), buurten


def aggregate(records: pd.DataFrame, cfg: AnalysisConfig, areas: AreaTable) -> Dict[str, pd.DataFrame]:
    """Count tables per level: code, name, parent, denominator and every count field."""
    home, member, buurten = _units(records, cfg)
    flags = _field_flags(member, cfg)
    fields = cfg.count_fields()
    per_buurt = pd.DataFrame({f: np.bincount(home, weights=flags[f], minlength=len(buurten)).astype(np.int64)
                              for f in fields}, index=pd.Index(buurten, name="buurtcode"))

    af = areas.frame
    dens = ["denominator"] + [c for c in af.columns if c.endswith("_denominator")]
    buurt = pd.DataFrame({"code": af["code"], "name": af["name"], "parent": af["wijkcode"]})
    buurt[dens] = af[dens]
    buurt = buurt.join(per_buurt.reindex(buurt["code"]).reset_index(drop=True)[fields])
    buurt[fields] = buurt[fields].fillna(0).astype(np.int64)

    wijk = _roll_up(buurt, af, "wijkcode", "wijknaam", "gemeentecode", fields + dens)
    gemeente = _roll_up(buurt, af, "gemeentecode", "gemeentenaam", None, fields + dens)

    levels = {"buurt": buurt, "wijk": wijk, "gemeente": gemeente}
    if "gebiedcode" in af.columns:
        # the own division: sums of whole buurten (each person counts in one home buurt)
        own = af["gebiedcode"].fillna("").astype(str).to_numpy() != ""
        levels[DIVISION] = _roll_up(buurt[own], af[own], "gebiedcode", "gebiednaam", "gemeentecode", fields + dens)
    out = {}
    for level, table in levels.items():
        table = table[["code", "name", "parent"] + dens + fields].copy()
        table[fields] = table[fields].astype(np.int64)
        out[level] = table.reset_index(drop=True)
    if DIVISION in out:
        # the buurt's area of the division ('' outside it): public, as the division's map shows
        out["buurt"].insert(3, DIVISION, af["gebiedcode"].fillna("").astype(str).to_numpy())
    return out
