"""steunstructuur:aggregate through QGIS Processing, in-process and with qgis_process."""

import os
import subprocess
import sys

import pandas as pd
import pytest
from conftest import ROOT, SECRET
from qgis.core import QgsApplication, QgsVectorLayer


@pytest.fixture(scope="module")
def provider(qgis_ready):
    from processing.core.Processing import Processing

    from steunstructuur_plugin.processing.provider import SteunstructuurProvider

    Processing.initialize()
    prov = SteunstructuurProvider()
    QgsApplication.processingRegistry().addProvider(prov)
    yield prov
    QgsApplication.processingRegistry().removeProvider(prov)


def _layer_counts(gpkg):
    out = {}
    for level in ("buurt", "wijk", "gemeente"):
        lyr = QgsVectorLayer(f"{gpkg}|layername={level}", level, "ogr")
        assert lyr.isValid(), level
        out[level] = {f["code"]: f["armoede_n"] for f in lyr.getFeatures()}
    return out


def test_aggregate_algorithm_in_processing(provider, demo_input, tmp_path):
    import processing

    alg = QgsApplication.processingRegistry().algorithmById("steunstructuur:aggregate")
    assert alg is not None
    assert [p.name() for p in alg.parameterDefinitions()] == ["INPUT", "AREAS", "CONFIG", "OUTPUT", "USE_REGISTER",
                                                               "REGISTER", "DIVISION", "DIVISION_CODE",
                                                               "DIVISION_NAME"]
    out = str(tmp_path / "p.gpkg")
    res = processing.run("steunstructuur:aggregate", {
        "INPUT": demo_input[0],
        "AREAS": os.path.join(ROOT, "resources", "data", "buurten_losser.gpkg") + "|layername=buurten",
        "CONFIG": demo_input[1],
        "OUTPUT": out,
    })
    assert res["OUTPUT"] == out and res["ROWS_READ"] == 3494 and res["ROWS_COUNTED"] == 3484
    counts = _layer_counts(out)
    assert counts["gemeente"] == {"GM0168": 1382}
    assert len(counts["buurt"]) == 13 and len(counts["wijk"]) == 5
    from steunstructuur_plugin.core.protect.register import Register

    assert [e.output for e in Register().entries] == ["p.gpkg"]  # the user's register (this test's own)


def test_aggregate_with_a_register_file(provider, demo_input, tmp_path):
    """REGISTER: a team's register file instead of the user's; USE_REGISTER false: none.
    The second output of the same registrations (threshold 10) is protected together with
    the first and added to the file."""
    import json

    import processing

    from steunstructuur_plugin.core.protect.register import Register

    shared = str(tmp_path / "team.json")
    Register(shared).save()
    cfg10 = json.loads(open(demo_input[1], encoding="utf-8").read())
    cfg10["disclosure"]["min_count"] = 10
    (tmp_path / "tien.json").write_text(json.dumps(cfg10), encoding="utf-8")
    areas = os.path.join(ROOT, "resources", "data", "buurten_losser.gpkg") + "|layername=buurten"
    runs = [processing.run("steunstructuur:aggregate", {"INPUT": demo_input[0], "AREAS": areas, "CONFIG": cfg,
                                                         "OUTPUT": str(tmp_path / name), "REGISTER": shared})
            for cfg, name in ((demo_input[1], "vijf.gpkg"), (str(tmp_path / "tien.json"), "tien.gpkg"))]
    assert [r["EARLIER_OUTPUTS"] for r in runs] == [0, 1]
    assert [(e.output, e.min_count) for e in Register(shared).entries] == [("vijf.gpkg", 5), ("tien.gpkg", 10)]
    off = processing.run("steunstructuur:aggregate", {"INPUT": demo_input[0], "AREAS": areas, "CONFIG": demo_input[1],
                                                      "OUTPUT": str(tmp_path / "los.gpkg"), "USE_REGISTER": False})
    assert off["EARLIER_OUTPUTS"] == 0 and Register().entries == [] and len(Register(shared).entries) == 2


