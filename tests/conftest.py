import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED_CBS = os.path.join(os.path.dirname(ROOT), "shared", "data", "cbs")
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.append("/usr/share/qgis/python/plugins")  # Processing framework of Debian's QGIS

import pytest  # noqa: E402

SECRET = bytes.fromhex("5e" * 32)


@pytest.fixture(autouse=True)
def own_register(tmp_path, monkeypatch):
    """Every test its own publication register (the dock and Processing use the user's by
    default): runs of one test never meet those of another."""
    from steunstructuur_plugin.core.protect import register

    path = str(tmp_path / "register.json")
    monkeypatch.setattr(register, "register_path", lambda: path)
    return path


@pytest.fixture(scope="session")
def qgis_ready(qgis_app):
    return qgis_app


@pytest.fixture(autouse=True, scope="session")
def no_canvas_rendering(qgis_iface):
    """The tests' map canvas does not draw: they read its extent and layers, never its
    pixels (the desktop tests draw in real QGIS), and a drawing in QGIS's render thread
    read the project while a test cleared or read it (a crash in 1 of 5 runs, in
    QgsProject::createExpressionContextScope)."""
    qgis_iface.mapCanvas().setRenderFlag(False)
    yield
    qgis_iface.mapCanvas().setRenderFlag(True)


@pytest.fixture(scope="session")
def demo_cfg():
    from steunstructuur_plugin.demo.config import demo_config

    return demo_config()


def _areas(path, layer, cfg):
    from steunstructuur_plugin.core.place.areas import area_table_from_layer, load_area_layer

    return area_table_from_layer(load_area_layer(path, layer), cfg.areas)


@pytest.fixture(scope="session")
def losser_areas(qgis_ready, demo_cfg):
    return _areas(os.path.join(ROOT, "resources", "data", "buurten_losser.gpkg"), "buurten", demo_cfg)


@pytest.fixture(scope="session")
def uden_areas(qgis_ready, demo_cfg):
    return _areas(os.path.join(SHARED_CBS, "buurten_uden.gpkg"), "buurten", demo_cfg)


@pytest.fixture(scope="session")
def demo_input(tmp_path_factory, losser_areas):
    """The demo's synthetic registrations CSV and configuration, built once."""
    from steunstructuur_plugin.demo import build_input

    out = tmp_path_factory.mktemp("demo_input")
    csv_path, cfg_path, _layer, _areas_ = build_input(str(out))
    return csv_path, cfg_path


@pytest.fixture(scope="session")
def demo_run(tmp_path_factory, demo_input, losser_areas, demo_cfg):
    """The pipeline on the demo input, written to a GeoPackage."""
    from steunstructuur_plugin.core.pipeline import run

    gpkg = str(tmp_path_factory.mktemp("demo_run") / "losser.gpkg")
    result = run(demo_input[0], losser_areas, demo_cfg, gpkg, secret=SECRET)
    return result, gpkg
