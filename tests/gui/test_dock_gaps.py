"""Where help is missing, in the dock (#20 item 4): on a run with provisions, the buurten
with a high rate of the selected map and no provision of the chosen type near, and a
click zooming the map to the buurt."""

import sqlite3

from docks import dock_ready_to_run, wait_until
from qgis.core import QgsProject, QgsVectorLayer

from steunstructuur_plugin.core.reach import help_missing


def test_the_list_of_buurten_where_help_is_missing(qgis_iface, qgis_new_project, demo_input, tmp_path):
    csv = tmp_path / "vz.csv"
    # a wijkteam in Losser-kern only
    csv.write_text("soort;x;y\nwijkteam;263500;480300\n", encoding="utf-8")
    points = QgsVectorLayer(f"file://{csv}?delimiter=;&xField=x&yField=y&crs=EPSG:28992", "vz", "delimitedtext")
    QgsProject.instance().addMapLayer(points)
    out = tmp_path / "losser.gpkg"
    dock = dock_ready_to_run(qgis_iface, *demo_input, out, "CBS buurten Losser")
    try:
        assert not dock.gaps.isVisibleTo(dock)  # no provisions yet
        dock.analysis.provisions_combo.setLayer(points)
        dock.analysis.provisions_type.setField("soort")
        dock.start_run()
        wait_until(lambda: dock.task is None, 60)
        assert dock.gaps.isVisibleTo(dock)
        assert [dock.gaps.type_combo.itemData(i) for i in range(dock.gaps.type_combo.count())] == ["wijkteam"]
        assert [dock.gaps.distance_combo.itemData(i) for i in range(dock.gaps.distance_combo.count())] == [
            None, 1000, 3000, 5000]
        dock.select_indicator("armoede")
        dock.gaps.distance_combo.setCurrentIndex(1)  # within 1 km
        found = dock.find_gaps()
        # the same list from the file's published figures
        con = sqlite3.connect(str(out))
        import pandas as pd

        table = pd.read_sql("select code, name, armoede_per1000, vz_wijkteam_1000m from buurt", con)
        con.close()
        want = help_missing(table, "armoede", "wijkteam", 1000)
        assert found["code"].tolist() == want["code"].tolist() and len(want) >= 1
        items = [dock.gaps.list.item(i).text() for i in range(dock.gaps.list.count())]
        assert len(items) == len(want) and items[0].startswith(f"{want['name'][0]} ({want['code'][0]}): ")
        # a click zooms to the buurt and selects it
        layer = dock.target_layer()
        dock.gaps.list.setCurrentRow(0)
        assert [f["code"] for f in layer.selectedFeatures()] == [want["code"][0]]
        box = layer.selectedFeatures()[0].geometry().boundingBox()
        assert qgis_iface.mapCanvas().extent().contains(box)
    finally:
        dock.cleanup()
