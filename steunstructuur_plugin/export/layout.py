"""Print layouts and map export (PDF, PNG) for a styled indicator layer.

The layout is a normal QGIS print layout: added to the project, the analyst can adjust
it in the layout designer.  It shows title, subtitle, map, legend, scale bar, north
arrow, the source line and the disclosure note.
"""

import textwrap

from qgis.core import (
    QgsLayoutExporter,
    QgsLayoutItemLabel,
    QgsLayoutItemLegend,
    QgsLayoutItemMap,
    QgsLayoutItemPicture,
    QgsLayoutItemScaleBar,
    QgsLayoutPoint,
    QgsLayoutSize,
    QgsPrintLayout,
    QgsProject,
    QgsRectangle,
    QgsRenderContext,
    QgsUnitTypes,
)
from qgis.PyQt.QtGui import QFont

from ..core.errors import SteunstructuurError
from ..i18n import tr

PAGE_SIZES = {"A4": (297, 210), "A3": (420, 297)}
#: characters per line of a legend's title (the legend is 70 mm wide)
LEGEND_TITLE_CHARS = 30
NORTH_ARROW = ":/images/north_arrows/layout_default_north_arrow.svg"  # QGIS's own north arrow



class ExportError(SteunstructuurError, RuntimeError):
    pass


def _label(layout, text, x, y, w, h, size, bold=False):
    item = QgsLayoutItemLabel(layout)
    item.setText(text)
    font = QFont("DejaVu Sans", size)
    font.setBold(bold)
    item.setFont(font)
    item.attemptMove(QgsLayoutPoint(x, y, QgsUnitTypes.LayoutMillimeters))
    item.attemptResize(QgsLayoutSize(w, h, QgsUnitTypes.LayoutMillimeters))
    layout.addLayoutItem(item)
    return item


def fit_extent(extent: QgsRectangle, ratio: float, margin: float = 1.05) -> QgsRectangle:
    """``extent`` grown by ``margin`` and widened or heightened to the width/height ``ratio``."""
    cx, cy = extent.center().x(), extent.center().y()
    w, h = extent.width() * margin, extent.height() * margin
    if w / h < ratio:
        w = h * ratio
    else:
        h = w / ratio
    return QgsRectangle(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)


