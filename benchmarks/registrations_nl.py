"""Seeded national registrations for the pipeline benchmark: a case-system export of
1,000,000 rows on the real CBS buurten of 2019, with a postcode + huisnummer lookup table.

* persons live in a buurt in proportion to its 2024 inhabitants (at least 500), at a random point
  inside it (RD New, centimetres, decimal comma as Dutch exports write it);
* 6 categories (voorzieningen) for 3 indicators: armoede = bijstand + schuldhulp +
  minimaregeling, jeugd = jeugdzorg + jeugdreclassering, wmo; poverty and youth care
  go together more often than chance (the overlap pair armoede x jeugd);
* person keys repeat as in a real export: a person has 1 to 3 voorzieningen, one row
  each, and about 0.5 % of rows are exact re-exports of another row (same person, same
  voorziening);
* a registration starts between 2022-07-01 and 2024-12-17; two in five have ended, 30 to 400
  days later (``startdatum``, ``einddatum``);
* every person has a unique address: a synthetic postcode (PC6) + huisnummer, and a
  lookup table in the layout of the CBS ``pc6hnr`` file maps it to the buurt the point
  lies in.  It is synthetic because the real CBS table is not available offline; its
  size (one row per address) is of the same order as a region's part of the real one.

Nothing here is a real person: BSNs are random numbers that pass the elfproef.
Files are cached in the output folder, keyed by row count and seed.
"""

import os

import nl_data
import numpy as np
import pandas as pd

CATEGORIES = ["bijstand", "schuldhulp", "minimaregeling", "jeugdzorg", "jeugdreclassering", "wmo"]
#: relative frequency of each category among registrations
_WEIGHTS = np.array([0.20, 0.10, 0.25, 0.15, 0.02, 0.28])
_POVERTY, _YOUTH = [0, 1, 2], 3


def bench_config(location: str, postcode_table: str = ""):
    from steunstructuur_plugin.core.config import AnalysisConfig, SourceConfig
    src = dict(person_key="bsn", category="voorziening", location=location)
    if location == "xy":
        src.update(x="x_rd", y="y_rd")
    else:
        src.update(postcode="postcode", huisnummer="huisnummer", postcode_table=postcode_table)
    return AnalysisConfig(
        title="NL pipeline benchmark",
        source=SourceConfig(**src),
        indicators={"armoede": ["bijstand", "schuldhulp", "minimaregeling"],
                    "jeugd": ["jeugdzorg", "jeugdreclassering"], "wmo": ["wmo"]},
        overlaps=[("armoede", "jeugd")]).validate()


def _bsn(rng, n):
    """n distinct random 9-digit numbers that pass the elfproef."""
    weights = np.array([9, 8, 7, 6, 5, 4, 3, 2, -1])
    found = np.zeros(0, dtype=np.int64)
    while len(found) < n:
        d = rng.integers(0, 10, size=(3 * n, 9))
        d[:, 0] = rng.integers(1, 10, size=len(d))
        ok = d[(d @ weights) % 11 == 0]
        found = np.unique(np.r_[found, ok @ (10 ** np.arange(8, -1, -1))])
    return rng.permutation(found)[:n]


def _points_in(index, bounds, buurt, rng):
    """A random point inside each given buurt: sample its bounding box until the point
    lands in it (vectorised over all persons still without a point)."""
    n = len(buurt)
    x, y = np.zeros(n), np.zeros(n)
    todo = np.arange(n)
    for attempt in range(400):
        if not len(todo):
            break
        b = buurt[todo]
        px = np.round(rng.uniform(bounds[b, 0], bounds[b, 2]), 2)
        py = np.round(rng.uniform(bounds[b, 1], bounds[b, 3]), 2)
        where = index.locate(px, py)
        # a buurt that lies under another one in the CBS file never wins its own points:
        # after 200 tries its persons take a point of any buurt in its box
        hit = where == b if attempt < 200 else where >= 0
        x[todo[hit]], y[todo[hit]] = px[hit], py[hit]
        todo = todo[~hit]
    if len(todo):
        raise RuntimeError(f"{len(todo)} persons without a point")
    return x, y


