"""A series of peildata on real CBS buurten (Uden): every peildatum's counts exact against
an independent reference, the series layers as written and read back, the gate's checks
of them, and the publication register per peildatum."""

import dataclasses

import pandas as pd
import pytest
from conftest import SECRET
from gpkg_edit import edit_gpkg
from reference import reference_counts

from steunstructuur_plugin.core.config import AnalysisConfig, ConfigError
from steunstructuur_plugin.core.pipeline import audit_file, run
from steunstructuur_plugin.core.protect.register import Register
from steunstructuur_plugin.core.publish.geopackage import read_series, read_tables
from steunstructuur_plugin.core.publish.seal import seal_secret, write_seal
from steunstructuur_plugin.core.series import split_series
from steunstructuur_plugin.demo.synthetic import generate, write_csv

QUARTERS = ["2022-07-01", "2022-10-01", "2023-01-01", "2023-04-01", "2023-07-01", "2023-10-01", "2024-01-01"]


def series_cfg(cfg, **series):
    source = dataclasses.replace(cfg.source, **series)
    return dataclasses.replace(cfg, source=source).validate()


@pytest.fixture(scope="module")
def uden_csv(tmp_path_factory, uden_areas):
    return write_csv(generate(uden_areas, seed=21), str(tmp_path_factory.mktemp("reeks") / "registraties.csv"))


@pytest.fixture(scope="module")
def uden_series(tmp_path_factory, uden_csv, uden_areas, demo_cfg):
    cfg = series_cfg(demo_cfg, series={"start": "2022-07-01", "end": "2024-01-01", "step": "quarter"})
    out = str(tmp_path_factory.mktemp("reeks_uit") / "uden_reeks.gpkg")
    return run(uden_csv, uden_areas, cfg, out, secret=SECRET), cfg


def test_peildata_of_a_configuration(demo_cfg):
    assert series_cfg(demo_cfg, series={"start": "2022-07-01", "end": "2024-01-01", "step": "quarter"}
                      ).source.peildata() == QUARTERS
    assert series_cfg(demo_cfg, series={"start": "2024-01-31", "end": "2024-05-31"}).source.peildata() == [
        "2024-01-31", "2024-02-29", "2024-03-31", "2024-04-30", "2024-05-31"]
    assert series_cfg(demo_cfg, series={"start": "2020-06-30", "end": "2023-01-01", "step": "year"}
                      ).source.peildata() == ["2020-06-30", "2021-06-30", "2022-06-30"]
    assert series_cfg(demo_cfg, reference_dates=["2024-03-01", "2023-12-31", "2024-03-01"]).source.peildata() == [
        "2023-12-31", "2024-03-01"]
    bad = [({"series": {"start": "2024-01-01", "end": "2023-01-01"}},
            "'source.series': a series needs at least two different peildata (series.end before series.start?)"),
           ({"reference_dates": ["2024-01-01", "2024-01-01"]},
            "'source.reference_dates': a series needs at least two different peildata"),
           ({"series": {"start": "9999-06-01", "end": "9999-12-31", "step": "year"}},
            "'source.series': runs past the year 9999"),
           ({"reference_dates": ["0224-01-01", "2024-01-01"]},
            "'source.reference_dates': peildata must lie between the years 1678 and 2261"),
           ({"series": {"start": "2024-01-01", "end": "2025-01-01", "step": "week"}},
            "'source.series.step': must be one of month, quarter, year"),
           ({"series": {"start": "2024-01-01"}}, "'source.series.end': is required"),
           ({"reference_dates": ["2024-01-01", "1-2-2024"]}, "'source.reference_dates[1]': must be a date"),
           ({"reference_dates": ["2024-01-01", "2024-02-01"], "reference_date": "2024-01-01"},
            "'source.reference_dates': a series of peildata replaces reference_date"),
           ({"series": {"start": "2000-01-01", "end": "2024-01-01"}}, "'source.series': 289 peildata; at most 120"),
           ({"reference_dates": ["2024-01-01", "2024-02-01"], "end_date": None},
            "'source.reference_dates': needs the registrations' start_date and end_date columns: with one of them "
            "every count can only rise")]
    for change, message in bad:
        data = demo_cfg.to_dict()
        data["source"].update(change)
        with pytest.raises(ConfigError) as refused:
            AnalysisConfig.from_dict(data)
        text = str(refused.value)
        assert message in text, text
        if "reference_dates': a series needs" in message:  # not the hint about series.end for a list
            assert text.endswith("different peildata"), text


