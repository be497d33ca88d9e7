"""The benchmark's fifty indicators on the real Losser buurten, for the tests that run them
through qgis_process and through the dock: the registrations, the configuration and the
check of every published count against the independent reference."""

import os
import sys

from conftest import ROOT
from qgis.core import QgsVectorLayer

sys.path.insert(0, os.path.join(ROOT, "benchmarks"))
sys.path.insert(0, os.path.join(ROOT, "tests", "core", "count"))


def fifty_data(demo_cfg) -> dict:
    """The demo configuration with the benchmark's 50 indicators in 7 themes, stacking over
    themes, 5 overlaps and 2 expressions (66 count fields)."""
    from fifty import fifty_config

    fifty = fifty_config().to_dict()
    data = demo_cfg.to_dict()
    data.update({k: fifty[k] for k in ("indicators", "themes", "expressions", "overlaps", "stacking")})
    return data


def fifty_reference(csv_path, data, areas):
    from test_themes import reference

    return reference(csv_path, data, areas)


def fifty_csv(path, areas, seed=5):
    """Registrations for the benchmark's 50 indicators (categories cat0..cat49) on the
    Losser buurten: as ``benchmarks/fifty.py`` draws them, one row per person and category,
    with a BSN that passes the elfproef."""
    import csv

    import numpy as np
    import pandas as pd
    from fifty import fifty_records

    from steunstructuur_plugin.demo.synthetic import _bsn

    buurten = pd.DataFrame({"buurtcode": areas.frame["code"], "inwoners": areas.frame["denominator"].fillna(0)})
    rec = fifty_records(buurten, seed)
    bsn = _bsn(np.random.default_rng(seed), int(rec["person"].max()) + 1)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter=";")
        w.writerow(["bsn", "voorziening", "buurtcode", "startdatum", "einddatum"])
        for r in rec.itertuples(index=False):
            w.writerow([bsn[r.person], r.category, r.buurtcode, "2024-01-01", ""])
    return len(rec)


def published_against(out, count_fields, ref):
    """Every published count of every area of ``out`` equals the reference's, every
    other one is NULL; (values published, values suppressed)."""
    published = suppressed = 0
    for level in ("buurt", "wijk", "gemeente"):
        lyr = QgsVectorLayer(f"{out}|layername={level}", level, "ogr")
        for feat in lyr.getFeatures():
            for f in count_fields:
                if feat[f"{f[:-2]}_status"] == "published":
                    assert feat[f] == ref[level][feat["code"]][f], (level, feat["code"], f)
                    published += 1
                else:
                    assert feat[f] is None or str(feat[f]) == "NULL"
                    suppressed += 1
    return published, suppressed
