"""Provisions on the maps (#20 item 4, first part): a run on the real Uden buurten with
provisions at known places; their layer over the indicator maps with one symbol per type,
and in every export: the map PDF/SVG (legend), the batch, the atlas and the partner data."""

import os
import subprocess

import numpy as np
import pandas as pd
import pytest
from conftest import SECRET
from qgis.core import QgsCategorizedSymbolRenderer, QgsProject

from steunstructuur_plugin.core.config import AnalysisConfig
from steunstructuur_plugin.core.publish.geopackage import read_provisions_table
from steunstructuur_plugin.export.data import export_data
from steunstructuur_plugin.export.maps import export_atlas, export_batch, export_map
from steunstructuur_plugin.styling.layers import load_output
from steunstructuur_plugin.styling.provisions import KNOWN_TYPES, PROP_PROVISIONS, load_provisions


@pytest.fixture(scope="module")
def uden_with_provisions(tmp_path_factory, uden_areas, demo_cfg):
    """Synthetic registrations on the Uden buurten, and a wijkteam at each wijk's first
    buurt, a huisarts at every buurt and two voedselbanken (one outside the gemeente)."""
    from steunstructuur_plugin.core.pipeline import run
    from steunstructuur_plugin.demo.synthetic import generate, write_csv

    out = tmp_path_factory.mktemp("uden_vz")
    csv_path = write_csv(generate(uden_areas, seed=166, woonplaats="Uden"), str(out / "registraties.csv"))
    rows = ["soort;naam;x;y"]
    af = uden_areas.frame
    for i, g in enumerate(uden_areas.geometries):
        p = g.representative_point()
        rows.append(f"huisarts;Praktijk {i};{p.x:.3f};{p.y:.3f}")
        if i in af.groupby("wijkcode").head(1).index:
            rows.append(f"wijkteam;Team {af['wijkcode'][i]};{p.x + 5:.3f};{p.y + 5:.3f}")
    c = uden_areas.geometries[0].centroid
    rows += [f"voedselbank;Voedselbank Uden;{c.x:.3f};{c.y:.3f}", "voedselbank;Voedselbank Veghel;165500;405500"]
    vz = out / "voorzieningen.csv"
    vz.write_text("\n".join(rows) + "\n", encoding="utf-8")
    cfg = AnalysisConfig.from_dict({**demo_cfg.to_dict(), "title": "Steunstructuur Uden", "gemeente": "Uden",
                                    "provisions": {"sources": [{"path": str(vz), "type": "soort", "name": "naam",
                                                                "location": "xy", "x": "x", "y": "y"}]}})
    gpkg = str(out / "uden.gpkg")
    run(csv_path, uden_areas, cfg, gpkg, secret=SECRET)
    return gpkg, cfg


def _text(pdf, *args):
    return subprocess.run(["pdftotext", *args, pdf, "-"], capture_output=True, text=True, check=True).stdout


def test_provisions_lie_over_the_maps_with_a_symbol_per_type(uden_with_provisions, qgis_new_project):
    gpkg, cfg = uden_with_provisions
    project = QgsProject.instance()
    load_output(gpkg, cfg.map_indicators(), cfg.disclosure.min_count, project, name="Uden")
    points = load_provisions(gpkg, project)
    tree = [node.layer() for node in project.layerTreeRoot().findLayers()]
    assert tree[0] is points and tree[1].name() == "Uden – armoede per 1,000 inhabitants"  # over the map
    assert points.featureCount() == 26 + 3 + 2
    renderer = points.renderer()
    assert isinstance(renderer, QgsCategorizedSymbolRenderer) and renderer.classAttribute() == "type"
    categories = renderer.categories()  # the symbols live as long as their categories
    cats = {c.value(): c.symbol() for c in categories}
    assert sorted(cats) == ["huisarts", "voedselbank", "wijkteam"]
    for kind, symbol in cats.items():
        shape, colour = KNOWN_TYPES[kind]
        assert symbol.color().name() == colour
        assert symbol.symbolLayer(0).properties()["name"] == shape
    table = read_provisions_table(gpkg)
    assert table.groupby("type").size().to_dict() == {"huisarts": 26, "voedselbank": 2, "wijkteam": 3}


