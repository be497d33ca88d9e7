"""Map and data export on the Losser demo and on synthetic registrations for the 26 real
Uden buurten: every format written and read back, the refusal of an unaudited file, and
the privacy proof over every exported file."""

import os
import re
import shutil
import sqlite3
import subprocess
import xml.etree.ElementTree as ET

import pandas as pd
import pytest
from conftest import SECRET
from privacy import _all_text, _person_strings
from qgis.core import QgsProject, QgsVectorLayer

from steunstructuur_plugin.core.publish.geopackage import read_metadata, read_tables
from steunstructuur_plugin.export.data import export_data
from steunstructuur_plugin.export.layout import ExportError
from steunstructuur_plugin.export.maps import export_atlas, export_batch, export_map, open_output_layer


@pytest.fixture(scope="module")
def uden_run(tmp_path_factory, uden_areas, demo_cfg):
    """Synthetic registrations on the real Uden buurten, through the whole pipeline."""
    from steunstructuur_plugin.core.pipeline import run
    from steunstructuur_plugin.demo.synthetic import generate, write_csv

    out = tmp_path_factory.mktemp("uden")
    csv_path = write_csv(generate(uden_areas, seed=166, woonplaats="Uden"), str(out / "registraties_uden.csv"))
    cfg = demo_cfg.__class__.from_dict({**demo_cfg.to_dict(), "title": "Steunstructuur Uden", "gemeente": "Uden"})
    gpkg = str(out / "uden.gpkg")
    run(csv_path, uden_areas, cfg, gpkg, secret=SECRET)
    return csv_path, gpkg


@pytest.fixture(params=["losser", "uden"])
def case(request, demo_input, demo_run, qgis_new_project):
    QgsProject.instance().clear()
    if request.param == "losser":
        csv_path, gpkg = demo_input[0], demo_run[1]
        gemeente, wijken, buurten = "Losser", 5, 13
    else:
        csv_path, gpkg = request.getfixturevalue("uden_run")
        gemeente, wijken, buurten = "Uden", 3, 26
    layer = open_output_layer(gpkg)
    QgsProject.instance().addMapLayer(layer)
    return {"csv": csv_path, "gpkg": gpkg, "layer": layer, "gemeente": gemeente, "wijken": wijken,
            "buurten": buurten}


def _pdf(path, *args):
    return subprocess.run(["pdftotext", *args, path, "-"], capture_output=True, text=True, check=True).stdout


def _pages(path):
    info = subprocess.run(["pdfinfo", path], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)$", info, re.M).group(1)), re.search(r"^Page size:\s+(.*)$", info,
                                                                                  re.M).group(1)


def _legend_labels(layer):
    return [r.label() for r in layer.renderer().ranges()]


@pytest.mark.parametrize("page,landscape,size", [("A4", True, "842 x 595 pts (A4)"),
                                                 ("A4", False, "595 x 842 pts (A4)"),
                                                 ("A3", True, "1191 x 842 pts (A3)"),
                                                 ("A3", False, "842 x 1191 pts (A3)")])
def test_map_pdf_pages_and_text(case, tmp_path, page, landscape, size):
    layer = case["layer"]
    out = export_map(layer, str(tmp_path / "kaart.pdf"), page=page, landscape=landscape)
    assert _pages(out) == (1, size)
    text = _pdf(out)
    for expected in (f"Steunstructuur {case['gemeente']}: armoede",
                     "armoede, persons per 1,000 inhabitants, per buurt",
                     f"Source: gemeente {case['gemeente']} registrations", "CBS, Kadaster/",
                     "Some values are not shown (privacy)", "Legend", "km",
                     "armoede per 1,000 inhabitants"):  # the legend's heading says what the colours show
        assert expected in text, expected
    for label in _legend_labels(layer):  # every legend entry, with the suppressed hatch class first
        assert label in text, label
    labels = _legend_labels(layer)
    assert "fewer than" not in text
    if case["gemeente"] == "Uden":  # BU08560298 has no inhabitants: its count is shown, its rate is not
        assert labels[:2] == ["no rate: no or too few inhabitants", "not shown (privacy)"]
    else:
        assert labels[0] == "not shown (privacy)"
    # the layout stays in the project for the layout designer
    assert QgsProject.instance().layoutManager().layoutByName(f"Steunstructuur {case['gemeente']}: armoede")


