"""Load an output GeoPackage into a QGIS project as styled, switchable layers."""

import os

from qgis.core import QgsProject, QgsVectorLayer

from ..i18n import tr
from .bivariate import DEFAULT_PALETTE, REACH_AXIS, bivariate_settings, file_part, style_bivariate
from .choropleth import (
    PROP_BASE_NAME,
    PROP_CURRENT,
    PROP_MIN_COUNT,
    display_name,
    indicators_of,
    mark_layer,
    style_indicator,
)
from .provisions import keep_on_top


def output_layer(uri: str, name: str) -> QgsVectorLayer:
    """A layer of an output GeoPackage without the style stored in the file (its
    ``layer_styles``): what the plugin shows and exports is drawn by the plugin's own
    renderers, never by a style someone put into the file."""
    options = QgsVectorLayer.LayerOptions()
    options.loadDefaultStyle = False
    return QgsVectorLayer(uri, name, "ogr", options)

def load_output(gpkg: str, indicators, min_count: int, project: QgsProject = None,
                level: str = "buurt", name: str = None, replace: bool = False) -> QgsVectorLayer:
    """Add the ``level`` layer of an output GeoPackage, styled on the first indicator.
    ``replace``: the project's layers of that GeoPackage (an earlier run to the same file,
    its bivariate layer too) are removed, and the new layer takes the first one's place in
    the layer tree; otherwise a re-run added another layer of the same name that showed
    the new figures under the old class labels."""
    project = project or QgsProject.instance()
    layer = output_layer(f"{gpkg}|layername={level}", name or f"Steunstructuur {level}")
    if not layer.isValid():
        raise ValueError(f"{gpkg}: layer '{level}' cannot be opened")
    mark_layer(layer, list(indicators), min_count)
    layer.setCustomProperty(PROP_BASE_NAME, name or f"Steunstructuur {level}")
    style_indicator(layer, list(indicators)[0])
    old = layers_of_file(gpkg, project) if replace else []
    if old:
        parent = old[0].parent()
        index = parent.children().index(old[0])
        project.removeMapLayers([node.layerId() for node in old])
        project.addMapLayer(layer, False)
        parent.insertLayer(min(index, len(parent.children())), layer)
    else:
        project.addMapLayer(layer)
    return layer


def layers_of_file(gpkg: str, project: QgsProject = None, besides=None):
    """The layer-tree nodes of the project's layers on GeoPackage ``gpkg`` (any of its
    tables: the bivariate layer too), in layer-tree order; ``besides``: a layer left out."""
    project = project or QgsProject.instance()
    return [node for node in project.layerTreeRoot().findLayers() if node.layer() is not None
            and node.layer() is not besides and _same_file(node.layer().source().split("|")[0], gpkg)]


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.abspath(a) == os.path.abspath(b)


def steunstructuur_layers(project: QgsProject = None):
    """Output layers in the project, in layer-tree order."""
    project = project or QgsProject.instance()
    out = []
    for node in project.layerTreeRoot().findLayers():
        lyr = node.layer()
        if lyr is not None and indicators_of(lyr):
            out.append(lyr)
    return out


def show_bivariate(base: QgsVectorLayer, x_ind: str, y_ind: str, n: int = 3, method: str = "quantile",
                   palette: str = DEFAULT_PALETTE, measure: str = "per1000", project: QgsProject = None):
    """Style the project's bivariate layer for ``base``'s table (added above it when there is
    none yet) and return ``(layer, classes)``.  It is a second layer on the same table: the
    indicator layer keeps its choropleth, and both can go in print layouts."""
    project = project or QgsProject.instance()
    layer = None
    for lyr in project.mapLayers().values():
        if bivariate_settings(lyr) is not None and lyr.source() == base.source():
            layer = lyr
            break
    new = layer is None
    if new:
        layer = output_layer(base.source(), tr("Steunstructuur bivariate"))
        layer.setCustomProperty(PROP_MIN_COUNT, int(base.customProperty(PROP_MIN_COUNT, 5)))
    result = style_bivariate(layer, x_ind, y_ind, n, method, palette, measure)  # raises before it is added
    if new:
        project.addMapLayer(layer)
        keep_on_top(project)  # the provisions stay over every map
    layer.setName(tr("Steunstructuur bivariate: {x} × {y}").format(
        x=x_ind, y=display_name(y_ind) if y_ind.startswith(REACH_AXIS) else y_ind))
    return layer, result


def qml_path(layer, gpkg: str) -> str:
    """``<gpkg>_<indicator>.qml`` or ``<gpkg>_bivariaat_<x>_<y>.qml`` next to the GeoPackage."""
    bi = bivariate_settings(layer)
    suffix = (f"bivariaat_{file_part(bi['x'])}_{file_part(bi['y'])}" if bi
              else layer.customProperty(PROP_CURRENT, "stijl"))
    return os.path.splitext(gpkg)[0] + f"_{suffix}.qml"


def save_qml(layer, gpkg: str) -> str:
    """Save the current style as QML next to the GeoPackage."""
    path = qml_path(layer, gpkg)
    msg, ok = layer.saveNamedStyle(path)
    if not ok:
        raise OSError(f"{path}: {msg}")
    return path


def config_of(layer):
    """The configuration in the layer's GeoPackage (:class:`..core.config.AnalysisConfig`),
    or None when there is none that can be read."""
    import sqlite3

    from ..core.config import AnalysisConfig
    from ..core.errors import SteunstructuurError
    from ..core.publish.geopackage import read_metadata

    try:
        return AnalysisConfig.from_dict(read_metadata(layer.source().split("|")[0])["configuration"])
    except (SteunstructuurError, OSError, KeyError, TypeError, ValueError, sqlite3.Error):
        return None