def test_every_map_export_draws_the_provisions_and_lists_them_in_the_legend(uden_with_provisions, tmp_path,
                                                                           qgis_new_project):
    gpkg, cfg = uden_with_provisions
    project = QgsProject.instance()
    layer = load_output(gpkg, cfg.map_indicators(), cfg.disclosure.min_count, project, name="Uden")
    pdf = export_map(layer, str(tmp_path / "kaart.pdf"))
    text = _text(pdf)
    for kind in ("huisarts", "voedselbank", "wijkteam"):
        assert kind in text
    # the layout kept in the project draws the file's provisions over the map
    layout = project.layoutManager().layoutByName("Steunstructuur Uden: armoede")
    map_item = layout.itemById("map")
    names = [lyr.customProperty(PROP_PROVISIONS, False) for lyr in map_item.layers()]
    assert names == [True, False] and map_item.layers()[1] is layer
    batch = export_batch(layer, str(tmp_path / "alle.pdf"), maps=["armoede", "wmo"], pairs=[])[0]
    for page in ("1", "2"):
        assert "wijkteam" in _text(batch, "-f", page, "-l", page)
    atlas = export_atlas(layer, str(tmp_path / "atlas.pdf"))
    assert all("voedselbank" in _text(atlas, "-f", str(p), "-l", str(p)) for p in (1, 2, 3))
    # the points are drawn: the map with them differs from the same map without them, at a wijkteam
    from qgis.PyQt.QtGui import QImage

    from steunstructuur_plugin.export.layout import build_layout, export_layout

    with_points = QImage(export_map(layer, str(tmp_path / "met.png"), dpi=100))
    bare, _map = build_layout(layer, "Uden", "", "", add_to_project=False)  # the same map, no overlay
    without = QImage(export_layout(bare, str(tmp_path / "zonder.png"), dpi=100))
    purple = np.array([int(x, 16) for x in ("6a", "1b", "9a")])  # the wijkteam's star

    def stars(img):
        ptr = img.convertToFormat(QImage.Format_RGB888)
        arr = np.frombuffer(ptr.constBits().asstring(ptr.sizeInBytes()), np.uint8).reshape(
            ptr.height(), ptr.bytesPerLine())[:, :ptr.width() * 3].reshape(ptr.height(), ptr.width(), 3)
        # the map only (A4 landscape at 100 dpi: the map item spans 10..207 mm across), not the legend
        return int((np.abs(arr[:, :800].astype(int) - purple).sum(axis=2) < 30).sum())

    assert stars(without) == 0 and stars(with_points) > 20  # the three wijkteam stars on the map


def test_partner_data_holds_the_provisions(uden_with_provisions, tmp_path):
    gpkg, _cfg = uden_with_provisions
    csvs = export_data(gpkg, str(tmp_path / "partner.csv"))
    assert [os.path.basename(p) for p in csvs] == ["partner_buurt.csv", "partner_wijk.csv", "partner_gemeente.csv",
                                                   "partner_voorzieningen.csv", "partner_metadata.csv"]
    points = pd.read_csv(csvs[3], sep=";", decimal=",", encoding="utf-8-sig")
    assert list(points.columns) == ["type", "name", "x", "y"] and len(points) == 31
    buurt = pd.read_csv(csvs[0], sep=";", decimal=",", encoding="utf-8-sig")
    assert buurt["vz_huisarts_in"].tolist() == [1] * 26
    [copy] = export_data(gpkg, str(tmp_path / "partner.gpkg"))
    import sqlite3

    con = sqlite3.connect(copy)
    styles = con.execute("select styleName from layer_styles where f_table_name = 'voorzieningen'").fetchall()
    n = con.execute("select count(*) from voorzieningen").fetchone()[0]
    con.close()
    assert styles == [("voorzieningen",)] and n == 31
