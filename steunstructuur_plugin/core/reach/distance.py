"""How far each registration lies from the nearest provision of a type, as categories.

In: located records with their x/y (``_x``, ``_y`` in ``source.crs``), the provisions (in
the area layer's coordinate system, which must measure in metres) and the configuration's
reach section.  Out: the records without their x/y, plus for each record and reach type
within the largest distance one row of the category ``_binnen_<d>m_<type>`` (``d`` the
least distance it is within): the indicators ``binnen_<d>m_<type>`` of
:meth:`..config.AnalysisConfig.with_reach` count a person within ``d`` when one of its
registrations in its home buurt is (straight-line distance from the point itself, or along
the roads of ``provisions.reach.network``: :mod:`.network`; a distance equal to ``d`` is
within).  The x/y exist only in memory, in this step: nothing of them is written.
"""

import numpy as np
import pandas as pd

from ...i18n import tr
from ..config import REACH_CATEGORY, AnalysisConfig
from ..errors import SteunstructuurError
from ..place.locate import to_crs
from .provisions import Provisions


class ReachError(SteunstructuurError, ValueError):
    pass


def check_metres(crs: str) -> None:
    """Distances are measured in the area layer's coordinate system: it must be in metres."""
    from pyproj import CRS

    try:
        units = {a.unit_name for a in CRS.from_user_input(crs).axis_info}
    except Exception:  # noqa: BLE001 - pyproj raises its own types for unknown systems
        units = set()
    if units != {"metre"}:
        raise ReachError(tr("the area layer's coordinate system {crs} does not measure in metres: distances to "
                            "provisions need a projected one, such as RD New (EPSG:28992)").format(crs=crs))


def nearest_distances(x: np.ndarray, y: np.ndarray, prov: Provisions, kind: str) -> np.ndarray:
    """Per point the straight-line distance to the nearest provision of ``kind`` (inf: none)."""
    from scipy.spatial import cKDTree

    mine = prov.type == kind
    if not mine.any() or not len(x):
        return np.full(len(x), np.inf)
    tree = cKDTree(np.column_stack([prov.x[mine], prov.y[mine]]))
    d, _ = tree.query(np.column_stack([x, y]), k=1)
    return d


def with_reach_rows(records: pd.DataFrame, prov: Provisions, cfg: AnalysisConfig) -> pd.DataFrame:
    """The records and their distance categories (see the module's docstring).  No
    median distance is published: an outside attack read from a published median (at
    least half of N persons beyond it) that a hidden count within a distance was 1..3."""
    reach = cfg.provisions.reach
    x, y = to_crs(records["_x"].to_numpy(float), records["_y"].to_numpy(float), cfg.source.crs, prov.crs)
    base = records.drop(columns=["_x", "_y"])
    missing = [t for t in reach.types if not (prov.type == t).any()]
    if missing:
        raise ReachError(tr("provisions.reach.types: no provision of type {types} was read; the distances to it "
                            "cannot be measured").format(types=", ".join(missing)))
    parts = [base]
    steps = np.asarray(reach.distances, dtype=float)
    network = None
    if reach.network.get("path"):  # along roads (:mod:`.network`)
        from .network import read_network

        network = read_network(reach.network["path"], reach.network.get("where", ""), prov.crs)
    # only the registrations in the person's home buurt: one elsewhere would put a person of a
    # buurt that lies wholly beyond the distance within it (and tell of a second address)
    at_home = _in_home_buurt(records, cfg)
    for kind in reach.types:
        d = network.distances(x, y, prov, kind) if network is not None else nearest_distances(x, y, prov, kind)
        d = np.where(at_home, d, np.inf)
        least = np.searchsorted(steps, d, side="left")  # the first distance >= d
        within = least < len(steps)
        if within.any():
            extra = base.loc[within].copy()
            extra["category"] = [f"{REACH_CATEGORY}{int(steps[i])}m_{kind}" for i in least[within]]
            parts.append(extra)
    return pd.concat(parts, ignore_index=True)


def _in_home_buurt(records: pd.DataFrame, cfg: AnalysisConfig) -> np.ndarray:
    """Per record whether it lies in its unit's home buurt (:func:`..count.aggregate._units`)."""
    from ..count.aggregate import _home_codes, _unit_codes

    unit = "household" if cfg.unit == "households" else "person"
    u, _units_, c, cats, b, buurten = _unit_codes(records, unit)
    if not len(u):
        return np.zeros(0, dtype=bool)
    home = _home_codes(u, c, b, len(cats), len(buurten))
    return home[u] == b