def test_bad_config_is_a_processing_error(provider, demo_input, tmp_path):
    import processing
    from qgis.core import QgsProcessingException

    bad = tmp_path / "bad.json"
    bad.write_text('{"indicators": {}}')
    with pytest.raises(QgsProcessingException, match="bad.json: 'indicators'"):
        processing.run("steunstructuur:aggregate", {
            "INPUT": demo_input[0],
            "AREAS": os.path.join(ROOT, "resources", "data", "buurten_losser.gpkg") + "|layername=buurten",
            "CONFIG": str(bad), "OUTPUT": str(tmp_path / "x.gpkg")})


@pytest.fixture(scope="session")
def built_plugin():
    subprocess.run(["make", "-s", "build"], cwd=ROOT, check=True, capture_output=True)
    return os.path.join(ROOT, "build", "steunstructuur_plugin")


def test_qgis_process_with_deployed_plugin(built_plugin, demo_input, tmp_path):
    """The plugin deployed into a throw-away profile; /usr/bin/qgis_process.bin runs it."""
    from steunstructuur_plugin.deploy import deploy

    # qgis_process of 3.22 reads plugins from the default profile under HOME;
    # pytest-qgis points QGIS_CUSTOM_CONFIG_PATH at its own folder: not for the child
    profiles = tmp_path / ".local" / "share" / "QGIS" / "QGIS3" / "profiles"
    plugin_dir = deploy(built_plugin, str(profiles), "default")
    assert os.path.exists(os.path.join(plugin_dir, "metadata.txt"))
    out = str(tmp_path / "qp.gpkg")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path))
    env.pop("QGIS_CUSTOM_CONFIG_PATH", None)
    listing = subprocess.run(["/usr/bin/qgis_process.bin", "list"], env=env, capture_output=True, text=True,
                             timeout=300)
    assert "steunstructuur:aggregate" in listing.stdout, listing.stdout[-2000:] + listing.stderr[-2000:]
    proc = subprocess.run(
        ["/usr/bin/qgis_process.bin", "run", "steunstructuur:aggregate", "--",
         f"INPUT={demo_input[0]}",
         f"AREAS={os.path.join(ROOT, 'resources', 'data', 'buurten_losser.gpkg')}|layername=buurten",
         f"CONFIG={demo_input[1]}", f"OUTPUT={out}"],
        env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "ROWS_COUNTED:\t3484" in proc.stdout
    assert _layer_counts(out)["gemeente"] == {"GM0168": 1382}


def test_audit_algorithm_passes_the_demo_and_fails_a_tampered_copy(provider, demo_run, tmp_path):
    """steunstructuur:audit sees only the file: same verdict and ranges as the pipeline's
    audit; filling in one suppressed buurt makes its partner derivable and the audit fails."""
    import shutil

    import processing

    result, gpkg = demo_run
    report = str(tmp_path / "audit.txt")
    res = processing.run("steunstructuur:audit", {"INPUT": gpkg, "REPORT": report})
    assert res["PASSED"] is True and res["FAILURES"] == 0
    assert res["CELLS_CHECKED"] == result.audit.cells_checked > 0
    text = open(report, encoding="utf-8").read()
    assert "disclosure audit passed" in text and "primary" not in text  # no reasons from the file

    from steunstructuur_plugin.core.pipeline import audit_file

    # the attacker's exact ranges from the file hold the ranges the pipeline's audit showed
    file_audit, _cfg, text = audit_file(gpkg, exact_ranges=True)
    assert file_audit.ok and all(r.exact for r in file_audit.ranges)
    theirs = {(r.level, r.code, r.field): (r.min, r.max) for r in file_audit.ranges}
    assert len(theirs) == len(result.audit.ranges)
    for r in result.audit.ranges:
        lo, hi = theirs[(r.level, r.code, r.field)]
        assert lo - 1e-6 <= r.min < r.max <= hi + 1e-6 and hi > 4
    assert sum(line.startswith("ok   ") for line in text.splitlines()) == len(theirs)
    res = processing.run("steunstructuur:audit", {"INPUT": gpkg, "EXACT": True, "REPORT": report})
    assert res["PASSED"] is True and res["CELLS_CHECKED"] == len(theirs)
    assert "attacker range" in open(report, encoding="utf-8").read()

    # publish one hidden buurt count of a wijk whose total is published
    hidden = [r for r in result.audit.ranges if r.level == "buurt" and r.field == "armoede_n"]
    assert hidden
    tampered = str(tmp_path / "tampered.gpkg")
    shutil.copy(gpkg, tampered)
    lyr = QgsVectorLayer(f"{tampered}|layername=buurt", "buurt", "ogr")
    feat = next(f for f in lyr.getFeatures() if f["code"] == hidden[0].code)
    assert lyr.dataProvider().changeAttributeValues({feat.id(): {lyr.fields().indexOf("armoede_n"): 5}})
    del lyr
    res = processing.run("steunstructuur:audit", {"INPUT": tampered})
    assert res["PASSED"] is False and res["FAILURES"] >= 1


def test_rounded_output_passes_the_file_audit(demo_input, demo_cfg, losser_areas, tmp_path):
    """With base-5 rounding every published count is a multiple of 5 marked 'rounded';
    the file audit recovers exact counts from the rates where it can, as an attacker would."""
    from dataclasses import replace

    from conftest import SECRET

    from steunstructuur_plugin.core.pipeline import audit_file, run

    cfg = replace(demo_cfg, disclosure=replace(demo_cfg.disclosure, rounding_base=5))
    gpkg = str(tmp_path / "rounded.gpkg")
    res = run(demo_input[0], losser_areas, cfg, gpkg, secret=SECRET)
    lyr = QgsVectorLayer(f"{gpkg}|layername=buurt", "buurt", "ogr")
    published = [f["armoede_n"] for f in lyr.getFeatures() if f["armoede_status"] == "rounded"]
    assert published and all(int(v) % 5 == 0 for v in published)
    statuses = {f["armoede_status"] for f in lyr.getFeatures()}
    assert statuses <= {"rounded", "suppressed"}
    file_audit, file_cfg, _ = audit_file(gpkg)
    assert file_cfg.disclosure.rounding_base == 5
    assert file_audit.ok and file_audit.cells_checked == res.audit.cells_checked


def test_export_algorithms(provider, demo_run, tmp_path):
    import subprocess

    from qgis import processing

    _, gpkg = demo_run
    out = str(tmp_path / "kaarten.pdf")
    res = processing.run("steunstructuur:export_map", {
        "INPUT": gpkg, "MAPS": "armoede, wmo", "PAIRS": "armoede:jeugd", "PAGE": 1, "PORTRAIT": True,
        "DPI": 100, "OUTPUT": out})
    assert res["MAPS_WRITTEN"] == 3 and res["FILES"].split(";")[-1] == out
    info = subprocess.run(["pdfinfo", out], capture_output=True, text=True).stdout
    assert "Pages:           3" in info and "842 x 1191 pts (A3)" in info
    atlas = processing.run("steunstructuur:export_map", {"INPUT": gpkg, "ATLAS": True,
                                                         "OUTPUT": str(tmp_path / "atlas.pdf")})
    assert "Pages:           5" in subprocess.run(["pdfinfo", atlas["OUTPUT"]], capture_output=True,
                                                  text=True).stdout
    data = processing.run("steunstructuur:export_data", {"INPUT": gpkg, "OUTPUT": str(tmp_path / "cijfers.csv")})
    assert [os.path.basename(f) for f in data["FILES"].split(";")] == [
        "cijfers_buurt.csv", "cijfers_wijk.csv", "cijfers_gemeente.csv", "cijfers_metadata.csv"]
    with pytest.raises(Exception, match="x:y"):
        processing.run("steunstructuur:export_map", {"INPUT": gpkg, "PAIRS": "armoede", "OUTPUT": out})


def test_qgis_process_runs_a_themed_configuration(built_plugin, demo_input, demo_cfg, losser_areas, tmp_path):
    """qgis_process with themes, expressions and stacking over themes: every published count
    of every buurt, wijk and gemeente is the reference's (or NULL where suppressed), and
    the file passes steunstructuur:audit."""
    sys.path.insert(0, os.path.join(ROOT, "tests", "core", "count"))
    from test_themes import THEMED, reference, themed_config

    cfg = themed_config(demo_cfg)
    out = aggregate_and_audit(built_plugin, tmp_path, demo_input[0], cfg.to_dict(), "thema", 300)
    from fifty_case import published_against

    published, _ = published_against(out, cfg.count_fields(), reference(demo_input[0], THEMED, losser_areas))
    # 13 buurten, 5 wijken and the gemeente, 16 fields: the values published, each checked above
    assert published == 142


def aggregate_and_audit(built_plugin, tmp_path, csv_path, cfg_data, name, timeout):
    """steunstructuur:aggregate of ``csv_path`` on the Losser buurten with the
    configuration ``cfg_data``, then steunstructuur:audit of its output, both through
    qgis_process.bin with the plugin deployed in a fresh profile; the output's path."""
    import json

    from steunstructuur_plugin.deploy import deploy

    cfg_path = tmp_path / f"{name}.json"
    cfg_path.write_text(json.dumps(cfg_data), encoding="utf-8")
    profiles = tmp_path / ".local" / "share" / "QGIS" / "QGIS3" / "profiles"
    deploy(built_plugin, str(profiles), "default")
    out = str(tmp_path / f"{name}.gpkg")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path))
    env.pop("QGIS_CUSTOM_CONFIG_PATH", None)
    areas = f"{os.path.join(ROOT, 'resources', 'data', 'buurten_losser.gpkg')}|layername=buurten"
    for alg, args in (("aggregate", [f"INPUT={csv_path}", f"AREAS={areas}", f"CONFIG={cfg_path}",
                                     f"OUTPUT={out}"]), ("audit", [f"INPUT={out}"])):
        proc = subprocess.run(["/usr/bin/qgis_process.bin", "run", f"steunstructuur:{alg}", "--", *args],
                              env=env, capture_output=True, text=True, timeout=timeout)
        assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return out


