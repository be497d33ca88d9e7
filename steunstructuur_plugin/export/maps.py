"""Map export: one map, a batch of maps in one multi-page PDF (or one file per map), and
an atlas with one page per wijk.

Every export starts with the disclosure audit of the GeoPackage behind the layer (from
what it publishes alone) and refuses to run when it fails.  Layouts are ordinary QGIS
print layouts; rendering happens in the main thread (QGIS's layout rendering needs it),
with a ``QgsFeedback`` for progress and cancel.
"""

import datetime
import os
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from typing import List, Optional, Sequence, Tuple

from qgis.core import QgsFeedback, QgsLayoutExporter, QgsProject, QgsRenderContext, QgsVectorLayer
from qgis.PyQt.QtCore import QMarginsF, QSizeF
from qgis.PyQt.QtGui import QPageSize, QPainter, QPdfWriter

from ..core.config import AnalysisConfig
from ..core.errors import SteunstructuurError
from ..core.pipeline import audit_file
from ..core.publish.geopackage import read_metadata
from ..core.publish.replace import Replacing
from ..core.publish.seal import content_seal, seal_secret, structure_problems
from ..i18n import tr
from ..styling.bivariate import bivariate_settings, style_bivariate
from ..styling.choropleth import (
    PROP_CURRENT,
    PROP_MIN_COUNT,
    display_name,
    maps_of,
    mark_layer,
    plugin_styled,
    style_indicator,
    styled_options,
)
from ..styling.layers import output_layer
from ..styling.provisions import PROP_PROVISIONS, provisions_layer, style_provisions
from .layout import ExportError, build_layout, export_layout

FORMATS = (".pdf", ".png", ".svg")
_AUDITED = set()  # the seals of the contents that passed the audit in this session


@dataclass
class MapTexts:
    title: str
    subtitle: str
    source_line: str
    min_count: int
    legend: str = ""  # the legend's heading for the map layer: what the colours show


def gpkg_of(layer) -> str:
    return layer.source().split("|")[0]


def is_audited(gpkg: str) -> bool:
    """Whether ``gpkg``, as it is on disk now (its content, not its size or time),
    passed the audit in this session."""
    return (os.path.isfile(gpkg) and not structure_problems(gpkg)  # a table added leaves the content as it was
            and content_seal(gpkg, seal_secret()) in _AUDITED)


def mark_audited(seal: str) -> None:
    """Record that the content with this ``seal`` (:mod:`..core.publish.seal`) passed the audit
    (the run that wrote it audited it, or an audit ran in a background task); any change
    to a file's content gives it another seal."""
    _AUDITED.add(seal)


def require_audit(gpkg: str) -> None:
    """Refuse unless the GeoPackage is sealed as written, explains every column and passes
    the disclosure audit from what it publishes."""
    if not os.path.isfile(gpkg):
        raise ExportError(tr("{path}: not a Steunstructuur GeoPackage; export refused").format(path=gpkg))
    if is_audited(gpkg):
        return
    try:
        result, _cfg, _text = audit_file(gpkg)
    except (SteunstructuurError, ValueError, RuntimeError, OSError) as exc:
        raise ExportError(tr("{path}: cannot be audited ({error}); export refused").format(path=gpkg, error=exc))
    if result.problems:
        raise ExportError(tr("{path}: {problem}; export refused").format(path=gpkg, problem=result.problems[0]))
    if not result.ok:
        raise ExportError(tr("{path}: fails the disclosure audit for {n} cells; export refused").format(
            path=gpkg, n=len(result.failures)))
    mark_audited(result.content_seal)