def test_map_png_and_svg(case, tmp_path):
    from qgis.PyQt.QtGui import QImage

    layer = case["layer"]
    png = export_map(layer, str(tmp_path / "kaart.png"), dpi=100)
    img = QImage(png)
    assert (img.width(), img.height()) == (1169, 826)  # A4 landscape at 100 dpi (297 x 210 mm)
    svg = export_map(layer, str(tmp_path / "kaart.svg"))
    texts = "".join(t for t in ET.parse(svg).getroot().itertext())
    for expected in [f"Steunstructuur {case['gemeente']}: armoede"] + _legend_labels(layer):
        assert expected.replace(" ", "") in texts.replace(" ", ""), expected


def test_batch_one_pdf_and_files_per_map(case, tmp_path):
    layer = case["layer"]
    before = layer.renderer().classAttribute()
    files = export_batch(layer, str(tmp_path / "alle.pdf"))  # the configured overlap armoede x jeugd
    assert files == [str(tmp_path / "alle.pdf")] and os.listdir(tmp_path) == ["alle.pdf"]  # no legend PNG beside it
    pdf = files[-1]
    assert _pages(pdf)[0] == 6  # 3 indicators, 2 stacking maps, 1 bivariate
    titles = ["armoede", "jeugd", "wmo", "stacking: 2 or more indicators", "stacking: 3 or more indicators",
              "armoede × jeugd"]
    for i, title in enumerate(titles, start=1):
        assert f"Steunstructuur {case['gemeente']}: {title}" in _pdf(pdf, "-f", str(i), "-l", str(i))
    assert "armoede and jeugd together, per buurt" in _pdf(pdf, "-f", "6", "-l", "6")
    assert layer.renderer().classAttribute() == before  # the analyst's map is as it was
    pngs = export_batch(layer, str(tmp_path / "kaart.png"), maps=["jeugd", "wmo"], pairs=[], dpi=72)
    assert [os.path.basename(p) for p in pngs] == ["kaart_jeugd.png", "kaart_wmo.png"]
    svgs = export_batch(layer, str(tmp_path / "k.svg"), maps=["stapeling_2plus"], pairs=[])
    assert os.path.basename(svgs[0]) == "k_stapeling_2plus.svg"


def test_batch_cancel_leaves_nothing(case, tmp_path):
    from qgis.core import QgsFeedback

    feedback = QgsFeedback()
    feedback.progressChanged.connect(lambda p: feedback.cancel() if p > 30 else None)
    assert export_batch(case["layer"], str(tmp_path / "alle.pdf"), feedback=feedback) == []
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("per_map", [False, True])
def test_batch_cancelled_or_failing_keeps_the_earlier_export(case, tmp_path, per_map):
    """The maps of an earlier export survive a cancelled batch and one that fails half-way:
    every file is written under a temporary name and moved into place when all are done."""
    from qgis.core import QgsFeedback

    from steunstructuur_plugin.export import maps

    target = str(tmp_path / ("kaart.png" if per_map else "alle.pdf"))
    first = export_batch(case["layer"], target, pairs=[("armoede", "jeugd")], dpi=72, one_file_per_map=per_map)
    before = {f: open(f, "rb").read() for f in first}
    feedback = QgsFeedback()
    feedback.progressChanged.connect(lambda p: feedback.cancel() if p > 50 else None)
    assert export_batch(case["layer"], target, pairs=[("armoede", "jeugd")], dpi=72, one_file_per_map=per_map,
                        feedback=feedback) == []
    assert sorted(os.listdir(tmp_path)) == sorted(os.path.basename(f) for f in first)
    assert {f: open(f, "rb").read() for f in first} == before
    real, calls = maps.map_texts, []

    def failing(*args, **kwargs):  # the fourth map cannot be made
        calls.append(1)
        if len(calls) == 4:
            raise maps.ExportError("map 4 fails")
        return real(*args, **kwargs)

    maps.map_texts = failing
    try:
        with pytest.raises(maps.ExportError, match="map 4 fails"):
            export_batch(case["layer"], target, pairs=[("armoede", "jeugd")], dpi=72, one_file_per_map=per_map)
    finally:
        maps.map_texts = real
    assert sorted(os.listdir(tmp_path)) == sorted(os.path.basename(f) for f in first)
    assert {f: open(f, "rb").read() for f in first} == before