def test_qgis_process_runs_fifty_indicators(built_plugin, demo_cfg, losser_areas, tmp_path):
    """The benchmark's configuration of 50 indicators in 7 themes (stacking over themes,
    5 overlaps, 2 expressions: 66 count fields) through qgis_process on the real Losser
    buurten: every published count of every buurt, wijk and gemeente is the independent
    reference's, every other one is NULL, and the file passes steunstructuur:audit."""
    from fifty_case import fifty_csv, fifty_data, fifty_reference, published_against

    data = fifty_data(demo_cfg)
    csv_path = str(tmp_path / "vijftig.csv")
    rows = fifty_csv(csv_path, losser_areas)
    out = aggregate_and_audit(built_plugin, tmp_path, csv_path, data, "vijftig", 600)
    from steunstructuur_plugin.core.config import AnalysisConfig

    fields = [f"{name}_n" for name in data["indicators"]]
    count_fields = AnalysisConfig.from_dict(data, "vijftig.json").count_fields()
    assert len(count_fields) == 66 and set(fields) <= set(count_fields)
    published, suppressed = published_against(out, count_fields, fifty_reference(csv_path, data, losser_areas))
    # 13 buurten, 5 wijken and the gemeente, 66 fields each; 5,540 rows of 2,212 persons:
    # small counts, so most buurt cells are hidden (410 cells are 1..4 before any partner)
    assert rows == 5540 and published + suppressed == 19 * 66
    # protection by certificates (core/protect/changes.py) solves no program and reads no
    # clock: the same cells are published on every machine and at any load (the integer
    # programs it replaced published 547)
    assert published == 583