def require_layer(layer) -> None:
    """Refuse a layer whose map would not show what its audited file publishes: one with
    unsaved edits (QGIS draws the edit buffer, not the file).  A renderer the plugin did
    not build in this session (a style from a file or an older project: its legend text
    and classes could say anything) is rebuilt by the plugin first, with the options it
    was made with."""
    if layer.isModified():
        raise ExportError(tr("{layer}: has unsaved edits; export refused").format(layer=layer.name()))
    if plugin_styled(layer):
        return
    bi = bivariate_settings(layer)
    try:
        if bi:
            style_bivariate(layer, bi["x"], bi["y"], n=bi["n"], method=bi["method"], palette=bi["palette"],
                            measure=bi["measure"])
        else:
            names = maps_of(layer)
            current = layer.customProperty(PROP_CURRENT, "")
            options = styled_options(layer, this_session=False) or {}
            options = {k: options[k] for k in ("measure", "n_classes", "method", "palette") if k in options}
            style_indicator(layer, current if current in names else names[0], **options)
    except (ValueError, IndexError, TypeError) as exc:
        raise ExportError(tr("{layer}: cannot be drawn by the plugin ({error}); export refused").format(
            layer=layer.name(), error=exc))


@contextmanager
def _only_the_plugins_drawing(layer):
    """Labels and diagrams off while exporting (the plugin's maps use neither; a style
    could print any text with them); they come back afterwards."""
    labels = layer.labelsEnabled()
    renderer = layer.diagramRenderer().clone() if layer.diagramRenderer() is not None else None
    layer.setLabelsEnabled(False)
    layer.setDiagramRenderer(None)
    try:
        yield
    finally:
        layer.setLabelsEnabled(labels)
        if renderer is not None:
            layer.setDiagramRenderer(renderer)


def _config(gpkg: str) -> Optional[AnalysisConfig]:
    try:
        meta = read_metadata(gpkg)
        return AnalysisConfig.from_dict(meta["configuration"], origin=gpkg)
    except (ValueError, KeyError, RuntimeError):
        return None


def _date_nl(iso: str) -> str:
    months = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
              "oktober", "november", "december"]
    d = datetime.date.fromisoformat(iso)
    return f"{d.day} {months[d.month - 1]} {d.year}"


def map_texts(layer, name: str, measure: str = "per1000", pair: Optional[Tuple[str, str]] = None) -> MapTexts:
    """Title, subtitle (map, unit, reference date) and source line from the GeoPackage's
    metadata: the configuration's title, gemeente and peildatum."""
    cfg = _config(gpkg_of(layer))
    title = cfg.title if cfg else "Steunstructuur"
    gemeente = cfg.gemeente if cfg else ""
    date = cfg.source.reference_date if cfg and cfg.source.reference_date else ""
    date_text = _date_nl(date) if date else ""
    unit = tr("households") if cfg and cfg.unit == "households" else tr("persons")
    if pair:
        what = f"{display_name(pair[0])} × {display_name(pair[1])}"
        subtitle = tr("{x} and {y} together, per buurt").format(x=display_name(pair[0]), y=display_name(pair[1]))
    else:
        what = display_name(name)
        subtitle = (tr("{name}, {unit} per 1,000 inhabitants, per buurt") if measure == "per1000"
                    else tr("{name}, number of {unit}, per buurt")).format(name=what, unit=unit)
    if date_text:
        subtitle += ", " + tr("reference date {date}").format(date=date_text)
    source = tr("Source: gemeente {g} registrations {date}; CBS, Kadaster/PDOK").format(
        g=gemeente, date=date_text).replace("  ", " ").replace(" ;", ";")
    if pair:
        legend = what
    elif measure == "per1000":
        legend = tr("{name} per 1,000 inhabitants").format(name=what)
    else:
        legend = tr("{name}: number of {unit}").format(name=what, unit=unit)
    return MapTexts(f"{title}: {what}", subtitle, source, int(layer.customProperty(PROP_MIN_COUNT, 5)), legend)


