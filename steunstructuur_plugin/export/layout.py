"""Print layouts and map export (PDF, PNG) for a styled indicator layer.

The layout is a normal QGIS print layout: added to the project, the analyst can adjust
it in the layout designer.  It shows title, subtitle, map, legend, scale bar, north
arrow, the source line and the disclosure note.
"""

from qgis.core import (
    QgsLayoutExporter,
    QgsLayoutItemLabel,
    QgsLayoutItemLegend,
    QgsLayoutItemMap,
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

from ..i18n import tr

PAGE_SIZES = {"A4": (297, 210), "A3": (420, 297)}



class ExportError(RuntimeError):
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
                 landscape: bool = True) -> QgsPrintLayout:
    """A print layout for ``layer`` (its current renderer), added to ``project``."""
    if layer.customProperty("steunstructuur/indicators", "") == "":
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
    _label(layout, title, m, m, w - 2 * m, 10, 18, bold=True)
    _label(layout, subtitle, m, m + 10, w - 2 * m, 7, 11)
    legend_w = 70
    map_item = QgsLayoutItemMap(layout)
    map_w, map_h = w - 3 * m - legend_w, h - 2 * m - 32
    map_item.attemptMove(QgsLayoutPoint(m, m + 19, QgsUnitTypes.LayoutMillimeters))
    map_item.attemptResize(QgsLayoutSize(map_w, map_h, QgsUnitTypes.LayoutMillimeters))
    map_item.setLayers([layer])
    map_item.setCrs(layer.crs())
    map_item.setExtent(fit_extent(layer.extent(), map_w / map_h))
    map_item.setFrameEnabled(True)
    layout.addLayoutItem(map_item)

    legend = QgsLayoutItemLegend(layout)
    legend.setTitle(tr("Legend"))
    legend.setLinkedMap(map_item)
    legend.setAutoUpdateModel(False)
    root = legend.model().rootGroup()
    root.clear()
    root.addLayer(layer)
    legend.attemptMove(QgsLayoutPoint(w - m - legend_w, m + 19, QgsUnitTypes.LayoutMillimeters))
    layout.addLayoutItem(legend)

    bar = QgsLayoutItemScaleBar(layout)
    bar.setStyle("Single Box")
    bar.setLinkedMap(map_item)
    bar.setUnits(QgsUnitTypes.DistanceKilometers)
    bar.setUnitLabel("km")
    bar.setNumberOfSegments(2)
    bar.setNumberOfSegmentsLeft(0)
    bar.applyDefaultSize(QgsUnitTypes.DistanceKilometers)
    bar.attemptMove(QgsLayoutPoint(m, h - m - 12, QgsUnitTypes.LayoutMillimeters))
    layout.addLayoutItem(bar)

    north = _label(layout, "N ↑", w - m - legend_w, h - m - 30, 20, 10, 14, bold=True)
    north.setId("north_arrow")
    note = tr("Areas with fewer than {n} persons are not shown").format(n=min_count)
    _label(layout, f"{source_line}\n{note}", w - m - legend_w, h - m - 18, legend_w, 16, 7)
    project.layoutManager().addLayout(layout)
    return layout


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
        status = exporter.exportToImage(path, settings)
    if status != QgsLayoutExporter.Success:
        raise ExportError(f"{path}: export failed ({exporter.errorMessage() if hasattr(exporter, 'errorMessage') else status})")
    return path
