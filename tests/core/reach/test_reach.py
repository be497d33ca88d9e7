"""Reach (#20 items 2 and 3): the persons of an indicator within a distance of the nearest
provision of a type, on the real Uden buurten with synthetic registrations at x/y,
against an independent count with shapely; the configuration's rules; and the audit: a
reach figure that would give away a hidden count through its complement is hidden, and
what a run publishes passes the exact audit."""

import csv
import dataclasses
from collections import Counter, defaultdict

import numpy as np
import pandas as pd
import pytest
from conftest import SECRET
from shapely.geometry import Point

from steunstructuur_plugin.core import pipeline
from steunstructuur_plugin.core.config import AnalysisConfig, ConfigError
from steunstructuur_plugin.core.protect import audit_published
from steunstructuur_plugin.core.protect.model import field_atoms

DISTANCES = [500, 1000]


def _cfg(demo_cfg, vz_path, **reach):
    data = demo_cfg.to_dict()
    data["source"] = {**data["source"], "location": "xy"}
    data["provisions"] = {"sources": [{"path": str(vz_path), "type": "soort", "location": "xy", "x": "x", "y": "y"}],
                          "reach": {"indicators": ["armoede", "jeugd"], "types": ["wijkteam"],
                                    "distances": DISTANCES, **reach}}
    return AnalysisConfig.from_dict(data)


def _provisions(path, points):
    path.write_text("soort;x;y\n" + "".join(f"{t};{x};{y}\n" for t, x, y in points), encoding="utf-8")
    return path


def _persons(csv_path, cfg, areas):
    """Per person (key) from the CSV with the csv module and shapely: its home buurt (most
    categories, then the lowest code), its indicators, and the points of its registrations
    in the home buurt (the only ones reach measures)."""
    cat_to = defaultdict(set)
    for ind, cats in cfg.indicators.items():
        for c in cats:
            if not c.startswith("_"):  # not a distance category of reach
                cat_to[c].add(ind)
    codes, geoms = list(areas.frame["code"]), areas.geometries
    where, points = defaultdict(lambda: defaultdict(set)), defaultdict(list)
    with open(csv_path, encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh, delimiter=";"):
            key, cat = row["bsn"].strip(), row["voorziening"].strip().lower()
            try:
                p = Point(float(row["x_rd"].replace(",", ".")), float(row["y_rd"].replace(",", ".")))
            except ValueError:
                continue
            inside = [c for c, g in zip(codes, geoms) if g.covers(p)]
            if key and cat in cat_to and inside:
                where[key][inside[0]].add(cat)
                points[key].append((inside[0], p))
    out = {}
    for key, per_buurt in where.items():
        home = sorted(per_buurt.items(), key=lambda kv: (-len(kv[1]), kv[0]))[0][0]
        mine = set().union(*(cat_to[c] for c in set().union(*per_buurt.values())))
        out[key] = (home, mine, [p for b, p in points[key] if b == home])
    return out


def _areas_of(home, areas):
    """The buurt, wijk and gemeente of a home buurt: (level, code) three times."""
    frame = areas.frame.set_index("code")
    return (("buurt", home), ("wijk", frame.loc[home, "wijkcode"]), ("gemeente", frame.loc[home, "gemeentecode"]))


def _protect_seen(monkeypatch) -> dict:
    """What the pipeline protects, as it goes by: the count tables and the full configuration."""
    seen = {}
    real_protect = pipeline.protect

    def keep(tables, cfg_, **kw):
        seen["tables"], seen["cfg"] = tables, cfg_
        return real_protect(tables, cfg_, **kw)
    monkeypatch.setattr(pipeline, "protect", keep)
    return seen