def _layout_for(layer, texts: MapTexts, page: str, landscape: bool, add_to_project: bool, project=None):
    """``(layout, map item)`` for ``layer`` with the texts of one map."""
    # the file's provisions over the map: a layout kept in the project draws a layer the
    # project holds; a layout of one export (perhaps in Processing's thread) holds its own
    points = provisions_overlay(gpkg_of(layer), project) if add_to_project else provisions_layer(gpkg_of(layer))
    layout, map_item = build_layout(layer, title=texts.title, subtitle=texts.subtitle, source_line=texts.source_line,
                                    min_count=texts.min_count, project=project, name=texts.title, page=page,
                                    landscape=landscape, add_to_project=add_to_project, legend_title=texts.legend,
                                    overlays=[points] if points is not None else [])
    layout.steunstructuur_overlays = [points]  # alive as long as the layout
    return layout, map_item


def provisions_overlay(gpkg: str, project: QgsProject = None):
    """The provisions of ``gpkg`` for a layout (None when the file has none), drawn by the
    plugin: the project's layer of them (restyled), or a new one the project holds without
    showing it in the layer tree, so that it lives as long as the layouts that draw it."""
    project = project or QgsProject.instance()
    for lyr in project.mapLayers().values():
        if lyr.customProperty(PROP_PROVISIONS, False) and os.path.abspath(gpkg_of(lyr)) == os.path.abspath(gpkg) \
                and lyr.isValid():
            return style_provisions(lyr)
    points = provisions_layer(gpkg)
    if points is not None:
        project.addMapLayer(points, False)
    return points


def export_map(layer, path: str, page: str = "A4", landscape: bool = True, dpi: int = 150,
               project: QgsProject = None, measure: str = "per1000") -> str:
    """Export ``layer`` as it is styled now (an indicator map or a bivariate layer) to PDF,
    PNG or SVG; the layout is added to the project for the layout designer."""
    _check_format(path)
    require_audit(gpkg_of(layer))
    bi = bivariate_settings(layer)
    if bi:
        texts = map_texts(layer, "", pair=(bi["x"], bi["y"]))
    else:
        texts = map_texts(layer, layer.customProperty(PROP_CURRENT, ""), measure)
    require_layer(layer)
    layout, _map = _layout_for(layer, texts, page, landscape, True, project)
    with _only_the_plugins_drawing(layer):
        return export_layout(layout, path, dpi)


def _check_format(path: str) -> None:
    if os.path.splitext(path)[1].lower() not in FORMATS:
        raise ExportError(tr("{path}: choose a .pdf, .png or .svg file").format(path=path))


def _pdf_pages(layouts, path: str, dpi: int, feedback: QgsFeedback, title: str) -> int:
    """Render the first page of each layout into one PDF; returns the number of pages."""
    writer = QPdfWriter(path)
    writer.setResolution(dpi)
    writer.setCreator("Steunstructuur (QGIS)")
    writer.setTitle(title)
    painter = None
    n = 0
    try:
        for layout in layouts:  # a generator: the layer is restyled between pages
            if feedback.isCanceled():
                break
            size = layout.pageCollection().page(0).pageSize()
            writer.setPageSize(QPageSize(QSizeF(size.width(), size.height()), QPageSize.Millimeter))
            writer.setPageMargins(QMarginsF(0, 0, 0, 0))
            if painter is None:
                painter = QPainter(writer)
            else:
                writer.newPage()
            layout.renderContext().setDpi(dpi)
            layout.renderContext().setTextRenderFormat(QgsRenderContext.TextFormatAlwaysText)
            QgsLayoutExporter(layout).renderPage(painter, 0)
            n += 1
    finally:
        if painter is not None:
            painter.end()
    return n


@contextmanager
def _style_kept(layer):
    """Restyle ``layer`` freely inside; its renderer, current map and name come back afterwards."""
    renderer, current, name = layer.renderer().clone(), layer.customProperty(PROP_CURRENT, ""), layer.name()
    try:
        yield
    finally:
        layer.setRenderer(renderer)
        layer.setCustomProperty(PROP_CURRENT, current)
        layer.setName(name)
        layer.triggerRepaint()