def test_atlas_one_page_per_wijk(case, tmp_path):
    out = export_atlas(case["layer"], str(tmp_path / "atlas.pdf"), "wmo")
    assert _pages(out)[0] == case["wijken"]
    wijk = QgsVectorLayer(f"{case['gpkg']}|layername=wijk", "w", "ogr")
    names = sorted((f["code"], f["name"] or f["code"]) for f in wijk.getFeatures())
    for page, (_code, name) in enumerate(names, start=1):
        assert f"wmo – wijk {name}" in _pdf(out, "-f", str(page), "-l", str(page)).replace("\n", " ")
    # #18 item 13: each page outlines its own wijk (navy, 0.8 mm), and only that one
    from qgis.PyQt.QtGui import QColor, QImage

    subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "2", out, str(tmp_path / "p")], check=True)
    for png in sorted(tmp_path.glob("p-*.png")):
        img = QImage(str(png))
        navy = sum(1 for x in range(0, img.width(), 2) for y in range(0, img.height(), 2)
                   if abs(QColor(img.pixel(x, y)).red() - 25) < 30 and abs(QColor(img.pixel(x, y)).blue() - 110) < 40
                   and QColor(img.pixel(x, y)).green() < 80)
        assert navy > 20, (png, navy)


def test_data_export_equals_the_safe_table(case, tmp_path):
    safe = read_tables(case["gpkg"])
    [gpkg] = export_data(case["gpkg"], str(tmp_path / "partner.gpkg"))
    again = read_tables(gpkg)
    for level in safe:
        pd.testing.assert_frame_equal(again[level], safe[level])
    buurt = QgsVectorLayer(f"{gpkg}|layername=buurt", "b", "ogr")
    assert buurt.featureCount() == case["buurten"]
    # the default style inside; Uden's BU08560298 (no inhabitants) gets the class "no rate"
    no_rate = ('CASE WHEN "armoede_per1000_status" IN (\'no_denominator\', \'small_area\') THEN -2 ELSE -1 END'
               if case["gemeente"] == "Uden" else "-1")
    assert buurt.renderer().classAttribute() == f'coalesce("armoede_per1000", {no_rate})'
    if case["gemeente"] == "Uden":  # the value QGIS draws it with falls in that class
        from qgis.core import QgsExpression, QgsExpressionContext, QgsExpressionContextUtils

        expr = QgsExpression(buurt.renderer().classAttribute())
        ctx = QgsExpressionContext(QgsExpressionContextUtils.globalProjectLayerScopes(buurt))
        drawn = {}
        for f in buurt.getFeatures():
            ctx.setFeature(f)
            drawn[f["code"]] = expr.evaluate(ctx)
        label = {r.lowerValue(): r.label() for r in buurt.renderer().ranges()}
        assert label[drawn["BU08560298"]] == "no rate: no or too few inhabitants"
        assert [c for c, v in drawn.items() if v == -2] == ["BU08560298"]
    con = sqlite3.connect(gpkg)
    styles = con.execute("select f_table_name, styleName, useAsDefault from layer_styles").fetchall()
    con.close()
    assert ("buurt", "armoede", 1) in styles and ("wijk", "stapeling_2plus", 0) in styles and len(styles) == 15

    csvs = export_data(case["gpkg"], str(tmp_path / "partner.csv"))
    assert [os.path.basename(p) for p in csvs] == ["partner_buurt.csv", "partner_wijk.csv",
                                                   "partner_gemeente.csv", "partner_metadata.csv"]
    back = pd.read_csv(csvs[0], sep=";", decimal=",", encoding="utf-8-sig", dtype={"code": str})
    assert list(back.columns) == list(safe["buurt"].columns)
    for col in back.columns:
        if col.endswith(("_n", "_per1000", "denominator")):
            assert back[col].fillna(-1).tolist() == pytest.approx(safe["buurt"][col].fillna(-1).tolist())
        else:
            assert back[col].fillna("").astype(str).tolist() == safe["buurt"][col].fillna("").astype(str).tolist()

    [xlsx] = export_data(case["gpkg"], str(tmp_path / "partner.xlsx"))
    sheets = pd.read_excel(xlsx, sheet_name=None)
    assert list(sheets) == ["buurt", "wijk", "gemeente", "metadata"]
    for level in ("buurt", "wijk", "gemeente"):
        got = sheets[level]
        assert len(got) == len(safe[level])
        assert got["armoede_n"].fillna(-1).tolist() == safe[level]["armoede_n"].fillna(-1).tolist()
        assert got["armoede_status"].tolist() == safe[level]["armoede_status"].tolist()
    assert "configuration" in sheets["metadata"]["key"].tolist()
    # #18 item 13: the rejected rows' numbers are the analyst's quality information, not the
    # partner's; nor are the import report's counts (the rows counted pinned a hidden count)
    from steunstructuur_plugin.export.data import INTERNAL_METADATA

    for keys in (read_metadata(case["gpkg"]), sheets["metadata"]["key"].tolist(),
                 pd.read_csv(csvs[3], sep=";", encoding="utf-8-sig")["key"].tolist()):
        assert not set(INTERNAL_METADATA) & set(keys)


