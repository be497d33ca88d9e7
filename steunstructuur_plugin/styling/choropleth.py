"""Choropleth renderers for indicator layers, with a neutral hatch for suppressed areas.

The renderer is QGIS's own graduated renderer on the expression
``coalesce("<field>", -1)``: suppressed (NULL) values fall in a class of their own,
drawn with a grey hatch and labelled "niet getoond (privacy)", never in a data colour.
The label is true of every hidden value (a partner hidden by secondary suppression may
hold 51 persons) and tells nobody which ones are small.  A rate map has a second class,
``-2``, plain light grey: "geen cijfer: geen of te weinig inwoners", for areas whose count
is published but whose rate is not (no denominator, or fewer inhabitants than
``min_denominator``: the ``_status`` field says which).  It saves to QML and works
without the plugin installed.
"""

import json
import secrets
from typing import List, Optional

from qgis.core import (
    QgsFeatureRequest,
    QgsFillSymbol,
    QgsGraduatedSymbolRenderer,
    QgsLinePatternFillSymbolLayer,
    QgsLineSymbol,
    QgsRendererRange,
)
from qgis.PyQt.QtGui import QColor

from ..core.qvalues import is_null
from ..i18n import tr
from .classify import breaks
from .palettes import sequential

SUPPRESSED_VALUE = -1
NO_RATE_VALUE = -2
#: rate statuses of an area whose count is published but whose rate is not
NO_RATE_STATUS = ("no_denominator", "small_area")
PROP_INDICATORS = "steunstructuur/indicators"
PROP_CURRENT = "steunstructuur/current"
PROP_MIN_COUNT = "steunstructuur/min_count"
#: the name of an output layer without the map it shows (the file's name)
PROP_BASE_NAME = "steunstructuur/base_name"
#: set with the renderer the plugin builds: this QGIS session's mark and the options used.
#: A style saved in a file or a project carries another session's mark (or none), so an
#: export can tell a renderer the plugin built from any other (:func:`plugin_styled`).
PROP_STYLED = "steunstructuur/styled"
SESSION_MARK = secrets.token_hex(8)
STACKING = ("stapeling_2plus", "stapeling_3plus")


def format_nl(value: float, decimals: int = 1) -> str:
    """Dutch number format: 1.234,5"""
    s = f"{value:,.{decimals}f}"
    return s.replace(",", "\0").replace(".", ",").replace("\0", ".")


def suppressed_symbol() -> QgsFillSymbol:
    """Neutral grey hatch on white with a thin outline: never a data colour."""
    sym = QgsFillSymbol.createSimple({"color": "255,255,255,255", "outline_color": "110,110,110,255",
                                      "outline_width": "0.2"})
    hatch = QgsLinePatternFillSymbolLayer()
    hatch.setLineAngle(45)
    hatch.setDistance(1.6)
    hatch.setSubSymbol(QgsLineSymbol.createSimple({"color": "140,140,140,255", "width": "0.25"}))
    sym.appendSymbolLayer(hatch)
    return sym


def no_rate_symbol() -> QgsFillSymbol:
    """Plain light grey: an area without a rate (no or too few inhabitants), not hidden."""
    return QgsFillSymbol.createSimple({"color": "225,225,225,255", "outline_color": "110,110,110,255",
                                      "outline_width": "0.2"})


def missing_labels() -> dict:
    """The legend texts of the classes without a value, in the current language."""
    return {SUPPRESSED_VALUE: tr("not shown (privacy)"), NO_RATE_VALUE: tr("no rate: no or too few inhabitants")}


