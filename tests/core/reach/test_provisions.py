"""Provisions (#20): reading them with a report of what was rejected, their counts per
buurt, wijk and gemeente on the real Uden buurten against a brute-force computation with
shapely, and the output: the ``voorzieningen`` layer, its columns, the seal and the gate."""

import json
import os
import sqlite3

import numpy as np
import pytest
from conftest import SECRET
from gpkg_edit import edit_gpkg
from shapely.geometry import Point
from shapely.ops import unary_union

from steunstructuur_plugin.core.config import AnalysisConfig, ConfigError
from steunstructuur_plugin.core.pipeline import audit_file, run
from steunstructuur_plugin.core.protect.publish import check_published
from steunstructuur_plugin.core.publish.geopackage import read_tables
from steunstructuur_plugin.core.reach import Provisions, provision_tables, read_provisions

TYPES = ["huisarts", "voedselbank", "wijkteam"]
DISTANCES = [1000, 3000, 5000]


def _places(areas, seed=7):
    """Provisions at known places: one huisarts at each buurt's representative point, a
    wijkteam on a corner two buurten share, voedselbanken exactly 1,000 m (and 1 mm more)
    east of a buurt's easternmost vertex, and 200 at random over the gemeente and 6 km
    around it (outside every buurt too)."""
    geoms = areas.geometries
    xs, ys, ts = [], [], []
    for g in geoms:
        p = g.representative_point()
        xs.append(p.x), ys.append(p.y), ts.append("huisarts")
    a, b = geoms[0], geoms[1]
    shared = sorted(set(a.exterior.coords if a.geom_type == "Polygon" else
                        [c for part in a.geoms for c in part.exterior.coords])
                    & set(b.exterior.coords if b.geom_type == "Polygon" else
                          [c for part in b.geoms for c in part.exterior.coords]))
    assert shared, "the first two Uden buurten share a corner"
    xs.append(shared[0][0]), ys.append(shared[0][1]), ts.append("wijkteam")
    union = unary_union(geoms)
    east = max(union.exterior.coords if union.geom_type == "Polygon" else
               [c for part in union.geoms for c in part.exterior.coords])
    for dx in (1000.0, 1000.001):
        xs.append(east[0] + dx), ys.append(east[1]), ts.append("voedselbank")
    rng = np.random.default_rng(seed)
    minx, miny, maxx, maxy = union.bounds
    xs += list(rng.uniform(minx - 6000, maxx + 6000, 200))
    ys += list(rng.uniform(miny - 6000, maxy + 6000, 200))
    ts += list(rng.choice(TYPES, 200))
    n = len(xs)
    return Provisions(np.array(xs), np.array(ys), np.array(ts, dtype=object), np.array([""] * n, dtype=object),
                      areas.crs)


def _reference(areas, prov):
    """Per level, area and type: provisions covered by the area, and those within each
    distance of its polygon, by brute force over every pair (shapely, no index)."""
    af = areas.frame
    polys = {"buurt": dict(zip(af["code"], areas.geometries))}
    for level in ("wijk", "gemeente"):
        polys[level] = {code: unary_union([areas.geometries[i] for i in idx])
                        for code, idx in af.groupby(f"{level}code").indices.items()}
    points = [Point(x, y) for x, y in zip(prov.x, prov.y)]
    out = {}
    for level, areas_ in polys.items():
        for code, poly in areas_.items():
            for t in TYPES:
                mine = [p for p, kind in zip(points, prov.type) if kind == t]
                out[(level, code, f"vz_{t}_in")] = sum(poly.covers(p) for p in mine)
                for d in DISTANCES:
                    out[(level, code, f"vz_{t}_{d}m")] = sum(poly.distance(p) <= d for p in mine)
    return out


