"""The real QGIS desktop under Xvfb, a throw-away profile, the plugin deployed and enabled."""

import json
import os
import shutil
import subprocess

import pytest
from conftest import ROOT

HERE = os.path.dirname(os.path.abspath(__file__))


@pytest.fixture(scope="module")
def desktop_run(tmp_path_factory):
    return _desktop(tmp_path_factory.mktemp("desktop"), "1600x1000")


@pytest.fixture(scope="module")
def desktop_small_dutch(tmp_path_factory):
    """QGIS maximised on a 1366x768 screen with the user locale nl."""
    return _desktop(tmp_path_factory.mktemp("desktop_nl"), "1366x768", locale="nl", mode="fit")


def _desktop(tmp, screen, locale="", mode=""):
    if not (shutil.which("xvfb-run") and os.path.exists("/usr/bin/qgis")):
        pytest.fail("xvfb-run and qgis are needed: run `make test`, which installs them")
    subprocess.run(["make", "-s", "build"], cwd=ROOT, check=True, capture_output=True)
    env = dict(os.environ)
    env.pop("QGIS_CUSTOM_CONFIG_PATH", None)  # set by pytest-qgis for the in-process app
    env.pop("QT_QPA_PLATFORM", None)  # real X (Xvfb), not offscreen
    env["HOME"] = str(tmp)  # one user: the demo and QGIS share the user's seal key
    demo = tmp / "demo"
    subprocess.run(["/usr/bin/python3", "-m", "steunstructuur_plugin.demo", "--out", str(demo)], cwd=ROOT,
                   env=dict(env, QT_QPA_PLATFORM="offscreen"), check=True, capture_output=True)
    from steunstructuur_plugin.deploy import deploy

    profiles_root = tmp / "qgis"
    deploy(os.path.join(ROOT, "build", "steunstructuur_plugin"), str(profiles_root / "profiles"), "steun")
    if locale:
        from qgis.PyQt.QtCore import QSettings

        ini = QSettings(str(profiles_root / "profiles" / "steun" / "QGIS" / "QGIS3.ini"), QSettings.IniFormat)
        ini.setValue("locale/overrideFlag", True)
        ini.setValue("locale/userLocale", locale)
        ini.sync()
    shots = os.path.join(ROOT, "out")
    os.makedirs(shots, exist_ok=True)
    result = tmp / "result.json"
    env.update(STEUN_RESULT=str(result), STEUN_SHOTS=shots, HOME=str(tmp), LC_ALL="C.UTF-8", STEUN_MODE=mode)
    cmd = ["xvfb-run", "-a", "-s", f"-screen 0 {screen}x24", "/usr/bin/qgis",
           "--profiles-path", str(profiles_root), "--profile", "steun", "--nologo", "--noversioncheck",
           "--code", os.path.join(HERE, "qgis_check.py"), str(demo / "steunstructuur_losser.qgz")]
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=240)
    assert result.exists(), (f"QGIS exited {proc.returncode} without a result:\n"
                             f"{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return json.loads(result.read_text())


def test_plugin_loads_without_errors(desktop_run):
    assert "exception" not in desktop_run, desktop_run.get("exception")
    assert desktop_run["plugin_loaded"], desktop_run
    assert "steunstructuur_plugin" in desktop_run["active_plugins"]
    assert not [e for e in desktop_run["errors"] if "steunstructuur" in e.lower()], desktop_run["errors"]
    assert desktop_run["provider"]


def test_dock_lists_demo_indicators(desktop_run):
    assert desktop_run["dock_present"] and desktop_run["dock_visible"]
    # the demo measures reach (within 1 km of a wijkteam): everyone counted within and farther
    assert desktop_run["indicators"] == ["armoede", "jeugd", "wmo", "binnen_1000m_wijkteam",
                                         "buiten_1000m_wijkteam", "stapeling_2plus", "stapeling_3plus"]
    assert desktop_run["items"][0] == "armoede (9 of 13 buurten published)"
    # the demo project was saved in Dutch; QGIS here runs in English, so the name is English
    assert sorted(desktop_run["layers"]) == ["Steunstructuur bivariaat: armoede × jeugd",
                                             "Steunstructuur buurten – armoede per 1,000 inhabitants",
                                             "Voorzieningen"]
    # the demo's synthetic provisions, over the maps (screenshots qgis_desktop_*.png)
    assert desktop_run["top_layer"] == ["Voorzieningen", 17]


def test_switching_indicator_in_real_qgis(desktop_run):
    assert desktop_run["renderer_after_select"] == 'coalesce("jeugd_per1000", -1)'
    assert 10_000 < desktop_run["canvas_scale"] < 500_000  # the project opens on the gemeente


def test_screenshot_saved(desktop_run):
    from qgis.PyQt.QtGui import QImage

    img = QImage(desktop_run["screenshot"])
    assert img.width() >= 800 and img.height() >= 500


def test_pdf_exported_from_the_dock(desktop_run):
    text = subprocess.run(["pdftotext", desktop_run["pdf"], "-"], capture_output=True, text=True).stdout
    assert "Steunstructuur Losser: jeugd" in text
    assert "not shown (privacy)" in text and "fewer than" not in text


def test_bivariate_map_from_the_dock(desktop_run):
    assert desktop_run["bivariate_layers"] == 1
    assert desktop_run["bivariate_renderer"] == ["categorizedSymbol", "bi_class", 10]  # 3 x 3 + suppressed
    assert desktop_run["bivariate_codes"] == ["1-1", "1-2", "2-2", "2-3", "3-1", "suppressed"]
    assert desktop_run["bivariate_legend_image"].endswith("_bivariaat_armoede_jeugd.png")
    assert desktop_run["bivariate_legend_shown"]
    from qgis.PyQt.QtGui import QImage

    assert QImage(desktop_run["screenshot_bivariate"]).width() >= 800


def test_the_dock_fits_a_1366x768_screen_in_dutch(desktop_small_dutch):
    """#18 item 8: the dock opened 298 px wide for 381 px of content (browse buttons and
    Cancel cut off) and was 1,456 px tall in a 602 px viewport with the report in four lines.
    Screenshots: out/qgis_desktop_1366_nl.png, out/qgis_desktop_1366_nl_verslag.png and
    out/qgis_desktop_1366_nl_publicaties.png (the publication register's tab); the series'
    panels (#21) in Dutch at this size: out/qgis_desktop_reeks_1366_nl.png,
    out/qgis_desktop_trend_1366_nl.png and out/qgis_desktop_pilot_1366_nl.png."""
    assert "exception" not in desktop_small_dutch, desktop_small_dutch.get("exception")
    fit = desktop_small_dutch["fit"]
    assert fit["window_size"][0] <= 1366 and fit["window_size"][1] <= 768
    assert fit["tabs"] == ["Analyse", "Kaarten", "Exporteren", "Verslag", "Publicaties"]
    assert all(fit["publications"].values()), fit["publications"]  # the register's buttons fit too
    assert not fit["horizontal_scrollbar"]
    for name in ("run", "cancel", "browse_input_widget", "browse_config_widget", "browse_output_widget"):
        w = fit[name]
        assert w["visible"] and 0 <= w["left"] and w["right"] < w["view_width"], (name, w)
    assert fit["report_lines"] >= 12
    series = desktop_small_dutch["series"]
    assert series["series_layers"] == ["Voorzieningen", "reeks – armoede per 1.000 inwoners",
                                       "reeks – door de tijd – armoede per 1.000 inwoners",
                                       "reeks – trend – armoede: trend"]
    assert series["series_label"] == "2023-07-01" and series["series_shown"] == ["2023-07-01", 13]
    assert series["trend_chart_width"] >= 250 and not series["trend_sideways"]
    assert series["pilot"][:2] == ["6 gebieden", "7 gebieden"], series["pilot"]
    assert series["pilot"][2].startswith("verschil in verschillen "), series["pilot"]


def test_the_plugin_menu_has_help_and_about(desktop_run):
    """#18 item 13: no Help or About entry; category=Vector while the menu is under Plugins."""
    assert desktop_run["plugin_menu"] == ["Steunstructuur panel", "Help (README)", "About Steunstructuur"]
    assert desktop_run["help_path"].endswith(os.path.join("steunstructuur_plugin", "README.md"))
    assert os.path.basename(os.path.dirname(desktop_run["help_path"])) == "steunstructuur_plugin"
    about = desktop_run["about"]
    assert about.startswith("Steunstructuur 0.1.0\n\nSociaal-domein registrations per buurt") and "GPL-2.0" in about
    meta = open(os.path.join(ROOT, "metadata.txt"), encoding="utf-8").read()
    assert "\ncategory=Plugins\n" in meta


def test_where_help_is_missing_in_real_qgis(desktop_run):
    """The demo's armoede against its wijkteams: the buurten listed are those of the
    published table (core function), the first one selected and zoomed to."""
    import sqlite3

    import pandas as pd
    from qgis.PyQt.QtGui import QImage

    from steunstructuur_plugin.core.reach import help_missing

    con = sqlite3.connect(desktop_run["gpkg"])
    table = pd.read_sql("select code, name, armoede_per1000, vz_wijkteam_1000m from buurt", con)
    con.close()
    want = help_missing(table, "armoede", "wijkteam", 1000)
    assert len(want) >= 1
    assert [t.split(" (")[0] for t in desktop_run["gaps"]] == want["name"].tolist()
    assert desktop_run["gaps_selected"] == [want["code"][0]]
    assert QImage(desktop_run["screenshot_gaps"]).width() >= 800


def test_need_against_reach_in_real_qgis(desktop_run):
    """The demo measures how far its persons of armoede live from a wijkteam: the dock
    offers the share farther than 1 km as the bivariate map's second axis and draws it
    (screenshot out/qgis_desktop_behoefte_bereik.png)."""
    from qgis.PyQt.QtGui import QImage

    assert desktop_run["reach_axis_offered"]
    codes = desktop_run["reach_bivariate"]
    assert codes and set(codes) <= {f"{a}-{b}" for a in "123" for b in "123"} | {"suppressed"} and len(codes) >= 3
    assert QImage(desktop_run["screenshot_need_reach"]).width() >= 800


def test_own_areas_from_the_dock_in_real_qgis(desktop_run):
    """#19: the wijkteam layer chosen in the dock, with its code and name fields; the run
    loads the areas' layer, styled and driven by the dock (screenshot
    out/qgis_desktop_eigen_gebieden.png: the three areas on the jeugd map)."""
    assert "exception" not in desktop_run, desktop_run.get("exception")
    assert desktop_run["own_area_messages"] == ["Aggregation finished: 3484 rows counted"]
    assert desktop_run["own_area_layers"] == ["Voorzieningen", "wijkteams – armoede per 1,000 inhabitants",
                                              "wijkteams – own areas – armoede per 1,000 inhabitants"]
    assert desktop_run["own_area_codes"] == ["WT1", "WT2", "WT3"]
    assert desktop_run["own_area_renderer"] == 'coalesce("jeugd_per1000", -1)'
    assert desktop_run["own_area_items"][0] == "armoede (3 of 3 own areas published)"


def test_series_of_peildata_in_real_qgis(desktop_run):
    """#21 item 1: a series of four quarters from the dock; the buurten over time loaded in
    time, the peildatum slider on the second quarter, QGIS's canvas and Temporal
    Controller on it (screenshot out/qgis_desktop_reeks.png)."""
    from qgis.PyQt.QtGui import QImage

    assert "exception" not in desktop_run, desktop_run.get("exception")
    assert desktop_run["series_layers"] == ["Voorzieningen", "reeks – armoede per 1,000 inhabitants",
                                            "reeks – over time – armoede per 1,000 inhabitants",
                                            "reeks – trend – armoede: trend"]
    assert desktop_run["series_peildata"] == ["2023-04-01", "2023-07-01", "2023-10-01", "2024-01-01"]
    assert desktop_run["series_label"] == "2023-07-01"
    assert desktop_run["series_range"] == ["2023-07-01", "2023-10-01"]
    assert desktop_run["series_shown"] == ["2023-07-01", 13]  # the 13 buurten of that peildatum
    assert desktop_run["series_controller_dock"]
    assert QImage(desktop_run["screenshot_series"]).width() >= 800
    # #21 item 3: the trend map and an area's chart in the dock (out/qgis_desktop_trend.png)
    assert desktop_run["trend_renderer"] == "armoede_trend_class"
    assert desktop_run["trend_areas"] == 1 + 5 + 13
    assert desktop_run["trend_choice"][0] == "wijk" and desktop_run["trend_choice"][2] == "armoede"
    assert desktop_run["trend_chart_width"] >= 250 and not desktop_run["trend_sideways"]
    assert QImage(desktop_run["screenshot_trend"]).width() >= 800
    # #21 item 4: the pilot from the map's selection (out/qgis_desktop_pilot.png)
    assert desktop_run["pilot"][:2] == ["6 areas", "7 areas"]
    assert desktop_run["pilot"][2].startswith("difference in differences "), desktop_run["pilot"]
    assert QImage(desktop_run["screenshot_pilot"]).width() >= 800