def build_layout(layer, title: str, subtitle: str, source_line: str, min_count: int = 5,
                 project: QgsProject = None, name: str = None, page: str = "A4",
                 landscape: bool = True, add_to_project: bool = True, legend_title: str = "", overlays=()):
    """A print layout for ``layer`` (its current renderer; a bivariate layer's legend is its
    2-D legend image, under ``legend_title`` instead of the layer name), added to ``project``
    unless ``add_to_project`` is False.  Returns
    ``(layout, map item)``.  ``overlays``: layers drawn over ``layer`` and listed under it in
    the legend (the provisions' points)."""
    if page not in PAGE_SIZES:
        raise ExportError(f"page size '{page}': choose {' or '.join(PAGE_SIZES)}")
    if not (layer.customProperty("steunstructuur/indicators", "") or
            layer.customProperty("steunstructuur/bivariate", "")):
        raise ExportError(f"{layer.name()}: not a Steunstructuur output layer (no disclosure audit); "
                          "export refused")
    project = project or QgsProject.instance()
    layout = QgsPrintLayout(project)
    layout.initializeDefaults()
    w, h = PAGE_SIZES[page]
    if not landscape:
        w, h = h, w
    layout.pageCollection().page(0).setPageSize(QgsLayoutSize(w, h, QgsUnitTypes.LayoutMillimeters))
    layout.setName(name or title)
    m = 10
    _label(layout, title, m, m, w - 2 * m, 10, 18, bold=True).setId("title")
    _label(layout, subtitle, m, m + 10, w - 2 * m, 7, 11).setId("subtitle")
    legend_w = 70
    # landscape: legend, north arrow, scale bar and source beside the map; portrait: below it
    if landscape:
        map_w, map_h = w - 3 * m - legend_w, h - 2 * m - 32
        side = w - m - legend_w
        pos = {"legend": (side, m + 19), "north": (side, h - m - 36), "bar": (m, h - m - 12),
               "source": (side, h - m - 18)}
    else:
        map_w, map_h = w - 2 * m, h - 2 * m - 19 - 78
        below, side = m + 21 + map_h, w - m - legend_w
        pos = {"legend": (m, below), "north": (w - m - 10, below), "bar": (side, h - m - 34),
               "source": (side, h - m - 18)}

    def place(item, key):
        item.attemptMove(QgsLayoutPoint(*pos[key], QgsUnitTypes.LayoutMillimeters))

    map_item = QgsLayoutItemMap(layout)
    map_item.attemptMove(QgsLayoutPoint(m, m + 19, QgsUnitTypes.LayoutMillimeters))
    map_item.attemptResize(QgsLayoutSize(map_w, map_h, QgsUnitTypes.LayoutMillimeters))
    map_item.setLayers(list(overlays) + [layer])
    map_item.setCrs(layer.crs())
    map_item.setExtent(fit_extent(layer.extent(), map_w / map_h))
    map_item.setFrameEnabled(True)
    map_item.setId("map")
    layout.addLayoutItem(map_item)

    legend = QgsLayoutItemLegend(layout)
    legend.setTitle(tr("Legend"))
    legend.setId("legend")
    legend.setLinkedMap(map_item)
    legend.setAutoUpdateModel(False)
    root = legend.model().rootGroup()
    root.clear()
    node = root.addLayer(layer)
    if legend_title:  # wrapped to the legend's width: "stapeling ... per 1,0" ran off the page
        node.setCustomProperty("legend/title-label", "\n".join(textwrap.wrap(legend_title, LEGEND_TITLE_CHARS)))
    if layer.legendPlaceholderImage():  # the bivariate 2-D legend: QGIS fits it in the WMS legend box
        legend.setWmsLegendWidth(legend_w - 5)
        legend.setWmsLegendHeight(55)
    for overlay in overlays:
        root.addLayer(overlay)
    place(legend, "legend")
    layout.addLayoutItem(legend)

    bar = QgsLayoutItemScaleBar(layout)
    bar.setStyle("Single Box")
    bar.setLinkedMap(map_item)
    bar.setUnits(QgsUnitTypes.DistanceKilometers)
    bar.setUnitLabel("km")
    bar.setNumberOfSegments(2)
    bar.setNumberOfSegmentsLeft(0)
    bar.applyDefaultSize(QgsUnitTypes.DistanceKilometers)
    place(bar, "bar")
    layout.addLayoutItem(bar)

    north = QgsLayoutItemPicture(layout)
    north.setPicturePath(NORTH_ARROW)
    north.setLinkedMap(map_item)
    north.setNorthMode(QgsLayoutItemPicture.GridNorth)
    north.setId("north_arrow")
    place(north, "north")
    north.attemptResize(QgsLayoutSize(10, 14, QgsUnitTypes.LayoutMillimeters))
    layout.addLayoutItem(north)
    # true of every hidden value, and says of none of them that it is small
    note = tr("Some values are not shown (privacy)")
    _label(layout, f"{source_line}\n{note}", *pos["source"], legend_w, 16, 7).setId("source")
    if add_to_project:  # exporting the same map again replaces its layout
        manager = project.layoutManager()
        old = manager.layoutByName(layout.name())
        if old is not None:
            manager.removeLayout(old)
        if not manager.addLayout(layout):
            raise ExportError(f"{layout.name()}: the layout cannot be added to the project")
    return layout, map_item


def export_layout(layout: QgsPrintLayout, path: str, dpi: int = 150) -> str:
    exporter = QgsLayoutExporter(layout)
    if path.lower().endswith(".pdf"):
        settings = QgsLayoutExporter.PdfExportSettings()
        settings.dpi = dpi
        settings.rasterizeWholeImage = False
        settings.textRenderFormat = QgsRenderContext.TextFormatAlwaysText  # searchable, accessible
        status = exporter.exportToPdf(path, settings)
    elif path.lower().endswith(".svg"):
        settings = QgsLayoutExporter.SvgExportSettings()
        settings.dpi = dpi
        settings.textRenderFormat = QgsRenderContext.TextFormatAlwaysText
        status = exporter.exportToSvg(path, settings)
    else:
        settings = QgsLayoutExporter.ImageExportSettings()
        settings.dpi = dpi
        settings.exportMetadata = False  # GDAL cannot add metadata to a PNG afterwards
        status = exporter.exportToImage(path, settings)
    if status != QgsLayoutExporter.Success:
        why = exporter.errorMessage() if hasattr(exporter, "errorMessage") else status
        raise ExportError(f"{path}: export failed ({why})")
    return path