def test_export_refuses_a_file_that_fails_the_audit(demo_run, tmp_path, qgis_new_project):
    """Fill in one suppressed buurt count by hand in QGIS: every export refuses the file,
    as edited after it was written."""
    _, gpkg = demo_run
    bad = str(tmp_path / "bewerkt.gpkg")
    shutil.copyfile(gpkg, bad)
    layer = QgsVectorLayer(f"{bad}|layername=buurt", "b", "ogr")
    fid = next(f.id() for f in layer.getFeatures() if f["armoede_status"] == "suppressed")
    assert layer.dataProvider().changeAttributeValues({fid: {layer.fields().indexOf("armoede_n"): 3}})
    del layer
    opened = open_output_layer(bad)
    for work in (lambda: export_map(opened, str(tmp_path / "k.pdf")),
                 lambda: export_batch(opened, str(tmp_path / "alle.pdf")),
                 lambda: export_atlas(opened, str(tmp_path / "atlas.pdf")),
                 lambda: export_data(bad, str(tmp_path / "partner.csv"))):
        with pytest.raises(ExportError, match="changed after it was written.*; export refused"):
            work()
    assert sorted(os.listdir(tmp_path)) == ["bewerkt.gpkg"]


def test_privacy_proof_over_every_exported_file(case, tmp_path):
    """No person key, hashed key, name, address, postcode + huisnummer, coordinate or raw
    row in any exported file; no count from 1 to 4 in any exported table."""
    from steunstructuur_plugin.core.read.pseudonymise import pseudonymise

    layer = case["layer"]
    files = export_batch(layer, str(tmp_path / "alle.pdf"), pairs=[("armoede", "jeugd")])
    files += export_batch(layer, str(tmp_path / "kaart.svg"), maps=["armoede", "stapeling_3plus"], pairs=[])
    files += [export_map(layer, str(tmp_path / "kaart.png"), dpi=72), export_atlas(layer, str(tmp_path / "a.pdf"))]
    files += export_data(case["gpkg"], str(tmp_path / "p.gpkg")) + export_data(case["gpkg"], str(tmp_path / "p.csv"))
    files += export_data(case["gpkg"], str(tmp_path / "p.xlsx"))
    assert len(files) == 11 and all(os.path.getsize(f) > 0 for f in files)  # no legend PNG beside the PDF

    secrets = _person_strings(case["csv"])
    raw = pd.read_csv(case["csv"], sep=";", dtype=str, encoding="utf-8-sig")
    keys = pd.concat([raw["bsn"].dropna(), raw["clientnummer"].dropna()])
    secrets |= set(pseudonymise(keys, SECRET))  # the pseudonyms the pipeline computed
    with open(case["csv"], encoding="utf-8-sig") as fh:
        secrets |= {line.strip() for line in fh.readlines()[1:]}  # raw rows
    assert len(secrets) > 3000
    for path in files:
        text = _all_text(path)
        leaked = [s for s in secrets if len(s) >= 6 and s in text]
        assert not leaked, (path, leaked[:3])

    def small_counts(frame):
        cols = [c for c in frame.columns if str(c).endswith("_n")]
        return int(((frame[cols] >= 1) & (frame[cols] <= 4)).sum().sum())

    for level, frame in read_tables(str(tmp_path / "p.gpkg")).items():
        assert small_counts(frame) == 0, level
    for name in ("buurt", "wijk", "gemeente"):
        assert small_counts(pd.read_csv(tmp_path / f"p_{name}.csv", sep=";", decimal=",")) == 0
    for name, frame in pd.read_excel(tmp_path / "p.xlsx", sheet_name=None).items():
        if name != "metadata":
            assert small_counts(frame) == 0


