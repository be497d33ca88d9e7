"""Choropleth breaks, bivariate classes, stacking maps and the dock's map settings on the
Losser demo output (real CBS buurten, the real QGIS renderers)."""

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from qgis.core import (
    QgsCategorizedSymbolRenderer,
    QgsGraduatedSymbolRenderer,
    QgsLinePatternFillSymbolLayer,
    QgsProject,
)

from steunstructuur_plugin.styling.bi_classes import bi_classes
from steunstructuur_plugin.styling.bivariate import BI_FIELD, legend_image, style_bivariate
from steunstructuur_plugin.styling.choropleth import published_values, style_indicator
from steunstructuur_plugin.styling.classify import breaks, jenks
from steunstructuur_plugin.styling.layers import load_output, save_qml, show_bivariate
from steunstructuur_plugin.styling.palettes import BIVARIATE, COLOUR_BLIND_SAFE, bivariate, cvd_min_distance

#: published armoede rates per 1,000 of the demo's 11 published buurten, sorted by hand
ARMOEDE = [42.6, 50.9, 52.8, 53.6, 55.6, 56.1, 59.1, 61.5, 64.5, 66.3, 70.0]
#: bi_class of every demo buurt for armoede (x) x jeugd (y), tertiles, worked out by hand:
#: armoede edges 53.6 + 1/3 * (55.6 - 53.6) = 54.27 and 59.1 + 2/3 * (61.5 - 59.1) = 60.7;
#: jeugd (0.0, 23.6, 25.0, 26.3, 28.0, 29.2, 29.9, 32.3, 33.3, 36.7, 45.0) edges 26.87 and 31.5
BI_DEMO = {
    "Losser-West": "3-3",  # 61.5, 33.3
    "Bedrijfsterrein Losser": "3-3",  # 64.5, 32.3
    "Losser-Oost": "2-3",  # 59.1, 36.7
    "Verspreide huizen Losser": "2-2",  # 56.1, 29.2
    "Glane kern": "3-3",  # 70.0, 45.0
    "Glane-beekhoek": "suppressed",  # armoede suppressed
    "Verspreide huizen Glane": "suppressed",  # armoede suppressed
    "Overdinkel kern": "2-1",  # 55.6, 23.6
    "Verspreide huizen Overdinkel": "1-1",  # 50.9, 26.3
    "De Lutte kern": "3-2",  # 66.3, 28.0
    "Verspreide huizen De Lutte": "1-2",  # 53.6, 29.9
    "Beuningen kern": "suppressed",  # jeugd suppressed
    "Verspreide huizen Beuningen": "suppressed",  # jeugd suppressed
}


@pytest.fixture()
def demo_layer(demo_run, demo_cfg, qgis_new_project):
    _, gpkg = demo_run
    QgsProject.instance().clear()  # pytest-qgis' new project keeps the previous test's project entries
    return load_output(gpkg, list(demo_cfg.indicators), 5, QgsProject.instance(), name="demo")


def _ssd(values, cuts):
    total, start = 0.0, 0
    for end in list(cuts) + [len(values)]:
        part = np.asarray(values[start:end])
        total += float(((part - part.mean()) ** 2).sum())
        start = end
    return total


def _exhaustive_jenks(values, k):
    """Every way to cut sorted ``values`` into ``k`` runs; the least within-class SSD."""
    best = min(itertools.combinations(range(1, len(values)), k - 1), key=lambda c: _ssd(values, c))
    return [values[0]] + [values[c - 1] for c in best] + [values[-1]]


def test_breaks_on_the_demo_by_hand(demo_layer):
    assert sorted(published_values(demo_layer, "armoede_per1000")) == ARMOEDE
    assert breaks(ARMOEDE, 5, "equal") == pytest.approx([42.6, 48.08, 53.56, 59.04, 64.52, 70.0])
    # quantile, linear interpolation: position 10 * i / 5 in the sorted list
    assert breaks(ARMOEDE, 5, "quantile") == pytest.approx([42.6, 52.8, 55.6, 59.1, 64.5, 70.0])
    # pretty: step 5 from 40 gives 6 classes, the count nearest to 5 (step 10: 3, step 2.5: 11)
    assert breaks(ARMOEDE, 5, "pretty") == [40, 45, 50, 55, 60, 65, 70]
    for k in (3, 4, 5, 6, 7):
        assert jenks(np.array(ARMOEDE), k) == pytest.approx(_exhaustive_jenks(ARMOEDE, k))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(0, 500, allow_nan=False).map(lambda v: round(v, 1)), min_size=4, max_size=13),
       st.integers(2, 5))
