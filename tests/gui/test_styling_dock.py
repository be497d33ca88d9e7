"""Styling and the dock panel on the Losser demo output."""

import os

import pytest
from qgis.core import Qgis, QgsGraduatedSymbolRenderer, QgsLinePatternFillSymbolLayer, QgsProject
from qgis.PyQt.QtCore import Qt

from steunstructuur_plugin.styling.choropleth import format_nl, published_values, style_indicator
from steunstructuur_plugin.styling.classify import breaks, class_of
from steunstructuur_plugin.styling.layers import load_output


@pytest.fixture()
def dock(qgis_iface, demo_layer):
    """The dock on a project with the demo layer; disconnected afterwards."""
    from steunstructuur_plugin.export import maps
    from steunstructuur_plugin.gui.dock import SteunstructuurDock

    maps._AUDITED.clear()  # every test starts with files not yet audited in this session
    panel = SteunstructuurDock(qgis_iface)
    yield panel
    panel.cleanup()


def _wait_for_audit(dock, seconds=60):
    """Let QGIS run the dock's background audit (and the export that follows it)."""
    from docks import wait_until

    wait_until(lambda: dock.audit_task is None, seconds, 0.01)
    assert dock.audit_task is None, "the audit task did not finish"


@pytest.fixture()
def demo_layer(demo_run, demo_cfg, qgis_new_project):
    _, gpkg = demo_run
    QgsProject.instance().clear()  # pytest-qgis' new project keeps the previous test's project entries
    return load_output(gpkg, list(demo_cfg.indicators), 5, QgsProject.instance(), name="demo")


def test_classify_hand_computed():
    vals = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
    assert breaks(vals, 2, "equal") == [1, 5.5, 10]
    assert breaks(vals, 5, "quantile") == pytest.approx([1, 2.8, 4.6, 6.4, 8.2, 10])
    assert breaks([1, 1, 2, 9, 10, 11], 2, "jenks") == [1, 2, 11]
    assert breaks([3, 47], 4, "pretty") == [0, 10, 20, 30, 40, 50]
    assert class_of(2, [1, 2, 11]) == 1 and class_of(2.5, [1, 2, 11]) == 2
    assert format_nl(1234.5) == "1.234,5"


def test_choropleth_has_hatched_suppressed_class(demo_layer):
    r = demo_layer.renderer()
    assert isinstance(r, QgsGraduatedSymbolRenderer)
    assert r.classAttribute() == 'coalesce("armoede_per1000", -1)'
    ranges = r.ranges()
    assert len(ranges) == 6
    assert (ranges[0].lowerValue(), ranges[0].upperValue()) == (-1, -1)
    assert ranges[0].label() == "not shown (privacy)"
    assert any(isinstance(sl, QgsLinePatternFillSymbolLayer) for sl in ranges[0].symbol().symbolLayers())
    # the breaks are the quantiles of the 11 published armoede rates of the demo
    published = sorted(published_values(demo_layer, "armoede_per1000"))
    assert len(published) == 11
    assert [rg.upperValue() for rg in ranges[1:]] == pytest.approx(breaks(published, 5, "quantile")[1:])
    # 2 buurten (Glane-beekhoek, Verspreide huizen Glane) fall in the suppressed class
    hidden = [f["name"] for f in demo_layer.getFeatures() if f["armoede_status"] == "suppressed"]
    assert sorted(hidden) == ["Glane-beekhoek", "Verspreide huizen Glane"]


def test_style_indicator_switches_field(demo_layer):
    style_indicator(demo_layer, "jeugd", measure="n", n_classes=3, method="equal")
    r = demo_layer.renderer()
    assert r.classAttribute() == 'coalesce("jeugd_n", -1)'
    assert len(r.ranges()) == 4


def test_indicator_filter_hides_what_does_not_match(dock, demo_layer):
    """With 50 indicators the list is long: the filter box keeps the maps whose name holds
    the text; clearing it shows all again."""
    from qgis.PyQt.QtTest import QTest

    dock.indicator_filter.clear()
    QTest.keyClicks(dock.indicator_filter, "STAP")
    shown = [dock.indicator_list.item(i).data(Qt.UserRole) for i in range(dock.indicator_list.count())
             if not dock.indicator_list.item(i).isHidden()]
    assert shown == ["stapeling_2plus", "stapeling_3plus"]
    dock.indicator_filter.clear()
    assert not any(dock.indicator_list.item(i).isHidden() for i in range(dock.indicator_list.count()))