# ------------------------------------------------------------------ tampering with an output
def _sql(path, *statements):
    """Edit a GeoPackage as any SQLite tool can (its spatial-index triggers call
    SpatiaLite functions; these stand-ins skip the index)."""
    con = sqlite3.connect(path)
    con.create_function("ST_IsEmpty", 1, lambda g: 1)
    for name in ("ST_MinX", "ST_MaxX", "ST_MinY", "ST_MaxY"):
        con.create_function(name, 1, lambda g: 0.0)
    try:
        for st in statements:
            con.execute(st)
        con.commit()
    finally:
        con.close()


def _hidden_cell(path):
    """(indicator, fid) of the first suppressed buurt count with inhabitants."""
    con = sqlite3.connect(path)
    try:
        for ind in ("armoede", "jeugd", "wmo", "stapeling_2plus", "stapeling_3plus"):
            row = con.execute(f"select min(fid) from buurt where {ind}_n is null and denominator > 0").fetchone()
            if row[0] is not None:
                return ind, row[0]
    finally:
        con.close()
    raise AssertionError("no suppressed buurt count")


def _fill_every_suppressed_count(path):
    cols = [r[1] for r in sqlite3.connect(path).execute("pragma table_info(buurt)") if r[1].endswith("_n")]
    _sql(path, *[f"update {lv} set {c} = 3 where {c} is null" for lv in ("buurt", "wijk", "gemeente") for c in cols])


def _column_with_true_counts(path):
    ind, fid = _hidden_cell(path)
    _sql(path, "alter table buurt add column echt integer", f"update buurt set echt = 3 where fid = {fid}")


def _rate_of_a_suppressed_cell(path):
    ind, fid = _hidden_cell(path)
    _sql(path, f"update buurt set {ind}_per1000 = 50.0 where fid = {fid}")


def _indicator_dropped_from_the_configuration(path):
    import json

    con = sqlite3.connect(path)
    cfg = json.loads(con.execute("select value from metadata where key = 'configuration'").fetchone()[0])
    con.close()
    del cfg["indicators"]["wmo"]
    _sql(path, "update metadata set value = '{}' where key = 'configuration'".format(json.dumps(cfg)),
         "update buurt set wmo_n = 2 where wmo_n is null")


def _published_count_changed(path):
    _sql(path, "update buurt set armoede_n = armoede_n + 5 where fid = "
               "(select min(fid) from buurt where armoede_n is not null)")


def _table_added(path):
    _sql(path, "create table echte_aantallen (code text, armoede_n integer)",
         "insert into echte_aantallen values ('BU08560114', 3)")