def test_jenks_is_the_optimum(values, k):
    v = np.sort(np.array(values))
    k = min(k, len(np.unique(v)))
    if k < 2:
        return
    edges = jenks(v, k)
    cuts = [int(np.searchsorted(v, e, side="right")) for e in edges[1:-1]]
    best = min(itertools.combinations(range(1, len(v)), k - 1), key=lambda c: _ssd(list(v), c))
    assert _ssd(list(v), cuts) == pytest.approx(_ssd(list(v), best), abs=1e-6)


@pytest.mark.parametrize("method,n,uppers", [
    ("equal", 5, [48.08, 53.56, 59.04, 64.52, 70.0]),
    ("pretty", 5, [45, 50, 55, 60, 65, 70]),
    ("quantile", 3, [54.266667, 60.7, 70.0]),
])
def test_choropleth_renderer_breaks_and_labels(demo_layer, method, n, uppers):
    r = style_indicator(demo_layer, "armoede", method=method, n_classes=n, palette="viridis")
    assert isinstance(demo_layer.renderer(), QgsGraduatedSymbolRenderer)
    ranges = r.ranges()
    assert [rg.upperValue() for rg in ranges[1:]] == pytest.approx(uppers)
    assert ranges[0].label() == "not shown (privacy)"  # true of every hidden buurt; no class "without rate" here
    if method == "equal":
        assert [rg.label() for rg in ranges[1:3]] == ["42,6 – 48,1", "48,1 – 53,6"]  # Dutch decimal comma


def test_stacking_map(demo_layer):
    r = style_indicator(demo_layer, "stapeling_2plus")
    assert r.classAttribute() == 'coalesce("stapeling_2plus_per1000", -1)'
    values = {f["name"]: f["stapeling_2plus_per1000"] for f in demo_layer.getFeatures()}
    assert values["Losser-West"] == pytest.approx(313 / 7805 * 1000, abs=0.05)
    hidden = sorted(f["name"] for f in demo_layer.getFeatures() if f["stapeling_2plus_status"] == "suppressed")
    assert hidden == ["Beuningen kern", "Verspreide huizen Beuningen"]


def test_bivariate_classes_for_every_buurt(demo_layer, tmp_path):
    layer, result = show_bivariate(demo_layer, "armoede", "jeugd")
    assert layer is not demo_layer and layer.name() == "Steunstructuur bivariate: armoede × jeugd"
    assert result.x_edges == pytest.approx([42.6, 54.266667, 60.7, 70.0])
    assert result.y_edges == pytest.approx([0.0, 26.866667, 31.5, 45.0])
    # the expression field QGIS evaluates gives exactly the hand-worked classes
    got = {f["name"]: f[BI_FIELD] for f in layer.getFeatures()}
    assert got == BI_DEMO
    assert result.counts() == {"1-1": 1, "1-2": 1, "2-1": 1, "2-2": 1, "2-3": 1, "3-2": 1, "3-3": 3,
                               "suppressed": 4}
    r = layer.renderer()
    assert isinstance(r, QgsCategorizedSymbolRenderer) and r.classAttribute() == BI_FIELD
    cats = {c.value(): c for c in r.categories()}
    assert len(cats) == 10
    assert cats["3-3"].symbol().color().name() == bivariate("blauw-oranje", 3)[2][2]
    assert cats["1-3"].label() == "armoede low, jeugd high"
    hatch = cats["suppressed"].symbol().symbolLayers()
    assert any(isinstance(sl, QgsLinePatternFillSymbolLayer) for sl in hatch)
    assert cats["suppressed"].label() == "not shown (privacy, or no rate)"
    # the 2-D legend is the layer's legend image, next to the GeoPackage
    assert layer.legendPlaceholderImage().endswith("losser_bivariaat_armoede_jeugd.png")
    # a second pair restyles the same layer
    again, res2 = show_bivariate(demo_layer, "armoede", "wmo", n=2, method="equal")
    assert again is layer and len(again.renderer().categories()) == 5
    assert {f[BI_FIELD] for f in again.getFeatures()} <= {"1-1", "1-2", "2-1", "2-2", "suppressed"}
    assert [f[BI_FIELD] for f in again.getFeatures()] == res2.codes