def configured_pairs(layer) -> List[Tuple[str, str]]:
    """The overlap pairs of the layer's configuration (e.g. armoede x jeugd): the bivariate
    maps a batch makes by default."""
    cfg = _config(gpkg_of(layer))
    return [tuple(p) for p in cfg.overlaps] if cfg else []


def export_batch(layer, path: str, maps: Optional[Sequence[str]] = None,
                 pairs: Optional[Sequence[Tuple[str, str]]] = None, page: str = "A4", landscape: bool = True,
                 dpi: int = 150, one_file_per_map: bool = False, measure: str = "per1000",
                 feedback: Optional[QgsFeedback] = None) -> List[str]:
    """Every map (default: every indicator and stacking map) and every bivariate pair
    (default: the configured overlap pairs).

    ``path`` ending in ``.pdf`` without ``one_file_per_map``: one multi-page PDF, one page
    per map.  Otherwise one file per map, ``<stem>_<map>.<ext>``.  The layer's style is
    restored afterwards.  Returns the files written; on cancel, nothing is left behind."""
    _check_format(path)
    feedback = feedback or QgsFeedback()
    require_audit(gpkg_of(layer))
    require_layer(layer)
    maps = list(maps) if maps is not None else maps_of(layer)
    pairs = list(pairs) if pairs is not None else configured_pairs(layer)
    unknown = [m for m in maps if m not in maps_of(layer)]
    if unknown:
        raise ExportError(tr("{layer}: no map '{name}'").format(layer=layer.name(), name=unknown[0]))
    stem, ext = os.path.splitext(path)
    bi_layer = None
    if pairs:  # a private layer on the same table: the project is not touched
        bi_layer = output_layer(layer.source(), "bivariaat")
        bi_layer.setCustomProperty(PROP_MIN_COUNT, layer.customProperty(PROP_MIN_COUNT, 5))
    jobs = [(m, None) for m in maps] + [(f"bivariaat_{x}_{y}", (x, y)) for x, y in pairs]
    total = max(len(jobs), 1)

    # the bivariate maps' 2-D legends are drawn into each page: their images are only
    # needed while the pages are made (they were left beside the PDF)
    legends = tempfile.TemporaryDirectory(prefix="steunstructuur_legends_")

    def layouts(files):
        for i, (name, pair) in enumerate(jobs):
            feedback.setProgress(100.0 * i / total)
            if pair:
                legend = os.path.join(legends.name, f"bivariaat_{pair[0]}_{pair[1]}.png")
                style_bivariate(bi_layer, pair[0], pair[1], legend_path=legend, measure=measure)
                target, texts = bi_layer, map_texts(bi_layer, "", pair=pair)
            else:
                style_indicator(layer, name, measure=measure)
                target, texts = layer, map_texts(layer, name, measure)
            yield name, _layout_for(target, texts, page, landscape, False)[0]

    # every file goes to a temporary name first: a cancel or an error leaves earlier ones as they were
    with legends, _style_kept(layer), _only_the_plugins_drawing(layer), Replacing() as files:
        if ext.lower() == ".pdf" and not one_file_per_map:
            pdf = files.path(path)
            n = _pdf_pages((lay for _name, lay in layouts(files)), pdf, dpi, feedback,
                           map_texts(layer, "", measure).title.split(":")[0])
            if n != len(jobs) and not feedback.isCanceled():
                raise ExportError(tr("{path}: {n} of {total} pages written").format(path=path, n=n, total=len(jobs)))
        else:
            for name, lay in layouts(files):
                if feedback.isCanceled():
                    break
                export_layout(lay, files.path(f"{stem}_{name}{ext}"), dpi)
        if feedback.isCanceled():
            return []
        written = files.commit()
    feedback.setProgress(100.0)
    return written


