"""Fifty indicators through the dock on the real Losser buurten: the run as a background
task with exact counts, the indicator list grouped by theme, and all maps in one PDF."""

import json
import os
import subprocess

import pytest
from docks import dock_ready_to_run, wait_until
from fifty_case import fifty_csv, fifty_data, fifty_reference, published_against
from qgis.core import Qgis, QgsProject
from qgis.PyQt.QtCore import Qt

THEMES = ["armoede", "jeugd", "wmo", "werk", "veiligheid", "wonen", "gezondheid"]
SIZES = [8, 8, 7, 7, 6, 7, 7]
OTHER = ["lks_zonder_meedoen", "armoede_zonder_werk", "stapeling_2plus", "stapeling_3plus"]


@pytest.fixture(scope="module")
def fifty_run(qgis_iface, tmp_path_factory, demo_cfg, losser_areas):
    """The dock, filled in as a user would, runs the 50-indicator configuration."""
    from steunstructuur_plugin.core.protect import register
    from steunstructuur_plugin.export import maps

    tmp = tmp_path_factory.mktemp("fifty_dock")
    # a register of its own: the per-test one of conftest comes after a module's fixture, and
    # this run wrote into the user's own register (~/.config/steunstructuur)
    own = pytest.MonkeyPatch()
    own.setattr(register, "register_path", lambda: str(tmp / "register.json"))
    csv_path, cfg_path, out = str(tmp / "vijftig.csv"), tmp / "vijftig.json", str(tmp / "vijftig.gpkg")
    data = fifty_data(demo_cfg)
    cfg_path.write_text(json.dumps(data), encoding="utf-8")
    rows = fifty_csv(csv_path, losser_areas)
    QgsProject.instance().clear()
    maps._AUDITED.clear()
    dock = dock_ready_to_run(qgis_iface, csv_path, cfg_path, out, "CBS buurten Losser")
    dock.start_run()
    wait_until(lambda: dock.task is None, 1200)
    try:
        yield dict(dock=dock, csv=csv_path, data=data, out=out, rows=rows, tmp=tmp)
    finally:
        dock.cleanup()
        QgsProject.instance().clear()
        own.undo()


def test_dock_runs_fifty_indicators_with_exact_counts(fifty_run, losser_areas):
    from steunstructuur_plugin.core.config import AnalysisConfig

    dock = fifty_run["dock"]
    assert dock.task is None, "the run did not finish"
    report = dock.report_panel.report.toPlainText()
    assert f"{fifty_run['rows']} rows read, {fifty_run['rows']} counted, 0 rejected, 0 duplicates" in report
    assert "disclosure audit passed" in report
    count_fields = AnalysisConfig.from_dict(fifty_run["data"]).count_fields()
    ref = fifty_reference(fifty_run["csv"], fifty_run["data"], losser_areas)
    published, suppressed = published_against(fifty_run["out"], count_fields, ref)
    assert published + suppressed == 19 * 66
    # protection by certificates (core/protect/changes.py) solves no program and reads no
    # clock: the same cells are published on every machine and at any load (the integer
    # programs it replaced published 547)
    assert published == 583


def test_indicator_list_is_grouped_by_theme(fifty_run):
    dock = fifty_run["dock"]
    groups = [(t, [t] + [f"{t}_{i}" for i in range(n)]) for t, n in zip(THEMES, SIZES)]
    assert dock.indicators() == [m for _t, ms in groups for m in ms] + OTHER
    headers = [dock.indicator_list.item(i).text() for i in range(dock.indicator_list.count())
               if dock.indicator_list.item(i).data(Qt.UserRole) is None]
    assert headers == [t.upper() for t in THEMES] + ["OTHER MAPS"]
    assert dock.indicator_list.item(1).text().startswith("armoede (") and dock.indicator_list.count() == 61 + 8


def test_keys_skip_the_theme_headers(fifty_run):
    from qgis.PyQt.QtTest import QTest

    dock = fifty_run["dock"]
    layer = dock.target_layer()
    dock.select_indicator("armoede_7")
    QTest.keyClick(dock.indicator_list, Qt.Key_Down)  # past the header JEUGD
    assert layer.customProperty("steunstructuur/current") == "jeugd"
    QTest.keyClick(dock.indicator_list, Qt.Key_Up)
    assert layer.customProperty("steunstructuur/current") == "armoede_7"
    QTest.keyClick(dock.indicator_list, Qt.Key_End)
    assert layer.customProperty("steunstructuur/current") == "stapeling_3plus"
    QTest.keyClick(dock.indicator_list, Qt.Key_Home)  # the first row is a header: Home lands on armoede
    assert layer.customProperty("steunstructuur/current") == "armoede"
    assert layer.renderer().classAttribute() == 'coalesce("armoede_per1000", -1)'


def test_filter_keeps_a_theme_with_its_header(fifty_run):
    from qgis.PyQt.QtTest import QTest

    dock = fifty_run["dock"]
    dock.indicator_filter.clear()
    QTest.keyClicks(dock.indicator_filter, "wmo")
    items = [dock.indicator_list.item(i) for i in range(dock.indicator_list.count())]
    shown = [it.text() if it.data(Qt.UserRole) is None else it.data(Qt.UserRole) for it in items if not it.isHidden()]
    assert shown == ["WMO", "wmo"] + [f"wmo_{i}" for i in range(7)]
    dock.indicator_filter.clear()
    assert not any(it.isHidden() for it in items)


def test_export_all_fifty_maps_in_one_pdf_with_progress_and_cancel(fifty_run):
    dock = fifty_run["dock"]
    path = str(fifty_run["tmp"] / "alle_kaarten.pdf")
    progress = []
    dock.analysis.progress.valueChanged.connect(progress.append)
    files = dock.export_all(path)
    if files is None:  # the file was audited first, in a background task
        wait_until(lambda: dock.audit_task is None, 600)
        files = dock.last_export
    assert files[-1] == path
    info = subprocess.run(["pdfinfo", path], capture_output=True, text=True).stdout
    assert "Pages:           66" in info  # 61 maps and the 5 overlap pairs
    text = subprocess.run(["pdftotext", "-f", "66", "-l", "66", path, "-"], capture_output=True, text=True).stdout
    assert "werk_0 × werk_1" in text
    assert progress[-1] == 100 and len(set(progress)) >= 60
    before = open(path, "rb").read()
    # Cancel half-way: nothing new is written and the earlier PDF is as it was
    dock.analysis.progress.valueChanged.connect(lambda v: dock.cancel_run() if v >= 50 else None)
    for kept in dock.iface.messageBar().messages.values():  # the mock bar keeps earlier tests' messages
        kept.clear()
    assert dock.export_all(path) is None
    assert "Steunstructuur:Cancelled" in dock.iface.messageBar().get_messages(Qgis.Info)
    assert not dock.iface.messageBar().get_messages(Qgis.Critical)
    assert 50 <= dock.analysis.progress.value() < 100
    assert open(path, "rb").read() == before
    assert sorted(f for f in os.listdir(fifty_run["tmp"]) if f.startswith(".")) == []