def test_counts_per_area_equal_a_brute_force_computation_on_the_uden_buurten(uden_areas):
    prov = _places(uden_areas)
    got = provision_tables(uden_areas, prov, TYPES, DISTANCES)
    want = _reference(uden_areas, prov)
    corner = int(np.flatnonzero(prov.type == "wijkteam")[0])
    covering = [c for c, g in zip(uden_areas.frame["code"], uden_areas.geometries) if g.covers(
        Point(prov.x[corner], prov.y[corner]))]
    assert len(covering) >= 2  # the corner lies on two (or more) buurten
    for level, table in got.items():
        assert sorted(table["code"]) == sorted({k[1] for k in want if k[0] == level})
        for row in table.itertuples(index=False):
            for col in table.columns[1:]:
                value, expected = getattr(row, col), want[(level, row.code, col)]
                if col == "vz_wijkteam_in" and level == "buurt" and row.code in covering:
                    # a provision on a shared boundary is in exactly one of the buurten (as a registration)
                    continue
                if col == "vz_wijkteam_in" and level != "buurt":
                    continue  # checked below
                assert value == expected, (level, row.code, col)
    # the corner's wijkteam is in one buurt, and so counted once in the gemeente
    buurt = got["buurt"].set_index("code")
    inside = {c: int(buurt.loc[c, "vz_wijkteam_in"]) for c in covering}
    others = {c: int(want[("buurt", c, "vz_wijkteam_in")]) - 1 for c in covering}
    assert sorted(inside[c] - others[c] for c in covering) == [0] * (len(covering) - 1) + [1]
    total_in = {lv: int(got[lv]["vz_wijkteam_in"].sum()) for lv in got}
    assert total_in["buurt"] == total_in["wijk"] == total_in["gemeente"] == int(
        sum(unary_union(uden_areas.geometries).covers(Point(x, y))
            for x, y, t in zip(prov.x, prov.y, prov.type) if t == "wijkteam"))
    # the voedselbank exactly 1,000 m east of the gemeente counts within 1,000 m, the one 1 mm further not
    gm = got["gemeente"].iloc[0]
    near = [i for i in np.flatnonzero(prov.type == "voedselbank")[:2]]
    union = unary_union(uden_areas.geometries)
    assert [union.distance(Point(prov.x[i], prov.y[i])) <= 1000 for i in near] == [True, False]
    assert gm["vz_voedselbank_1000m"] == want[("gemeente", "GM0856", "vz_voedselbank_1000m")]
    # every buurt has its own huisarts inside; the counts grow with the distance
    assert (buurt["vz_huisarts_in"] >= 1).all()
    for t in TYPES:
        cols = [f"vz_{t}_in"] + [f"vz_{t}_{d}m" for d in DISTANCES]
        for level, table in got.items():
            assert (np.diff(table[cols].to_numpy(), axis=1) >= 0).all()


def _write(path, text):
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text)
    return str(path)


def _cfg(demo_cfg, provisions):
    return AnalysisConfig.from_dict({**demo_cfg.to_dict(), "provisions": provisions})


def test_bad_rows_are_reported_by_file_row_and_column_and_nothing_else_is_dropped(tmp_path, demo_cfg, qgis_ready):
    csv = _write(tmp_path / "voorzieningen.csv",
                 "soort;naam;x;y\n"
                 "Huisarts;Praktijk Jansen;257100,5;476200\n"  # a decimal comma, a type written another way
                 ";Zonder soort;257200;476300\n"
                 "wijkteam;Geheim Adres 12;niet;476400\n"
                 "Wijk team;Team Oost;257400;476500\n")
    addresses = _write(tmp_path / "adressen.csv", "postcode;huisnummer;x;y\n7581AB;1;256000;475000\n")
    by_pc = _write(tmp_path / "wijkteams.csv", "postcode;nr\n7581 ab;1\n7581AB;99\nonzin;1\n")
    cfg = _cfg(demo_cfg, {"sources": [
        {"path": csv, "type": "soort", "name": "naam", "location": "xy", "x": "x", "y": "y"},
        {"path": by_pc, "type_value": "wijkteam", "location": "postcode", "postcode": "postcode",
         "huisnummer": "nr"}], "postcode_table": addresses})
    prov, reports = read_provisions(cfg, "EPSG:28992")
    assert prov.type.tolist() == ["huisarts", "wijk_team", "wijkteam"]
    assert prov.x.tolist() == [257100.5, 257400.0, 256000.0]
    assert prov.name.tolist() == ["Praktijk Jansen", "Team Oost", ""]
    assert [(r.rows_read, r.rows_counted, r.rows_rejected) for r in reports] == [(4, 2, 2), (3, 1, 2)]
    text = "\n".join(line for r in reports for line in r.lines())
    assert "voorzieningen.csv, row 3, column 'soort': the provision's type is empty" in text
    assert "voorzieningen.csv, row 4, column 'x/y': location cannot be read" in text
    assert "wijkteams.csv, row 3, column 'postcode': postcode + huisnummer not in the lookup table" in text
    assert "wijkteams.csv, row 4, column 'postcode/nr': location cannot be read" in text
    assert "Geheim" not in text and "niet" not in text.replace("not in", "")
    # with the types listed, another type is rejected and reported
    listed = _cfg(demo_cfg, {"sources": [{"path": csv, "type": "soort", "location": "xy", "x": "x", "y": "y"}],
                             "types": ["huisarts"]})
    prov, reports = read_provisions(listed, "EPSG:28992")
    assert prov.type.tolist() == ["huisarts"] and reports[0].rejected == {
        "no_type": 1, "bad_location": 1, "unknown_type": 1}