def test_aggregate_from_processing_loads_a_styled_layer_the_dock_drives(provider, demo_input, tmp_path,
                                                                         qgis_new_project):
    """#18 item 9: run from the Processing dialog it left an unstyled single-symbol layer
    that the dock did not drive, its area parameter defaulted to an output layer, and the
    progress did not move."""
    import processing
    from qgis.core import QgsProcessingContext, QgsProcessingFeedback, QgsProject, QgsVectorLayer

    from steunstructuur_plugin.processing.aggregate_algorithm import default_areas
    from steunstructuur_plugin.styling.choropleth import indicators_of

    project = QgsProject.instance()
    buurten = QgsVectorLayer(os.path.join(ROOT, "resources", "data", "buurten_losser.gpkg") + "|layername=buurten",
                             "buurten", "ogr")
    project.addMapLayer(buurten)
    out = str(tmp_path / "verwerking.gpkg")
    context = QgsProcessingContext()
    context.setProject(project)
    feedback = QgsProcessingFeedback()
    seen = []
    feedback.progressChanged.connect(seen.append)
    params = {"INPUT": demo_input[0], "AREAS": buurten.id(), "CONFIG": demo_input[1], "OUTPUT": out}
    for _ in range(2):  # a second run to the same file replaces the layer
        processing.runAndLoadResults("steunstructuur:aggregate", params, feedback=feedback, context=context)
    layers = [lyr for lyr in project.mapLayers().values() if lyr.source().startswith(out)]
    assert len(layers) == 1 and layers[0].name() == "verwerking – armoede per 1,000 inhabitants"
    assert indicators_of(layers[0]) == ["armoede", "jeugd", "wmo"]
    assert layers[0].renderer().type() == "graduatedSymbol"
    assert layers[0].renderer().classAttribute() == 'coalesce("armoede_per1000", -1)'
    first = seen[: seen.index(100) + 1]  # the first run's progress: rising, through the steps, to 100
    assert first == sorted(first) and {55, 60, 75, 90, 100} <= set(first)
    # the default buurt layer is the buurten, not the output (a polygon layer too)
    assert default_areas(project) == buurten.id()