def test_dock_lists_indicators_and_switches_renderer(dock, demo_layer):
    assert dock.indicators() == ["armoede", "jeugd", "wmo", "stapeling_2plus", "stapeling_3plus"]
    texts = [dock.indicator_list.item(i).text() for i in range(5)]
    assert texts[0] == "armoede (11 of 13 buurten published)"
    assert texts[1] == "jeugd (11 of 13 buurten published)"
    assert texts[3] == "stacking: 2 or more indicators (11 of 13 buurten published)"
    dock.select_indicator("wmo")
    assert demo_layer.renderer().classAttribute() == 'coalesce("wmo_per1000", -1)'
    assert demo_layer.customProperty("steunstructuur/current") == "wmo"
    dock.select_indicator("jeugd")
    assert demo_layer.renderer().classAttribute() == 'coalesce("jeugd_per1000", -1)'


def test_dock_in_dutch(qgis_iface, demo_layer):

    from steunstructuur_plugin.gui.dock import SteunstructuurDock
    from steunstructuur_plugin.i18n import install_translator, remove_translators

    assert install_translator("nl")
    try:
        dock = SteunstructuurDock(qgis_iface)
        assert dock.analysis.run_button.text() == "Uitvoeren"
        assert dock.analysis.title() == "Analyse"
        assert [dock.tabs.tabText(i) for i in range(dock.tabs.count())] == ["Analyse", "Kaarten", "Exporteren",
                                                                          "Verslag", "Publicaties"]
        assert dock.indicator_list.item(0).text() == "armoede (11 van 13 buurten gepubliceerd)"
        dock.cleanup()
    finally:
        remove_translators()


def test_dock_exports_pdf(dock, demo_layer, tmp_path):
    import subprocess

    dock.select_indicator("wmo")
    # not yet audited in this session: the audit runs first, in a task; the export follows it
    assert dock.export_map(str(tmp_path / "wmo.pdf")) is None and dock.audit_task is not None
    _wait_for_audit(dock)
    out = dock.last_export
    assert out and (tmp_path / "wmo.pdf").stat().st_size > 0
    assert dock.export_map(str(tmp_path / "again.pdf")) == str(tmp_path / "again.pdf")  # audited: at once
    text = subprocess.run(["pdftotext", out, "-"], capture_output=True, text=True).stdout
    assert "Steunstructuur Losser: wmo" in text and "wmo, persons per 1,000 inhabitants, per buurt" in text
    assert QgsProject.instance().layoutManager().layoutByName("Steunstructuur Losser: wmo") is not None
    # #18 item 10: the bivariate map is exported when it is what the user looks at, not
    # whenever its layer is the active one while the list highlights another map
    bi_layer, _ = dock.show_bivariate()
    dock.iface.setActiveLayer(bi_layer)
    pdf = dock.export_map(str(tmp_path / "bi.pdf"))
    assert "armoede × jeugd" in subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True).stdout
    dock.select_indicator("jeugd")  # the bivariate layer is still the active one
    pdf = dock.export_map(str(tmp_path / "jeugd.pdf"))
    text = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True).stdout
    assert "Steunstructuur Losser: jeugd" in text and "×" not in text


def test_plugin_follows_qgis_locale(qgis_iface, demo_layer):
    from qgis.core import QgsSettings

    from steunstructuur_plugin.i18n import remove_translators
    from steunstructuur_plugin.plugin import SteunstructuurPlugin

    settings = QgsSettings()
    old = settings.value("locale/userLocale", "")
    settings.setValue("locale/userLocale", "nl_NL")
    try:
        plugin = SteunstructuurPlugin(qgis_iface)
        assert plugin.missing == []
        plugin.initProcessing()
        from steunstructuur_plugin.gui.dock import SteunstructuurDock

        dock = SteunstructuurDock(qgis_iface)
        assert dock.exports.export_button.text() == "Kaart exporteren…"
        dock.cleanup()
        plugin.unload()
    finally:
        settings.setValue("locale/userLocale", old)
        remove_translators()


def test_dock_audits_the_layer(dock, demo_layer, demo_run):
    result, _ = demo_run
    assert dock.audit_layer() is not None  # a background task: QGIS stays responsive
    assert not dock.report_panel.audit_button.isEnabled()
    _wait_for_audit(dock)
    audit = dock.last_audit
    assert audit is not None and audit.ok and dock.report_panel.audit_button.isEnabled()
    assert audit.cells_checked == result.audit.cells_checked
    text = dock.report_panel.report.toPlainText()
    assert f"disclosure audit passed: {result.audit.cells_checked} suppressed cells checked" in text


