"""The whole core pipeline on the Losser demo: exact counts against an independent reference."""

import os

import pandas as pd
import pytest
from conftest import SECRET
from reference import reference_counts

from steunstructuur_plugin.core.count.aggregate import aggregate
from steunstructuur_plugin.core.place.locate import locate
from steunstructuur_plugin.core.read.registrations import ImportReport, prepare_records, read_table


def _tables(csv_path, cfg, areas):
    report = ImportReport()
    frame = read_table(csv_path, cfg, report)
    records = locate(prepare_records(frame, cfg, SECRET, report), cfg, areas, report)
    return aggregate(records, cfg, areas), report


def test_counts_equal_reference_for_every_area(demo_input, demo_cfg, losser_areas):
    tables, _ = _tables(demo_input[0], demo_cfg, losser_areas)
    af = losser_areas.frame
    ref = reference_counts(demo_input[0], demo_cfg, set(af["code"]),
                           dict(zip(af["code"], af["wijkcode"])), dict(zip(af["code"], af["gemeentecode"])))
    fields = demo_cfg.count_fields()
    assert fields == ["armoede_n", "jeugd_n", "wmo_n", "armoede_x_jeugd_n",
                      "stapeling_2plus_n", "stapeling_3plus_n"]
    assert [len(tables[lv]) for lv in ("buurt", "wijk", "gemeente")] == [13, 5, 1]
    for level in ("buurt", "wijk", "gemeente"):
        for row in tables[level].itertuples(index=False):
            for f in fields:
                assert getattr(row, f) == ref[level][row.code][f], (level, row.code, f)
    # additivity: buurten add up to their wijk, wijken to the gemeente
    b = tables["buurt"].groupby("parent")[fields].sum()
    w = tables["wijk"].set_index("code")[fields]
    pd.testing.assert_frame_equal(b.sort_index(), w.sort_index(), check_names=False)
    assert (tables["wijk"][fields].sum() == tables["gemeente"][fields].iloc[0]).all()


def test_report_reconciles_with_exact_reasons(demo_run):
    result, _ = demo_run
    rep = result.report
    assert rep.rows_read == 3494
    assert rep.rejected == {"missing_key": 3, "unknown_category": 2, "out_of_area": 2}
    assert rep.rows_duplicate == 3
    assert rep.rows_counted == 3484
    assert rep.reconciles()
    # every rejected row is listed (fewer than 20 per reason), in row order
    assert [e.row for e in rep.examples] == sorted(e.row for e in rep.examples) and len(rep.examples) == 7
    assert {(e.reason, e.column) for e in rep.examples} == {
        ("missing_key", "bsn"), ("unknown_category", "voorziening"), ("out_of_area", "buurtcode")}


def test_gemeente_totals_of_demo(demo_run):
    result, _ = demo_run
    g = result.safe["gemeente"].iloc[0]
    assert g["code"] == "GM0168" and g["name"] == "Losser"
    assert (int(g["armoede_n"]), int(g["jeugd_n"]), int(g["wmo_n"])) == (1382, 726, 1050)
    assert int(g["armoede_x_jeugd_n"]) == 478
    assert g["denominator"] == 23385
    assert g["armoede_per1000"] == pytest.approx(round(1382 / 23385 * 1000, 1))


def test_xy_location_gives_same_counts_as_buurtcode(demo_input, demo_cfg, losser_areas):
    """The demo CSV has RD coordinates with a decimal comma; locating by point-in-polygon
    puts every person in the same buurt as the buurtcode column."""
    from dataclasses import replace

    cfg_xy = replace(demo_cfg, source=replace(demo_cfg.source, location="xy"))
    by_code, rep_code = _tables(demo_input[0], demo_cfg, losser_areas)
    by_xy, rep_xy = _tables(demo_input[0], cfg_xy, losser_areas)
    # two rows have x 'onbekend' (bad_location), two have a bad buurtcode but good x/y
    assert rep_xy.rejected.get("bad_location") == 2
    assert rep_code.rejected.get("out_of_area") == 2
    diff = (by_code["gemeente"]["armoede_n"] - by_xy["gemeente"]["armoede_n"]).abs().iloc[0]
    assert diff <= 4  # only persons touched by those four rows can differ
    same = (by_code["buurt"]["jeugd_n"] - by_xy["buurt"]["jeugd_n"]).abs().sum()
    assert same <= 4


