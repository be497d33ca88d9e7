"""The provisions' points on the map: one symbol per type, drawn over every indicator map.

In: an output GeoPackage's ``voorzieningen`` layer (type, name).  Out: the layer with a
categorised renderer on ``type`` (a marker shape and colour per type: the usual types of a
gemeente's support structure have fixed ones, others take the next free pair), in the
project on top of the plugin's layers, and a copy for print layouts and exports.
"""

from typing import Optional

from qgis.core import (
    QgsCategorizedSymbolRenderer,
    QgsMarkerSymbol,
    QgsProject,
    QgsRendererCategory,
    QgsVectorLayer,
)

from ..i18n import tr

PROVISIONS_LAYER = "voorzieningen"
PROP_PROVISIONS = "steunstructuur/provisions"

#: type -> (marker shape, fill colour): distinct in shape as well as colour (grey print), in
#: colours apart from the choropleth palettes' oranges and reds, with a white outline that
#: keeps them visible on every class colour
KNOWN_TYPES = {
    "wijkteam": ("star", "#6a1b9a"),
    "huisarts": ("cross_fill", "#1565c0"),
    "buurthuis": ("square", "#2e7d32"),
    "welzijn": ("diamond", "#00838f"),
    "voedselbank": ("triangle", "#212121"),
    "jongerenwerk": ("pentagon", "#ad1457"),
    "school": ("hexagon", "#5d4037"),
}
_OTHER = [("circle", "#1b9e77"), ("half_square", "#37474f"), ("equilateral_triangle", "#7570b3"),
          ("octagon", "#66a61e"), ("filled_arrowhead", "#283593"), ("semi_circle", "#4e342e"),
          ("diagonal_half_square", "#004d40")]


def _symbol(shape: str, colour: str) -> QgsMarkerSymbol:
    return QgsMarkerSymbol.createSimple({"name": shape, "color": colour, "outline_color": "#ffffff",
                                         "outline_width": "0.4", "size": "5.0" if shape == "star" else "3.6"})


def style_provisions(layer: QgsVectorLayer) -> QgsVectorLayer:
    """A categorised renderer on ``type``: one category per type in the layer."""
    idx = layer.fields().indexOf("type")
    types = sorted(str(v) for v in layer.uniqueValues(idx)) if idx >= 0 else []
    spare = iter(_OTHER * (len(types) // len(_OTHER) + 1))
    cats = []
    for t in types:
        shape, colour = KNOWN_TYPES.get(t) or next(spare)
        cats.append(QgsRendererCategory(t, _symbol(shape, colour), t.replace("_", " ")))
    layer.setRenderer(QgsCategorizedSymbolRenderer("type", cats))
    layer.setCustomProperty(PROP_PROVISIONS, True)
    layer.triggerRepaint()
    return layer


def provisions_layer(gpkg: str, name: Optional[str] = None) -> Optional[QgsVectorLayer]:
    """The GeoPackage's provisions, styled; None when the file has none."""
    from .layers import output_layer

    layer = output_layer(f"{gpkg}|layername={PROVISIONS_LAYER}", name or tr("Voorzieningen"))
    if not layer.isValid() or layer.featureCount() == 0:
        return None
    return style_provisions(layer)


def load_provisions(gpkg: str, project: QgsProject = None) -> Optional[QgsVectorLayer]:
    """Add the GeoPackage's provisions at the top of the project's layer tree (over every
    indicator map); None when it has none."""
    project = project or QgsProject.instance()
    layer = provisions_layer(gpkg)
    if layer is None:
        return None
    project.addMapLayer(layer, False)
    project.layerTreeRoot().insertLayer(0, layer)
    return layer


def keep_on_top(project: QgsProject = None) -> None:
    """Move the project's provisions layers back to the top of the layer tree (a layer the
    plugin adds later, the bivariate map, lands above them otherwise)."""
    project = project or QgsProject.instance()
    root = project.layerTreeRoot()
    nodes = [n for n in root.findLayers() if n.layer() is not None and n.layer().customProperty(PROP_PROVISIONS, False)]
    for i, node in enumerate(nodes):
        parent = node.parent()
        if parent is root and root.children().index(node) == i:
            continue
        root.insertChildNode(i, node.clone())
        parent.removeChildNode(node)
