"""The median distance of a reach indicator's persons, as a class between the configured distances.

In: per area the published counts (NaN where hidden) of a reach indicator and of its
persons within each distance of a type (``<ind>_x_binnen_<d>m_<type>_n``), and the
configuration.  Out: per reach indicator and type a column ``<ind>_mediaan_<type>``: the
nearest configured distance within which **more than half** of the indicator's persons
live, as ``<=500``, ``500-1000`` or ``>1000`` (with distances 500 and 1,000 m), or NULL
where the published counts do not decide it.

Why a class and not the median itself: an outside attack showed that a published median
leaks (at least half of N persons beyond it bounds a hidden count within a distance to
1..4, and with the buurt polygons it narrowed other hidden counts).  The class is a
function of published counts alone: the indicator's count N and the counts within the
distances on either side of the class (more than half, ``floor(N/2) + 1`` or more, within
the one; at most half within the one before).  Anyone can work it out from the map's
figures, so it tells an attacker nothing he does not know, and it needs no audit.  With
an odd N the median lies in the class; with an even N it is at most the class's distance
(the median is the mean of the two middle persons, and only the upper one is known to lie
beyond the distance before).
"""

from typing import Dict, List

import numpy as np

from ..config import AnalysisConfig


def median_columns(cfg: AnalysisConfig) -> List[str]:
    """The columns :func:`median_classes` fills, in order: per reach indicator and type."""
    reach = cfg.provisions.reach
    return [f"{ind}_mediaan_{t}" for ind in reach.indicators for t in reach.types]


def median_classes(counts: Dict[str, np.ndarray], cfg: AnalysisConfig) -> Dict[str, np.ndarray]:
    """Per column of :func:`median_columns` the class of every area (object array, None where
    the published counts do not decide it).  ``counts``: count field -> floats per area, NaN
    where hidden (a rounded output publishes none: its counts decide nothing exactly)."""
    reach = cfg.provisions.reach
    d = list(reach.distances)
    labels = [f"<={d[0]}"] + [f"{a}-{b}" for a, b in zip(d, d[1:])] + [f">{d[-1]}"]
    out = {}
    for ind in reach.indicators:
        n = np.asarray(counts[f"{ind}_n"], dtype=float)
        more = np.floor(n / 2.0) + 1  # more than half of n
        for t in reach.types:
            within = [np.asarray(counts[f"{ind}_x_binnen_{e}m_{t}_n"], dtype=float) for e in d]
            cls = np.full(len(n), None, dtype=object)
            known = ~np.isnan(n) & (n > 0)
            for i, label in enumerate(labels):
                # more than half within distance i (none for beyond the last), at most half within i - 1
                here = within[i] >= more if i < len(d) else np.ones(len(n), dtype=bool)
                before = within[i - 1] < more if i else np.ones(len(n), dtype=bool)
                decided = known & here & before
                if i < len(d):
                    decided &= ~np.isnan(within[i])
                if i:
                    decided &= ~np.isnan(within[i - 1])
                cls[decided & np.equal(cls, None)] = label
            out[f"{ind}_mediaan_{t}"] = cls
    return out