def test_qgis_process_counts_the_provisions_of_the_configuration(built_plugin, demo_input, demo_cfg, tmp_path):
    """#20 item 5: the configuration's provisions section through qgis_process.bin (a path
    next to the configuration): the output's voorzieningen layer and counts, and the audit
    of the file passes."""
    import sqlite3

    (tmp_path / "vz.csv").write_text("soort;x;y\nhuisarts;263300;480200\nwijkteam;263500;480300\n"
                                     "huisarts;266000;483000\nvoedselbank;270500;479000\n", encoding="utf-8")
    data = {**demo_cfg.to_dict(), "provisions": {"sources": [
        {"path": "vz.csv", "type": "soort", "location": "xy", "x": "x", "y": "y"}], "area_distances": [3000, 3500]}}
    out = aggregate_and_audit(built_plugin, tmp_path, demo_input[0], data, "voorzieningen", 300)
    con = sqlite3.connect(out)
    gm = con.execute("select vz_huisarts_in, vz_huisarts_3000m, vz_voedselbank_in, vz_voedselbank_3000m, "
                     "vz_voedselbank_3500m, vz_wijkteam_in from gemeente").fetchone()
    points = con.execute("select count(*) from voorzieningen").fetchone()[0]
    con.close()
    # the voedselbank lies 3,498 m from the gemeente (shapely): not within 3,000 m, within 3,500 m
    assert gm == (2, 2, 0, 0, 1, 1) and points == 4


