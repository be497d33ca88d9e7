"""An own area division from the dock (issue #19): the user picks the wijkteam layer and its
code and name fields; the run counts the areas, loads their layer styled beside the
buurten, and the dock switches its maps like the buurten's.  A division that cuts a buurt
is refused in the message bar, naming the buurt, and writes nothing."""

from docks import dock_ready_to_run, wait_until
from qgis.core import Qgis, QgsProject, QgsVectorLayer


def _run(dock):
    dock.start_run()
    wait_until(lambda: dock.task is None, 60)
    assert dock.task is None, "the run did not finish"


def test_own_areas_from_the_dock(qgis_iface, qgis_new_project, demo_input, demo_cfg, losser_areas, tmp_path,
                                 own_register):
    from divisions import losser_division
    from reference import reference_counts

    from steunstructuur_plugin.styling.choropleth import indicators_of

    own = losser_division(losser_areas, tmp_path / "wijkteams.gpkg")
    teams = QgsVectorLayer(f"{tmp_path / 'wijkteams.gpkg'}|layername=wijkteams", "wijkteams", "ogr")
    QgsProject.instance().addMapLayer(teams)
    dock = dock_ready_to_run(qgis_iface, *demo_input, tmp_path / "teams.gpkg", "CBS buurten Losser")
    try:
        a = dock.analysis
        a.division_combo.setLayer(teams)
        assert a.division_code.layer() is teams
        a.division_code.setField("code")
        a.division_name.setField("naam")
        _run(dock)
        out = str(tmp_path / "teams.gpkg")
        layers = {lyr.name(): lyr for lyr in QgsProject.instance().mapLayers().values()
                  if lyr.source().startswith(out)}
        area_layer = next(lyr for name, lyr in layers.items() if "own areas" in name)
        assert indicators_of(area_layer) == ["armoede", "jeugd", "wmo"]
        assert area_layer.renderer().type() == "graduatedSymbol"
        frame = losser_areas.frame
        ref = reference_counts(demo_input[0], demo_cfg, set(frame["code"]), own,
                               dict(zip(frame["code"], frame["gemeentecode"])))
        assert {f["code"]: f["jeugd_n"] for f in area_layer.getFeatures()} == {
            code: ref["wijk"][code]["jeugd_n"] for code in ("WT1", "WT2", "WT3")}
        # the dock drives it: another indicator restyles it
        qgis_iface.setActiveLayer(area_layer)
        dock.refresh()
        dock.select_indicator("wmo")
        assert area_layer.renderer().classAttribute() == 'coalesce("wmo_per1000", -1)'
        # the layer and fields are remembered in the project
        from steunstructuur_plugin.gui import project_settings

        assert project_settings.read_entry("division") == teams.id()
        assert project_settings.read_entry("division_code") == "code"
    finally:
        dock.cleanup()


def test_a_division_that_cuts_a_buurt_is_refused_in_the_message_bar(qgis_iface, qgis_new_project, demo_input,
                                                                    losser_areas, tmp_path, own_register):
    from unittest import mock

    from divisions import losser_division

    losser_division(losser_areas, tmp_path / "wijkteams.gpkg")
    teams = QgsVectorLayer(f"{tmp_path / 'wijkteams.gpkg'}|layername=wijkteams", "wijkteams", "ogr")
    # one area drawn over half of a buurt of another
    feats = list(teams.getFeatures())
    first, second = feats[0], feats[1]
    from qgis.core import QgsGeometry, QgsRectangle

    bbox = second.geometry().boundingBox()
    half = QgsGeometry.fromRect(QgsRectangle(bbox.xMinimum(), bbox.yMinimum(), bbox.center().x(), bbox.yMaximum()))
    grown = first.geometry().combine(second.geometry().intersection(half))
    assert teams.dataProvider().changeGeometryValues({first.id(): grown})
    teams.reload()
    QgsProject.instance().addMapLayer(teams)
    dock = dock_ready_to_run(qgis_iface, *demo_input, tmp_path / "gesneden.gpkg", "CBS buurten Losser")
    try:
        dock.analysis.division_combo.setLayer(teams)
        dock.analysis.division_code.setField("code")
        with mock.patch.object(dock, "message") as said:
            _run(dock)
        text, level = said.call_args[0][0], said.call_args[0][1]
        assert level == Qgis.Critical and "the division cuts buurt BU0168" in text and "wijkteams" in text
        assert not (tmp_path / "gesneden.gpkg").exists()
    finally:
        dock.cleanup()
