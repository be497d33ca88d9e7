"""Provisions in the dock (#20 item 1): a point layer of the project and its type field,
a run that counts them per area and puts them over the maps, the choice kept in the
project; a CSV with x/y loaded as a delimited text layer works the same; a temporary
layer is refused with what to do."""

import sqlite3

from docks import dock_ready_to_run, wait_until
from qgis.core import QgsProject, QgsVectorLayer

from steunstructuur_plugin.styling.provisions import PROP_PROVISIONS

# four provisions in and around Losser (RD New): two in Losser-kern, one in Glane, one
# across the border in Germany (counted near the border buurten, inside none)
POINTS = [("huisarts", 263300, 480200), ("wijkteam", 263500, 480300), ("huisarts", 266000, 483000),
          ("voedselbank", 270500, 479000)]


def _csv(tmp_path):
    path = tmp_path / "voorzieningen.csv"
    path.write_text("soort;x;y\n" + "".join(f"{t};{x};{y}\n" for t, x, y in POINTS), encoding="utf-8")
    uri = f"file://{path}?delimiter=;&xField=x&yField=y&crs=EPSG:28992"
    return QgsVectorLayer(uri, "voorzieningen (csv)", "delimitedtext")


def test_a_provisions_layer_of_the_project_is_counted_and_drawn(qgis_iface, qgis_new_project, demo_input, tmp_path):
    points = _csv(tmp_path)
    assert points.isValid() and points.featureCount() == 4
    QgsProject.instance().addMapLayer(points)
    out = tmp_path / "losser.gpkg"
    dock = dock_ready_to_run(qgis_iface, *demo_input, out, "CBS buurten Losser")
    try:
        assert dock.analysis.provisions_combo.currentLayer() is None  # empty until chosen
        dock.analysis.provisions_combo.setLayer(points)
        dock.analysis.provisions_type.setField("soort")
        dock.start_run()
        wait_until(lambda: dock.task is None, 60)
        assert dock.task is None
        con = sqlite3.connect(str(out))
        got = con.execute("select type, count(*) from voorzieningen group by type order by type").fetchall()
        gm = con.execute("select vz_huisarts_in, vz_huisarts_5000m, vz_voedselbank_in, vz_voedselbank_5000m, "
                         "vz_wijkteam_in from gemeente").fetchone()
        con.close()
        assert got == [("huisarts", 2), ("voedselbank", 1), ("wijkteam", 1)]
        assert gm == (2, 2, 0, 1, 1)  # the voedselbank across the border is within 5 km of Losser
        top = QgsProject.instance().layerTreeRoot().findLayers()[0].layer()
        assert top.customProperty(PROP_PROVISIONS, False) and top.featureCount() == 4
        # the project remembers the choice
        dock.save_settings()
        dock.analysis.provisions_combo.setLayer(None)
        dock.restore_settings()
        assert dock.analysis.provisions_combo.currentLayer() is points
        assert dock.analysis.provisions_type.currentField() == "soort"
        # a temporary layer cannot be reopened by the run: said, nothing run
        memory = QgsVectorLayer("Point?crs=EPSG:28992&field=soort:string", "tijdelijk", "memory")
        QgsProject.instance().addMapLayer(memory)
        dock.analysis.provisions_combo.setLayer(memory)
        messages = []
        dock.message = lambda text, level=None: messages.append(text)
        dock.start_run()
        assert dock.task is None and "tijdelijk: not a file; save it as a file" in messages[-1]
    finally:
        dock.cleanup()