def test_a_point_layer_is_read_in_the_area_layers_coordinate_system(tmp_path, demo_cfg, qgis_ready):
    from qgis.core import QgsFeature, QgsGeometry, QgsPointXY, QgsVectorFileWriter, QgsVectorLayer

    mem = QgsVectorLayer("Point?crs=EPSG:4326&field=soort:string", "p", "memory")
    feats = []
    for kind, geom in (("huisarts", QgsGeometry.fromPointXY(QgsPointXY(6.96, 52.30))),
                       ("school", QgsGeometry())):  # no geometry: rejected
        f = QgsFeature(mem.fields())
        f.setAttributes([kind])
        f.setGeometry(geom)
        feats.append(f)
    mem.dataProvider().addFeatures(feats)
    path = str(tmp_path / "punten.gpkg")
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    QgsVectorFileWriter.writeAsVectorFormatV3(mem, path, mem.transformContext(), options)
    cfg = _cfg(demo_cfg, {"sources": [{"path": path, "type": "soort"}]})
    prov, reports = read_provisions(cfg, "EPSG:28992")
    from qgis.core import QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsProject

    to_rd = QgsCoordinateTransform(QgsCoordinateReferenceSystem("EPSG:4326"),
                                   QgsCoordinateReferenceSystem("EPSG:28992"), QgsProject.instance())
    rd = to_rd.transform(QgsPointXY(6.96, 52.30))
    x, y = rd.x(), rd.y()
    assert prov.type.tolist() == ["huisarts"]
    assert abs(prov.x[0] - x) < 1e-6 and abs(prov.y[0] - y) < 1e-6
    assert reports[0].rejected == {"bad_location": 1} and reports[0].examples[0].row == 2


def test_configuration_errors_name_the_key(demo_cfg, tmp_path):
    base = demo_cfg.to_dict()
    cases = [
        ({"sources": [{"path": "a.csv", "location": "xy", "x": "x", "y": "y"}]}, "provisions.sources[0].type"),
        ({"sources": [{"path": "a.csv", "type": "t", "location": "xy", "x": "x"}]}, "provisions.sources[0].y"),
        ({"sources": [{"path": "a.csv", "type": "t", "location": "postcode", "postcode": "p", "huisnummer": "h"}]},
         "provisions.postcode_table"),
        ({"sources": [{"path": "a.csv", "type": "t", "colour": "red"}]}, "provisions.sources[0].colour"),
        ({"area_distances": [3000, 1000]}, "provisions.area_distances"),
        ({"types": ["Huisarts"]}, "provisions.types[0]"),
    ]
    for section, key in cases:
        with pytest.raises(ConfigError, match=key.replace("[", r"\[").replace("]", r"\]").replace(".", r"\.")):
            AnalysisConfig.from_dict({**base, "provisions": section})
    # a file named relative to the configuration lies next to it
    path = tmp_path / "analyse.json"
    path.write_text(json.dumps({**base, "provisions": {"sources": [{"path": "vz.csv", "type": "t", "location": "xy",
                                                                    "x": "x", "y": "y"}]}}))
    assert AnalysisConfig.load(str(path)).provisions.sources[0].path == str(tmp_path / "vz.csv")


