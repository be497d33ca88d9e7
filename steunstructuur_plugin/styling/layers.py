"""Load an output GeoPackage into a QGIS project as styled, switchable layers."""

import os

from qgis.core import QgsProject, QgsVectorLayer

from .choropleth import indicators_of, mark_layer, style_indicator


def load_output(gpkg: str, indicators, min_count: int, project: QgsProject = None,
                level: str = "buurt", name: str = None) -> QgsVectorLayer:
    """Add the ``level`` layer of an output GeoPackage, styled on the first indicator."""
    project = project or QgsProject.instance()
    layer = QgsVectorLayer(f"{gpkg}|layername={level}", name or f"Steunstructuur {level}", "ogr")
    if not layer.isValid():
        raise ValueError(f"{gpkg}: layer '{level}' cannot be opened")
    mark_layer(layer, list(indicators), min_count)
    style_indicator(layer, list(indicators)[0])
    project.addMapLayer(layer)
    return layer


def steunstructuur_layers(project: QgsProject = None):
    """Output layers in the project, in layer-tree order."""
    project = project or QgsProject.instance()
    out = []
    for node in project.layerTreeRoot().findLayers():
        lyr = node.layer()
        if lyr is not None and indicators_of(lyr):
            out.append(lyr)
    return out


def save_qml(layer, gpkg: str) -> str:
    """Save the current style as QML next to the GeoPackage."""
    path = os.path.splitext(gpkg)[0] + f"_{layer.customProperty('steunstructuur/current', 'stijl')}.qml"
    msg, ok = layer.saveNamedStyle(path)
    if not ok:
        raise OSError(f"{path}: {msg}")
    return path
