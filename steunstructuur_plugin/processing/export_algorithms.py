"""``steunstructuur:export_map``, ``steunstructuur:export_data`` and
``steunstructuur:trend_chart``: maps, tables and charts for partners, from an audited
Steunstructuur GeoPackage only."""

import os

from qgis.core import (
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
)

from ..core.count.aggregate import DIVISION
from ..core.errors import SteunstructuurError
from ..export.chart import export_trend_chart
from ..export.data import export_data
from ..export.layout import PAGE_SIZES
from ..export.maps import configured_pairs, export_atlas, export_batch, open_output_layer
from ..styling.choropleth import maps_of
from .base import SteunstructuurAlgorithm

PAGES = list(PAGE_SIZES)


def _gpkg_parameter(alg):
    return QgsProcessingParameterFile(alg.INPUT, alg.tr("Steunstructuur GeoPackage"),
                                      behavior=QgsProcessingParameterFile.File, fileFilter="GeoPackage (*.gpkg)")


class ExportMapAlgorithm(SteunstructuurAlgorithm):
    INPUT, MAPS, PAIRS, PAGE, PORTRAIT, DPI, ATLAS, SEPARATE, OUTPUT = (
        "INPUT", "MAPS", "PAIRS", "PAGE", "PORTRAIT", "DPI", "ATLAS", "SEPARATE", "OUTPUT")

    def name(self):
        return "export_map"

    def displayName(self):
        return self.tr("Export maps of a Steunstructuur GeoPackage")

    def flags(self):  # print layouts render in the main thread
        return super().flags() | QgsProcessingAlgorithm.FlagNoThreading

    def shortHelpString(self):
        return self.tr(
            "Exports print layouts (title, subtitle, map, legend, scale bar, north arrow, source line and the "
            "disclosure note) as PDF, PNG or SVG. MAPS: indicator or stacking maps separated by commas (empty: "
            "all). PAIRS: bivariate maps as x:y separated by commas, e.g. armoede:jeugd (empty: the configured "
            "overlap pairs). With a .pdf output all maps go into one multi-page PDF unless 'one file per map' is "
            "set; PNG and SVG always give one file per map. ATLAS: one page per wijk for the first map. Refuses "
            "a file that fails the disclosure audit.")

    def initAlgorithm(self, config=None):
        self.addParameter(_gpkg_parameter(self))
        self.addParameter(QgsProcessingParameterString(self.MAPS, self.tr("Maps (comma separated; empty: all)"),
                                                       defaultValue="", optional=True))
        self.addParameter(QgsProcessingParameterString(self.PAIRS, self.tr("Bivariate pairs (x:y, comma separated)"),
                                                       defaultValue="", optional=True))
        self.addParameter(QgsProcessingParameterEnum(self.PAGE, self.tr("Page size"), options=PAGES, defaultValue=0))
        self.addParameter(QgsProcessingParameterBoolean(self.PORTRAIT, self.tr("Portrait"), defaultValue=False))
        self.addParameter(QgsProcessingParameterNumber(self.DPI, self.tr("Resolution (dpi)"), minValue=72,
                                                       maxValue=600, defaultValue=150))
        self.addParameter(QgsProcessingParameterBoolean(self.ATLAS, self.tr("Atlas: one page per wijk"),
                                                        defaultValue=False))
        self.addParameter(QgsProcessingParameterBoolean(self.SEPARATE, self.tr("One file per map"),
                                                        defaultValue=False))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.OUTPUT, self.tr("Output"), fileFilter="PDF (*.pdf);;PNG (*.png);;SVG (*.svg)"))
        self.addOutput(QgsProcessingOutputString("FILES", self.tr("Files written (separated by ;)")))
        self.addOutput(QgsProcessingOutputNumber("MAPS_WRITTEN", self.tr("Maps written (pages or files)")))

    def processAlgorithm(self, parameters, context, feedback):
        gpkg = self.parameterAsFile(parameters, self.INPUT, context)
        out = self.parameterAsFileOutput(parameters, self.OUTPUT, context)
        maps = [m.strip() for m in self.parameterAsString(parameters, self.MAPS, context).split(",") if m.strip()]
        pairs = []
        for p in self.parameterAsString(parameters, self.PAIRS, context).split(","):
            if p.strip():
                if p.count(":") != 1:
                    raise QgsProcessingException(self.tr("Bivariate pair '{p}': write it as x:y").format(p=p))
                pairs.append(tuple(v.strip() for v in p.split(":")))
        page = PAGES[self.parameterAsEnum(parameters, self.PAGE, context)]
        landscape = not self.parameterAsBool(parameters, self.PORTRAIT, context)
        dpi = self.parameterAsInt(parameters, self.DPI, context)
        try:
            layer = open_output_layer(gpkg)
            if self.parameterAsBool(parameters, self.ATLAS, context):
                files = [export_atlas(layer, out, maps[0] if maps else None, page, landscape, dpi,
                                      feedback=feedback)]
            else:
                pairs = pairs or configured_pairs(layer)
                files = export_batch(layer, out, maps or None, pairs, page, landscape, dpi,
                                     one_file_per_map=self.parameterAsBool(parameters, self.SEPARATE, context),
                                     feedback=feedback)
        except SteunstructuurError as exc:
            raise QgsProcessingException(str(exc)) from None
        files = [f for f in files if f]
        for f in files:
            feedback.pushInfo(f)
        if not files:
            maps_written = 0
        elif self.parameterAsBool(parameters, self.ATLAS, context):
            maps_written = 1
        else:
            maps_written = len(maps or maps_of(layer)) + len(pairs)
        return {"FILES": ";".join(files), "MAPS_WRITTEN": maps_written, self.OUTPUT: out}