def _reference(csv_path, cfg, areas, wijkteams):
    """Per level, area and field: the count (:func:`_persons`), each person within a distance
    when one of its registrations' points in its home buurt is (shapely's distance to every
    wijkteam)."""
    teams = [Point(x, y) for x, y in wijkteams]
    near = {}
    counts = {lv: defaultdict(Counter) for lv in ("buurt", "wijk", "gemeente")}
    for key, (home, mine, points) in _persons(csv_path, cfg, areas).items():
        near[key] = min(p.distance(t) for p in points for t in teams)  # the home buurt's registrations
        fields = [f"{i}_n" for i in mine]
        for d in DISTANCES:
            if near[key] <= d:
                fields.append(f"binnen_{d}m_wijkteam_n")
                fields += [f"{i}_x_binnen_{d}m_wijkteam_n" for i in ("armoede", "jeugd") if i in mine]
        for inner, outer in zip(DISTANCES, DISTANCES[1:]):  # the rings between two distances
            if inner < near[key] <= outer:
                fields.append(f"tussen_{inner}m_{outer}m_wijkteam_n")
        if near[key] > DISTANCES[-1]:
            fields.append(f"buiten_{DISTANCES[-1]}m_wijkteam_n")
        if {"armoede", "jeugd"} <= mine:
            fields.append("armoede_x_jeugd_n")
        fields += ["stapeling_2plus_n"] if len(mine) >= 2 else []
        fields += ["stapeling_3plus_n"] if len(mine) >= 3 else []
        for level, code in _areas_of(home, areas):
            counts[level][code].update(fields)
    return counts


@pytest.fixture(scope="module")
def uden_reach(tmp_path_factory, uden_areas, demo_cfg):
    from steunstructuur_plugin.demo.synthetic import generate, write_csv

    out = tmp_path_factory.mktemp("reach")
    csv_path = write_csv(generate(uden_areas, seed=166, woonplaats="Uden"), str(out / "registraties.csv"))
    # three wijkteams at buurt centres; one exactly 500 m east of a registration's point
    # (a whole number of metres: the distance is exactly 500.0)
    teams = [tuple(round(v) for v in uden_areas.geometries[i].representative_point().coords[0]) for i in (0, 9, 20)]
    with open(csv_path, encoding="utf-8-sig", newline="") as fh:
        first = next(r for r in csv.DictReader(fh, delimiter=";") if r["x_rd"] != "onbekend")
    px, py = float(first["x_rd"].replace(",", ".")), float(first["y_rd"].replace(",", "."))
    teams.append((px + 500.0, py))
    vz = _provisions(out / "vz.csv", [("wijkteam", x, y) for x, y in teams] + [("huisarts", 1, 1)])
    return csv_path, _cfg(demo_cfg, vz), teams, first["bsn"]


def test_reach_counts_every_area_exactly(uden_reach, uden_areas, monkeypatch):
    csv_path, cfg, teams, _ = uden_reach
    seen = _protect_seen(monkeypatch)
    result = pipeline.run(csv_path, uden_areas, cfg, None, secret=SECRET)
    want = _reference(csv_path, seen["cfg"], uden_areas, teams)
    fields = seen["cfg"].count_fields()
    assert {"armoede_x_binnen_500m_wijkteam_n", "tussen_500m_1000m_wijkteam_n", "buiten_1000m_wijkteam_n"} <= set(
        fields)
    checked = published = 0
    for level, table in seen["tables"].items():
        safe = result.safe[level].set_index("code")
        for row in table.itertuples(index=False):
            for f in fields:
                assert getattr(row, f) == want[level][row.code][f], (level, row.code, f)
                checked += 1
                shown = safe.loc[row.code, f]
                if not (shown is None or shown is np.nan or str(shown) == "<NA>"):
                    assert int(shown) == want[level][row.code][f]
                    published += 1
    assert checked == 30 * len(fields) and published > 0
    gm = want["gemeente"]["GM0856"]
    # the parts (within 500 m, between, beyond 1,000 m) are everyone counted (every person
    # once: the indicators' sum less the second and third indicator of those with more)
    assert gm["binnen_500m_wijkteam_n"] + gm["tussen_500m_1000m_wijkteam_n"] + gm["buiten_1000m_wijkteam_n"] == \
        gm["binnen_1000m_wijkteam_n"] + gm["buiten_1000m_wijkteam_n"] == seen["tables"]["gemeente"][
        ["armoede_n", "jeugd_n", "wmo_n"]].sum(axis=1).iloc[0] - gm["stapeling_2plus_n"] - gm["stapeling_3plus_n"]
    assert result.audit.ok