def test_the_output_holds_the_provisions_and_their_counts_and_the_gate_checks_them(tmp_path, demo_input,
                                                                                  losser_areas, demo_cfg):
    rng = np.random.default_rng(3)
    minx, miny, maxx, maxy = unary_union(losser_areas.geometries).bounds
    rows = ["type;x;y"] + [f"{t};{x:.2f};{y:.2f}" for t, x, y in zip(
        rng.choice(["huisarts", "wijkteam", "voedselbank"], 40), rng.uniform(minx - 2000, maxx + 2000, 40),
        rng.uniform(miny - 2000, maxy + 2000, 40))]
    csv = _write(tmp_path / "vz.csv", "\n".join(rows) + "\n")
    cfg = _cfg(demo_cfg, {"sources": [{"path": csv, "type": "type", "location": "xy", "x": "x", "y": "y"}]})
    gpkg = str(tmp_path / "losser.gpkg")
    result = run(demo_input[0], losser_areas, cfg, gpkg, secret=SECRET)
    assert result.config.provisions.types == ["huisarts", "voedselbank", "wijkteam"]
    tables = read_tables(gpkg)
    prov, _ = read_provisions(cfg, losser_areas.crs)
    want = provision_tables(losser_areas, prov, result.config.provisions.types, [1000, 3000, 5000])
    for level in ("buurt", "wijk", "gemeente"):
        t = tables[level].set_index("code")
        w = want[level].set_index("code")
        assert (t[w.columns].astype(int) == w.loc[t.index]).all().all()
    assert int(tables["gemeente"]["vz_huisarts_5000m"].iloc[0]) == int((prov.type == "huisarts").sum()) - sum(
        unary_union(losser_areas.geometries).distance(Point(x, y)) > 5000
        for x, y, t in zip(prov.x, prov.y, prov.type) if t == "huisarts")
    con = sqlite3.connect(gpkg)
    points = con.execute("select type, count(*) from voorzieningen group by type order by type").fetchall()
    con.close()
    assert points == [(t, int((prov.type == t).sum())) for t in ("huisarts", "voedselbank", "wijkteam")]
    audit, stored, _text = audit_file(gpkg)
    assert audit.ok and stored.provisions.types == ["huisarts", "voedselbank", "wijkteam"]
    # a provision count changed by hand breaks the seal; one that shrinks with the distance is refused
    edit_gpkg(gpkg, "update buurt set vz_huisarts_5000m = 0")
    audit, _cfg_, _text = audit_file(gpkg)
    assert not audit.ok and any("changed after it was written" in p for p in audit.problems)
    assert any("'vz_huisarts_3000m' is larger than 'vz_huisarts_5000m'" in p
               for p in check_published(read_tables(gpkg), stored))
    # a point moved in the provisions layer breaks the seal too
    gpkg2 = str(tmp_path / "losser2.gpkg")
    run(demo_input[0], losser_areas, cfg, gpkg2, secret=SECRET)
    edit_gpkg(gpkg2, "update voorzieningen set type = 'huisarts'")
    assert not audit_file(gpkg2)[0].ok


def test_where_help_is_missing_uses_published_rates_only():
    import pandas as pd

    from steunstructuur_plugin.core.reach import help_missing

    table = pd.DataFrame({
        "code": ["BU1", "BU2", "BU3", "BU4", "BU5", "BU6", "BU7", "BU8"],
        "name": ["a", "b", "c", "d", "e", "f", "g", "h"],
        # 7 published rates (one hidden, one with no rate); the highest third: ceil(7/3) = 3 -> >= 61.0
        "armoede_per1000": [70.0, None, 61.0, 61.0, 40.0, 55.0, 80.0, 30.0],
        "vz_wijkteam_in": [0, 0, 0, 1, 0, 0, 1, 0],
        "vz_wijkteam_1000m": [0, 0, 2, 1, 0, 1, 1, 0],
    })
    inside = help_missing(table, "armoede", "wijkteam", None)
    assert inside.to_dict("list") == {"code": ["BU1", "BU3"], "name": ["a", "c"], "rate": [70.0, 61.0],
                                      "provisions": [0, 0]}
    # within 1 km only BU1 has none; BU2 (hidden rate, no provision) is never listed
    assert help_missing(table, "armoede", "wijkteam", 1000)["code"].tolist() == ["BU1"]
    assert help_missing(table.assign(armoede_per1000=None), "armoede", "wijkteam", None).empty


