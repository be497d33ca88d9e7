"""The dock runs the pipeline as a QgsTask; the QGIS log never sees person data."""

import csv

from docks import dock_ready_to_run, wait_until
from qgis.core import Qgis, QgsApplication, QgsProject, QgsVectorLayer


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
        assert "dock – armoede per 1,000 inhabitants" in names  # #18 item 10: what the map shows
        dock.select_indicator("jeugd")
        names = [lyr.name() for lyr in QgsProject.instance().mapLayers().values()]
        assert "dock – jeugd per 1,000 inhabitants" in names
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
        assert dock.analysis.progress.value() == 0  # #18 item 11: it stayed at 9 %
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


def test_a_rerun_to_the_same_output_asks_and_replaces_its_layer(qgis_iface, qgis_new_project, demo_input, tmp_path,
                                                               monkeypatch):
    """#18 items 4 and 11: a re-run replaced the GeoPackage silently and added a second
    layer of the same name (showing the new figures under the old class labels); the bar
    started at the last run's 100 %."""
    from qgis.PyQt.QtWidgets import QMessageBox

    out = tmp_path / "steun.gpkg"
    asked, answer = [], [QMessageBox.No]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or answer[0])
    dock = dock_ready_to_run(qgis_iface, *demo_input, out, "CBS buurten Losser")
    root = QgsProject.instance().layerTreeRoot()
    try:
        dock.start_run()
        wait_until(lambda: dock.task is None, 60)
        assert not asked and dock.analysis.progress.value() == 100
        first = [n.layer() for n in root.findLayers() if n.layer().name().startswith("steun –")]
        assert len(first) == 1
        first_id = first[0].id()
        canvas = qgis_iface.mapCanvas()  # #18 item 13: the canvas zooms to a new output
        ext, box = canvas.extent(), first[0].extent()  # the canvas's shape widens one side
        assert ext.contains(box) and (ext.width() < 1.2 * box.width() or ext.height() < 1.2 * box.height())
        from qgis.core import QgsRectangle

        mine = QgsRectangle(260000, 470000, 262000, 472000)
        canvas.setExtent(mine)  # the user zooms in
        QgsProject.instance().addMapLayer(QgsVectorLayer("Point?crs=EPSG:28992", "punten", "memory"))  # on top
        place = root.children().index(root.findLayer(first_id))
        assert place == 1
        before = out.stat().st_mtime_ns
        dock.start_run()  # answered No: nothing runs, nothing is replaced
        assert asked == [f"{out} exists (an earlier run?). Replace it with the figures of this run? Its layer in "
                         "the project is replaced too."]
        assert dock.task is None and out.stat().st_mtime_ns == before
        answer[0] = QMessageBox.Yes
        dock.start_run()
        assert dock.analysis.progress.value() == 0
        wait_until(lambda: dock.task is None, 60)
        layers = [n.layer() for n in root.findLayers() if n.layer().name().startswith("steun –")]
        assert len(layers) == 1 and layers[0].id() != first_id and QgsProject.instance().mapLayer(first_id) is None
        assert root.children().index(root.findLayer(layers[0].id())) == place  # where the one it replaced was
        ext = canvas.extent()  # a re-run keeps the user's view
        assert ext.contains(mine) and (ext.width() < 1.2 * mine.width() or ext.height() < 1.2 * mine.height())
        assert out.stat().st_mtime_ns != before
    finally:
        dock.cleanup()


def test_save_dialogs_add_the_extension_and_open_in_the_output_folder(qgis_iface, qgis_new_project, demo_input,
                                                                      tmp_path, monkeypatch):
    """#18 item 7: a configuration saved as 'uden_analyse' was hidden by the dock's own
    filter and refused by Processing; the dialogs opened in the working directory."""
    from qgis.PyQt.QtWidgets import QFileDialog

    seen = []

    def dialog(parent, title, start, filters):
        seen.append((title, start))
        return replies.pop(0)

    monkeypatch.setattr(QFileDialog, "getSaveFileName", dialog)
    dock = dock_ready_to_run(qgis_iface, *demo_input, tmp_path / "uit" / "steun.gpkg", "b")
    try:
        replies = [(str(tmp_path / "uden_analyse"), "JSON (*.json)"), (str(tmp_path / "kaart"), "PNG (*.png)"),
                   (str(tmp_path / "kaart.PDF"), "PNG (*.png)"), ("", "")]
        assert dock.save_path("Save configuration", "JSON (*.json)") == str(tmp_path / "uden_analyse.json")
        assert dock.save_path("Export map", "PDF (*.pdf);;PNG (*.png);;SVG (*.svg)") == str(tmp_path / "kaart.png")
        assert dock.save_path("Export map", "PDF (*.pdf);;PNG (*.png);;SVG (*.svg)") == str(tmp_path / "kaart.PDF")
        assert dock.save_path("Export map", "PDF (*.pdf)") == ""
        assert [start for _t, start in seen] == [str(tmp_path / "uit")] * 4
    finally:
        dock.cleanup()


def test_a_new_message_replaces_the_plugins_earlier_one_in_the_message_bar(qgis_iface):
    """#18 item 11: QGIS's message bar keeps a stack, so old messages came back minutes later."""
    from qgis.gui import QgsMessageBar

    from steunstructuur_plugin.toolbelt.log import log

    bar = QgsMessageBar()

    class Iface:
        def messageBar(self):
            return bar

    bar.pushMessage("Other plugin", "stays", level=Qgis.Info, duration=0)
    log("first", Qgis.Info, Iface(), duration=0)
    log("second", Qgis.Warning, Iface(), duration=0)
    assert sorted((i.title(), i.text()) for i in bar.items()) == [("Other plugin", "stays"),
                                                                   ("Steunstructuur", "second")]