def test_every_peildatum_counts_exactly(uden_series, uden_csv, uden_areas, demo_cfg):
    result, cfg = uden_series
    af = uden_areas.frame
    wijk_of, gem_of = dict(zip(af["code"], af["wijkcode"])), dict(zip(af["code"], af["gemeentecode"]))
    fields = cfg.count_fields()
    series = split_series(read_series(result.output))
    assert sorted(series) == QUARTERS
    shown = hidden = 0
    totals = []
    for date, tables in series.items():
        ref = reference_counts(uden_csv, cfg, set(af["code"]), wijk_of, gem_of, peildatum=date)
        assert [len(tables[lv]) for lv in ("buurt", "wijk", "gemeente")] == [26, 3, 1]
        for level, t in tables.items():
            for row in t.itertuples(index=False):
                for f in fields:
                    true, value = ref[level][row.code][f], getattr(row, f)
                    if pd.isna(value):
                        hidden += 1
                    else:  # a published count is the true count of that peildatum
                        assert value == true, (date, level, row.code, f)
                        shown += 1
                    if 1 <= true < 5:  # every small count is hidden
                        assert pd.isna(value), (date, level, row.code, f)
        totals.append(int(tables["gemeente"].iloc[0]["armoede_n"]))
    assert totals == [591, 818, 1021, 1242, 1441, 1664, 1865]  # registrations start over 2022..2024
    assert (shown, hidden) == (955, 305)  # 7 peildata x 30 areas x 6 counts
    # read once: each peildatum's report reconciles, and is a run of that peildatum alone's
    single = run(uden_csv, uden_areas, series_cfg(demo_cfg, reference_date=QUARTERS[2]), None, secret=SECRET)
    for r in result.runs.values():
        assert r.report.reconciles() and r.report.rows_read == single.report.rows_read
    mine = result.runs[QUARTERS[2]].report
    assert (mine.rows_counted, mine.rows_duplicate, mine.rows_rejected) == (
        single.report.rows_counted, single.report.rows_duplicate, single.report.rows_rejected)
    # a row with a fault found in reading keeps that reason at every peildatum; alone, a
    # run rejects rows outside its period before it looks at their categories and places
    assert mine.rejected == {"missing_key": 3, "unknown_category": 2, "outside_period": 4115, "out_of_area": 2}
    assert single.report.rejected == {"missing_key": 3, "outside_period": 4118, "out_of_area": 1}
    pd.testing.assert_frame_equal(result.runs[QUARTERS[2]].safe["buurt"], single.safe["buurt"])
    # the main layers are the last peildatum
    main = read_tables(result.output)
    pd.testing.assert_frame_equal(main["buurt"], series[QUARTERS[-1]]["buurt"])


def test_series_file_passes_the_gate_and_fails_when_changed(uden_series, tmp_path):
    result, _ = uden_series
    audit, cfg, _text = audit_file(result.output)
    assert audit.ok and audit.problems == [] and cfg.source.peildata() == QUARTERS
    # a series cell changed by hand breaks the seal
    edited = tmp_path / "bewerkt.gpkg"
    edited.write_bytes(open(result.output, "rb").read())
    edit_gpkg(edited, "update buurt_reeks set armoede_n = armoede_n + 1 where fid = 1")
    audit, _cfg, _text = audit_file(str(edited))
    assert not audit.ok and any("changed after it was written" in p for p in audit.problems)
    # sealed again with the user's key (another tool that has it): the gate's own checks still refuse it
    write_seal(str(edited), seal_secret())
    audit, _cfg, _text = audit_file(str(edited))
    assert not audit.ok
    edit_gpkg(edited, "update buurt_reeks set armoede_n = armoede_n - 1 where fid = 1",
              "delete from gemeente_reeks where peildatum = '2023-01-01'")
    write_seal(str(edited), seal_secret())
    audit, _cfg, _text = audit_file(str(edited))
    assert audit.problems == ["gemeente_reeks: other peildata than the configuration's (6, of which 6 of its 7)"]


