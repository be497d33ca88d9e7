"""Unique persons (or households) per area and indicator, overlaps, stacking, totals.

Every person is counted in exactly one buurt: the buurt where most of the person's
distinct located registrations (categories) are (ties: the lowest buurtcode).  That keeps the table additive
(buurten add up to their wijk, wijken to their gemeente), which both the published
figures and the disclosure control rely on, and makes the result independent of the
order of rows.
"""

from typing import Dict

import numpy as np
import pandas as pd

from .areas import AreaTable
from .config import AnalysisConfig
from .registrations import normalise_category

LEVELS = ("buurt", "wijk", "gemeente")


def home_areas(records: pd.DataFrame, unit: str) -> pd.Series:
    """unit -> buurtcode where the unit has most distinct categories (ties: lowest code).

    Counted on distinct (unit, category, buurt) so that exact duplicate rows and row
    order never move a person to another buurt."""
    distinct = records[[unit, "category", "buurtcode"]].drop_duplicates()
    sizes = distinct.groupby([unit, "buurtcode"], sort=False).size().rename("n").reset_index()
    sizes = sizes.sort_values([unit, "n", "buurtcode"], ascending=[True, False, True], kind="mergesort")
    first = sizes.drop_duplicates(unit, keep="first")
    return first.set_index(unit)["buurtcode"]


def membership(records: pd.DataFrame, cfg: AnalysisConfig, unit: str) -> pd.DataFrame:
    """Boolean frame: one row per unit, one column per indicator."""
    pairs = [(cat, ind) for ind, cats in cfg.indicators.items() for cat in cats]
    cat_map = pd.DataFrame(pairs, columns=["category", "indicator"])
    cat_map["category"] = normalise_category(cat_map["category"])
    long = records[[unit, "category"]].merge(cat_map, on="category", how="inner")
    long = long[[unit, "indicator"]].drop_duplicates()
    codes, units = pd.factorize(long[unit], sort=True)
    ind_index = {ind: i for i, ind in enumerate(cfg.indicators)}
    mat = np.zeros((len(units), len(ind_index)), dtype=bool)
    mat[codes, long["indicator"].map(ind_index).to_numpy()] = True
    return pd.DataFrame(mat, index=pd.Index(units, name=unit), columns=list(cfg.indicators))


def _roll_up(buurt: pd.DataFrame, af: pd.DataFrame, code_col: str, name_col: str, parent_col, sums):
    """Totals of the buurt table per ``code_col`` (wijk or gemeente), with name and parent."""
    info = af[[c for c in (code_col, name_col, parent_col) if c]].drop_duplicates(code_col).set_index(code_col)
    table = buurt.assign(_code=af[code_col]).groupby("_code", sort=True)[sums].sum(min_count=1)
    table = table.reset_index().rename(columns={"_code": "code"})
    table.insert(1, "name", info.reindex(table["code"])[name_col].to_numpy())
    table.insert(2, "parent", info.reindex(table["code"])[parent_col].to_numpy() if parent_col else "")
    return table


def aggregate(records: pd.DataFrame, cfg: AnalysisConfig, areas: AreaTable) -> Dict[str, pd.DataFrame]:
    """Count tables per level: code, name, parent, denominator and every count field."""
    unit = "household" if cfg.unit == "households" else "person"
    homes = home_areas(records, unit)
    member = membership(records, cfg, unit)
    member["buurtcode"] = homes.reindex(member.index).to_numpy()

    counts = pd.DataFrame(index=member.index)
    for ind in cfg.indicators:
        counts[f"{ind}_n"] = member[ind].astype(np.int64)
    for a, b in cfg.overlaps:
        counts[cfg.overlap_field(a, b)] = (member[a] & member[b]).astype(np.int64)
    k = member[list(cfg.indicators)].sum(axis=1)
    for threshold in (2, 3):
        if f"stapeling_{threshold}plus_n" in cfg.count_fields():
            counts[f"stapeling_{threshold}plus_n"] = (k >= threshold).astype(np.int64)
    counts["buurtcode"] = member["buurtcode"]
    per_buurt = counts.groupby("buurtcode").sum()

    fields = cfg.count_fields()
    af = areas.frame
    dens = ["denominator"] + [c for c in af.columns if c.endswith("_denominator")]
    buurt = pd.DataFrame({"code": af["code"], "name": af["name"], "parent": af["wijkcode"]})
    buurt[dens] = af[dens]
    buurt = buurt.join(per_buurt.reindex(buurt["code"]).reset_index(drop=True)[fields])
    buurt[fields] = buurt[fields].fillna(0).astype(np.int64)

    wijk = _roll_up(buurt, af, "wijkcode", "wijknaam", "gemeentecode", fields + dens)
    gemeente = _roll_up(buurt, af, "gemeentecode", "gemeentenaam", None, fields + dens)

    out = {}
    for level, table in zip(LEVELS, (buurt, wijk, gemeente)):
        table = table[["code", "name", "parent"] + dens + fields].copy()
        table[fields] = table[fields].astype(np.int64)
        out[level] = table.reset_index(drop=True)
    return out
