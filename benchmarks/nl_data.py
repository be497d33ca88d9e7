"""Seeded national benchmark data on the real CBS buurten of 2019 (13,594 buurten).

Population per buurt comes from CBS Kerncijfers 2024 (joined on ``buurtcode_kwb2024``);
buurten without a 2024 figure (water, renamed buurten) get 0 inhabitants.
"""

import os
import sqlite3

import numpy as np
import pandas as pd

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CBS = os.path.join(os.path.dirname(ROOT), "shared", "data", "cbs")
NL_GPKG = os.path.join(CBS, "buurten_nl_2019.gpkg")
KERNCIJFERS = os.path.join(CBS, "kerncijfers_wijkenbuurten_2024.csv")

#: indicator combinations (atoms) of armoede, jeugd, wmo and their share of inhabitants
ATOM_RATES = {
    ("armoede",): 0.034, ("jeugd",): 0.013, ("wmo",): 0.033,
    ("armoede", "jeugd"): 0.011, ("armoede", "wmo"): 0.009, ("jeugd", "wmo"): 0.002,
    ("armoede", "jeugd", "wmo"): 0.002,
}


def nl_buurten() -> pd.DataFrame:
    """code, name, wijkcode, gemeentecode and 2024 inhabitants of every 2019 buurt."""
    with sqlite3.connect(NL_GPKG) as con:
        b = pd.read_sql("select buurtcode, buurtnaam, wijkcode, wijknaam, gemeentecode, gemeentenaam, "
                        "buurtcode_kwb2024 from buurten_2019 order by buurtcode", con)
    k = pd.read_csv(KERNCIJFERS, usecols=["regiocode", "soort_regio", "aantal_inwoners"])
    k = k[k["soort_regio"] == "Buurt"].set_index("regiocode")["aantal_inwoners"]
    b["inwoners"] = b["buurtcode_kwb2024"].map(k).fillna(0.0)
    return b


def nl_tables(seed: int = 7):
    """Buurt, wijk and gemeente count tables as ``aggregate`` makes them, for the config
    of :func:`nl_config`: seeded Poisson counts per indicator combination and buurt."""
    from steunstructuur_plugin.core.count.aggregate import LEVELS

    cfg = nl_config()
    b = nl_buurten()
    rng = np.random.default_rng(seed)
    atoms = {a: rng.poisson(rate * b["inwoners"].to_numpy()) for a, rate in ATOM_RATES.items()}
    fields = {}
    for ind in cfg.indicators:
        fields[f"{ind}_n"] = sum(v for a, v in atoms.items() if ind in a)
    fields["armoede_x_jeugd_n"] = sum(v for a, v in atoms.items() if {"armoede", "jeugd"} <= set(a))
    fields["stapeling_2plus_n"] = sum(v for a, v in atoms.items() if len(a) >= 2)
    fields["stapeling_3plus_n"] = sum(v for a, v in atoms.items() if len(a) >= 3)
    buurt = pd.DataFrame({"code": b["buurtcode"], "name": b["buurtnaam"].fillna(""), "parent": b["wijkcode"],
                          "denominator": b["inwoners"]})
    for f in cfg.count_fields():
        buurt[f] = fields[f].astype(np.int64)
    sums = ["denominator"] + cfg.count_fields()
    wijk = buurt.groupby("parent", sort=True)[sums].sum().reset_index().rename(columns={"parent": "code"})
    wijk.insert(1, "name", "")
    wijk.insert(2, "parent", "GM" + wijk["code"].str[2:6])
    gem = wijk.groupby("parent", sort=True)[sums].sum().reset_index().rename(columns={"parent": "code"})
    gem.insert(1, "name", "")
    gem.insert(2, "parent", "")
    tables = {}
    for level, t in zip(LEVELS, (buurt, wijk, gem)):
        t = t[["code", "name", "parent"] + sums].reset_index(drop=True)
        t[cfg.count_fields()] = t[cfg.count_fields()].astype(np.int64)
        tables[level] = t
    return tables


def nl_config():
    from steunstructuur_plugin.core.config import AnalysisConfig
    return AnalysisConfig(
        title="NL benchmark",
        indicators={"armoede": ["bijstand", "schuldhulp", "minimaregeling"],
                    "jeugd": ["jeugdhulp", "jeugdreclassering"], "wmo": ["wmo"]},
        overlaps=[("armoede", "jeugd")]).validate()


def with_division(tables, per_area: int = 3):
    """``tables`` with an own area division of every gemeente: areas of ``per_area`` buurten
    taken across the wijken (the buurten of a gemeente ordered by their number within their
    wijk, then by wijk, and cut into runs), as :func:`..count.aggregate.aggregate` counts it:
    the ``gebied`` level, and each buurt's area in the buurt table."""
    from steunstructuur_plugin.core.count.aggregate import DIVISION

    b = tables["buurt"].copy()
    gem = "GM" + b["code"].str[2:6]
    order = b.assign(_g=gem, _n=b["code"].str[8:10], _w=b["parent"]).sort_values(["_g", "_n", "_w", "code"])
    rank = order.groupby("_g").cumcount() // per_area
    area = pd.Series("GB" + order["_g"].str[2:6] + "_" + rank.astype(str), index=order.index)
    b.insert(3, DIVISION, area.reindex(b.index).to_numpy())
    sums = [c for c in b.columns if c == "denominator" or c.endswith("_n")]
    own = b.groupby(DIVISION, sort=True)[sums].sum().reset_index().rename(columns={DIVISION: "code"})
    own.insert(1, "name", "")
    own.insert(2, "parent", "GM" + own["code"].str[2:6])
    return {**tables, "buurt": b, DIVISION: own[["code", "name", "parent"] + sums]}