def export_atlas(layer, path: str, name: Optional[str] = None, page: str = "A4", landscape: bool = True,
                 dpi: int = 150, measure: str = "per1000", feedback: Optional[QgsFeedback] = None) -> str:
    """One PDF page per wijk (the GeoPackage's ``wijk`` layer drives a QGIS atlas): the
    map zoomed to the wijk, its name in the title; class breaks stay those of the gemeente,
    so the pages can be compared."""
    if not path.lower().endswith(".pdf"):
        raise ExportError(tr("{path}: an atlas is written as one PDF").format(path=path))
    feedback = feedback or QgsFeedback()
    gpkg = gpkg_of(layer)
    require_audit(gpkg)
    require_layer(layer)
    wijk = output_layer(f"{gpkg}|layername=wijk", "wijk")
    if not wijk.isValid():
        raise ExportError(tr("{path}: no wijk layer").format(path=gpkg))
    name = name or layer.customProperty(PROP_CURRENT, "") or maps_of(layer)[0]
    with _style_kept(layer), _only_the_plugins_drawing(layer):
        style_indicator(layer, name, measure=measure)
        texts = map_texts(layer, name, measure)
        texts.title = texts.title + " – " + tr("wijk") + ' [% if(coalesce("name", \'\') = \'\', "code", "name") %]'
        layout, map_item = _layout_for(layer, texts, page, landscape, False)
        outline = wijk_outline(gpkg)  # the page's own wijk, drawn over the buurten
        map_item.setLayers([outline] + map_item.layers())
        atlas = layout.atlas()
        atlas.setCoverageLayer(wijk)
        atlas.setSortFeatures(True)
        atlas.setSortExpression('"code"')
        atlas.setEnabled(True)
        map_item.setAtlasDriven(True)
        map_item.setAtlasScalingMode(map_item.Auto)
        map_item.setAtlasMargin(0.1)
        settings = QgsLayoutExporter.PdfExportSettings()
        settings.dpi = dpi
        settings.textRenderFormat = QgsRenderContext.TextFormatAlwaysText
        result, error = QgsLayoutExporter.exportToPdf(atlas, path, settings, feedback)
    if feedback.isCanceled():
        if os.path.exists(path):
            os.remove(path)
        return ""
    if result != QgsLayoutExporter.Success:
        raise ExportError(f"{path}: {error}")
    return path


def wijk_outline(gpkg: str) -> QgsVectorLayer:
    """The GeoPackage's wijk layer drawn as the outline of the atlas page's wijk only
    (a thick navy line, no fill): the pages did not show which wijk they were about."""
    from qgis.core import QgsFillSymbol, QgsRuleBasedRenderer

    outline = output_layer(f"{gpkg}|layername=wijk", "wijk")
    symbol = QgsFillSymbol.createSimple({"style": "no", "outline_color": "25,40,110,255", "outline_width": "0.8"})
    root = QgsRuleBasedRenderer.Rule(None)
    root.appendChild(QgsRuleBasedRenderer.Rule(symbol, 0, 0, "@atlas_featureid = $id", tr("wijk")))
    outline.setRenderer(QgsRuleBasedRenderer(root))
    return outline


def open_output_layer(gpkg: str, level: str = "buurt") -> QgsVectorLayer:
    """The ``level`` layer of an output GeoPackage, marked with its indicators (for
    Processing and scripts, which start from the file rather than a project layer)."""
    layer = output_layer(f"{gpkg}|layername={level}", f"Steunstructuur {level}")
    if not layer.isValid():
        raise ExportError(tr("{path}: not a Steunstructuur GeoPackage; export refused").format(path=gpkg))
    cfg = _config(gpkg)
    if cfg is None:
        raise ExportError(tr("{path}: not a Steunstructuur GeoPackage; export refused").format(path=gpkg))
    mark_layer(layer, cfg.map_indicators(), int(cfg.disclosure.min_count))
    style_indicator(layer, cfg.map_indicators()[0])
    return layer