def test_uden_real_polygons_located_by_xy(qgis_ready, demo_cfg, uden_areas, tmp_path):
    """Points generated inside the 26 real Uden buurten are found back in their buurt."""
    from dataclasses import replace

    from steunstructuur_plugin.demo.synthetic import generate, write_csv

    frame = generate(uden_areas, seed=7)
    path = write_csv(frame, str(tmp_path / "uden.csv"))
    cfg_xy = replace(demo_cfg, source=replace(demo_cfg.source, location="xy"))
    report = ImportReport()
    records = prepare_records(read_table(path, cfg_xy, report), cfg_xy, SECRET, report)
    located = locate(records, cfg_xy, uden_areas, report)
    truth = frame.set_index(frame.index + 2)["buurtcode"]  # row numbers start at 2
    got = located.set_index("row")["buurtcode"]
    ok_rows = got.index[truth.loc[got.index].str.startswith("BU0856")]
    assert len(ok_rows) > 1000
    assert (got.loc[ok_rows] == truth.loc[ok_rows]).all()


def test_per_indicator_denominator(demo_input, demo_cfg, losser_areas, tmp_path):
    """armoede per 1,000 households, jeugd per 1,000 inhabitants, in one run."""
    from dataclasses import replace

    from qgis.core import QgsVectorLayer

    from steunstructuur_plugin.core.pipeline import run
    from steunstructuur_plugin.core.place.areas import area_table_from_layer, load_area_layer

    cfg = replace(demo_cfg, areas=replace(demo_cfg.areas, denominators={"armoede": "aantal_huishoudens_kwb2024"}))
    cfg.validate()
    layer = load_area_layer(os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(__file__))),
                                         "resources", "data", "buurten_losser.gpkg"), "buurten")
    areas = area_table_from_layer(layer, cfg.areas)
    gpkg = str(tmp_path / "hh.gpkg")
    result = run(demo_input[0], areas, cfg, gpkg, secret=SECRET)
    g = result.safe["gemeente"].iloc[0]
    households = sum(f["aantal_huishoudens_kwb2024"] for f in layer.getFeatures())
    assert g["armoede_denominator"] == households
    assert g["armoede_per1000"] == pytest.approx(round(1382 / households * 1000, 1))
    assert g["jeugd_per1000"] == pytest.approx(round(726 / 23385 * 1000, 1))
    out = QgsVectorLayer(f"{gpkg}|layername=gemeente", "g", "ogr")
    f = next(out.getFeatures())
    assert f["armoede_denominator"] == households and f["armoede_per1000"] == g["armoede_per1000"]


def test_a_search_stopped_by_its_time_limit_is_reported(demo_input, demo_cfg, losser_areas, monkeypatch):
    """Protection is deterministic because its integer programs end on a number of
    branch-and-bound nodes; their seconds are only a backstop.  A program that ends on the
    backstop is detected (here a knapsack given 0.1 ms) and a run in which one did says so
    in its report: a run of the same data elsewhere may hide other cells."""
    import numpy as np
    import scipy.sparse as sp

    from steunstructuur_plugin.core import pipeline
    from steunstructuur_plugin.core.protect import solve

    rng = np.random.default_rng(1)
    weights, gains = rng.integers(10, 100, 300).astype(float), rng.integers(10, 100, 300).astype(float)
    before = solve.backstop_hits()
    solve._milp(-gains, None, None, sp.csr_matrix(weights[None, :]), np.array([weights.sum() / 2 + 0.5]),
                np.zeros(300), np.ones(300), 1e-4, 10 ** 6)
    assert solve.backstop_hits() == before + 1
    solve._milp(-gains[:3], None, None, sp.csr_matrix(weights[None, :3]), np.array([100.0]), np.zeros(3),
                np.ones(3), 60.0, 20)  # ends well inside its time: not counted
    assert solve.backstop_hits() == before + 1

    clean = pipeline.run(demo_input[0], losser_areas, demo_cfg, None, secret=SECRET)
    assert not any("time limit" in w for w in clean.report.warnings())
    real = pipeline.protect

    def protect_with_a_hit(*args, **kwargs):
        prot = real(*args, **kwargs)
        solve._BACKSTOP["hits"] += 2
        return prot

    monkeypatch.setattr(pipeline, "protect", protect_with_a_hit)
    result = pipeline.run(demo_input[0], losser_areas, demo_cfg, None, secret=SECRET)
    warned = [w for w in result.report.warnings() if "time limit" in w]
    assert warned == [w for w in warned if w.startswith("the disclosure control's search for tables stopped on its "
                                                        "time limit 2 times")] and len(warned) == 1
    assert any("time limit 2 times" in line for line in result.report.lines())