def test_the_median_distance_class_follows_from_published_counts_and_holds_shapelys_median(
        uden_reach, uden_areas, monkeypatch):
    """An outside attack read from a published median distance (at least half of an
    indicator's persons beyond it) that a hidden count within a distance was 1..3, so the
    median itself is not published (nor can it be configured).  What is: the class of the
    nearest distance within which more than half of the persons live.  For every Uden
    buurt, wijk and gemeente and both reach indicators, against each person's exact
    distance (shapely): the class is that of the (floor(N/2)+1)-th nearest person, holds
    the median where N is odd, is at least it where N is even, and is NULL exactly where a
    count it needs is hidden; a class filled in by hand fails the check of published
    figures."""
    from steunstructuur_plugin.core.protect.publish import check_published

    csv_path, cfg, teams, _ = uden_reach
    seen = _protect_seen(monkeypatch)
    result = pipeline.run(csv_path, uden_areas, cfg, None, secret=SECRET)
    assert not [c for t in result.safe.values() for c in t.columns if c.endswith(("median", "mediaan"))]
    data = cfg.to_dict()
    data["provisions"]["reach"]["medians"] = True
    with pytest.raises(ConfigError, match=r"provisions\.reach\.medians"):
        AnalysisConfig.from_dict(data)
    # every person's exact distance from its home buurt's registrations, per area and indicator
    distances = {lv: defaultdict(lambda: defaultdict(list)) for lv in ("buurt", "wijk", "gemeente")}
    for home, mine, points in _persons(csv_path, cfg, uden_areas).values():
        near = min(p.distance(Point(t)) for p in points for t in teams)
        for ind in mine & {"armoede", "jeugd"}:
            for lv, code in _areas_of(home, uden_areas):
                distances[lv][code][ind].append(near)
    labels = ["<=500", "500-1000", ">1000"]
    decided = undecided = 0
    for lv, table in result.safe.items():
        for row in table.itertuples(index=False):
            for ind in ("armoede", "jeugd"):
                got = getattr(row, f"{ind}_mediaan_wijkteam")
                got = None if got is None or got is pd.NA or got != got else got
                d = sorted(distances[lv][row.code][ind])
                needed = [f"{ind}_n"] + [f"{ind}_x_binnen_{e}m_wijkteam_n" for e in DISTANCES]
                if not d:
                    assert got is None
                    continue
                middle = d[len(d) // 2]  # the (floor(N/2)+1)-th nearest
                want = labels[sum(middle > e for e in DISTANCES)]
                if got is None:
                    undecided += 1
                    assert any(pd.isna(getattr(row, f)) for f in needed), (lv, row.code, ind)
                    continue
                decided += 1
                assert got == want, (lv, row.code, ind)
                median = float(np.median(d))
                top = DISTANCES[labels.index(got)] if got != ">1000" else np.inf
                bottom = 0 if got == "<=500" else DISTANCES[labels.index(got) - 1]
                assert median <= top and (len(d) % 2 == 0 or median > bottom), (lv, row.code, ind)
    assert decided > 10 and undecided > 0
    full = seen["cfg"]
    assert check_published(result.safe, full) == []
    edited = {lv: t.copy() for lv, t in result.safe.items()}
    col = edited["buurt"]["armoede_mediaan_wijkteam"]
    row = int(np.flatnonzero(col.notna().to_numpy())[0])
    edited["buurt"].loc[row, "armoede_mediaan_wijkteam"] = next(v for v in labels if v != col[row])
    assert any("armoede_mediaan_wijkteam" in p for p in check_published(edited, full))


def test_a_person_exactly_at_the_distance_is_within_it(uden_reach, uden_areas, demo_cfg, tmp_path):
    """The registration 500.0 m from the fourth wijkteam: within 500 m (a distance equal to
    the limit is within), and with that wijkteam 1 mm further, not."""
    from steunstructuur_plugin.core.reach import read_provisions
    from steunstructuur_plugin.core.reach.distance import nearest_distances

    csv_path, cfg, teams, _ = uden_reach
    prov, _ = read_provisions(cfg, uden_areas.crs)
    x, y = teams[3][0] - 500.0, teams[3][1]
    assert nearest_distances(np.array([x]), np.array([y]), prov, "wijkteam")[0] == 500.0
    moved = _provisions(tmp_path / "vz.csv", [("wijkteam", teams[3][0] + 0.001, teams[3][1])])
    far, _ = read_provisions(_cfg(demo_cfg, moved), uden_areas.crs)
    assert nearest_distances(np.array([x]), np.array([y]), far, "wijkteam")[0] > 500.0


def test_only_the_home_buurts_registrations_are_measured(uden_areas, demo_cfg, tmp_path):
    """A person with two registrations in a buurt far from the wijkteam (its home) and one
    in a buurt beside it is not within 500 m: counted near, a buurt wholly beyond the
    distance would show someone within it (and tell of a second address)."""
    import pandas as pd

    from steunstructuur_plugin.core.reach import read_provisions
    from steunstructuur_plugin.core.reach.distance import with_reach_rows

    vz = _provisions(tmp_path / "vz.csv", [("wijkteam", 170000, 410000)])
    cfg = _cfg(demo_cfg, vz)
    prov, _ = read_provisions(cfg, uden_areas.crs)
    records = pd.DataFrame({"row": [2, 3, 4, 5], "person": [0, 0, 0, 1],
                            "category": ["bijstand", "jeugdzorg", "wmo_hulpmiddel", "bijstand"],
                            "buurtcode": ["BU08560101", "BU08560101", "BU08560102", "BU08560102"],
                            "_x": [180000.0, 180000.0, 170100.0, 170100.0], "_y": [410000.0, 410000.0, 410000.0,
                                                                                  410000.0]})
    out = with_reach_rows(records, prov, cfg)
    # only person 1 (home BU08560102, 100 m away) gets the category; person 0's near one is elsewhere
    assert out[out["category"].str.startswith("_binnen")][["person", "buurtcode"]].values.tolist() == [
        [1, "BU08560102"]]


def test_the_configuration_of_reach(demo_cfg, tmp_path):
    vz = _provisions(tmp_path / "vz.csv", [("wijkteam", 1, 1)])
    cfg = _cfg(demo_cfg, vz)
    full = cfg.with_reach()
    assert full.with_reach() is full and AnalysisConfig.from_dict(full.to_dict()).count_fields() == \
        full.count_fields()
    assert full.indicators["binnen_500m_wijkteam"] == ["_binnen_500m_wijkteam"]
    assert full.indicators["binnen_1000m_wijkteam"] == ["_binnen_500m_wijkteam", "_binnen_1000m_wijkteam"]
    assert full.expressions == {
        "tussen_500m_1000m_wijkteam":
            "(armoede OR jeugd OR wmo) AND binnen_1000m_wijkteam AND NOT binnen_500m_wijkteam",
        "buiten_1000m_wijkteam": "(armoede OR jeugd OR wmo) AND NOT binnen_1000m_wijkteam"}
    assert full.overlaps[-4:] == [("armoede", "binnen_500m_wijkteam"), ("jeugd", "binnen_500m_wijkteam"),
                                  ("armoede", "binnen_1000m_wijkteam"), ("jeugd", "binnen_1000m_wijkteam")]
    assert full.stacking_units() == [["armoede"], ["jeugd"], ["wmo"]]  # a distance is no need
    # nobody is counted for a distance alone, and within 500 m is within 1,000 m
    names, _pattern = field_atoms(full)
    assert all(set(n) & {"armoede", "jeugd", "wmo"} for n in names)
    assert not any("binnen_500m_wijkteam" in n and "binnen_1000m_wijkteam" not in n for n in names)
    data = cfg.to_dict()
    del data["provisions"]["reach"]["distances"]  # the default: 500 m and 1,000 m
    assert AnalysisConfig.from_dict(data).provisions.reach.distances == [500, 1000]
    data = cfg.to_dict()
    data["source"] = {**data["source"], "location": "buurtcode"}
    with pytest.raises(ConfigError, match=r"provisions\.reach.*x/y"):
        AnalysisConfig.from_dict(data)
    for bad, key in (({"indicators": ["armode"]}, "provisions.reach.indicators"),
                     ({"types": []}, "provisions.reach.types"),
                     ({"distances": [1000, 500]}, "provisions.reach.distances"),
                     # every joint part of several types is published: at most 16
                     ({"types": ["wijkteam", "huisarts"], "distances": [250, 500, 750, 1000]}, "joint parts"),
                     ({"types": ["jongerenwerk_buurthuis"], "distances": [500, 100000]},
                      "too long for a name")):
        with pytest.raises(ConfigError, match=key.replace(".", r"\.")):
            _cfg(demo_cfg, vz, **bad)
    data = cfg.to_dict()
    data["disclosure"] = {**data["disclosure"], "publish_zero": False}
    with pytest.raises(ConfigError, match="needs zeros published"):
        AnalysisConfig.from_dict(data)


def test_a_reach_count_that_would_give_away_a_hidden_count_is_hidden(uden_areas, demo_cfg, tmp_path):
    """In one Uden buurt 3 persons of armoede and 20 of jeugd, everyone farther than 1 km
    from the only wijkteam.  armoede (3) is hidden by the rule; but 'buiten_500m' (everyone
    counted farther: 23) with jeugd (20), wmo (0), armoede within 500 m (0) and the
    stacking (0) published gives armoede = 23 - 20 = 3.  With only the rule's cells hidden
    the exact audit pins it; the run hides more, and what it publishes passes the exact
    audit."""
    rows = ["clientnummer;bsn;voorziening;x_rd;y_rd;buurtcode;startdatum;einddatum"]
    af = uden_areas.frame
    n = 0
    for i, g in enumerate(uden_areas.geometries):
        p = g.representative_point()
        counts = {"bijstand": 3, "jeugdzorg": 20} if i == 5 else {"bijstand": 30, "jeugdzorg": 30, "wmo_hulpmiddel": 30}
        for cat, k in counts.items():
            for _ in range(k):
                n += 1
                rows.append(f"C{n};{100000000 + n};{cat};{p.x:.1f};{p.y:.1f};{af['code'][i]};01-01-2024;")
    reg = tmp_path / "registraties.csv"
    reg.write_text("\n".join(rows) + "\n", encoding="utf-8")
    vz = _provisions(tmp_path / "vz.csv", [("wijkteam", 150000, 350000)])  # far from Uden: everyone beyond
    cfg = _cfg(demo_cfg, vz, distances=[500])
    result = pipeline.run(str(reg), uden_areas, cfg, str(tmp_path / "uit.gpkg"), secret=SECRET)
    full = result.config.with_reach()
    fields = full.count_fields()
    from steunstructuur_plugin.core.protect.model import _values
    from steunstructuur_plugin.core.protect.rules import _primary_codes

    # only the rule's cells hidden: the exact audit pins armoede in that buurt at 3
    counted = pipeline_tables(str(reg), uden_areas, cfg)
    row = int(np.flatnonzero(counted["buurt"]["code"] == af["code"][5])[0])
    assert [int(counted["buurt"][f][row]) for f in ("armoede_n", "jeugd_n", "wmo_n", "buiten_500m_wijkteam_n",
                                                    "armoede_x_binnen_500m_wijkteam_n")] == [3, 20, 0, 23, 0]
    codes = _primary_codes(_values(counted, fields), full)
    naive = {lv: counted[lv].assign(**{f: counted[lv][f].astype(float).where(codes[lv][:, j] == 0)
                                       for j, f in enumerate(fields)}) for lv in counted}
    pinned = audit_published(naive, full, exact_ranges=True)
    cell = next(r for r in pinned.ranges if r.cell == ("buurt", row, fields.index("armoede_n")))
    assert (cell.min, cell.max) == (3, 3) and not pinned.ok
    # the run hides more in that buurt than the rule, and what it publishes passes the exact audit
    b = result.safe["buurt"]
    hidden_here = {f for f in fields if b[f].isna()[row]}
    rule_here = {f for j, f in enumerate(fields) if codes["buurt"][row, j] != 0}
    assert "armoede_n" in hidden_here and hidden_here > rule_here
    published = {lv: t.assign(**{f: t[f].astype(float) for f in fields}) for lv, t in result.safe.items()}
    assert audit_published(published, full, exact_ranges=True).ok
    assert pipeline.audit_file(str(tmp_path / "uit.gpkg"))[0].ok  # the export gate agrees


def pipeline_tables(csv_path, areas, cfg):
    """The count tables the run protects (the pipeline's own steps up to protection)."""
    seen = {}

    def stop(tables, cfg_, **kw):
        seen["tables"] = tables
        raise _Stop
    original = pipeline.protect
    pipeline.protect = stop
    try:
        pipeline.run(csv_path, areas, cfg, None, secret=SECRET)
    except _Stop:
        pass
    finally:
        pipeline.protect = original
    return seen["tables"]


class _Stop(Exception):
    pass


def test_what_a_run_with_reach_publishes_passes_the_exact_audit(uden_reach, uden_areas):
    csv_path, cfg, _teams, _ = uden_reach
    result = pipeline.run(csv_path, uden_areas, dataclasses.replace(cfg), None, secret=SECRET)
    full = result.config.with_reach()
    fields = full.count_fields()
    published = {lv: t.assign(**{f: t[f].astype(float) for f in fields}) for lv, t in result.safe.items()}
    audit = audit_published(published, full, exact_ranges=True)
    assert audit.ok and audit.cells_checked == sum(int(t[f].isna().sum()) for t in result.safe.values()
                                                   for f in fields)


def test_several_types_publish_every_joint_part_and_the_map_tells_the_audit_nothing_more(
        uden_reach, uden_areas, demo_cfg, tmp_path, monkeypatch):
    """An outside attack on reach with two types: a wijkteam housed in a huisarts practice
    puts everyone within 500 m of the one within 500 m of the other, which the map of the
    provisions shows and the audit did not know (it pinned hidden counts of 1).  Now every
    joint part of the types is a published count (``zone_<ring of wijkteam>_<ring of
    huisarts>``); on the real Uden buurten with wijkteams in huisarts practices each part
    equals an independent count with shapely, the part within 500 m of a wijkteam and not of
    a huisarts is a published zero everywhere, and an audit that also knows the map (that
    nobody can be in that part) gives every hidden cell exactly the range the audit without
    it gives."""
    csv_path, _cfg1, teams, _ = uden_reach
    huisartsen = teams[:3] + [tuple(round(v) for v in uden_areas.geometries[14].representative_point().coords[0])]
    vz = _provisions(tmp_path / "vz.csv", [("wijkteam", x, y) for x, y in teams[:3]]
                     + [("huisarts", x, y) for x, y in huisartsen])
    cfg = _cfg(demo_cfg, vz, types=["wijkteam", "huisarts"], distances=[500])
    seen = _protect_seen(monkeypatch)
    result = pipeline.run(csv_path, uden_areas, cfg, None, secret=SECRET)
    full = seen["cfg"]
    assert full.expressions["zone_0_1"] == \
        "(armoede OR jeugd OR wmo) AND binnen_500m_wijkteam AND NOT binnen_500m_huisarts"
    zones = ["zone_0_0", "zone_0_1", "zone_1_0", "zone_1_1"]
    # the reference: per person whether a registration in its home buurt lies within 500 m
    # of each type (shapely)
    want = {lv: defaultdict(Counter) for lv in ("buurt", "wijk", "gemeente")}
    for home, _mine, points in _persons(csv_path, full, uden_areas).values():
        near = [min(p.distance(Point(t)) for p in points for t in kind) <= 500 for kind in (teams[:3], huisartsen)]
        for lv, code in _areas_of(home, uden_areas):
            want[lv][code][f"zone_{0 if near[0] else 1}_{0 if near[1] else 1}_n"] += 1
    total = Counter()
    for lv, table in seen["tables"].items():
        for row in table.itertuples(index=False):
            for z in zones:
                assert getattr(row, f"{z}_n") == want[lv][row.code][f"{z}_n"], (lv, row.code, z)
                total[(lv, z)] += getattr(row, f"{z}_n")
    assert total[("buurt", "zone_0_1")] == 0 and total[("buurt", "zone_1_0")] > 0 and total[("buurt", "zone_0_0")] > 0
    assert all((t["zone_0_1_n"] == 0).all() for t in result.safe.values())  # published zeros, not hidden
    # an audit that knows the map (nobody within 500 m of a wijkteam and not of a huisarts)
    # as a published zero of its own gives every hidden cell the same range
    fields = full.count_fields()
    published = {lv: t.assign(**{f: t[f].astype(float) for f in fields}) for lv, t in result.safe.items()}
    plain = audit_published(published, full, exact_ranges=True)
    geo = dataclasses.replace(full, expressions={**full.expressions,
                                                 "kaart": "binnen_500m_wijkteam AND NOT binnen_500m_huisarts"})
    knowing = audit_published({lv: t.assign(kaart_n=0.0) for lv, t in published.items()}, geo.validate(),
                              exact_ranges=True)
    assert plain.ok and knowing.ok and plain.cells_checked == knowing.cells_checked > 0
    named = [{(r.cell.level, r.cell.row, names[r.cell.col]): (r.min, r.max) for r in audit.ranges}
             for audit, names in ((plain, fields), (knowing, geo.validate().count_fields()))]
    assert named[0] == named[1]
    # without the joint parts (the publication the attack broke) the audit passes the run,
    # and the one that knows the map pins a hidden count
    monkeypatch.setattr(AnalysisConfig, "_reach_zones", lambda self, anyone: {})
    before = pipeline.run(csv_path, uden_areas, cfg, None, secret=SECRET)
    fields = seen["cfg"].count_fields()
    published = {lv: t.assign(**{f: t[f].astype(float) for f in fields}) for lv, t in before.safe.items()}
    geo = dataclasses.replace(seen["cfg"], expressions={**seen["cfg"].expressions, "kaart": geo.expressions["kaart"]})
    knowing = audit_published({lv: t.assign(kaart_n=0.0) for lv, t in published.items()}, geo.validate(),
                              exact_ranges=True)
    assert before.audit.ok and not knowing.ok
    assert any(f.min == f.max for f in knowing.failures)


def test_reach_with_own_areas_counts_each_area_and_passes_the_exact_audit(uden_reach, uden_areas, monkeypatch):
    """Reach beside an own area division (#19): every count of every own area, the reach
    fields too, equals the shapely reference counted per area, and what the run publishes
    for all four levels passes the exact audit."""
    from types import SimpleNamespace

    from divisions import uden_division

    from steunstructuur_plugin.core.count.aggregate import DIVISION
    from steunstructuur_plugin.core.place.division import assign_division

    csv_path, cfg, teams, _ = uden_reach
    division, groups, _outside = uden_division(uden_areas)
    seen = _protect_seen(monkeypatch)
    result = pipeline.run(csv_path, uden_areas, dataclasses.replace(cfg), None, secret=SECRET, division=division)
    frame = assign_division(uden_areas, division).frame
    as_wijken = SimpleNamespace(frame=frame.assign(wijkcode=frame["gebiedcode"].where(frame["gebiedcode"] != "", "-")),
                                geometries=uden_areas.geometries)
    ref = _reference(csv_path, cfg, as_wijken, teams)
    full = result.config.with_reach()
    fields = full.count_fields()
    counted = seen["tables"][DIVISION].set_index("code")
    assert sorted(counted.index) == sorted(groups)
    for code in groups:
        for f in fields:
            assert counted.loc[code, f] == ref["wijk"][code][f], (code, f)
    published = {lv: t.assign(**{f: t[f].astype(float) for f in fields}) for lv, t in result.safe.items()}
    audit = audit_published(published, full, exact_ranges=True)
    assert audit.ok, audit.failures[:3]
    assert audit.cells_checked == sum(int(t[f].isna().sum()) for t in result.safe.values() for f in fields)
