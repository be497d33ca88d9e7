"""Styling and the dock panel on the Losser demo output."""

import pytest
from qgis.core import QgsGraduatedSymbolRenderer, QgsLinePatternFillSymbolLayer, QgsProject

from steunstructuur_plugin.core.classify import breaks, class_of
from steunstructuur_plugin.styling.choropleth import format_nl, published_values, style_indicator
from steunstructuur_plugin.styling.layers import load_output


@pytest.fixture()
def demo_layer(demo_run, demo_cfg, qgis_new_project):
    _, gpkg = demo_run
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
    assert ranges[0].label().endswith("5")
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


def test_dock_lists_indicators_and_switches_renderer(qgis_iface, demo_layer):
    from steunstructuur_plugin.gui.dock import SteunstructuurDock

    dock = SteunstructuurDock(qgis_iface)
    try:
        assert dock.indicators() == ["armoede", "jeugd", "wmo"]
        texts = [dock.indicator_list.item(i).text() for i in range(3)]
        assert texts[0] == "armoede (11 of 13 buurten published)"
        assert texts[1] == "jeugd (11 of 13 buurten published)"
        dock.select_indicator("wmo")
        assert demo_layer.renderer().classAttribute() == 'coalesce("wmo_per1000", -1)'
        assert demo_layer.customProperty("steunstructuur/current") == "wmo"
        dock.select_indicator("jeugd")
        assert demo_layer.renderer().classAttribute() == 'coalesce("jeugd_per1000", -1)'
    finally:
        dock.cleanup()
        dock.deleteLater()


def test_dock_in_dutch(qgis_iface, demo_layer):
    from qgis.PyQt.QtWidgets import QGroupBox

    from steunstructuur_plugin.gui.dock import SteunstructuurDock
    from steunstructuur_plugin.i18n import install_translator, remove_translators

    assert install_translator("nl")
    try:
        dock = SteunstructuurDock(qgis_iface)
        assert dock.run_button.text() == "Uitvoeren"
        assert dock.findChild(QGroupBox).title() == "Analyse"
        assert dock.indicator_list.item(0).text() == "armoede (11 van 13 buurten gepubliceerd)"
        dock.cleanup()
    finally:
        remove_translators()


def test_dock_exports_pdf(qgis_iface, demo_layer, tmp_path):
    import subprocess

    from steunstructuur_plugin.gui.dock import SteunstructuurDock

    dock = SteunstructuurDock(qgis_iface)
    try:
        dock.select_indicator("wmo")
        out = dock.export_map(str(tmp_path / "wmo.pdf"))
        assert out and (tmp_path / "wmo.pdf").stat().st_size > 0
        text = subprocess.run(["pdftotext", out, "-"], capture_output=True, text=True).stdout
        assert "Steunstructuur: wmo" in text and "wmo, per 1,000 inhabitants, per buurt" in text
        assert QgsProject.instance().layoutManager().layoutByName("Steunstructuur: wmo") is not None
    finally:
        dock.cleanup()


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
        assert dock.export_button.text() == "Kaart exporteren…"
        dock.cleanup()
        plugin.unload()
    finally:
        settings.setValue("locale/userLocale", old)
        remove_translators()


def test_dock_audits_the_layer(qgis_iface, demo_layer, demo_run):
    from steunstructuur_plugin.gui.dock import SteunstructuurDock

    result, _ = demo_run
    dock = SteunstructuurDock(qgis_iface)
    try:
        audit = dock.audit_layer()
        assert audit is not None and audit.ok
        assert audit.cells_checked == result.audit.cells_checked
        text = dock.report.toPlainText()
        assert f"disclosure audit passed: {result.audit.cells_checked} suppressed cells checked" in text
    finally:
        dock.cleanup()
