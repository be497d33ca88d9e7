"""How many provisions of each type lie in and near each buurt, wijk and gemeente.

In: the area table (its polygons and hierarchy), :class:`.provisions.Provisions` in the
area table's coordinate system, the types and the distances (metres).  Out: per level a
table with ``code`` and per type ``vz_<type>_in`` (provisions inside the area: each
provision is in at most one buurt, by the same point-in-polygon rule as registrations, and
in that buurt's wijk and gemeente) and ``vz_<type>_<d>m`` (provisions whose straight-line
distance to the area's polygon is at most ``d``, those inside included).

The distance of a provision to a wijk or gemeente is the least distance to one of its
buurten (the same as to their union).  Candidates come from the bounding boxes widened by
the largest distance; only those get a distance from shapely, once per buurt and provision.
"""

from typing import Dict, List

import numpy as np
import pandas as pd
from shapely.geometry import Point

from ..count.aggregate import DIVISION, LEVELS
from ..place.areas import AreaTable
from .provisions import Provisions


def _pairs(areas: AreaTable, prov: Provisions, inside: np.ndarray, reach: float):
    """(buurt rows, provision rows, distances) of every pair at most ``reach`` apart."""
    order = np.argsort(prov.x, kind="stable")
    xs, ys = prov.x[order], prov.y[order]
    bs, ps, ds = [], [], []
    for b, g in enumerate(areas.geometries):
        if g is None or g.is_empty:
            continue
        minx, miny, maxx, maxy = g.bounds
        lo, hi = np.searchsorted(xs, minx - reach, "left"), np.searchsorted(xs, maxx + reach, "right")
        near = (ys[lo:hi] >= miny - reach) & (ys[lo:hi] <= maxy + reach)
        cand = order[lo:hi][near]
        if not len(cand):
            continue
        d = np.array([0.0 if inside[p] == b else g.distance(Point(prov.x[p], prov.y[p])) for p in cand])
        keep = d <= reach
        bs.append(np.full(int(keep.sum()), b))
        ps.append(cand[keep])
        ds.append(d[keep])
    if not bs:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0)
    return np.concatenate(bs), np.concatenate(ps), np.concatenate(ds)


def _nearest_per_area(area_of_b: np.ndarray, bs, ps, ds, n_prov: int):
    """Per (area, provision) the least distance over the area's buurten."""
    key = area_of_b[bs].astype(np.int64) * max(n_prov, 1) + ps
    keys, inv = np.unique(key, return_inverse=True)
    least = np.full(len(keys), np.inf)
    np.minimum.at(least, inv, ds)
    return keys // max(n_prov, 1), keys % max(n_prov, 1), least


def provision_tables(areas: AreaTable, prov: Provisions, types: List[str],
                     distances: List[int]) -> Dict[str, pd.DataFrame]:
    """Per level: ``code`` and the provision counts (see the module's docstring), in the
    order of :meth:`..config.AnalysisConfig.provision_fields`."""
    af = areas.frame
    type_ix = pd.Index(types).get_indexer(prov.type) if len(prov) else np.zeros(0, np.int64)
    ok = type_ix >= 0
    prov = Provisions(prov.x[ok], prov.y[ok], prov.type[ok], prov.name[ok], prov.crs)
    type_ix = type_ix[ok]
    inside = (areas.polygon_index().locate(prov.x.astype(float), prov.y.astype(float)) if len(prov)
              else np.zeros(0, np.int64))
    bs, ps, ds = _pairs(areas, prov, inside, float(max(distances)))
    out = {}
    for level in LEVELS + ((DIVISION,) if "gebiedcode" in af.columns else ()):  # own areas: of their buurten
        codes = (af["code"] if level == "buurt" else af[f"{level}code"].fillna("")).to_numpy(object)
        names = np.sort(pd.unique(codes))
        area_of_b = pd.Index(names).get_indexer(codes)
        n_areas, nt = len(names), len(types)
        columns = {}
        # inside: by the buurt each provision lies in
        inn = np.zeros((n_areas, nt), dtype=np.int64)
        placed = inside >= 0
        np.add.at(inn, (area_of_b[inside[placed]], type_ix[placed]), 1)
        a, p, d = _nearest_per_area(area_of_b, bs, ps, ds, len(prov))
        within = {}
        for dist in distances:
            w = np.zeros((n_areas, nt), dtype=np.int64)
            sel = d <= dist
            np.add.at(w, (a[sel], type_ix[p[sel]]), 1)
            within[dist] = w
        for j, t in enumerate(types):
            columns[f"vz_{t}_in"] = inn[:, j]
            for dist in distances:
                columns[f"vz_{t}_{dist}m"] = within[dist][:, j]
        out[level] = pd.DataFrame({"code": names, **columns})
    return out