def test_dock_style_options_restyle_the_map(dock, demo_layer):
    dock.select_indicator("armoede")
    dock.style.method_combo.setCurrentIndex(dock.style.method_combo.findData("equal"))
    dock.style.classes_spin.setValue(3)
    r = demo_layer.renderer()
    assert [rg.upperValue() for rg in r.ranges()[1:]] == pytest.approx([51.733333, 60.866667, 70.0])
    dock.style.measure_combo.setCurrentIndex(dock.style.measure_combo.findData("n"))
    assert demo_layer.renderer().classAttribute() == 'coalesce("armoede_n", -1)'
    dock.select_indicator("stapeling_3plus")  # keyboard or mouse: the same signal
    assert demo_layer.renderer().classAttribute() == 'coalesce("stapeling_3plus_n", -1)'


def test_dock_keyboard_navigation(dock, demo_layer):
    from qgis.PyQt.QtCore import Qt
    from qgis.PyQt.QtTest import QTest

    dock.select_indicator("armoede")
    QTest.keyClick(dock.indicator_list, Qt.Key_Down)
    assert demo_layer.customProperty("steunstructuur/current") == "jeugd"
    QTest.keyClick(dock.indicator_list, Qt.Key_End)
    assert demo_layer.renderer().classAttribute() == 'coalesce("stapeling_3plus_per1000", -1)'


def test_dock_bivariate_section(dock, qgis_iface, demo_layer):
    assert (dock.bivariate.bi_x_combo.currentData(), dock.bivariate.bi_y_combo.currentData()) == ("armoede", "jeugd")
    assert dock.bivariate.bi_palette_combo.currentData() == "blauw-oranje"
    layer, result = dock.show_bivariate()
    assert layer.renderer().classAttribute() == "bi_class"
    assert not dock.bivariate.bi_legend.pixmap().isNull()
    assert os.path.isfile(layer.source().split("|")[0].replace(".gpkg", "_bivariaat_armoede_jeugd.qml"))
    dock.bivariate.bi_y_combo.setCurrentIndex(dock.bivariate.bi_y_combo.findData("armoede"))
    assert dock.show_bivariate() is None  # the same indicator twice: a message, no exception
    assert qgis_iface.messageBar().get_messages(Qgis.Warning)


def test_dock_settings_persist_in_the_project(qgis_iface, demo_layer, tmp_path):
    from steunstructuur_plugin.gui.dock import SteunstructuurDock

    project = QgsProject.instance()
    dock = SteunstructuurDock(qgis_iface)
    try:
        dock.select_indicator("wmo")
        dock.style.method_combo.setCurrentIndex(dock.style.method_combo.findData("jenks"))
        dock.style.classes_spin.setValue(4)
        dock.style.palette_combo.setCurrentIndex(dock.style.palette_combo.findData("viridis"))
        dock.analysis.threshold_spin.setValue(10)
        dock.bivariate.bi_y_combo.setCurrentIndex(dock.bivariate.bi_y_combo.findData("wmo"))
        dock.bivariate.bi_classes_combo.setCurrentIndex(dock.bivariate.bi_classes_combo.findData(4))
        dock.show_bivariate()
        path = str(tmp_path / "analyse.qgz")
        assert project.write(path)
    finally:
        dock.cleanup()
    project.clear()
    fresh = SteunstructuurDock(qgis_iface)  # e.g. QGIS restarted
    try:
        assert fresh.indicators() == []
        assert project.read(path)
        assert fresh.style.method_combo.currentData() == "jenks" and fresh.style.classes_spin.value() == 4
        assert fresh.style.palette_combo.currentData() == "viridis" and fresh.analysis.threshold_spin.value() == 10
        bi_panel = fresh.bivariate
        assert (bi_panel.bi_x_combo.currentData(), bi_panel.bi_y_combo.currentData()) == ("armoede", "wmo")
        assert fresh.bivariate.bi_classes_combo.currentData() == 4
        assert fresh.indicators()[2] == "wmo" and fresh.indicator_list.currentItem().data(Qt.UserRole) == "wmo"
        layers = {lyr.name(): lyr for lyr in project.mapLayers().values()}
        bi = layers["Steunstructuur bivariate: armoede × wmo"]
        assert len(bi.renderer().categories()) == 17 and bi.legendPlaceholderImage()
        assert {f["bi_class"] for f in bi.getFeatures()} >= {"1-1", "suppressed"}
        assert not project.isDirty()  # restoring the dock does not change the project
    finally:
        fresh.cleanup()


