"""The demo end to end: files written and read back; no person data in any output."""

import glob
import os
import re
import sqlite3
import subprocess

import pytest
from privacy import _all_text, _person_strings
from qgis.core import QgsProject, QgsVectorLayer

from steunstructuur_plugin.core.publish.geopackage import read_metadata


@pytest.fixture(scope="module")
def demo_out(qgis_ready, tmp_path_factory):
    from steunstructuur_plugin.demo import run_demo
    from steunstructuur_plugin.i18n import remove_translators

    out = tmp_path_factory.mktemp("demo")
    lines = []
    try:
        paths = run_demo(str(out), locale="nl", log=lines.append)
    finally:
        remove_translators()
        QgsProject.instance().clear()
    return paths, lines


def test_demo_writes_every_file(demo_out):
    paths, lines = demo_out
    for key in ("gpkg", "pdf", "png", "qml", "project", "csv", "config"):
        assert os.path.getsize(paths[key]) > 0, key
    assert any("onthullingscontrole geslaagd" in line for line in lines)  # the demo runs in Dutch


def test_geopackage_contract(demo_out):
    gpkg = demo_out[0]["gpkg"]
    counts = {}
    for level, n in (("buurt", 13), ("wijk", 5), ("gemeente", 1)):
        lyr = QgsVectorLayer(f"{gpkg}|layername={level}", level, "ogr")
        assert lyr.isValid() and lyr.featureCount() == n
        names = lyr.fields().names()
        for f in ("code", "name", "armoede_n", "armoede_per1000", "armoede_status", "jeugd_n",
                  "wmo_n", "armoede_x_jeugd_n", "stapeling_2plus_n", "stapeling_3plus_n"):
            assert f in names, (level, f)
        assert lyr.crs().authid() == "EPSG:28992"
        counts[level] = {f["code"]: f["armoede_n"] for f in lyr.getFeatures()}
    # the demo locates by x/y (for reach): the rows with a wrong buurtcode count, those with x 'onbekend' not
    assert counts["gemeente"]["GM0168"] == 1383
    meta = read_metadata(gpkg)
    # the import report's counts are the analyst's (the dock's report), not the file's: the
    # rows counted add up to the gemeente's counts, which pinned a hidden one
    assert not {"rows_read", "rows_counted", "rows_duplicate", "rows_rejected", "rejected_by_reason",
                "rejected_examples"} & set(meta)
    assert meta["min_count"] == 5 and meta["audit"]["ok"] is True
    assert meta["indicators"] == ["armoede", "jeugd", "wmo", "binnen_1000m_wijkteam", "buiten_1000m_wijkteam"]


def test_pdf_has_title_legend_scale_and_source(demo_out):
    pdf = demo_out[0]["pdf"]
    text = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True, check=True).stdout
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Pages:\s+1$", info, re.M)
    assert re.search(r"^Page size:\s+842 x 595 pts \(A4\)$", info, re.M)
    for expected in ("Steunstructuur Losser: armoede", "Legenda", "niet getoond (privacy)", "km",
                     "Bron: gemeente Losser", "CBS, Kadaster/PDOK",
                     "Sommige waarden zijn niet getoond (privacy)"):
        assert expected in text, expected
    assert "minder dan" not in text  # #18 item 3: a partner hidden by secondary suppression is no small buurt


def test_png_is_a_real_map(demo_out):
    from qgis.PyQt.QtGui import QImage

    img = QImage(demo_out[0]["png"])
    assert (img.width(), img.height()) == (1403, 992)  # A4 landscape at 120 dpi
    colours = {img.pixel(x, y) for x in range(0, img.width(), 7) for y in range(0, img.height(), 7)}
    assert len(colours) > 8  # classes, hatch and text, not a blank page





def test_no_person_data_in_any_output(demo_out, qgis_ready):
    from conftest import SECRET  # noqa: F401  (the demo uses the settings secret, not this one)
    from qgis.core import QgsApplication

    paths = demo_out[0]
    secrets = _person_strings(paths["csv"])
    assert len(secrets) > 5000
    outputs = [paths[k] for k in ("gpkg", "pdf", "qml", "project")]
    outputs += glob.glob(os.path.join(os.path.dirname(paths["gpkg"]), "*.json"))
    # the QGIS log and settings of this session
    outputs += [p for p in glob.glob(os.path.join(QgsApplication.qgisSettingsDirPath(), "**", "*"),
                                     recursive=True) if os.path.isfile(p)]
    for path in outputs:
        text = _all_text(path)
        leaked = [s for s in secrets if len(s) >= 6 and s in text]
        assert not leaked, (path, leaked[:3])


def test_no_small_count_published(demo_out):
    con = sqlite3.connect(demo_out[0]["gpkg"])
    for level in ("buurt", "wijk", "gemeente"):
        cols = [r[1] for r in con.execute(f"pragma table_info({level})") if r[1].endswith("_n")]
        for col in cols:
            small = con.execute(f"select count(*) from {level} where {col} between 1 and 4").fetchone()[0]
            assert small == 0, (level, col)
    con.close()