def _layer_made_a_view(path):
    """The attack of the outside review: a view reads differently for sqlite3 (the seal)
    and QGIS (the audit and exports); any view is refused."""
    _sql(path, "alter table buurt rename to gpkg_b_buurt", "create view buurt as select * from gpkg_b_buurt")


def _gpkg_named_table(path):
    _sql(path, "create table gpkg_true_counts (code text, field text, value integer)",
         "insert into gpkg_true_counts values ('BU01680102', 'armoede_x_jeugd_n', 2)")


def _coordinate_system_moved(path):
    _sql(path, "update gpkg_spatial_ref_sys set definition = replace(definition, '155000', '255000') "
               "where srs_id = 28992")


TAMPERINGS = {
    "every suppressed count filled in": (_fill_every_suppressed_count, "is published as a count of 1 to 4"),
    "a column with the true counts": (_column_with_true_counts, "column 'echt' is not one the configuration"),
    "a rate of a suppressed cell filled in": (_rate_of_a_suppressed_cell, "_per1000' is filled in where no rate"),
    "an indicator dropped from the configuration": (_indicator_dropped_from_the_configuration,
                                                    "column 'wmo_n' is not one the configuration explains"),
    "a published count changed": (_published_count_changed, "'armoede_per1000' does not follow from 'armoede_n'"),
    "a table added": (_table_added, "table 'echte_aantallen' is not part of a Steunstructuur output"),
    "a layer made a view": (_layer_made_a_view, "view 'buurt' is not part of a Steunstructuur output"),
    "a table named gpkg_...": (_gpkg_named_table, "table 'gpkg_true_counts' is not part of a Steunstructuur"),
}


@pytest.mark.parametrize("name", list(TAMPERINGS))
def test_every_export_refuses_a_tampered_file(uden_run, tmp_path, qgis_new_project, name):
    """Each edit by an attacker's own tool (sqlite3, metadata untouched or not): the seal no
    longer matches and every export refuses, writing nothing.  Even resealed with the
    user's key (as if the seal were forged), the file's own figures give the edit away."""
    from steunstructuur_plugin.core.pipeline import audit_file
    from steunstructuur_plugin.core.publish.seal import seal_secret, write_seal

    tamper, found = TAMPERINGS[name]
    _, gpkg = uden_run
    bad = str(tmp_path / "bewerkt.gpkg")
    shutil.copyfile(gpkg, bad)
    tamper(bad)
    result, _cfg, text = audit_file(bad)
    # content edits break the seal; a table of another name leaves the content as sealed,
    # and the schema check refuses it
    first = "the file was changed after it was written" if "gpkg_" not in name else found
    assert not result.ok and first in result.problems[0], result.problems
    opened = open_output_layer(bad)
    for work in (lambda: export_map(opened, str(tmp_path / "k.pdf")),
                 lambda: export_data(bad, str(tmp_path / "partner.gpkg")),
                 lambda: export_data(bad, str(tmp_path / "partner.csv")),
                 lambda: export_data(bad, str(tmp_path / "partner.xlsx"))):
        with pytest.raises(ExportError, match=re.escape(first)):
            work()
    assert sorted(os.listdir(tmp_path)) == ["bewerkt.gpkg"]

    write_seal(bad, seal_secret())
    result, _cfg, text = audit_file(bad)
    assert not result.ok and not any("seal" in p for p in result.problems)
    assert any(found in p for p in result.problems), result.problems
    assert f"FILE {result.problems[0]}" in text
    with pytest.raises(ExportError, match="export refused"):
        export_data(bad, str(tmp_path / "partner.csv"))