def test_dock_exports_all_maps_atlas_and_data(dock, qgis_iface, demo_layer, tmp_path):
    import subprocess

    dock.exports.page_combo.setCurrentIndex(dock.exports.page_combo.findData("A3"))
    dock.exports.orientation_combo.setCurrentIndex(dock.exports.orientation_combo.findData("portrait"))
    assert dock.export_all(str(tmp_path / "alle.pdf")) is None
    _wait_for_audit(dock)
    files = dock.last_export
    info = subprocess.run(["pdfinfo", files[-1]], capture_output=True, text=True).stdout
    assert "Pages:           6" in info and "842 x 1191 pts (A3)" in info
    assert dock.analysis.progress.value() == 100
    atlas = dock.export_atlas(str(tmp_path / "atlas.pdf"))
    assert "Pages:           5" in subprocess.run(["pdfinfo", atlas], capture_output=True, text=True).stdout
    data = dock.export_data(str(tmp_path / "partner.xlsx"))
    assert data == [str(tmp_path / "partner.xlsx")]
    assert dock.export_data(str(tmp_path / "partner.txt")) is None  # a message, not an exception
    assert any(".gpkg, .csv or .xlsx" in m for m in qgis_iface.messageBar().get_messages(Qgis.Critical))


def test_dock_disclosure_rule_sets_the_preset_and_the_threshold_wins(dock, demo_cfg):
    """Choosing CBS's rule for jeugdzorg and Wmo sets the minimum count to 8; a run then
    hides zeros and rounds to 5; the dock's threshold, changed after, still wins."""
    import copy

    from steunstructuur_plugin.gui.panels import apply_dock_options

    panel = dock.analysis
    panel.preset_combo.setCurrentIndex(panel.preset_combo.findData("cbs_jeugd_wmo"))
    assert panel.threshold_spin.value() == 8
    cfg = apply_dock_options(copy.deepcopy(demo_cfg), panel.options()).validate()
    assert (cfg.disclosure.min_count, cfg.disclosure.publish_zero, cfg.disclosure.rounding_base) == (8, False, 5)
    panel.threshold_spin.setValue(10)
    cfg = apply_dock_options(copy.deepcopy(demo_cfg), panel.options())
    assert (cfg.disclosure.min_count, cfg.disclosure.preset) == (10, "cbs_jeugd_wmo")
    panel.preset_combo.setCurrentIndex(panel.preset_combo.findData(""))
    cfg = apply_dock_options(copy.deepcopy(demo_cfg), panel.options())
    assert (cfg.disclosure.publish_zero, cfg.disclosure.rounding_base, cfg.disclosure.preset) == (True, 0, "")
    panel.threshold_spin.setValue(5)


def test_legends_saved_in_english_are_dutch_when_the_project_opens_in_dutch(qgis_iface, demo_layer, tmp_path):
    """#18 item 12: legends styled before a locale switch stayed English."""
    from steunstructuur_plugin.gui.dock import SteunstructuurDock
    from steunstructuur_plugin.i18n import install_translator, remove_translators
    from steunstructuur_plugin.styling.layers import show_bivariate

    project = QgsProject.instance()
    show_bivariate(demo_layer, "armoede", "jeugd")
    assert demo_layer.renderer().ranges()[0].label() == "not shown (privacy)"
    assert demo_layer.name() == "demo – armoede per 1,000 inhabitants"
    path = str(tmp_path / "engels.qgz")
    assert project.write(path)
    project.clear()
    assert install_translator("nl")
    dock = SteunstructuurDock(qgis_iface)
    try:
        assert project.read(path)
        layer = next(lyr for lyr in project.mapLayers().values() if lyr.name().startswith("demo – "))
        assert layer.name() == "demo – armoede per 1.000 inwoners"
        assert layer.renderer().ranges()[0].label() == "niet getoond (privacy)"
        bi = next(lyr for lyr in project.mapLayers().values() if lyr.renderer().type() == "categorizedSymbol")
        labels = {str(c.value()): c.label() for c in bi.renderer().categories()}
        assert labels["suppressed"] == "niet getoond (privacy, of geen cijfer)"
        assert labels["3-3"] == "armoede hoog, jeugd hoog"
        assert not project.isDirty()  # opening a project does not mark it as changed
    finally:
        dock.cleanup()
        remove_translators()