def test_a_file_of_persons_is_never_read_as_provisions(tmp_path, demo_input, demo_cfg, losser_areas):
    """An outside review published the registrations (names at their addresses, exact
    counts per category) by giving their file as provisions: refused, as the file itself
    and as a copy (it has the person key's column)."""
    import shutil

    from steunstructuur_plugin.core.read.registrations import SourceError

    source = {"type": "voorziening", "name": "naam", "location": "xy", "x": "x_rd", "y": "y_rd"}
    cfg = _cfg(demo_cfg, {"sources": [{"path": demo_input[0], **source}]})
    with pytest.raises(SourceError, match="this is the registrations file"):
        run(demo_input[0], losser_areas, cfg, str(tmp_path / "uit.gpkg"), secret=SECRET)
    copy = shutil.copy(demo_input[0], tmp_path / "kopie.csv")
    cfg = _cfg(demo_cfg, {"sources": [{"path": str(copy), **source}]})
    with pytest.raises(SourceError, match="has the column 'bsn' of the registrations' person key"):
        run(demo_input[0], losser_areas, cfg, str(tmp_path / "uit.gpkg"), secret=SECRET)
    assert not os.path.exists(tmp_path / "uit.gpkg")


def test_types_are_never_merged_or_cut_and_an_empty_file_is_an_error(tmp_path, demo_cfg, qgis_ready):
    from steunstructuur_plugin.core.read.registrations import SourceError

    csv = _write(tmp_path / "vz.csv", "soort;x;y\nCafé;1;1\nhuisartsenpraktijk noord-oost;2;2\n"
                                      "huisartsenpraktijk noord-west;3;3\n")
    prov, reports = read_provisions(_cfg(demo_cfg, {"sources": [
        {"path": csv, "type": "soort", "location": "xy", "x": "x", "y": "y"}]}), "EPSG:28992")
    assert prov.type.tolist() == ["cafe"] and reports[0].rejected == {"long_type": 2}
    from steunstructuur_plugin.core.config import provision_type_name

    assert provision_type_name(1.0) == "1"  # a number field of a layer
    empty = _write(tmp_path / "leeg.csv", "soort;x;y\n;1;1\n")
    with pytest.raises(SourceError, match=r"leeg\.csv: no provision could be read \(1 rows; rejected: no_type: 1\)"):
        read_provisions(_cfg(demo_cfg, {"sources": [
            {"path": empty, "type": "soort", "location": "xy", "x": "x", "y": "y"}]}), "EPSG:28992")
    # a point the transformation cannot place (latitude 252) is rejected, not written as inf
    wgs = _write(tmp_path / "wgs.csv", "soort;lon;lat\nhuisarts;6.9;52.3\nhuisarts;6.9;252.3\n")
    prov, reports = read_provisions(_cfg(demo_cfg, {"sources": [
        {"path": wgs, "type": "soort", "location": "xy", "x": "lon", "y": "lat", "crs": "EPSG:4326"}]}), "EPSG:28992")
    assert len(prov) == 1 and np.isfinite(prov.x).all() and reports[0].rejected == {"bad_location": 1}
    with pytest.raises(ConfigError, match="vz_armoede"):
        AnalysisConfig.from_dict({**demo_cfg.to_dict(), "indicators": {"vz_armoede": ["bijstand"]}})


def test_the_output_names_the_provisions_files_without_their_folders(tmp_path, demo_input, losser_areas, demo_cfg):
    from steunstructuur_plugin.core.publish.geopackage import read_metadata

    folder = tmp_path / "gebruiker_jansen"
    folder.mkdir()
    csv = _write(folder / "vz.csv", "type;x;y\nhuisarts;263300;480200\n")
    cfg = _cfg(demo_cfg, {"sources": [{"path": csv, "type": "type", "location": "xy", "x": "x", "y": "y"}]})
    gpkg = str(tmp_path / "uit.gpkg")
    result = run(demo_input[0], losser_areas, cfg, gpkg, secret=SECRET)
    meta = read_metadata(gpkg)
    assert meta["configuration"]["provisions"]["sources"][0]["path"] == "vz.csv"
    assert "gebruiker_jansen" not in json.dumps(meta) and audit_file(gpkg)[0].ok
    assert any("vz.csv: 1 rows read, 1 counted" in line for line in result.report.lines())
