"""Fifty indicators: the configuration and seeded registrations on the real 2019 buurten.

The configuration: 50 indicators in 7 themes (armoede 8, jeugd 8, wmo 7, werk 7,
veiligheid 6, wonen 7, gezondheid 7), each theme published as the union of its
indicators, stacking over the themes, 5 overlap pairs (armoede x jeugd across two themes,
four within a theme) and two expressions (``werk_0 AND NOT werk_1``: non-take-up within
werk; ``armoede AND NOT werk`` across two themes).

The registrations: per buurt Poisson(12 % of its 2024 inhabitants) persons; each is in
each theme with probability 0.2 (persons in none are left out), and in a theme in 1 +
Poisson(0.4) of its indicators, chosen at random.  One row per person and indicator.

Run ``python benchmarks/fifty.py [GM0344 | NL]`` for one measurement in this process: the
counting, protection and the gate's audit of the published tables, with their times and
the process's peak memory, as one JSON line.
"""

import json
import os
import resource
import sys
import time

import numpy as np
import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
sys.path.insert(0, HERE)

THEMES = {"armoede": 8, "jeugd": 8, "wmo": 7, "werk": 7, "veiligheid": 6, "wonen": 7, "gezondheid": 7}


def fifty_config():
    from steunstructuur_plugin.core.config import AnalysisConfig

    indicators, members, j = {}, {}, 0
    for theme, n in THEMES.items():
        members[theme] = []
        for i in range(n):
            indicators[f"{theme}_{i}"] = [f"cat{j}"]
            members[theme].append(f"{theme}_{i}")
            j += 1
    overlaps = [("armoede", "jeugd"), ("armoede_0", "armoede_1"), ("jeugd_0", "jeugd_2"), ("wmo_0", "wmo_1"),
                ("werk_0", "werk_1")]
    return AnalysisConfig(title="50 indicators", indicators=indicators, themes=members, overlaps=overlaps,
                          stacking="themes",
                          expressions={"lks_zonder_meedoen": "werk_0 AND NOT werk_1",
                                       "armoede_zonder_werk": "armoede AND NOT werk"}).validate()


def fifty_records(buurten: pd.DataFrame, seed: int = 11) -> pd.DataFrame:
    """person, category, buurtcode: one row per person and indicator (see the docstring)."""
    rng = np.random.default_rng(seed)
    n = rng.poisson(0.12 * buurten["inwoners"].to_numpy())
    home = np.repeat(buurten["buurtcode"].to_numpy(), n)
    in_theme = rng.random((len(home), len(THEMES))) < 0.2
    keep = in_theme.any(axis=1)
    home, in_theme = home[keep], in_theme[keep]
    person, cat = [], []
    first = 0
    for t, size in enumerate(THEMES.values()):
        who = np.flatnonzero(in_theme[:, t])
        take = np.minimum(1 + rng.poisson(0.4, len(who)), size)
        order = np.argsort(rng.random((len(who), size)), axis=1)  # a random order of the theme's indicators
        chosen = np.arange(size)[None, :] < take[:, None]
        rows, ranks = np.nonzero(chosen)
        person.append(who[rows])
        cat.append(first + order[rows, ranks])
        first += size
    person, cat = np.concatenate(person), np.concatenate(cat)
    return pd.DataFrame({"person": person.astype(np.int64), "category": pd.Categorical.from_codes(
        cat, [f"cat{j}" for j in range(first)]).astype(str), "buurtcode": home[person]})


def areas_of(buurten: pd.DataFrame):
    from steunstructuur_plugin.core.place.areas import AreaTable

    frame = pd.DataFrame({"code": buurten["buurtcode"], "name": buurten["buurtnaam"].fillna(""),
                          "wijkcode": buurten["wijkcode"], "wijknaam": buurten["wijknaam"].fillna(""),
                          "gemeentecode": buurten["gemeentecode"], "gemeentenaam": buurten["gemeentenaam"],
                          "denominator": buurten["inwoners"]})
    return AreaTable(frame=frame.reset_index(drop=True), geometries=[], crs="EPSG:28992")


def measure(gemeente=None) -> dict:
    import nl_data

    from steunstructuur_plugin.core.count.aggregate import aggregate
    from steunstructuur_plugin.core.protect import audit_published, protect, safe_tables
    from steunstructuur_plugin.core.protect.changes import persons_of

    cfg = fifty_config()
    b = nl_data.nl_buurten()
    if gemeente and gemeente != "NL":
        b = b[b["gemeentecode"] == gemeente].reset_index(drop=True)
    records = fifty_records(b)
    t0 = time.perf_counter()
    tables = aggregate(records, cfg, areas_of(b))
    persons = persons_of(records, cfg, areas_of(b))  # as the pipeline does
    t1 = time.perf_counter()
    prot = protect(tables, cfg, persons=persons)
    t2 = time.perf_counter()
    print(f"protected in {t2 - t1:.1f} s, {prot.loss()['cells_hidden']} cells hidden", file=sys.stderr, flush=True)
    safe = safe_tables(prot, cfg)
    numeric = {lv: t.assign(**{f: pd.to_numeric(t[f], errors="coerce").astype(float)
                               for f in cfg.count_fields()}) for lv, t in safe.items()}
    gate = audit_published(numeric, cfg, proven=True)  # the export gate on the sealed file
    t3 = time.perf_counter()
    loss = prot.loss()
    return {"gemeente": gemeente or "NL", "buurten": len(tables["buurt"]), "persons": int(records["person"].nunique()),
            "rows": len(records), "fields": len(cfg.count_fields()), "cells": loss["cells_total"],
            "cells_hidden": loss["cells_hidden"], "audit_ok": bool(prot.audit.ok and gate.ok),
            "lp_solved": prot.audit.lp_solved + gate.lp_solved,
            "milp_solved": prot.audit.milp_solved + gate.milp_solved,
            "aggregate_s": round(t1 - t0, 2), "protect_s": round(t2 - t1, 2), "gate_audit_s": round(t3 - t2, 2),
            "seconds": round(t3 - t0, 2),
            "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0)}


if __name__ == "__main__":
    print(json.dumps(measure(sys.argv[1] if len(sys.argv) > 1 else None)))
