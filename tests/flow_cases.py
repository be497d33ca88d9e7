"""Small series for the flow model's tests: stays of one indicator (armoede, category
bijstand) with their start and end dates, and the README's definitions of stocks and
flows as sets of combinations of peildata (for the integer programs of
``reference.milp_integer_ranges``)."""

import numpy as np
import pandas as pd

from steunstructuur_plugin.core.config import AnalysisConfig, SourceConfig
from steunstructuur_plugin.core.place.areas import AreaTable
from steunstructuur_plugin.core.read.registrations import SERIES_DATES


def dates_of(records):
    return tuple(records[c].to_numpy(dtype="datetime64[ns]") for c in SERIES_DATES)


def one_indicator(dates):
    return AnalysisConfig(source=SourceConfig(start_date="start", end_date="end", reference_dates=list(dates)),
                          indicators={"armoede": ["bijstand"]}, stacking="off").validate()


def records_of(stays):
    """Records from (person, buurt, start, end) with the category bijstand."""
    return pd.DataFrame({"person": [s[0] for s in stays], "category": "bijstand",
                         "buurtcode": [s[1] for s in stays],
                         SERIES_DATES[0]: pd.to_datetime([s[2] for s in stays]),
                         SERIES_DATES[1]: pd.to_datetime([s[3] for s in stays])})


def random_case(rng, n_dates):
    """Random stays of one indicator in four buurten of two wijken over ``n_dates``
    monthly peildata: persons who start and end, and some who move."""
    dates = [f"2024-{m:02d}-01" for m in range(1, n_dates + 1)]
    buurten = ["B1", "B2", "B3", "B4"]
    stays = []
    for p in range(int(rng.integers(6, 14))):
        b = buurten[int(rng.integers(0, 4))]
        first = int(rng.integers(0, n_dates))
        last = int(rng.integers(first, n_dates))
        start, end = "2023-12-20" if first == 0 else f"2024-{first:02d}-20", (
            None if last == n_dates - 1 else f"2024-{last + 1:02d}-10")
        stays.append((f"p{p}", b, start, end))
        if end is not None and rng.random() < 0.3:  # moves on to another buurt
            stays.append((f"p{p}", buurten[int(rng.integers(0, 4))], f"2024-{last + 1:02d}-15", None))
    return dates, stays


def reference_fields(n_dates):
    """Per flow-model field, the atoms (bit patterns of armoede at each peildatum, all
    not empty) it counts, from the README's definitions."""
    atoms = [tuple(bool(a >> t & 1) for t in range(n_dates)) for a in range(1, 2 ** n_dates)]
    fields = {}
    for t in range(n_dates):
        fields[f"i0_t{t}_n"] = [j for j, a in enumerate(atoms) if a[t]]
        if t:
            fields[f"in0_t{t}_n"] = [j for j, a in enumerate(atoms) if a[t] and not a[t - 1]]
            fields[f"uit0_t{t}_n"] = [j for j, a in enumerate(atoms) if a[t - 1] and not a[t]]
    return atoms, fields


def areas_of(buurten):
    """One gemeente (GM0001, without polygons); buurten as (code, wijkcode)."""
    frame = pd.DataFrame({"code": [b for b, _w in buurten], "name": [b for b, _w in buurten],
                          "wijkcode": [w for _b, w in buurten], "wijknaam": [w for _b, w in buurten],
                          "gemeentecode": "GM0001", "gemeentenaam": "Proef", "denominator": 1000})
    return AreaTable(frame=frame, geometries=[], crs="EPSG:28992")


def published(tables, fields, hide):
    """The tables as a file publishes them: ``hide`` NULL, either level -> bool mask
    (areas x ``fields``) or a set of (level, code, field)."""
    out = {}
    for level, t in tables.items():
        t = t.copy()
        v = t[fields].to_numpy(dtype=float)
        if isinstance(hide, dict):
            mask = np.asarray(hide[level], dtype=bool)
        else:
            col = {f: j for j, f in enumerate(fields)}
            row = {c: i for i, c in enumerate(t["code"])}
            mask = np.zeros(v.shape, dtype=bool)
            for lv, code, f in hide:
                if lv == level:
                    mask[row[code], col[f]] = True
        t[fields] = np.where(mask, np.nan, v)
        out[level] = t
    return out