def test_each_peildatum_is_a_population_in_the_register(uden_csv, uden_areas, demo_cfg, tmp_path):
    path = str(tmp_path / "register.json")
    cfg = series_cfg(demo_cfg, reference_dates=["2023-01-01", "2024-01-01"])
    first = run(uden_csv, uden_areas, cfg, str(tmp_path / "a.gpkg"), secret=SECRET, register=Register(path))
    entries = Register(path).entries
    assert [e.reference_date for e in entries] == ["2023-01-01", "2024-01-01"]
    assert len({e.population for e in entries}) == 2
    # one peildatum again, alone: protected together with the series' entry of that date only
    again = run(uden_csv, uden_areas, series_cfg(demo_cfg, reference_date="2024-01-01"), str(tmp_path / "b.gpkg"),
                secret=SECRET, register=Register(path))
    assert again.earlier == [first.runs["2024-01-01"].entry.label()]
    # the series again: each peildatum with its own earlier entries; what the first date's run
    # noted is in the report (which is the last date's) too
    twice = run(uden_csv, uden_areas, cfg, str(tmp_path / "c.gpkg"), secret=SECRET, register=Register(path))
    notes = twice.report.notes
    assert any(n.startswith("peildatum 2023-01-01: protected together with 1 earlier output(s)") for n in notes)
    assert any(n.startswith("protected together with 2 earlier output(s)") for n in notes)


