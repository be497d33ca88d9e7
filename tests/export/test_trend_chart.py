"""The line chart of an area over a series (issue #21 item 3): what it draws is the
published rates (a suppressed peildatum a gap, never a zero), the gemeente as reference
line and the trend of the trend layer; written as PNG, SVG and PDF behind the gate."""

import dataclasses

import numpy as np
import pytest
from conftest import SECRET
from gpkg_edit import edit_gpkg

from steunstructuur_plugin.core.pipeline import run
from steunstructuur_plugin.core.publish.geopackage import read_series, read_trends
from steunstructuur_plugin.core.publish.seal import seal_secret, write_seal
from steunstructuur_plugin.export.chart import export_trend_chart, trend_figure
from steunstructuur_plugin.export.layout import ExportError

DATES = ["2022-07-01", "2022-10-01", "2023-01-01", "2023-04-01", "2023-07-01", "2023-10-01", "2024-01-01"]


@pytest.fixture(scope="module")
def losser_series(tmp_path_factory, demo_input, losser_areas, demo_cfg):
    cfg = dataclasses.replace(demo_cfg, source=dataclasses.replace(
        demo_cfg.source, series={"start": DATES[0], "end": DATES[-1], "step": "quarter"})).validate()
    out = str(tmp_path_factory.mktemp("grafiek") / "losser_reeks.gpkg")
    return run(demo_input[0], losser_areas, cfg, out, secret=SECRET).output


def _lines(fig):
    return {line.get_label(): line for line in fig.axes[0].get_lines()}


def test_the_chart_draws_the_published_rates(losser_series):
    series = read_series(losser_series)
    buurt = series["buurt"]
    # a buurt with a suppressed jeugd rate at some peildatum, and one without
    gaps = buurt[buurt["jeugd_per1000"].isna()]["code"].unique()
    assert len(gaps)
    code = str(gaps[0])
    rows = buurt[buurt["code"] == code].sort_values("peildatum")
    fig = trend_figure(losser_series, "buurt", code, "jeugd")
    lines = _lines(fig)
    name = rows["name"].iloc[0]
    drawn = lines[name].get_ydata().astype(float)
    published = rows["jeugd_per1000"].astype(float).to_numpy()
    assert np.array_equal(np.isnan(drawn), np.isnan(published))  # gaps where not published, never 0
    assert np.allclose(drawn[~np.isnan(drawn)], published[~np.isnan(published)])
    hidden = lines["not shown (privacy) or no rate"]
    assert len(hidden.get_xdata()) == int(np.isnan(published).sum())
    gemeente = series["gemeente"].sort_values("peildatum")
    assert np.allclose(lines["Losser"].get_ydata().astype(float), gemeente["jeugd_per1000"].astype(float))
    trend = read_trends(losser_series)["buurt"].set_index("code")
    subtitle = fig.axes[0].get_title(loc="left")
    if trend.at[code, "jeugd_trend_class"] == "too_few_points":
        assert subtitle == "trend: too few published peildata"
    else:
        assert subtitle.startswith("trend ")


def test_chart_files_behind_the_gate(losser_series, tmp_path):
    for ext in (".png", ".svg", ".pdf"):
        path = export_trend_chart(losser_series, "gemeente", "GM0168", "armoede", str(tmp_path / f"losser{ext}"))
        head = open(path, "rb").read(8)
        assert head.startswith({".png": b"\x89PNG", ".svg": b"<?xml", ".pdf": b"%PDF"}[ext])
    svg = (tmp_path / "losser.svg").read_text(encoding="utf-8")
    assert "Losser: armoede" in svg and "per 1,000 per year" in svg  # text a partner can edit
    with pytest.raises(ExportError, match="choose a .png, .svg or .pdf"):
        export_trend_chart(losser_series, "gemeente", "GM0168", "armoede", str(tmp_path / "losser.jpg"))
    with pytest.raises(ExportError, match="no area 'BU0000'"):
        export_trend_chart(losser_series, "buurt", "BU0000", "armoede", str(tmp_path / "x.png"))
    # a series rate changed by hand and sealed again: the gate refuses, no chart is written
    edited = tmp_path / "bewerkt.gpkg"
    edited.write_bytes(open(losser_series, "rb").read())
    edit_gpkg(edited, "update gemeente_reeks set armoede_per1000 = armoede_per1000 + 1 where fid = 1")
    write_seal(str(edited), seal_secret())
    with pytest.raises(ExportError, match="export refused"):
        export_trend_chart(str(edited), "gemeente", "GM0168", "armoede", str(tmp_path / "bewerkt.png"))
    assert not (tmp_path / "bewerkt.png").exists()
