"""Bivariate maps: two indicators in one map, styled on a ``bi_class`` field.

The layer gets ``bi_class`` as an expression field (saved in the project and in QML) and
QGIS's own categorized renderer on it: one category per class pair plus the hatched
"suppressed" category.  It works and prints without this plugin installed.

The 2-D legend is an image (PNG, drawn here with Qt) set as the layer's legend
placeholder image, so the Layers panel and print-layout legends show the grid with its
axes and the hatch entry instead of n x n separate rows.
"""

import os
import re
from typing import Optional

from qgis.core import (
    QgsCategorizedSymbolRenderer,
    QgsFeatureRequest,
    QgsField,
    QgsFillSymbol,
    QgsRendererCategory,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QRectF, Qt, QVariant
from qgis.PyQt.QtGui import QBrush, QColor, QFont, QFontMetrics, QImage, QPainter, QPen

from ..core.qvalues import is_null
from ..i18n import tr
from .bi_classes import SUPPRESSED_CLASS, bi_class_expression, bi_classes
from .choropleth import PROP_MIN_COUNT, display_name, indicator_field, mark_styled, suppressed_symbol
from .palettes import bivariate as bivariate_palette

BI_FIELD = "bi_class"
#: an axis that is a reach share: ``bereik:<indicator>:<type>:<distance>`` (:func:`reach_axis`)
REACH_AXIS = "bereik:"
_REACH_FIELD = re.compile(r"^(.+)_x_binnen_(\d+)m_(.+)_n$")
PROP_BIVARIATE = "steunstructuur/bivariate"
DEFAULT_PALETTE = "blauw-oranje"


def level_names(n: int):
    if n == 2:
        return [tr("low"), tr("high")]
    if n == 3:
        return [tr("low"), tr("middle"), tr("high")]
    return [tr("low"), tr("lower middle"), tr("upper middle"), tr("high")]


def _values(layer, fields):
    request = QgsFeatureRequest().setFlags(QgsFeatureRequest.NoGeometry)
    request.setSubsetOfAttributes(list(fields), layer.fields())
    cols = [[] for _ in fields]
    for feat in layer.getFeatures(request):
        for col, f in zip(cols, fields):
            v = feat[f]
            col.append(None if is_null(v) else float(v))
    return cols


def reach_axis(indicator: str, kind: str, distance: int) -> str:
    """The bivariate axis of an indicator's share (%) of persons farther than ``distance``
    from the nearest provision of ``kind`` (with reach: ``provisions.reach``)."""
    return f"{REACH_AXIS}{indicator}:{kind}:{int(distance)}"


def reach_axes(layer) -> list:
    """The reach axes a layer's published counts allow (its ``<ind>_x_binnen_<d>m_<type>_n``)."""
    out = []
    for name in layer.fields().names() if layer is not None else []:
        m = _REACH_FIELD.match(name)
        if m and layer.fields().indexOf(f"{m.group(1)}_n") >= 0:
            out.append(reach_axis(m.group(1), m.group(3), int(m.group(2))))
    return out


def _axis(layer, spec: str, measure: str):
    """(QGIS expression, values per feature) of an axis: an indicator's field, or a reach
    share computed from two published counts (NULL unless both are published)."""
    if spec.startswith(REACH_AXIS):
        ind, kind, distance = spec[len(REACH_AXIS):].split(":")
        total, near = f"{ind}_n", f"{ind}_x_binnen_{distance}m_{kind}_n"
        fields = (total, near)
        expression = f'CASE WHEN "{total}" > 0 THEN 100.0 * ("{total}" - "{near}") / "{total}" END'
    else:
        fields = (indicator_field(spec, measure),)
        expression = f'"{fields[0]}"'
    for f in fields:
        if layer.fields().indexOf(f) < 0:
            raise ValueError(f"{layer.name()}: no field '{f}'")
    cols = _values(layer, fields)
    if len(fields) == 1:
        return expression, cols[0]
    share = [100.0 * (t - n) / t if t is not None and n is not None and t > 0 else None for t, n in zip(*cols)]
    return expression, share


def class_label(value: str, x_ind: str, y_ind: str, n: int) -> str:
    """The legend text of a ``bi_class`` value (``"3-1"`` or the suppressed class), in the
    current language."""
    if value == SUPPRESSED_CLASS:
        return tr("not shown (privacy, or no rate)")
    names = level_names(n)
    cx, cy = (int(v) for v in value.split("-"))
    return f"{display_name(x_ind)} {names[cx - 1]}, {display_name(y_ind)} {names[cy - 1]}"


def bivariate_renderer(x_ind: str, y_ind: str, n: int, palette: str, min_count: int):
    """Categorized renderer on ``bi_class``: n x n colours and the hatched suppressed class."""
    grid = bivariate_palette(palette, n)
    categories = [QgsRendererCategory(SUPPRESSED_CLASS, suppressed_symbol(),
                                      class_label(SUPPRESSED_CLASS, x_ind, y_ind, n))]
    for cy in range(1, n + 1):
        for cx in range(1, n + 1):
            sym = QgsFillSymbol.createSimple({"color": QColor(grid[cy - 1][cx - 1]).name(),
                                              "outline_color": "90,90,90,255", "outline_width": "0.2"})
            categories.append(QgsRendererCategory(f"{cx}-{cy}", sym, class_label(f"{cx}-{cy}", x_ind, y_ind, n)))
    return QgsCategorizedSymbolRenderer(BI_FIELD, categories)


def style_bivariate(layer: QgsVectorLayer, x_ind: str, y_ind: str, n: int = 3, method: str = "quantile",
                    palette: str = DEFAULT_PALETTE, measure: str = "per1000",
                    legend_path: Optional[str] = None):
    """Style ``layer`` as a bivariate map of two indicators; returns the :class:`Bivariate`
    classes (edges and one code per feature, in feature order)."""
    if x_ind == y_ind:
        raise ValueError(tr("Choose two different indicators for a bivariate map"))
    (x_value, x), (y_value, y) = _axis(layer, x_ind, measure), _axis(layer, y_ind, measure)
    min_count = int(layer.customProperty(PROP_MIN_COUNT, 5))
    result = bi_classes(x, y, n, method)
    expression = bi_class_expression(x_value, y_value, result)
    idx = layer.fields().indexOf(BI_FIELD)
    if idx >= 0 and layer.fields().fieldOrigin(idx) == layer.fields().OriginExpression:
        layer.updateExpressionField(idx, expression)
    elif idx < 0:
        layer.addExpressionField(expression, QgsField(BI_FIELD, QVariant.String, "string", 20))
    else:
        raise ValueError(f"{layer.name()}: has a stored field '{BI_FIELD}'")
    layer.setRenderer(bivariate_renderer(x_ind, y_ind, n, palette, min_count))
    if legend_path is None:
        legend_path = default_legend_path(layer, x_ind, y_ind)
    if legend_path:
        legend_image(x_ind, y_ind, n, palette, min_count).save(legend_path)
        layer.setLegendPlaceholderImage(legend_path)
    layer.setCustomProperty(PROP_BIVARIATE, ",".join([x_ind, y_ind, str(n), method, palette, measure]))
    mark_styled(layer, {})
    layer.triggerRepaint()
    layer.emitStyleChanged()
    return result


def relabel_bivariate(layer) -> bool:
    """The bivariate layer's legend texts in the current language (see choropleth.relabel)."""
    settings = bivariate_settings(layer)
    renderer = layer.renderer() if settings else None
    if renderer is None or not isinstance(renderer, QgsCategorizedSymbolRenderer):
        return False
    for i, cat in enumerate(renderer.categories()):
        value = str(cat.value())
        if value == SUPPRESSED_CLASS or "-" in value:
            renderer.updateCategoryLabel(i, class_label(value, settings["x"], settings["y"], settings["n"]))
    return True


def bivariate_settings(layer) -> Optional[dict]:
    """The pair and options a bivariate layer was styled with (None for other layers)."""
    value = str(layer.customProperty(PROP_BIVARIATE, "") or "") if layer is not None else ""
    if not value:
        return None
    x, y, n, method, palette, measure = value.split(",")
    return {"x": x, "y": y, "n": int(n), "method": method, "palette": palette, "measure": measure}


def default_legend_path(layer, x_ind: str, y_ind: str) -> Optional[str]:
    """``<gpkg>_bivariaat_<x>_<y>.png`` next to the layer's GeoPackage (None if not a file)."""
    source = layer.source().split("|")[0]
    if not os.path.isfile(source):
        return None
    return os.path.splitext(source)[0] + f"_bivariaat_{file_part(x_ind)}_{file_part(y_ind)}.png"


def file_part(axis: str) -> str:
    """An axis as part of a file name (a reach axis has ':', which Windows refuses)."""
    return axis.replace(REACH_AXIS, "bereik_").replace(":", "_")


def legend_image(x_ind: str, y_ind: str, n: int = 3, palette: str = DEFAULT_PALETTE,
                 min_count: int = 5, cell: int = 36) -> QImage:
    """The 2-D legend: the colour grid with an arrow and name per indicator, and the
    hatch entry for suppressed areas."""
    grid = bivariate_palette(palette, n)
    side = cell * n
    left, top, bottom = 44, 12, 92
    font = QFont("DejaVu Sans")
    font.setPixelSize(13)
    note = class_label(SUPPRESSED_CLASS, x_ind, y_ind, n)
    metrics = QFontMetrics(font)
    x_text, y_text = f"{display_name(x_ind)} →", f"{display_name(y_ind)} →"
    # a long second name (a reach share) in two lines along the grid: it ran off the image
    y_lines = min(3, -(-metrics.horizontalAdvance(y_text) // (side + top - 24)))
    left += 17 * (y_lines - 1)
    text_w = max(metrics.horizontalAdvance(note) + 36, metrics.horizontalAdvance(x_text), side)
    width, height = left + text_w + 12, top + side + bottom
    img = QImage(width, height, QImage.Format_ARGB32)
    img.setDotsPerMeterX(3937)  # 100 dpi: about 65 mm wide in a print-layout legend
    img.setDotsPerMeterY(3937)
    img.fill(QColor(255, 255, 255, 0))
    p = QPainter(img)
    p.setRenderHint(QPainter.Antialiasing)
    p.setFont(font)
    pen = QPen(QColor(60, 60, 60))
    pen.setWidth(1)
    for cy in range(n):
        for cx in range(n):
            rect = QRectF(left + cx * cell, top + (n - 1 - cy) * cell, cell, cell)
            p.fillRect(rect, QColor(grid[cy][cx]))
    p.setPen(pen)
    p.drawRect(QRectF(left, top, side, side))
    # x axis: first indicator, increasing to the right
    y_axis = top + side + 8
    p.drawLine(left, y_axis, left + side, y_axis)
    p.drawLine(left + side, y_axis, left + side - 6, y_axis - 4)
    p.drawLine(left + side, y_axis, left + side - 6, y_axis + 4)
    p.drawText(QRectF(left, y_axis + 4, width - left, 20), Qt.AlignLeft, x_text)
    # y axis: second indicator, increasing upwards
    x_axis = left - 8
    p.drawLine(x_axis, top + side, x_axis, top)
    p.drawLine(x_axis, top, x_axis - 4, top + 6)
    p.drawLine(x_axis, top, x_axis + 4, top + 6)
    p.save()
    p.translate(x_axis - 6, top + side)
    p.rotate(-90)
    p.drawText(QRectF(0, -18 - 17 * (y_lines - 1), side + top, 20 + 17 * (y_lines - 1)),
               Qt.AlignLeft | Qt.AlignBottom | Qt.TextWordWrap, y_text)
    p.restore()
    # suppressed: the same neutral hatch as on the map
    swatch = QRectF(left, top + side + 40, 28, 20)
    p.fillRect(swatch, QColor(255, 255, 255))
    p.fillRect(swatch, QBrush(QColor(140, 140, 140), Qt.BDiagPattern))
    p.drawRect(swatch)
    p.drawText(QRectF(left + 36, top + side + 40, width - left - 36, 44), Qt.TextWordWrap, note)
    p.end()
    return img