def test_partner_exports_carry_the_series(uden_series, tmp_path):
    """CSV and Excel: the long table of each level beside the main ones; GeoPackage: the
    series layers with a style that puts them in time for the partner's QGIS too."""
    from qgis.core import QgsVectorLayer

    from steunstructuur_plugin.export.data import export_data

    result, _ = uden_series
    files = export_data(result.output, str(tmp_path / "partner.csv"))
    names = sorted(p.rsplit("partner_", 1)[1] for p in files)
    assert names == ["buurt.csv", "buurt_reeks.csv", "buurt_trend.csv", "gemeente.csv", "gemeente_reeks.csv",
                     "gemeente_trend.csv", "metadata.csv", "wijk.csv", "wijk_reeks.csv", "wijk_trend.csv"]
    long = pd.read_csv(tmp_path / "partner_buurt_reeks.csv", sep=";", decimal=",", dtype={"peildatum": str})
    assert len(long) == 26 * 7 and sorted(long["peildatum"].unique()) == QUARTERS
    main = pd.read_csv(tmp_path / "partner_buurt.csv", sep=";", decimal=",")
    last = long[long["peildatum"] == QUARTERS[-1]].drop(columns=["peildatum"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(last, main)
    sheets = pd.read_excel(export_data(result.output, str(tmp_path / "partner.xlsx"))[0], sheet_name=None)
    assert len(sheets["gemeente_reeks"]) == 7
    gpkg = export_data(result.output, str(tmp_path / "partner.gpkg"))[0]
    layer = QgsVectorLayer(f"{gpkg}|layername=buurt_reeks", "reeks", "ogr")
    assert layer.isValid() and layer.featureCount() == 26 * 7
    assert layer.renderer().type() == "graduatedSymbol"  # its default style, loaded with the layer
    # QGIS 3.22 leaves the style's time out when a layer opens; Style > Load Style > Default applies it
    assert not layer.temporalProperties().isActive()
    assert layer.loadDefaultStyle()[1]
    props = layer.temporalProperties()
    assert props.isActive() and props.startExpression() == 'to_datetime("peildatum")'
    trend = QgsVectorLayer(f"{gpkg}|layername=buurt_trend", "trend", "ogr")  # the trend map as its style
    assert trend.renderer().type() == "categorizedSymbol" and trend.renderer().classAttribute() == "armoede_trend_class"


def test_a_series_whose_counts_can_only_rise_is_refused(uden_areas, demo_cfg, tmp_path):
    """An outside review: with registrations that never end inside the series, every count
    can only rise from one peildatum to the next, and an attacker who sees that combines the
    peildata (it pinned hidden counts of 1-4).  Such a series is refused, naming the gemeente;
    nothing is written."""
    from steunstructuur_plugin.core.pipeline import DisclosureFailed

    frame = generate(uden_areas, seed=21)
    frame["einddatum"] = ""  # nobody ends
    cfg = series_cfg(demo_cfg, series={"start": "2023-01-01", "end": "2024-01-01", "step": "quarter"})
    refused = (r"gemeente Uden \(GM0856\), armoede: from one peildatum to the next nobody leaves it \(from "
               r"2023-01-01 to 2024-01-01\), so each of its counts there could only rise")
    with pytest.raises(DisclosureFailed, match=refused):
        run(write_csv(frame, str(tmp_path / "nooit_einde.csv")), uden_areas, cfg, str(tmp_path / "uit.gpkg"),
            secret=SECRET)
    assert not (tmp_path / "uit.gpkg").exists()
    # a second review: one registration that starts and ends between two peildata (active on none)
    # passed the first guard, which looked at the dates alone; it is neither entering nor leaving
    row = frame[frame["voorziening"] == "bijstand"].iloc[[0]].assign(startdatum="01-02-2023", einddatum="01-03-2023")
    with pytest.raises(DisclosureFailed, match=refused):
        run(write_csv(pd.concat([frame, row]), str(tmp_path / "tussendoor.csv")), uden_areas, cfg, None,
            secret=SECRET)
    # and one indicator's churn does not let another's counts that only rise through
    churn = frame.copy()
    wmo = churn.index[churn["voorziening"] == "wmo_hulpmiddel"][:40]
    churn.loc[wmo, "einddatum"] = "15-06-2023"
    with pytest.raises(DisclosureFailed, match=refused):
        run(write_csv(churn, str(tmp_path / "alleen_wmo.csv")), uden_areas, cfg, None, secret=SECRET)


def test_a_series_reads_its_date_columns_as_a_run_of_one_peildatum_does(uden_csv, uden_areas, demo_cfg, tmp_path):
    """A second review: a date column named twice in the header was refused for one
    peildatum but read silently in a series."""
    from steunstructuur_plugin.core.read.registrations import SourceError

    text = open(uden_csv, encoding="utf-8-sig").read().splitlines()
    header = text[0].split(";")
    doubled = ";".join(header + ["einddatum"]) + "\n" + "\n".join(line + ";" for line in text[1:]) + "\n"
    path = tmp_path / "dubbel.csv"
    path.write_text(doubled, encoding="utf-8")
    cfg = series_cfg(demo_cfg, reference_dates=["2023-01-01", "2024-01-01"])
    with pytest.raises(SourceError, match="column 'einddatum' appears 2 times in the header"):
        run(str(path), uden_areas, cfg, None, secret=SECRET)


def test_series_layers_in_a_file_of_one_peildatum_fail_the_gate(demo_run, tmp_path):
    """An outside review: a `_trend` table added to a file of one peildatum and sealed again
    passed the gate and went to partners.  The gate refuses it, naming the table."""
    _result, gpkg = demo_run
    edited = tmp_path / "extra.gpkg"
    edited.write_bytes(open(gpkg, "rb").read())
    edit_gpkg(edited, "create table buurt_trend as select code, armoede_n as armoede_true_n from buurt")
    write_seal(str(edited), seal_secret())
    audit, _cfg, _text = audit_file(str(edited))
    assert audit.problems == ["the file holds the layers of a series (buurt_trend), its configuration has none"]