def graduated_renderer(values, field: str, n_classes: int = 5, method: str = "quantile",
                       palette: str = "oranje-rood", decimals: int = 1,
                       min_count: int = 5, status_field: Optional[str] = None) -> QgsGraduatedSymbolRenderer:
    """Build the renderer from the published values of ``field``. ``status_field`` (a
    rate's ``_status``): areas without a rate get a class of their own."""
    edges = breaks([v for v in values if v is not None], n_classes, method)
    missing = str(SUPPRESSED_VALUE)
    if status_field:
        statuses = ", ".join(f"'{s}'" for s in NO_RATE_STATUS)
        missing = f'CASE WHEN "{status_field}" IN ({statuses}) THEN {NO_RATE_VALUE} ELSE {SUPPRESSED_VALUE} END'
    renderer = QgsGraduatedSymbolRenderer(f'coalesce("{field}", {missing})')
    labels = missing_labels()
    if status_field:
        renderer.addClassRange(QgsRendererRange(NO_RATE_VALUE, NO_RATE_VALUE, no_rate_symbol(), labels[NO_RATE_VALUE]))
    renderer.addClassRange(QgsRendererRange(SUPPRESSED_VALUE, SUPPRESSED_VALUE, suppressed_symbol(),
                                            labels[SUPPRESSED_VALUE]))
    colors = sequential(palette, max(len(edges) - 1, 1))
    for i in range(1, len(edges)):
        lo, hi = edges[i - 1], edges[i]
        sym = QgsFillSymbol.createSimple({"color": QColor(colors[i - 1]).name(),
                                          "outline_color": "90,90,90,255", "outline_width": "0.2"})
        label = format_nl(lo, decimals) if lo == hi else f"{format_nl(lo, decimals)} – {format_nl(hi, decimals)}"
        renderer.addClassRange(QgsRendererRange(lo, hi, sym, label))
    if len(edges) == 1:  # every published value is the same
        sym = QgsFillSymbol.createSimple({"color": QColor(colors[0]).name(), "outline_color": "90,90,90,255"})
        renderer.addClassRange(QgsRendererRange(edges[0], edges[0], sym, format_nl(edges[0], decimals)))
    return renderer


def indicator_field(indicator: str, measure: str = "per1000") -> str:
    return f"{indicator}_{'per1000' if measure == 'per1000' else 'n'}"


def style_indicator(layer, indicator: str, measure: str = "per1000", n_classes: int = 5,
                    method: str = "quantile", palette: str = "oranje-rood",
                    min_count: Optional[int] = None) -> QgsGraduatedSymbolRenderer:
    """Switch ``layer`` to a choropleth of ``indicator``; remembers it on the layer.  A
    series' trend layer gets its trend map (:mod:`.trend_map`)."""
    if layer.fields().indexOf(f"{indicator}_trend_class") >= 0:
        from .trend_map import style_trend

        return style_trend(layer, indicator)
    field = indicator_field(indicator, measure)
    if layer.fields().indexOf(field) < 0:
        raise ValueError(f"{layer.name()}: no field '{field}'")
    if min_count is None:
        min_count = int(layer.customProperty(PROP_MIN_COUNT, 5))
    status = f"{field}_status" if measure == "per1000" and layer.fields().indexOf(f"{field}_status") >= 0 else None
    # one pass for the values and whether some area has a count but no rate (its own class)
    values, no_rate = _published(layer, field, status)
    status = status if no_rate else None
    renderer = graduated_renderer(values, field, n_classes, method, palette,
                                  decimals=1 if measure == "per1000" else 0, min_count=min_count,
                                  status_field=status)
    layer.setRenderer(renderer)
    layer.setCustomProperty(PROP_CURRENT, indicator)
    name_after_map(layer, indicator, measure)
    mark_styled(layer, {"measure": measure, "n_classes": n_classes, "method": method, "palette": palette})
    layer.triggerRepaint()
    return renderer


def name_after_map(layer, indicator: str, measure: str) -> None:
    """The Layers panel says what the map shows: "uden_steun – armoede per 1,000 inhabitants"."""
    base = layer.customProperty(PROP_BASE_NAME, "")
    if base:
        what = (tr("{name} per 1,000 inhabitants") if measure == "per1000" else tr("{name}: number of {unit}"))
        layer.setName(f"{base} – " + what.format(name=display_name(indicator), unit=tr("persons")))


def relabel(layer) -> bool:
    """Give the texts of a renderer the plugin built (the hidden and no-rate classes, the
    layer's name) in the current language: a project saved under another locale kept its
    English legends. The class limits are numbers and stay. True when ``layer`` was one."""
    renderer = layer.renderer()
    if not isinstance(renderer, QgsGraduatedSymbolRenderer) or not indicators_of(layer):
        return False
    labels = missing_labels()
    for i, rg in enumerate(renderer.ranges()):
        if rg.lowerValue() == rg.upperValue() and rg.lowerValue() in labels:
            renderer.updateRangeLabel(i, labels[rg.lowerValue()])
    current = layer.customProperty(PROP_CURRENT, "")
    if current:
        name_after_map(layer, current, "per1000" if "_per1000" in renderer.classAttribute() else "n")
    return True


