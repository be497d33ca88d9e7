"""The Losser demo: build the input, run the pipeline headless, write map and project.

    python -m steunstructuur_plugin.demo --out out/demo

Writes to the output folder: ``registraties_losser.csv`` (synthetic, seeded),
``voorzieningen_losser.csv`` (synthetic provisions), ``steunstructuur_losser.json``
(configuration), ``steunstructuur_losser.gpkg`` (safe
aggregate), ``steunstructuur_losser.png`` / ``.pdf`` (map), a QML style and
``steunstructuur_losser.qgz`` (QGIS project with the styled layer and the layout).
"""

import argparse
import os

from ..toolbelt import resources_path

DEMO_AREAS = resources_path("data", "buurten_losser.gpkg")
DEMO_SEED = 20241231


def build_input(out_dir: str):
    """Write the synthetic registrations CSV and the configuration; return their paths and the areas."""
    from ..core.place.areas import area_table_from_layer, load_area_layer
    from .config import demo_config
    from .synthetic import generate, write_csv

    os.makedirs(out_dir, exist_ok=True)
    cfg = demo_config()
    layer = load_area_layer(DEMO_AREAS, "buurten")
    areas = area_table_from_layer(layer, cfg.areas)
    csv_path = os.path.join(out_dir, "registraties_losser.csv")
    write_csv(generate(areas, seed=DEMO_SEED), csv_path)
    cfg_path = os.path.join(out_dir, "steunstructuur_losser.json")
    cfg.save(cfg_path)
    return csv_path, cfg_path, layer, areas


#: the demo's provisions: per kern (buurt name) the types placed in it, all synthetic
DEMO_PROVISIONS = {
    "Losser-West": ["wijkteam", "huisarts", "huisarts", "voedselbank", "buurthuis"],
    "Losser-Oost": ["huisarts", "jongerenwerk", "school"],
    "Overdinkel kern": ["wijkteam", "huisarts", "buurthuis", "school"],
    "De Lutte kern": ["huisarts", "buurthuis", "school"],
    "Glane kern": ["buurthuis"],
    "Beuningen kern": ["buurthuis"],
}


def write_provisions(areas, out_dir: str, seed: int = DEMO_SEED) -> str:
    """``voorzieningen_losser.csv``: synthetic provisions (type, name, x, y in RD New) at
    random points of the kernen of :data:`DEMO_PROVISIONS`."""
    import numpy as np

    from .synthetic import _random_points

    rng = np.random.default_rng(seed)
    rows = ["soort;naam;x;y"]
    names = list(areas.frame["name"])
    for buurt, kinds in DEMO_PROVISIONS.items():
        points = _random_points(areas.geometries[names.index(buurt)], len(kinds), rng)
        for i, (kind, (x, y)) in enumerate(zip(kinds, points)):
            rows.append(f"{kind};{kind.capitalize()} {buurt} {i + 1};{x:.1f};{y:.1f}")
    path = os.path.join(out_dir, "voorzieningen_losser.csv")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("\n".join(rows) + "\n")
    return path


def run_demo(out_dir: str, locale: str = "nl", log=print) -> dict:
    """Run the whole job; return the paths written."""
    from qgis.core import QgsProject, QgsReferencedRectangle

    from ..core.config import AnalysisConfig
    from ..core.pipeline import run
    from ..core.place.areas import area_table_from_layer
    from ..export.data import export_data
    from ..export.layout import build_layout, export_layout
    from ..export.maps import export_batch
    from ..i18n import install_translator
    from ..styling.layers import load_output, save_qml, show_bivariate
    from ..styling.provisions import load_provisions

    install_translator(locale)
    csv_path, cfg_path, area_layer, demo_areas = build_input(out_dir)
    # the demo's provisions, named in its configuration next to it
    provisions = write_provisions(demo_areas, out_dir)
    with_provisions = AnalysisConfig.load(cfg_path).to_dict()
    # located by x/y (as the registrations hold them), and how many persons of armoede and
    # jeugd live within 1 km of a wijkteam (reach)
    with_provisions["source"] = {**with_provisions["source"], "location": "xy"}
    with_provisions["provisions"] = {"sources": [{"path": os.path.basename(provisions), "type": "soort",
                                                  "name": "naam", "location": "xy", "x": "x", "y": "y"}],
                                     "reach": {"indicators": ["armoede", "jeugd"], "types": ["wijkteam"],
                                               "distances": [1000]}}
    AnalysisConfig.from_dict(with_provisions).save(cfg_path)
    cfg = AnalysisConfig.load(cfg_path)
    areas = area_table_from_layer(area_layer, cfg.areas)
    gpkg = os.path.join(out_dir, "steunstructuur_losser.gpkg")
    result = run(csv_path, areas, cfg, gpkg)
    cfg = result.config.with_reach()  # as published: with reach, its maps too
    for line in result.report.lines()[:12]:
        log(line)
    log(result.audit.summary())

    project = QgsProject.instance()
    project.clear()
    project.setCrs(area_layer.crs())
    project.setTitle(cfg.title)
    layer = load_output(gpkg, cfg.map_indicators(), cfg.disclosure.min_count, project,
                        name="Steunstructuur buurten")
    qml = save_qml(layer, gpkg)
    points = load_provisions(gpkg, project)  # over the maps
    # opened in QGIS desktop, the project shows the whole gemeente
    project.viewSettings().setDefaultViewExtent(QgsReferencedRectangle(layer.extent(), layer.crs()))
    first = cfg.map_indicators()[0]
    layout, _map = build_layout(
        layer,
        title=f"{cfg.title}: {first}",
        subtitle=f"{first}, personen per 1.000 inwoners, per buurt",
        source_line=f"Bron: gemeente {cfg.gemeente} registraties (synthetische demo); CBS, Kadaster/PDOK",
        min_count=cfg.disclosure.min_count,
        project=project,
        name=f"Steunstructuur {first}",
        legend_title=f"{first}, per 1.000 inwoners",
        overlays=[points],
    )
    pdf = export_layout(layout, os.path.join(out_dir, "steunstructuur_losser.pdf"))
    png = export_layout(layout, os.path.join(out_dir, "steunstructuur_losser.png"), dpi=120)
    # every map and armoede x jeugd in one PDF; the bivariate layer in the project; the partner table
    bi_layer, _classes = show_bivariate(layer, "armoede", "jeugd", project=project)
    project.layerTreeRoot().findLayer(bi_layer.id()).setItemVisibilityChecked(False)  # switched on in the dock
    maps_pdf = export_batch(layer, os.path.join(out_dir, "steunstructuur_losser_kaarten.pdf"),
                            pairs=[("armoede", "jeugd")])[-1]
    bi_qml = save_qml(bi_layer, gpkg)
    xlsx = export_data(gpkg, os.path.join(out_dir, "steunstructuur_losser_partner.xlsx"))[0]
    qgz = os.path.join(out_dir, "steunstructuur_losser.qgz")
    project.write(qgz)
    paths = {"csv": csv_path, "config": cfg_path, "gpkg": gpkg, "pdf": pdf, "png": png, "qml": qml,
             "maps": maps_pdf, "bi_qml": bi_qml, "xlsx": xlsx, "project": qgz}
    for key, path in paths.items():
        log(f"{key:8s} {path}")
    return paths


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default="out/demo")
    parser.add_argument("--locale", default="nl")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from qgis.core import QgsApplication

    app = QgsApplication([], False)
    app.initQgis()
    try:
        run_demo(os.path.abspath(args.out), args.locale)
    finally:
        app.exitQgis()
    return 0
