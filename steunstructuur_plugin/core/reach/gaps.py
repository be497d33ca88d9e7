"""Where help is missing: buurten where need is high and a provision is not near.

In: a published buurt table (as in the output: ``code``, ``name``, ``<indicator>_per1000``,
``vz_<type>_in`` / ``vz_<type>_<d>m``), an indicator, a provision type and a distance.  Out:
the buurten whose published rate is among the highest third of the published rates and
that have no provision of the type inside (``distance`` None) or within the distance,
highest rate first.  Only published figures are used: a buurt whose rate is hidden or not
published is never listed (it is not a zero), so the list tells nothing the map does not.
"""

import math
from typing import Optional

import numpy as np
import pandas as pd


def provision_column(kind: str, distance: Optional[int]) -> str:
    return f"vz_{kind}_in" if distance is None else f"vz_{kind}_{int(distance)}m"


def help_missing(table: pd.DataFrame, indicator: str, kind: str, distance: Optional[int],
                 share: float = 1 / 3) -> pd.DataFrame:
    """``code``, ``name``, ``rate`` and ``provisions`` (of ``kind`` within ``distance``) of
    the buurten with a published rate at least the lowest of the ``ceil(share * n)``
    highest of the ``n`` published rates (ties included) and no such provision."""
    rate = pd.to_numeric(table[f"{indicator}_per1000"], errors="coerce").to_numpy(dtype=float)
    near = pd.to_numeric(table[provision_column(kind, distance)], errors="coerce").to_numpy(dtype=float)
    shown = ~np.isnan(rate)
    if not shown.any():
        return pd.DataFrame(columns=["code", "name", "rate", "provisions"])
    top = np.sort(rate[shown])[::-1]
    threshold = top[max(1, math.ceil(share * len(top))) - 1]
    pick = shown & (rate >= threshold) & (near == 0)
    out = pd.DataFrame({"code": table["code"].to_numpy()[pick], "name": table["name"].to_numpy()[pick],
                        "rate": rate[pick], "provisions": near[pick].astype(int)})
    return out.sort_values(["rate", "code"], ascending=[False, True], kind="stable").reset_index(drop=True)
