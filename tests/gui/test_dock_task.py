"""The dock runs the pipeline as a QgsTask; the QGIS log never sees person data."""

import csv

from docks import dock_ready_to_run, wait_until
from qgis.core import Qgis, QgsApplication, QgsProject


def test_dock_runs_task_and_log_has_no_person_data(qgis_iface, qgis_new_project, demo_input, tmp_path):
    messages = []
    log = QgsApplication.messageLog()
    log.messageReceived.connect(lambda msg, tag, level: messages.append(f"{tag} {msg}"))
    dock = dock_ready_to_run(qgis_iface, *demo_input, tmp_path / "dock.gpkg", "CBS buurten Losser")
    try:
        dock.start_run()
        assert not dock.analysis.run_button.isEnabled() and dock.analysis.cancel_button.isEnabled()
        wait_until(lambda: dock.task is None, 60)
        assert dock.task is None, "task did not finish"
        report = dock.report_panel.report.toPlainText()
        assert "3494 rows read, 3484 counted, 7 rejected, 3 duplicates" in report
        assert "row 905, column 'bsn'" in report or "column 'bsn'" in report
        assert "disclosure audit passed" in report
        assert dock.analysis.progress.value() == 100
        assert dock.indicators() == ["armoede", "jeugd", "wmo", "stapeling_2plus", "stapeling_3plus"]
        assert (tmp_path / "dock_armoede.qml").is_file()  # the style is saved next to the GeoPackage
        assert any("Aggregation finished: 3484 rows counted" in m for m in messages)
        names = [lyr.name() for lyr in QgsProject.instance().mapLayers().values()]
        assert "dock" in names
    finally:
        dock.cleanup()
    with open(demo_input[0], encoding="utf-8-sig", newline="") as fh:
        keys = {v for r in csv.DictReader(fh, delimiter=";") for v in (r["bsn"], r["naam"], r["clientnummer"]) if v}
    text = "\n".join(messages) + report
    assert not [k for k in keys if k in text]


def test_dock_cancel_leaves_no_output(qgis_iface, qgis_new_project, demo_input, tmp_path):
    out = tmp_path / "cancelled.gpkg"
    for kept in qgis_iface.messageBar().messages.values():  # the mock bar keeps earlier tests' messages
        kept.clear()
    dock = dock_ready_to_run(qgis_iface, *demo_input, out, "b")
    try:
        dock.start_run()
        dock.cancel_run()
        wait_until(lambda: dock.task is None, 60)
        assert dock.task is None
        assert not out.exists()
        assert dock.analysis.run_button.isEnabled()
        assert "Steunstructuur:Cancelled" in qgis_iface.messageBar().get_messages(Qgis.Info)
        assert not qgis_iface.messageBar().get_messages(Qgis.Critical)
    finally:
        dock.cleanup()


def test_dock_adds_the_bundled_buurten(qgis_iface, qgis_new_project):
    from steunstructuur_plugin.gui.dock import SteunstructuurDock

    dock = SteunstructuurDock(qgis_iface)
    try:
        layer = dock.add_bundled_buurten()
        assert dock.analysis.area_combo.currentLayer() is layer
        assert layer.featureCount() == 13 and layer.crs().authid() == "EPSG:28992"
    finally:
        dock.cleanup()
