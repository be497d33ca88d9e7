"""Deterministic synthetic registrations for demos, tests and benchmarks.

The file looks like a municipal case-system export: semicolon separated, Dutch
column names, a BSN, client number, name and address per row (all invented), the
voorziening (category), start and end date, a buurtcode and RD coordinates.  It
contains a few rows of each kind a real export has wrong (empty BSN, unknown
category, bad buurtcode, exact duplicate), so that the rejection report has content.
No real person is in it: names, BSNs and addresses are random.
"""

import csv
from typing import List

import numpy as np
import pandas as pd
from shapely.geometry import Point

from ..core.place.areas import AreaTable

#: category -> share of inhabitants with that registration (base rate)
DEMO_RATES = {
    "bijstand": 0.028,
    "schuldhulp": 0.012,
    "minimaregeling": 0.035,
    "jeugdzorg": 0.018,
    "jeugdreclassering": 0.0015,
    "wmo_begeleiding": 0.022,
    "wmo_hulpmiddel": 0.030,
}
_POVERTY = {"bijstand", "schuldhulp", "minimaregeling"}
_FIRST = ["Jan", "Anna", "Piet", "Fatima", "Mohamed", "Sanne", "Daan", "Emma", "Lucas", "Noor", "Sem", "Julia"]
_LAST = ["Jansen", "de Vries", "Bakker", "Visser", "Smit", "Meijer", "Mulder", "de Boer", "Bos", "Vos"]
_STREETS = ["Kerkstraat", "Dorpsstraat", "Molenweg", "Schoolstraat", "Veldweg", "Beukenlaan", "Eikenlaan"]
COLUMNS = ["clientnummer", "bsn", "naam", "straat", "huisnummer", "postcode", "woonplaats", "buurtcode",
           "x_rd", "y_rd", "voorziening", "startdatum", "einddatum"]


def _random_points(geom, n, rng):
    minx, miny, maxx, maxy = geom.bounds
    out: List = []
    while len(out) < n:
        xs = rng.uniform(minx, maxx, size=max(8, 2 * (n - len(out))))
        ys = rng.uniform(miny, maxy, size=len(xs))
        for x, y in zip(xs, ys):
            if len(out) < n and geom.contains(Point(x, y)):
                out.append((round(float(x), 2), round(float(y), 2)))
    return out


def _bsn(rng, n):
    """Random 9-digit numbers that pass the elfproef, as a real BSN does."""
    out = set()
    weights = np.array([9, 8, 7, 6, 5, 4, 3, 2, -1])
    while len(out) < n:
        d = rng.integers(0, 10, size=(n * 3, 9))
        d[:, 0] = rng.integers(1, 10, size=len(d))
        ok = (d @ weights) % 11 == 0
        for row in d[ok]:
            out.add("".join(map(str, row)))
            if len(out) >= n:
                break
    return sorted(out)


def generate(areas: AreaTable, seed: int = 20241231, rates=None, woonplaats: str = "") -> pd.DataFrame:
    """One row per (person, voorziening); persons live in a buurt in proportion to its inhabitants."""
    rng = np.random.default_rng(seed)
    rates = rates or DEMO_RATES
    af = areas.frame
    inhabitants = af["denominator"].fillna(0).to_numpy()
    # each person gets 1..3 registrations; poverty and youth care are correlated
    rows = []
    n_persons = int(round(inhabitants.sum() * sum(rates.values()) / 1.6))
    bsns = _bsn(rng, n_persons)
    buurt_idx = rng.choice(len(af), size=n_persons, p=inhabitants / inhabitants.sum())
    # buurten with more inhabitants get slightly higher need (a gradient to map)
    need = 0.6 + 0.8 * rng.random(len(af))
    cats = list(rates)
    base = np.array([rates[c] for c in cats])
    base = base / base.sum()
    start = np.datetime64("2022-01-01")
    for p in range(n_persons):
        b = buurt_idx[p]
        k = 1 + rng.binomial(2, min(0.9, 0.25 * need[b]))
        chosen = list(rng.choice(len(cats), size=k, replace=False, p=base))
        if any(cats[c] in _POVERTY for c in chosen) and rng.random() < 0.25 * need[b]:
            chosen.append(cats.index("jeugdzorg"))
        x, y = _random_points(areas.geometries[b], 1, rng)[0]
        pc = f"{7580 + int(b) % 20:04d}{chr(65 + rng.integers(0, 26))}{chr(65 + rng.integers(0, 26))}"
        person = {
            "clientnummer": f"C{100000 + p:07d}",
            "bsn": bsns[p],
            "naam": f"{_FIRST[rng.integers(len(_FIRST))]} {_LAST[rng.integers(len(_LAST))]}",
            "straat": _STREETS[rng.integers(len(_STREETS))],
            "huisnummer": str(int(rng.integers(1, 200))),
            "postcode": pc,
            "woonplaats": woonplaats or af.at[b, "gemeentenaam"],
            "buurtcode": af.at[b, "code"],
            "x_rd": f"{x:.2f}".replace(".", ","),
            "y_rd": f"{y:.2f}".replace(".", ","),
        }
        for c in dict.fromkeys(chosen):
            s = start + np.timedelta64(int(rng.integers(0, 900)), "D")
            ended = rng.random() < 0.2
            e = s + np.timedelta64(int(rng.integers(30, 400)), "D") if ended else None
            rows.append(dict(person, voorziening=cats[c],
                             startdatum=pd.Timestamp(s).strftime("%d-%m-%Y"),
                             einddatum=pd.Timestamp(e).strftime("%d-%m-%Y") if e is not None else ""))
    frame = pd.DataFrame(rows, columns=COLUMNS)
    return _add_export_errors(frame, rng)


def _add_export_errors(frame: pd.DataFrame, rng) -> pd.DataFrame:
    """The mistakes a real export has: a few of each, at fixed seeded positions."""
    frame = frame.copy()
    n = len(frame)
    pick = rng.choice(n, size=12, replace=False)
    frame.loc[pick[0:3], "bsn"] = ""
    frame.loc[pick[3:5], "voorziening"] = "leerlingenvervoer"
    frame.loc[pick[5:7], "buurtcode"] = "BU9999"
    frame.loc[pick[7:9], "x_rd"] = "onbekend"
    dups = frame.loc[pick[9:12]]
    frame = pd.concat([frame, dups], ignore_index=True)
    order = rng.permutation(len(frame))
    return frame.iloc[order].reset_index(drop=True)


def write_csv(frame: pd.DataFrame, path: str) -> str:
    """Write as a case system does: semicolon separated, UTF-8 with BOM, quoted when needed."""
    frame.to_csv(path, sep=";", index=False, encoding="utf-8-sig", quoting=csv.QUOTE_MINIMAL)
    return path
