"""The map of a series' trends: where a map's rate rises or falls significantly.

In: a ``<level>_trend`` layer of an output (:mod:`..core.series.trend`) and a map's name.
Out: a categorized renderer on ``<map>_trend_class``: rising significantly (red),
falling significantly (blue), no significant trend (light grey), too few published
peildata (the neutral hatch of hidden values: a trend needs published rates).
"""

from qgis.core import QgsCategorizedSymbolRenderer, QgsFillSymbol, QgsRendererCategory, QgsVectorLayer

from ..core.series.trend import FALLING, NO_TREND, RISING, TOO_FEW, TREND_SUFFIX
from ..i18n import tr
from .choropleth import PROP_BASE_NAME, PROP_CURRENT, display_name, mark_styled, suppressed_symbol

_COLOURS = {RISING: "215,48,31,255", FALLING: "43,140,190,255", NO_TREND: "235,235,235,255"}


def is_trend_layer(layer) -> bool:
    """Whether ``layer`` is a trend layer of an output (``<level>_trend``)."""
    if not isinstance(layer, QgsVectorLayer) or not layer.isValid():
        return False
    return layer.source().split("|layername=")[-1].split("|")[0].endswith(TREND_SUFFIX)


def trend_labels() -> dict:
    """The legend text of each class, in the current language."""
    return {RISING: tr("rising significantly"), FALLING: tr("falling significantly"),
            NO_TREND: tr("no significant trend"), TOO_FEW: tr("too few published peildata")}


def style_trend(layer, indicator: str, **_options) -> QgsCategorizedSymbolRenderer:
    """Switch ``layer`` to the trend map of ``indicator``; remembers it on the layer."""
    field = f"{indicator}_trend_class"
    if layer.fields().indexOf(field) < 0:
        raise ValueError(f"{layer.name()}: no field '{field}'")
    labels = trend_labels()
    categories = []
    for value in (RISING, FALLING, NO_TREND, TOO_FEW):
        if value == TOO_FEW:
            symbol = suppressed_symbol()
        else:
            symbol = QgsFillSymbol.createSimple({"color": _COLOURS[value], "outline_color": "110,110,110,255",
                                                 "outline_width": "0.2"})
        categories.append(QgsRendererCategory(value, symbol, labels[value]))
    renderer = QgsCategorizedSymbolRenderer(field, categories)
    layer.setRenderer(renderer)
    layer.setCustomProperty(PROP_CURRENT, indicator)
    base = layer.customProperty(PROP_BASE_NAME, "")
    if base:
        layer.setName(f"{base} – " + tr("{name}: trend").format(name=display_name(indicator)))
    mark_styled(layer, {"measure": "trend"})
    layer.triggerRepaint()
    return renderer