def test_filled_in_counts_name_the_areas_not_the_values(uden_run, tmp_path):
    from steunstructuur_plugin.core.pipeline import audit_file
    from steunstructuur_plugin.core.publish.seal import seal_secret, write_seal

    _, gpkg = uden_run
    bad = str(tmp_path / "bewerkt.gpkg")
    shutil.copyfile(gpkg, bad)
    ind, _fid = _hidden_cell(bad)
    hidden = [c for (c,) in sqlite3.connect(bad).execute(f"select code from buurt where {ind}_n is null")]
    _fill_every_suppressed_count(bad)
    write_seal(bad, seal_secret())
    result, _cfg, _text = audit_file(bad)
    assert f"buurt: '{ind}_n' is published as a count of 1 to 4 in " + ", ".join(hidden) in result.problems
    assert f"buurt: '{ind}_n' disagrees with '{ind}_status' in " + ", ".join(hidden) in result.problems


def test_an_edit_that_keeps_size_and_time_is_not_exported_on_an_earlier_verdict(uden_run, tmp_path):
    _, gpkg = uden_run
    copy = str(tmp_path / "kopie.gpkg")
    shutil.copyfile(gpkg, copy)
    export_data(copy, str(tmp_path / "eerst.csv"))  # audited and passed: the verdict is kept
    st = os.stat(copy)
    ind, fid = _hidden_cell(copy)
    _sql(copy, f"update buurt set {ind}_n = 3 where fid = {fid}")
    os.utime(copy, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert os.stat(copy).st_size == st.st_size and os.stat(copy).st_mtime_ns == st.st_mtime_ns
    with pytest.raises(ExportError, match="changed after it was written"):
        export_data(copy, str(tmp_path / "daarna.csv"))
    # nor is a table added beside an audited content (the content, and its seal, unchanged)
    extra = str(tmp_path / "extra.gpkg")
    shutil.copyfile(gpkg, extra)
    export_data(extra, str(tmp_path / "eerst2.csv"))
    _gpkg_named_table(extra)
    with pytest.raises(ExportError, match="table 'gpkg_true_counts' is not part of a Steunstructuur output"):
        export_data(extra, str(tmp_path / "daarna2.gpkg"))


def test_an_exported_geopackage_keeps_its_seal_and_only_the_plugins_styles(uden_run, tmp_path):
    """The partner's GeoPackage passes the same gate (its styles are not published
    content); a style smuggled into the source does not travel with it."""
    from steunstructuur_plugin.core.pipeline import audit_file

    _, gpkg = uden_run
    src = str(tmp_path / "bron.gpkg")
    shutil.copyfile(gpkg, src)
    out = export_data(src, str(tmp_path / "partner.gpkg"))[0]
    first, _cfg, _ = audit_file(out)
    assert first.ok and not first.problems
    _sql(out, "update layer_styles set description = 'BU08560114 armoede 3' where id = 1")
    assert audit_file(out)[0].ok  # styles are no published figure: the gate still passes
    again = export_data(out, str(tmp_path / "partner2.gpkg"))[0]
    texts = [d for (d,) in sqlite3.connect(again).execute("select description from layer_styles")]
    assert texts and not any("BU08560114" in t for t in texts)


def test_a_moved_coordinate_system_and_a_trigger_are_refused(uden_run, tmp_path):
    from steunstructuur_plugin.core.pipeline import audit_file

    _, gpkg = uden_run
    moved = str(tmp_path / "verschoven.gpkg")
    shutil.copyfile(gpkg, moved)
    _coordinate_system_moved(moved)
    result, _cfg, _text = audit_file(moved)
    assert not result.ok and result.problems[0].startswith("the file was changed after it was written")
    trig = str(tmp_path / "trigger.gpkg")
    shutil.copyfile(gpkg, trig)
    _sql(trig, "create trigger lek after update on metadata begin select 1; end")
    result, _cfg, _text = audit_file(trig)  # triggers are not content: the seal holds, the schema check does not
    assert not result.ok and result.problems == ["trigger 'lek' is not part of a Steunstructuur output"]
    with pytest.raises(ExportError, match="trigger 'lek' is not part of a Steunstructuur output; export refused"):
        export_data(trig, str(tmp_path / "partner.gpkg"))


def test_maps_draw_neither_unsaved_edits_nor_a_style_stored_in_the_file(uden_run, tmp_path, qgis_new_project):
    """A default style with labels saved into the file is not loaded with the layer, labels
    a user turned on are off in the export, a renderer from elsewhere is rebuilt by the
    plugin, and a layer with unsaved edits is refused."""
    from qgis.core import QgsPalLayerSettings, QgsVectorLayerSimpleLabeling

    _, gpkg = uden_run
    src = str(tmp_path / "bron.gpkg")
    shutil.copyfile(gpkg, src)
    styled = QgsVectorLayer(f"{src}|layername=buurt", "b", "ogr")
    settings = QgsPalLayerSettings()
    settings.fieldName = "'LEK ' || \"code\""
    settings.isExpression = True
    styled.setLabeling(QgsVectorLayerSimpleLabeling(settings))
    styled.setLabelsEnabled(True)
    assert styled.saveStyleToDatabase("lek", "", True, "") == ""  # the file's default style, with labels
    del styled
    layer = open_output_layer(src)
    assert not layer.labelsEnabled()
    layer.setLabeling(QgsVectorLayerSimpleLabeling(settings))
    layer.setLabelsEnabled(True)
    pdf = export_map(layer, str(tmp_path / "kaart.pdf"))
    assert "LEK" not in _pdf(pdf) and layer.labelsEnabled()  # off for the export, back afterwards
    # a renderer the plugin did not build in this session (from a style or an older
    # project, whatever its properties say) is rebuilt by the plugin before a map is drawn
    from qgis.core import QgsCategorizedSymbolRenderer, QgsRendererCategory, QgsSymbol

    from steunstructuur_plugin.styling.choropleth import PROP_STYLED

    symbol = QgsSymbol.defaultSymbol(layer.geometryType())
    layer.setRenderer(QgsCategorizedSymbolRenderer("code", [QgsRendererCategory("BU08560114", symbol, "LEK 3")]))
    layer.setCustomProperty(PROP_STYLED, '{"mark": "een andere sessie", "options": {"method": "jenks"}}')
    pdf = export_map(layer, str(tmp_path / "kaart2.pdf"))
    assert "LEK" not in _pdf(pdf) and layer.renderer().type() == "graduatedSymbol"
    from steunstructuur_plugin.styling.choropleth import PROP_CURRENT, style_indicator

    ref = open_output_layer(src)  # the options it was made with: Jenks
    style_indicator(ref, layer.customProperty(PROP_CURRENT, ""), method="jenks")
    assert [r.label() for r in layer.renderer().ranges()] == [r.label() for r in ref.renderer().ranges()]
    assert layer.startEditing()
    fid = next(layer.getFeatures()).id()
    assert layer.changeAttributeValue(fid, layer.fields().indexOf("denominator"), 1.0)
    with pytest.raises(ExportError, match="has unsaved edits; export refused"):
        export_map(layer, str(tmp_path / "bewerkt.pdf"))
    layer.rollBack()


def test_a_long_legend_title_is_wrapped_inside_the_page(demo_run, tmp_path, qgis_new_project):
    """#18 item 13: the stacking map's legend title ran off the page ("... per 1,0")."""
    from steunstructuur_plugin.export.maps import mark_audited
    from steunstructuur_plugin.styling.choropleth import style_indicator

    result, gpkg = demo_run
    mark_audited(result.seal)
    layer = open_output_layer(gpkg)
    QgsProject.instance().addMapLayer(layer)
    style_indicator(layer, "stapeling_3plus")
    for landscape in (True, False):
        out = export_map(layer, str(tmp_path / f"stapeling_{landscape}.pdf"), landscape=landscape)
        lines = [x.strip() for x in _pdf(out, "-layout").splitlines()]
        assert "stacking: 3 or more indicators" in lines and "per 1,000 inhabitants" in lines
        layout = QgsProject.instance().layoutManager().layoutByName("Steunstructuur Losser: stacking: 3 or more "
                                                                   "indicators")
        legend = layout.itemById("legend")
        page = layout.pageCollection().page(0).pageSize()
        assert legend.pos().x() + legend.rect().width() <= page.width()