def generate(out_dir: str, n_rows: int = 1_000_000, seed: int = 11):
    """(registrations CSV, postcode table CSV); written once per (n_rows, seed)."""
    csv_path = os.path.join(out_dir, f"registraties_nl_{n_rows}_{seed}_v5.csv")  # v5: end dates, 500+ per buurt
    pc_path = os.path.join(out_dir, f"pc6hnr_nl_{n_rows}_{seed}_v5.csv")
    if os.path.exists(csv_path) and os.path.exists(pc_path):
        return csv_path, pc_path
    from steunstructuur_plugin.core.config import AreaConfig
    from steunstructuur_plugin.core.place.areas import area_table_from_layer, load_area_layer

    areas = area_table_from_layer(load_area_layer(nl_data.NL_GPKG, "buurten_2019"), AreaConfig(denominator=None))
    index = areas.polygon_index()
    inhabitants = nl_data.nl_buurten().set_index("buurtcode")["inwoners"].reindex(areas.codes).fillna(0).to_numpy()
    rng = np.random.default_rng(seed)
    # persons: 1 + Binomial(2, 0.3) voorzieningen each, 1.6 on average
    n_persons = int(n_rows / 1.6 / 1.005)
    k = 1 + rng.binomial(2, 0.3, n_persons)
    # a person can live only in a buurt whose own polygon holds points (not one hidden
    # under another buurt of the CBS file)
    own = np.array([g is not None and not g.is_empty for g in areas.geometries])
    # at least 500 inhabitants per buurt: the 2024 figures miss buurten whose codes changed since
    # 2019, which left gemeenten such as Stede Broec with five persons and no change between
    # peildata (which a series refuses)
    p = np.maximum(inhabitants, 500.0) * own
    buurt = rng.choice(len(p), size=n_persons, p=p / p.sum())
    bounds = np.array([g.bounds if g is not None else (0, 0, 0, 0) for g in areas.geometries])
    x, y = _points_in(index, bounds, buurt, rng)
    # k distinct categories per person (Gumbel top-k), youth care more likely with poverty
    keys = np.log(_WEIGHTS)[None, :] - np.log(-np.log(rng.random((n_persons, len(CATEGORIES)))))
    order = np.argsort(-keys, axis=1)
    chosen = np.zeros((n_persons, len(CATEGORIES)), dtype=bool)
    for j in range(3):
        sel = k > j
        chosen[np.flatnonzero(sel), order[sel, j]] = True
    poor = chosen[:, _POVERTY].any(axis=1)
    chosen[poor & (rng.random(n_persons) < 0.15), _YOUTH] = True
    person, cat = np.nonzero(chosen)
    # exact re-exports of about 0.5 % of rows
    dup = rng.choice(len(person), size=len(person) // 200, replace=False)
    person, cat = np.r_[person, person[dup]], np.r_[cat, cat[dup]]
    shuffle = rng.permutation(len(person))[:n_rows]
    person, cat = person[shuffle], cat[shuffle]
    # addresses: postcode from the buurt, letters and huisnummer from the person's rank
    rank = pd.Series(np.arange(n_persons)).groupby(buurt).cumcount().to_numpy()
    letters = np.array([chr(65 + i) for i in range(26)])
    pc4 = 1000 + buurt // 26
    postcode = (pd.Series(pc4.astype(str)) + letters[buurt % 26] + letters[(rank // 400) % 26]).to_numpy()
    huisnummer = rank % 400 + 1
    bsn = _bsn(rng, n_persons)
    start = pd.Timestamp("2022-07-01") + pd.to_timedelta(rng.integers(0, 900, len(person)), unit="D")
    # two in five registrations have ended, 30 to 400 days after they started
    ended = rng.random(len(person)) < 0.4
    end = start + pd.to_timedelta(rng.integers(30, 400, len(person)), unit="D")
    frame = pd.DataFrame({
        "bsn": bsn[person].astype(str),
        "postcode": postcode[person],
        "huisnummer": huisnummer[person].astype(str),
        "x_rd": np.char.replace(np.char.mod("%.2f", x[person]), ".", ","),
        "y_rd": np.char.replace(np.char.mod("%.2f", y[person]), ".", ","),
        "voorziening": np.array(CATEGORIES)[cat],
        "startdatum": start.strftime("%d-%m-%Y"),
        "einddatum": np.where(ended, end.strftime("%d-%m-%Y"), ""),
    })
    frame.to_csv(csv_path + ".part", sep=";", index=False, encoding="utf-8")
    os.replace(csv_path + ".part", csv_path)
    # the lookup: every address -> the buurt its point lies in (as the x/y route finds it)
    located = index.locate(x, y)
    table = pd.DataFrame({"PC6": postcode, "Huisnummer": huisnummer,
                          "Buurt2019": np.asarray(areas.codes, dtype=object)[located],
                          "Wijk2019": "", "Gemeente2019": ""})
    table.to_csv(pc_path + ".part", sep=";", index=False)
    os.replace(pc_path + ".part", pc_path)
    return csv_path, pc_path