class ExportDataAlgorithm(SteunstructuurAlgorithm):
    INPUT, OUTPUT = "INPUT", "OUTPUT"

    def name(self):
        return "export_data"

    def displayName(self):
        return self.tr("Export the safe tables of a Steunstructuur GeoPackage")

    def shortHelpString(self):
        return self.tr(
            "Writes the published buurt, wijk and gemeente figures with their status columns and the metadata: "
            "GeoPackage (with the map styles stored inside), CSV (one file per level, semicolon, decimal comma) "
            "or Excel. Only what passed the disclosure audit: a file that fails is refused.")

    def initAlgorithm(self, config=None):
        self.addParameter(_gpkg_parameter(self))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.OUTPUT, self.tr("Output"), fileFilter="GeoPackage (*.gpkg);;CSV (*.csv);;Excel (*.xlsx)"))
        self.addOutput(QgsProcessingOutputString("FILES", self.tr("Files written (separated by ;)")))

    def processAlgorithm(self, parameters, context, feedback):
        gpkg = self.parameterAsFile(parameters, self.INPUT, context)
        out = self.parameterAsFileOutput(parameters, self.OUTPUT, context)
        try:
            files = export_data(gpkg, out)
        except SteunstructuurError as exc:
            raise QgsProcessingException(str(exc)) from None
        for f in files:
            feedback.pushInfo(os.path.basename(f))
        return {"FILES": ";".join(files), self.OUTPUT: out}


class TrendChartAlgorithm(SteunstructuurAlgorithm):
    INPUT, LEVEL, CODE, MAP, OUTPUT = "INPUT", "LEVEL", "CODE", "MAP", "OUTPUT"
    LEVELS = ("buurt", "wijk", "gemeente", DIVISION)

    def name(self):
        return "trend_chart"

    def displayName(self):
        return self.tr("Trend chart of an area over a series of peildata")

    def shortHelpString(self):
        return self.tr(
            "A line chart of one area's published rate per 1,000 inhabitants at each peildatum of a series, with "
            "its gemeente as reference line and the trend in the subtitle; a peildatum whose rate is not published "
            "is a gap. PNG, SVG or PDF. Refuses a file that fails the disclosure audit.")

    def initAlgorithm(self, config=None):
        self.addParameter(_gpkg_parameter(self))
        self.addParameter(QgsProcessingParameterEnum(self.LEVEL, self.tr("Level"), options=list(self.LEVELS),
                                                     defaultValue=0))
        self.addParameter(QgsProcessingParameterString(self.CODE, self.tr("Area code (e.g. BU01680001)")))
        self.addParameter(QgsProcessingParameterString(self.MAP, self.tr("Map (indicator, theme or expression)")))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.OUTPUT, self.tr("Output"), fileFilter="PNG (*.png);;SVG (*.svg);;PDF (*.pdf)"))

    def processAlgorithm(self, parameters, context, feedback):
        gpkg = self.parameterAsFile(parameters, self.INPUT, context)
        out = self.parameterAsFileOutput(parameters, self.OUTPUT, context)
        level = self.LEVELS[self.parameterAsEnum(parameters, self.LEVEL, context)]
        try:
            export_trend_chart(gpkg, level, self.parameterAsString(parameters, self.CODE, context).strip(),
                               self.parameterAsString(parameters, self.MAP, context).strip(), out)
        except SteunstructuurError as exc:
            raise QgsProcessingException(str(exc)) from None
        return {self.OUTPUT: out}