def mark_styled(layer, options: dict) -> None:
    """Note on ``layer`` that the plugin built its renderer now, and with which options."""
    layer.setCustomProperty(PROP_STYLED, json.dumps({"mark": SESSION_MARK, "options": options}))


def styled_options(layer, this_session: bool = True) -> Optional[dict]:
    """The options of the renderer the plugin built on ``layer`` (in this session, unless
    ``this_session`` is False), or None when its renderer came from elsewhere (a style in a
    file, a project of another session)."""
    try:
        value = json.loads(str(layer.customProperty(PROP_STYLED, "") or "{}"))
    except ValueError:
        return None
    if not isinstance(value, dict) or not isinstance(value.get("options"), dict):
        return None
    return value["options"] if value.get("mark") == SESSION_MARK or not this_session else None


def plugin_styled(layer) -> bool:
    return styled_options(layer) is not None


def published_values(layer, field: str) -> List[float]:
    """The non-NULL values of ``field`` (QGIS 3.22 returns NULL as a null QVariant).
    Reads only that attribute, no geometry: 13,594 buurten in a few milliseconds."""
    return _published(layer, field)[0]


def _published(layer, field: str, status_field: Optional[str] = None):
    """(the non-NULL values of ``field``, whether ``status_field`` marks some area as
    without a rate): one read of the two attributes, no geometry."""
    request = QgsFeatureRequest().setFlags(QgsFeatureRequest.NoGeometry)
    request.setSubsetOfAttributes([field] + ([status_field] if status_field else []), layer.fields())
    out, no_rate = [], False
    for feat in layer.getFeatures(request):
        v = feat[field]
        if is_null(v):
            no_rate = no_rate or (status_field is not None and feat[status_field] in NO_RATE_STATUS)
            continue
        out.append(float(v))
    return out, no_rate


def indicators_of(layer) -> List[str]:
    """The indicators a Steunstructuur output layer carries (empty for other layers)."""
    if layer is None or not hasattr(layer, "customProperty"):
        return []
    value = layer.customProperty(PROP_INDICATORS, "")
    if value:
        return [v for v in str(value).split(",") if v]
    return []


def mark_layer(layer, indicators: List[str], min_count: int) -> None:
    layer.setCustomProperty(PROP_INDICATORS, ",".join(indicators))
    layer.setCustomProperty(PROP_MIN_COUNT, int(min_count))


def maps_of(layer) -> List[str]:
    """What the indicator list offers for a layer: its indicators, then the stacking maps
    (persons with 2+ and 3+ indicators per 1,000) where the layer has them."""
    names = indicators_of(layer)
    if names:
        names += [s for s in STACKING if layer.fields().indexOf(f"{s}_per1000") >= 0]
    return names


def zone_description(rings) -> str:
    """What a joint part of several reach types holds (rings as
    :meth:`..core.config.AnalysisConfig.reach_zone_rings` gives them), for a tooltip."""
    parts = []
    for kind, low, high in rings:
        kind = kind.replace("_", " ")
        if low is None:
            parts.append(tr("within {d} m of a {kind}").format(d=high, kind=kind))
        elif high is None:
            parts.append(tr("farther than {d} m from every {kind}").format(d=low, kind=kind))
        else:
            parts.append(tr("{low} to {high} m from the nearest {kind}").format(low=low, high=high, kind=kind))
    return tr("everyone counted {parts}").format(parts=tr(" and ").join(parts))


def display_name(name: str) -> str:
    if name.startswith("bereik:"):  # a reach share (styling.bivariate.reach_axis)
        ind, kind, distance = name[len("bereik:"):].split(":")
        return tr("{indicator} farther than {km} km from {kind} (%)").format(
            indicator=ind, km=f"{int(distance) / 1000:g}".replace(".", ","), kind=kind.replace("_", " "))
    if name == "stapeling_2plus":
        return tr("stacking: 2 or more indicators")
    if name == "stapeling_3plus":
        return tr("stacking: 3 or more indicators")
    return name