def test_bivariate_qml_works_without_the_plugin(demo_layer, tmp_path):
    from qgis.core import QgsVectorLayer

    layer, result = show_bivariate(demo_layer, "armoede", "jeugd", n=4, palette="roze-blauw")
    qml = save_qml(layer, str(tmp_path / "uit.gpkg"))
    assert qml.endswith("uit_bivariaat_armoede_jeugd.qml")
    plain = QgsVectorLayer(demo_layer.source(), "plain", "ogr")  # no plugin properties
    msg, ok = plain.loadNamedStyle(qml)
    assert ok, msg
    assert [f[BI_FIELD] for f in plain.getFeatures()] == result.codes
    assert len(plain.renderer().categories()) == 17


def test_bivariate_rejects_the_same_indicator_twice(demo_layer):
    with pytest.raises(ValueError):
        style_bivariate(demo_layer, "armoede", "armoede")


def test_legend_image():
    img = legend_image("armoede", "jeugd", 3, "blauw-oranje")
    assert img.width() > 200 and img.height() > 150
    left, top, cell = 44, 12, 36  # the grid: low-low bottom left, high-high top right
    assert img.pixelColor(left + cell // 2, top + 2 * cell + cell // 2).name() == BIVARIATE["blauw-oranje"][0][0]
    assert img.pixelColor(left + 2 * cell + cell // 2, top + cell // 2).name() == BIVARIATE["blauw-oranje"][2][2]


def test_colour_blind_safe_palettes():
    """ΔE*ab between any two of the 3 x 3 colours, simulated for the three dichromacies."""
    for name in BIVARIATE:
        colours = [c for row in bivariate(name, 3) for c in row]
        worst = min(cvd_min_distance(colours, k) for k in ("protanopia", "deuteranopia", "tritanopia"))
        if name in COLOUR_BLIND_SAFE:
            assert worst >= 12, (name, worst)
    roze_blauw = [c for row in BIVARIATE["roze-blauw"] for c in row]
    assert cvd_min_distance(roze_blauw, "protanopia") < 6  # why the default is blauw-oranje


def test_bivariate_2x2_and_4x4_grids():
    for n in (2, 4):
        grid = bivariate("groen-paars", n)
        assert len(grid) == n and all(len(row) == n for row in grid)
        assert grid[0][0] == BIVARIATE["groen-paars"][0][0] and grid[-1][-1] == BIVARIATE["groen-paars"][2][2]
    with pytest.raises(ValueError):
        bi_classes([1, 2], [1, 2], n=5)


def test_a_map_of_mostly_zeros_keeps_its_classes():
    """#18 item 13: the 3+ stacking map collapsed to one class when most values were 0
    (quantiles of tied values are one edge): the lowest value is then a class of its own
    and the other values are split into quantiles of their own."""
    from steunstructuur_plugin.styling.choropleth import graduated_renderer
    from steunstructuur_plugin.styling.classify import classes

    values = [0.0] * 10 + [5.1]
    assert breaks(values, 5, "quantile") == [0.0, 0.0, 5.1]
    assert list(classes(values, [0.0, 0.0, 5.1])) == [1] * 10 + [2]
    values = [0.0] * 9 + [1.0, 2.0, 3.0]  # was [0, 0.8, 3]: the zeros and 1 in one class
    edges = breaks(values, 5, "quantile")
    assert edges == [0.0, 0.0, 1.5, 2.0, 2.5, 3.0]
    assert list(classes(values, edges)) == [1] * 9 + [2, 3, 5]
    r = graduated_renderer([0.0] * 10 + [5.1], "stapeling_3plus_per1000", n_classes=5)
    assert [rg.label() for rg in r.ranges()] == ["not shown (privacy)", "0,0", "0,0 – 5,1"]
    colours = {rg.symbol().color().name() for rg in r.ranges()[1:]}
    assert len(colours) == 2
    # ties that do not collapse the map are left as they were (the demo's jeugd has zeros)
    assert breaks([0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 5, "quantile")[:2] == [0.0, pytest.approx(0.2)]
