"""An own area division through the whole pipeline, on the 26 real Uden buurten (issue #19).

The division: five areas of whole buurten across the wijken (one of them the two buurten
BU08560117 and BU08560198 of the issue's merged-layer attack), drawn a little differently
from the buurten (each area's polygon buffered by 2 m, as two layers digitised apart
are).  Counts are checked against the plain-Python reference, the output is read back and
audited, and the division's figures are audited together with the buurten's."""

import os
import sqlite3

import pandas as pd
import pytest
from conftest import SECRET
from divisions import PAIR, small_counts_csv, uden_division
from reference import reference_counts
from shapely.geometry import box
from shapely.ops import unary_union

from steunstructuur_plugin.core.count.aggregate import DIVISION
from steunstructuur_plugin.core.pipeline import audit_file, run
from steunstructuur_plugin.core.place.areas import AreaError
from steunstructuur_plugin.core.place.division import Division, assign_division
from steunstructuur_plugin.core.protect import audit_published
from steunstructuur_plugin.core.publish.geopackage import read_tables


@pytest.fixture(scope="module")
def divided_run(uden_areas, demo_cfg, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("division")
    csv_path = small_counts_csv(uden_areas, 1, tmp / "registraties.csv")
    division, groups, outside = uden_division(uden_areas)
    areas = assign_division(uden_areas, division)
    result = run(csv_path, areas, demo_cfg, str(tmp / "uden.gpkg"), secret=SECRET)
    return result, csv_path, areas, groups, outside


def test_every_buurt_gets_the_area_that_holds_it_whole(uden_areas):
    division, groups, outside = uden_division(uden_areas)
    areas = assign_division(uden_areas, division)
    got = dict(zip(areas.frame["code"], areas.frame["gebiedcode"]))
    assert got[outside] == ""
    assert {b: a for a, bs in groups.items() for b in bs} == {b: a for b, a in got.items() if a}
    assert set(areas.frame.loc[areas.frame["gebiedcode"] == "GB01", "gebiednaam"]) == {"Wijkteam 01"}


def test_the_division_counts_exactly_and_its_layer_is_the_union_of_its_buurten(divided_run, demo_cfg):
    result, csv_path, areas, groups, outside = divided_run
    frame = areas.frame
    own = dict(zip(frame["code"], frame["gebiedcode"]))
    ref = reference_counts(csv_path, demo_cfg, set(frame["code"]), own, dict(zip(frame["code"], frame["gemeentecode"])))
    written = read_tables(result.output)
    assert set(written) == {"buurt", "wijk", "gemeente", DIVISION}
    t = written[DIVISION].set_index("code")
    assert sorted(t.index) == sorted(groups)
    assert (t["parent"] == "GM0856").all()
    fields = demo_cfg.count_fields()
    shown = 0
    for code in groups:
        for f in fields:
            v = t.loc[code, f]
            if not pd.isna(v):
                assert v == ref["wijk"][code][f], (code, f)  # the reference's "wijk" level is the division here
                shown += 1
    assert shown >= len(groups) * len(fields) // 2
    # the buurt layer says which area each buurt is in; the division's polygons are its buurten's
    assert dict(zip(written["buurt"]["code"], written["buurt"][DIVISION])) == own
    con = sqlite3.connect(result.output)
    try:
        assert con.execute(f'select count(*) from "{DIVISION}"').fetchone()[0] == len(groups)
    finally:
        con.close()
    from qgis.core import QgsVectorLayer

    layer = QgsVectorLayer(f"{result.output}|layername={DIVISION}", DIVISION, "ogr")
    geoms = dict(zip(frame["code"], areas.geometries))
    for feat in layer.getFeatures():
        union = unary_union([geoms[b] for b in groups[feat["code"]]])
        assert abs(feat.geometry().area() - union.area) < 1.0


def test_the_division_and_the_buurten_are_safe_together(divided_run, demo_cfg):
    """The attack of the merged layer (an area of BU08560117 and BU08560198 minus the first
    gave the second's jeugd = 2): in one run the audit sees both divisions."""
    result, *_ = divided_run
    assert result.audit.ok
    written = read_tables(result.output)
    exact = audit_published(written, demo_cfg, exact_ranges=True)
    assert exact.ok, exact.failures[:3]
    assert any(r.level == DIVISION for r in exact.ranges)  # the division hides cells too, audited with the rest
    # the attack's pair: the area's count minus a published buurt never gives a hidden small one
    b, g = written["buurt"].set_index("code"), written[DIVISION].set_index("code")
    for f in demo_cfg.count_fields():
        if pd.isna(b.loc[PAIR[1], f]) and not pd.isna(b.loc[PAIR[0], f]):
            assert pd.isna(g.loc["GB01", f]), f
    audit, _cfg, _text = audit_file(result.output)
    assert audit.ok, audit.problems[:3] + audit.failures[:3]


def test_an_edited_area_count_fails_the_gate(divided_run, tmp_path):
    result, *_ = divided_run
    path = tmp_path / "edited.gpkg"
    path.write_bytes(open(result.output, "rb").read())
    from qgis.core import QgsVectorLayer

    layer = QgsVectorLayer(f"{path}|layername={DIVISION}", DIVISION, "ogr")
    from steunstructuur_plugin.core.qvalues import is_null

    feat = next(f for f in layer.getFeatures() if not is_null(f["armoede_n"]))
    assert layer.dataProvider().changeAttributeValues(
        {feat.id(): {layer.fields().indexOf("armoede_n"): int(feat["armoede_n"]) + 1}})
    del layer
    audit, _cfg, _text = audit_file(str(path))
    assert not audit.ok
    assert any("changed after it was written" in p for p in audit.problems)


def test_a_division_that_cuts_a_buurt_is_refused_naming_it(uden_areas):
    division, groups, _ = uden_division(uden_areas)
    geoms = dict(zip(uden_areas.frame["code"], uden_areas.geometries))
    cut = groups["GB02"][0]
    x0, y0, x1, y1 = geoms[cut].bounds
    west = box(x0 - 10, y0 - 10, (x0 + x1) / 2, y1 + 10)
    i = division.codes.index("GB02")
    division.geometries[i] = division.geometries[i].difference(geoms[cut].intersection(west).buffer(0.01))
    with pytest.raises(AreaError, match=f"cuts buurt {cut}") as err:
        assign_division(uden_areas, division)
    assert "wijkteams.gpkg" in str(err.value) and "% in 'GB02'" in str(err.value)


def test_a_division_in_another_coordinate_system_or_far_away_is_refused(uden_areas):
    division, _, _ = uden_division(uden_areas)
    other = Division(division.codes, division.names, division.geometries, "EPSG:4326", "wijkteams.gpkg")
    with pytest.raises(AreaError, match="reproject"):
        assign_division(uden_areas, other)
    from shapely.affinity import translate

    far = Division(division.codes, division.names, [translate(g, 100_000) for g in division.geometries],
                   division.crs, "wijkteams.gpkg")
    with pytest.raises(AreaError, match="no buurt of the area layer lies in the division"):
        assign_division(uden_areas, far)


def test_partner_exports_and_a_map_of_the_own_areas(divided_run, tmp_path, qgis_new_project):
    """The partner's GeoPackage, CSV and Excel files carry the division's table as audited,
    with its styles; its map is exported like the buurten's."""
    import xml.etree.ElementTree as ET

    from qgis.core import QgsProject

    from steunstructuur_plugin.export.data import export_data
    from steunstructuur_plugin.export.maps import export_map, open_output_layer

    result, *_ = divided_run
    safe = read_tables(result.output)
    [gpkg] = export_data(result.output, str(tmp_path / "partner.gpkg"))
    pd.testing.assert_frame_equal(read_tables(gpkg)[DIVISION], safe[DIVISION])
    con = sqlite3.connect(gpkg)
    try:
        styles = con.execute("select f_table_name, styleName, useAsDefault from layer_styles").fetchall()
    finally:
        con.close()
    assert (DIVISION, "armoede", 1) in styles and (DIVISION, "stapeling_2plus", 0) in styles
    csvs = export_data(result.output, str(tmp_path / "partner.csv"))
    assert [os.path.basename(p) for p in csvs] == ["partner_buurt.csv", "partner_wijk.csv", "partner_gemeente.csv",
                                                   "partner_gebied.csv", "partner_metadata.csv"]
    back = pd.read_csv(csvs[3], sep=";", decimal=",", encoding="utf-8-sig", dtype={"code": str})
    assert back["armoede_n"].fillna(-1).tolist() == safe[DIVISION]["armoede_n"].fillna(-1).tolist()
    [xlsx] = export_data(result.output, str(tmp_path / "partner.xlsx"))
    assert list(pd.read_excel(xlsx, sheet_name=None)) == ["buurt", "wijk", "gemeente", DIVISION, "metadata"]
    layer = open_output_layer(result.output, level=DIVISION)
    QgsProject.instance().addMapLayer(layer)
    svg = export_map(layer, str(tmp_path / "wijkteams.svg"))
    texts = "".join(ET.parse(svg).getroot().itertext()).replace(" ", "")
    assert "armoede" in texts and all(r.label().replace(" ", "") in texts for r in layer.renderer().ranges())


def test_the_register_protects_two_thresholds_of_one_division_together(uden_areas, demo_cfg, tmp_path):
    """Threshold 5 and 10 on the same registrations and the same own areas: the second
    output hides more until both files together (buurten, wijken, gemeente and the own
    areas) pass the exact audit; an earlier output without the division is refused."""
    import dataclasses

    from steunstructuur_plugin.core.protect.register import Register, RegisterConflict

    csv_path = small_counts_csv(uden_areas, 4, tmp_path / "registraties.csv")
    division, _, _ = uden_division(uden_areas)
    five = demo_cfg
    ten = dataclasses.replace(demo_cfg, disclosure=dataclasses.replace(demo_cfg.disclosure, min_count=10)).validate()
    fields = five.count_fields()

    def merged(files):
        both = {}
        for level in files[0]:
            t = files[0][level].copy()
            for f in fields:
                t[f] = pd.to_numeric(t[f], errors="coerce").astype(float).fillna(
                    pd.to_numeric(files[1][level][f], errors="coerce").astype(float))
            both[level] = t
        return both

    # without the register the two files together pin a small count
    alone = [read_tables(run(csv_path, uden_areas, cfg, str(tmp_path / f"alone{n}.gpkg"), secret=SECRET,
                             division=division).output) for n, cfg in ((10, ten), (5, five))]
    failures = audit_published(merged(alone), five, exact_ranges=True).failures
    assert ("BU08560103", "wmo_n", 2.0, 2.0) in {(r.code, r.field, r.min, r.max) for r in failures}
    path = str(tmp_path / "register.json")
    a = run(csv_path, uden_areas, ten, str(tmp_path / "a.gpkg"), secret=SECRET, register=Register(path),
            division=division)
    b = run(csv_path, uden_areas, five, str(tmp_path / "b.gpkg"), secret=SECRET, register=Register(path),
            division=division)
    assert b.earlier == [a.entry.label()]
    together = audit_published(merged([read_tables(r.output) for r in (a, b)]), five, exact_ranges=True)
    assert together.ok, together.failures[:3]
    with pytest.raises(RegisterConflict, match="another own area division"):
        run(csv_path, uden_areas, five, str(tmp_path / "c.gpkg"), secret=SECRET, register=Register(path))
    assert not (tmp_path / "c.gpkg").exists()


def test_the_gate_checks_that_buurten_and_areas_agree(divided_run, demo_cfg):
    """A buurt naming an area the layer lacks, an area without buurten, an area in another
    gemeente: each a problem of the file (the audit models an area as its buurten's sum)."""
    from steunstructuur_plugin.core.protect import check_published

    result, *_ = divided_run
    tables = read_tables(result.output)
    assert check_published(tables, demo_cfg) == []
    b = tables["buurt"].copy()
    b.loc[0, DIVISION] = "GB99"
    assert "buurt: area 'GB99' named by a buurt is not in the layer 'gebied'" in check_published(
        {**tables, "buurt": b}, demo_cfg)
    b = tables["buurt"].copy()
    b.loc[b[DIVISION] == "GB01", DIVISION] = ""
    assert "gebied: area 'GB01' has no buurt" in check_published({**tables, "buurt": b}, demo_cfg)
    g = tables[DIVISION].copy()
    g.loc[0, "parent"] = "GM0168"
    assert f"gebied: area '{g.loc[0, 'code']}' lies in another gemeente than its buurten" in check_published(
        {**tables, DIVISION: g}, demo_cfg)


def test_fifty_indicators_with_own_areas(uden_areas, demo_cfg, tmp_path):
    """The benchmark's 50 indicators in 7 themes (66 count fields, the grouped model and its
    certificates) with the five own areas: every published area count equals the
    reference's, every other one is NULL, and the written file passes the gate."""
    from types import SimpleNamespace

    from fifty_case import fifty_csv, fifty_data, fifty_reference

    from steunstructuur_plugin.core.config import AnalysisConfig
    from steunstructuur_plugin.core.qvalues import is_null

    data = fifty_data(demo_cfg)
    cfg = AnalysisConfig.from_dict(data).validate()
    csv_path = str(tmp_path / "fifty.csv")
    fifty_csv(csv_path, uden_areas)
    division, groups, _ = uden_division(uden_areas)
    result = run(csv_path, uden_areas, cfg, str(tmp_path / "fifty.gpkg"), secret=SECRET, division=division)
    assert result.audit.ok
    areas = assign_division(uden_areas, division)
    as_wijken = areas.frame.assign(wijkcode=areas.frame["gebiedcode"].where(areas.frame["gebiedcode"] != "", "-"))
    ref = fifty_reference(csv_path, data, SimpleNamespace(frame=as_wijken))  # the areas in the wijken's place
    from qgis.core import QgsVectorLayer

    layer = QgsVectorLayer(f"{result.output}|layername={DIVISION}", DIVISION, "ogr")
    published = suppressed = 0
    for feat in layer.getFeatures():
        for f in cfg.count_fields():
            if feat[f"{f[:-2]}_status"] == "published":
                assert feat[f] == ref["wijk"][feat["code"]][f], (feat["code"], f)
                published += 1
            else:
                assert is_null(feat[f])
                suppressed += 1
    assert published + suppressed == len(groups) * len(cfg.count_fields()) and published > suppressed > 0
    audit, _cfg, _text = audit_file(result.output)
    assert audit.ok, audit.problems[:3] + audit.failures[:3]


def test_a_buurt_partly_outside_the_division_says_so(uden_areas):
    division, groups, _ = uden_division(uden_areas)
    geoms = dict(zip(uden_areas.frame["code"], uden_areas.geometries))
    cut = groups["GB03"][0]
    x0, y0, x1, y1 = geoms[cut].bounds
    i = division.codes.index("GB03")
    division.geometries[i] = division.geometries[i].difference(box(x0 - 10, y0 - 10, (x0 + x1) / 2, y1 + 10)
                                                               .intersection(geoms[cut].buffer(5)))
    with pytest.raises(AreaError, match=f"cuts buurt {cut} \\(\\d+ % in 'GB03', \\d+ % outside every area\\)"):
        assign_division(uden_areas, division)


def test_an_area_code_twice_is_a_problem_of_the_file(divided_run, demo_cfg):
    from steunstructuur_plugin.core.protect import check_published

    result, *_ = divided_run
    tables = read_tables(result.output)
    g = pd.concat([tables[DIVISION], tables[DIVISION].iloc[[0]]], ignore_index=True)
    assert f"gebied: area '{g.loc[0, 'code']}' occurs more than once" in check_published({**tables, DIVISION: g},
                                                                                         demo_cfg)


def test_an_earlier_division_of_another_gemeente_is_no_conflict(uden_areas, losser_areas, demo_cfg, tmp_path):
    """The register passes over an earlier output's own areas in a gemeente this run does
    not have: a run of Uden and Losser with Uden's areas, then one of Losser alone without
    areas, on the same registrations, is protected together (the Losser figures), not
    refused."""
    from steunstructuur_plugin.core.place.areas import AreaTable
    from steunstructuur_plugin.core.protect.register import Register

    both = AreaTable(frame=pd.concat([uden_areas.frame, losser_areas.frame], ignore_index=True),
                     geometries=list(uden_areas.geometries) + list(losser_areas.geometries), crs=uden_areas.crs,
                     source="regio.gpkg")
    csv_path = small_counts_csv(both, 3, tmp_path / "registraties.csv")
    division, _, _ = uden_division(uden_areas)
    path = str(tmp_path / "register.json")
    first = run(csv_path, both, demo_cfg, str(tmp_path / "regio.gpkg"), secret=SECRET, register=Register(path),
                division=division)
    second = run(csv_path, losser_areas, demo_cfg, str(tmp_path / "losser.gpkg"), secret=SECRET,
                 register=Register(path))
    assert second.earlier == [first.entry.label()]
    # Uden and Losser again without the areas: the earlier areas lie in Uden, which this run has
    from steunstructuur_plugin.core.protect.register import RegisterConflict

    with pytest.raises(RegisterConflict, match="another own area division"):
        run(csv_path, both, demo_cfg, str(tmp_path / "regio2.gpkg"), secret=SECRET, register=Register(path))


def test_a_sliver_of_a_neighbouring_buurt_stays_with_that_buurts_area(uden_areas, demo_cfg, tmp_path, monkeypatch):
    """An area drawn 1.5 % into a buurt of another area (a sliver, as two layers drawn
    apart leave): the buurt stays whole in its own area, its persons (by x/y too) count
    there, and the published polygon of the first area leaves the sliver out, so no piece of
    a buurt is ever published for a small count to hide in."""
    from qgis.core import QgsVectorLayer

    division, groups, _ = uden_division(uden_areas, buffer=0.0)
    geoms = dict(zip(uden_areas.frame["code"], uden_areas.geometries))
    first, neighbour = "GB01", None
    for code in (c for area, bs in groups.items() if area != first for c in bs):
        if geoms[code].distance(division.geometries[division.codes.index(first)]) < 1.0:
            neighbour = code
            break
    assert neighbour is not None
    target, area_first = geoms[neighbour], division.geometries[division.codes.index(first)]
    low, high = 0.0, 2000.0  # a strip of the neighbour along the shared border, 1.5 % of it
    for _ in range(40):
        d = (low + high) / 2
        strip = target.intersection(area_first.buffer(d))
        low, high = (d, high) if strip.area < 0.015 * target.area else (low, d)
    assert 0.012 * target.area <= strip.area <= 0.018 * target.area
    i = division.codes.index(first)
    division.geometries[i] = division.geometries[i].union(strip)
    areas = assign_division(uden_areas, division)
    own = dict(zip(areas.frame["code"], areas.frame["gebiedcode"]))
    assert own[neighbour] != first and own[neighbour] in groups
    csv_path = small_counts_csv(uden_areas, 2, tmp_path / "registraties.csv")
    from steunstructuur_plugin.core import pipeline

    seen, real_protect = {}, pipeline.protect

    def keep(tables, cfg_, **kw):
        seen["tables"] = tables
        return real_protect(tables, cfg_, **kw)
    monkeypatch.setattr(pipeline, "protect", keep)
    result = run(csv_path, uden_areas, demo_cfg.__class__.from_dict(
        {**demo_cfg.to_dict(), "source": {**demo_cfg.to_dict()["source"], "location": "xy"}}),
        str(tmp_path / "sliver.gpkg"), secret=SECRET, division=division)
    layer = QgsVectorLayer(f"{result.output}|layername={DIVISION}", DIVISION, "ogr")
    drawn = {f["code"]: f.geometry().area() for f in layer.getFeatures()}
    union = unary_union([geoms[b] for b in groups[first]])
    assert abs(drawn[first] - union.area) < 1.0  # the sliver is not part of the published area
    written = read_tables(result.output)
    assert audit_published(written, demo_cfg, exact_ranges=True).ok
    # the true tables the run protected: each area is the sum of the buurten it holds whole
    fields = demo_cfg.count_fields()
    b, g = seen["tables"]["buurt"].set_index("code"), seen["tables"][DIVISION].set_index("code")
    for area, members in groups.items():
        assert (g.loc[area, fields].to_numpy() == b.loc[members, fields].to_numpy().sum(axis=0)).all(), area
    assert neighbour not in groups[first] and b.loc[neighbour, fields].sum() > 0
