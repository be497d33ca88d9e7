"""The publication register in the dock (issue #19): the Publications tab lists what was
written, each entry removable; export, import and clear; a run protected together with an
earlier one says so; a run with the register off adds nothing."""

from unittest import mock

from docks import dock_ready_to_run, wait_until
from qgis.PyQt.QtWidgets import QMessageBox


def run_with_threshold(dock, threshold):
    dock.analysis.threshold_spin.setValue(threshold)
    dock.start_run()
    wait_until(lambda: dock.task is None, 60)
    assert dock.task is None, "the run did not finish"


def listed(dock):
    table = dock.publications.table
    return [[table.item(r, c).text() for c in (1, 2, 3)] for r in range(table.rowCount())]


def test_publications_tab(qgis_iface, qgis_new_project, demo_input, tmp_path, own_register):
    from steunstructuur_plugin.core.protect.register import Register

    dock = dock_ready_to_run(qgis_iface, *demo_input, tmp_path / "vijf.gpkg", "CBS buurten Losser")
    try:
        assert dock.analysis.register_check.isChecked() and listed(dock) == []
        run_with_threshold(dock, 5)
        assert listed(dock) == [["Steunstructuur Losser", "vijf.gpkg", "5"]]
        dock.analysis.output_widget.setFilePath(str(tmp_path / "tien.gpkg"))
        run_with_threshold(dock, 10)
        assert listed(dock) == [["Steunstructuur Losser", "vijf.gpkg", "5"],
                                ["Steunstructuur Losser", "tien.gpkg", "10"]]
        report = dock.report_panel.report.toPlainText()
        assert "protected together with 1 earlier output(s) of the same registrations" in report
        assert "(vijf.gpkg, " in report and str(own_register) in dock.publications.path_label.text()
        # export, remove the first, import the export back (only what is missing comes back)
        dock.export_register(str(tmp_path / "export.json"))
        dock.publications.table.selectRow(0)
        dock.remove_from_register()
        assert listed(dock) == [["Steunstructuur Losser", "tien.gpkg", "10"]]
        dock.import_register(str(tmp_path / "export.json"))
        assert sorted(r[1] for r in listed(dock)) == ["tien.gpkg", "vijf.gpkg"]
        with mock.patch.object(QMessageBox, "warning", return_value=QMessageBox.No):
            dock.clear_register()
        assert len(listed(dock)) == 2
        with mock.patch.object(QMessageBox, "warning", return_value=QMessageBox.Yes):
            dock.clear_register()
        assert listed(dock) == [] and Register().entries == []
        # the register off: nothing protected together, nothing added
        dock.analysis.register_check.setChecked(False)
        dock.analysis.output_widget.setFilePath(str(tmp_path / "los.gpkg"))
        run_with_threshold(dock, 5)
        assert listed(dock) == [] and "earlier output" not in dock.report_panel.report.toPlainText()
    finally:
        dock.cleanup()