def test_qgis_process_counts_an_own_area_division(built_plugin, demo_input, demo_cfg, losser_areas, tmp_path):
    """#19: DIVISION, DIVISION_CODE and DIVISION_NAME through qgis_process: the gebied layer,
    its counts exactly the reference's for every published cell, and the gate passes."""
    from divisions import losser_division
    from reference import reference_counts

    from steunstructuur_plugin.core.pipeline import audit_file
    from steunstructuur_plugin.deploy import deploy

    own = losser_division(losser_areas, tmp_path / "wijkteams.gpkg")
    profiles = tmp_path / ".local" / "share" / "QGIS" / "QGIS3" / "profiles"
    deploy(built_plugin, str(profiles), "default")
    out = str(tmp_path / "teams.gpkg")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path))
    env.pop("QGIS_CUSTOM_CONFIG_PATH", None)
    proc = subprocess.run(
        ["/usr/bin/qgis_process.bin", "run", "steunstructuur:aggregate", "--",
         f"INPUT={demo_input[0]}",
         f"AREAS={os.path.join(ROOT, 'resources', 'data', 'buurten_losser.gpkg')}|layername=buurten",
         f"CONFIG={demo_input[1]}", f"OUTPUT={out}", "USE_REGISTER=false",
         f"DIVISION={tmp_path / 'wijkteams.gpkg'}|layername=wijkteams", "DIVISION_CODE=code", "DIVISION_NAME=naam"],
        env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    lyr = QgsVectorLayer(f"{out}|layername=gebied", "gebied", "ogr")
    assert lyr.isValid() and lyr.featureCount() == 3
    frame = losser_areas.frame
    ref = reference_counts(demo_input[0], demo_cfg, set(frame["code"]), own,
                           dict(zip(frame["code"], frame["gemeentecode"])))
    from steunstructuur_plugin.core.qvalues import is_null

    shown = 0
    for feat in lyr.getFeatures():
        assert feat["name"] == f"Wijkteam {feat['code'][2:]}" and feat["parent"] == "GM0168"
        for f in demo_cfg.count_fields():
            if not is_null(feat[f]):
                assert feat[f] == ref["wijk"][feat["code"]][f], (feat["code"], f)
                shown += 1
    assert shown == 3 * len(demo_cfg.count_fields())  # areas of 4-5 buurten: nothing small here
    assert sum(ref["wijk"][a]["armoede_n"] for a in ("WT1", "WT2", "WT3")) == 1382  # the gemeente's
    # the gate, with the seal key qgis_process made under its HOME
    key = (tmp_path / ".config" / "steunstructuur" / "seal.key").read_text(encoding="ascii").strip()
    audit, _cfg, _text = audit_file(out, seal_key=bytes.fromhex(key))
    assert audit.ok, audit.problems[:3] + audit.failures[:3]


def test_qgis_process_counts_a_series_of_peildata(built_plugin, demo_input, demo_cfg, losser_areas, tmp_path):
    """#21 item 1: a configuration with a series through qgis_process: the buurt_reeks layer
    holds every peildatum, each published count the reference's of that date, and
    steunstructuur:audit passes the file (every peildatum audited)."""
    from reference import reference_counts

    from steunstructuur_plugin.core.publish.geopackage import read_series
    from steunstructuur_plugin.core.series import split_series

    data = demo_cfg.to_dict()
    data["source"]["series"] = {"start": "2023-06-30", "end": "2024-06-30", "step": "quarter"}
    out = aggregate_and_audit(built_plugin, tmp_path, demo_input[0], data, "reeks", 300)
    series = split_series(read_series(out))
    assert sorted(series) == ["2023-06-30", "2023-09-30", "2023-12-30", "2024-03-30", "2024-06-30"]
    frame = losser_areas.frame
    wijk_of, gem_of = dict(zip(frame["code"], frame["wijkcode"])), dict(zip(frame["code"], frame["gemeentecode"]))
    shown = 0
    for date, tables in series.items():
        ref = reference_counts(demo_input[0], demo_cfg, set(frame["code"]), wijk_of, gem_of, peildatum=date)
        for level, t in tables.items():
            for row in t.itertuples(index=False):
                for f in demo_cfg.count_fields():
                    if not pd.isna(getattr(row, f)):
                        assert getattr(row, f) == ref[level][row.code][f], (date, level, row.code, f)
                        shown += 1
    assert shown == 395  # of 5 peildata x 19 areas x 6 counts; the rest hidden


def test_trend_chart_algorithm(provider, demo_input, demo_cfg, losser_areas, tmp_path):
    """#21 item 3: steunstructuur:trend_chart writes the chart of an area of a series file
    (behind the gate) and names what is missing."""
    import dataclasses

    from qgis import processing

    from steunstructuur_plugin.core.pipeline import run

    cfg = dataclasses.replace(demo_cfg, source=dataclasses.replace(
        demo_cfg.source, series={"start": "2023-01-01", "end": "2024-01-01", "step": "quarter"})).validate()
    gpkg = run(demo_input[0], losser_areas, cfg, str(tmp_path / "reeks.gpkg"), secret=SECRET).output
    res = processing.run("steunstructuur:trend_chart", {"INPUT": gpkg, "LEVEL": 2, "CODE": "GM0168",
                                                        "MAP": "armoede", "OUTPUT": str(tmp_path / "losser.pdf")})
    assert open(res["OUTPUT"], "rb").read(4) == b"%PDF"
    with pytest.raises(Exception, match="no map 'schulden'"):
        processing.run("steunstructuur:trend_chart", {"INPUT": gpkg, "LEVEL": 2, "CODE": "GM0168",
                                                      "MAP": "schulden", "OUTPUT": str(tmp_path / "x.png")})


def test_pilot_algorithm(provider, demo_input, demo_cfg, losser_areas, tmp_path):
    """#21 item 4: steunstructuur:pilot with the groups as codes and as a layer's field give
    the same estimate, written as a chart and a CSV table."""
    import dataclasses

    from qgis import processing
    from qgis.core import QgsFeature, QgsField, QgsVectorLayer
    from qgis.PyQt.QtCore import QVariant

    from steunstructuur_plugin.core.pipeline import run

    cfg = dataclasses.replace(demo_cfg, source=dataclasses.replace(
        demo_cfg.source, series={"start": "2023-01-01", "end": "2024-01-01", "step": "quarter"})).validate()
    gpkg = run(demo_input[0], losser_areas, cfg, str(tmp_path / "reeks.gpkg"), secret=SECRET).output
    codes = sorted(losser_areas.frame["code"])
    inside, outside = codes[:6], codes[6:]
    by_codes = processing.run("steunstructuur:pilot", {
        "INPUT": gpkg, "LEVEL": 0, "INTERVENTION": ",".join(inside), "CONTROL": ",".join(outside),
        "BEFORE": "2023-04-01", "AFTER": "2024-01-01", "MAP": "wmo", "OUTPUT": str(tmp_path / "pilot.png")})
    groups = QgsVectorLayer("None", "groepen", "memory")
    groups.dataProvider().addAttributes([QgsField("buurtcode", QVariant.String), QgsField("pilot", QVariant.String)])
    groups.updateFields()
    for code in codes:
        f = QgsFeature(groups.fields())
        f.setAttributes([code, "Interventie" if code in inside else "controle"])
        groups.dataProvider().addFeature(f)
    by_layer = processing.run("steunstructuur:pilot", {
        "INPUT": gpkg, "LEVEL": 0, "GROUP_LAYER": groups, "CODE_FIELD": "buurtcode", "GROUP_FIELD": "pilot",
        "BEFORE": "2023-04-01", "AFTER": "2024-01-01", "MAP": "wmo", "OUTPUT": str(tmp_path / "pilot2.svg")})
    for key in ("EFFECT", "LOW", "HIGH", "P"):
        assert by_codes[key] == by_layer[key]
    assert open(by_codes["OUTPUT"], "rb").read(4) == b"\x89PNG" and by_codes["TABLE"].endswith("pilot.csv")
    assert os.path.exists(by_layer["TABLE"])
