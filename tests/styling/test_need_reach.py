"""The need × reach map (#20 item 4): an indicator's rate against the share of its persons
farther than a distance from the nearest provision of a type, from published counts only,
on a run with reach on the real Uden buurten."""

import pytest
from conftest import SECRET
from qgis.core import QgsProject

from steunstructuur_plugin.core.config import AnalysisConfig
from steunstructuur_plugin.styling.bi_classes import SUPPRESSED_CLASS, bi_classes
from steunstructuur_plugin.styling.bivariate import BI_FIELD, reach_axes, reach_axis
from steunstructuur_plugin.styling.layers import load_output, show_bivariate


@pytest.fixture(scope="module")
def reach_gpkg(tmp_path_factory, uden_areas, demo_cfg):
    from steunstructuur_plugin.core.pipeline import run
    from steunstructuur_plugin.demo.synthetic import generate, write_csv

    out = tmp_path_factory.mktemp("need_reach")
    csv_path = write_csv(generate(uden_areas, seed=166, woonplaats="Uden"), str(out / "registraties.csv"))
    teams = [uden_areas.geometries[i].representative_point() for i in (0, 9, 20)]
    (out / "vz.csv").write_text("soort;x;y\n" + "".join(f"wijkteam;{p.x:.1f};{p.y:.1f}\n" for p in teams),
                                encoding="utf-8")
    data = demo_cfg.to_dict()
    data["source"] = {**data["source"], "location": "xy"}
    data["provisions"] = {"sources": [{"path": str(out / "vz.csv"), "type": "soort", "location": "xy", "x": "x",
                                       "y": "y"}],
                          "reach": {"indicators": ["armoede"], "types": ["wijkteam"], "distances": [1000]}}
    cfg = AnalysisConfig.from_dict(data)
    gpkg = str(out / "uden.gpkg")
    result = run(csv_path, uden_areas, cfg, gpkg, secret=SECRET)
    return gpkg, result.config.with_reach()


def test_need_against_the_share_beyond_reach(reach_gpkg, qgis_new_project):
    gpkg, cfg = reach_gpkg
    layer = load_output(gpkg, cfg.map_indicators(), cfg.disclosure.min_count, QgsProject.instance(), name="Uden")
    axis = reach_axis("armoede", "wijkteam", 1000)
    assert reach_axes(layer) == [axis]
    bi, result = show_bivariate(layer, "armoede", axis, n=3)
    # the classes from the published counts, computed here: the share farther than 1 km
    rate, total, near = ([None if f[c] is None or str(f[c]) == "NULL" else float(f[c]) for f in layer.getFeatures()]
                         for c in ("armoede_per1000", "armoede_n", "armoede_x_binnen_1000m_wijkteam_n"))
    share = [100.0 * (t - n) / t if t is not None and n is not None and t > 0 else None for t, n in zip(total, near)]
    want = bi_classes(rate, share, 3, "quantile")
    drawn = [f[BI_FIELD] for f in bi.getFeatures()]
    assert drawn == want.codes
    published = [s is not None and r is not None for s, r in zip(share, rate)]
    assert sum(published) >= 10 and all((c == SUPPRESSED_CLASS) == (not p) for c, p in zip(drawn, published))
    labels = [c.label() for c in bi.renderer().categories()]
    assert "armoede high, armoede farther than 1 km from wijkteam (%) high" in labels
    assert bi.name() == "Steunstructuur bivariate: armoede × armoede farther than 1 km from wijkteam (%)"
    # its legend and style beside the GeoPackage, with names Windows accepts
    import os

    from steunstructuur_plugin.styling.layers import qml_path

    assert bi.legendPlaceholderImage().endswith("uden_bivariaat_armoede_bereik_armoede_wijkteam_1000.png")
    assert os.path.isfile(bi.legendPlaceholderImage()) and ":" not in os.path.basename(qml_path(bi, gpkg))
    # exported as a map like any bivariate map
    from qgis.PyQt.QtGui import QImage

    from steunstructuur_plugin.core.publish.seal import stored_seal
    from steunstructuur_plugin.export.maps import export_map, mark_audited

    mark_audited(stored_seal(gpkg))
    png = export_map(bi, os.path.join(os.path.dirname(gpkg), "behoefte_bereik.png"), dpi=72)
    assert QImage(png).width() == 841  # A4 landscape at 72 dpi
