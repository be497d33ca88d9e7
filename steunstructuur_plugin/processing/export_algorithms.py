"""``steunstructuur:export_map``, ``export_data``, ``trend_chart`` and ``pilot``: maps,
tables and charts for partners, from an audited Steunstructuur GeoPackage only."""

import math
import os

from qgis.core import (
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterField,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
    QgsProcessingParameterVectorLayer,
)

from ..core.count.aggregate import DIVISION
from ..core.errors import SteunstructuurError
from ..export.chart import export_pilot, export_trend_chart, pilot_line
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
        except (SteunstructuurError, OSError) as exc:
            raise QgsProcessingException(str(exc)) from None
        return {self.OUTPUT: out}


class PilotAlgorithm(SteunstructuurAlgorithm):
    INPUT, LEVEL, INTERVENTION, CONTROL, GROUP_LAYER, CODE_FIELD, GROUP_FIELD, BEFORE, AFTER, MAP, OUTPUT = (
        "INPUT", "LEVEL", "INTERVENTION", "CONTROL", "GROUP_LAYER", "CODE_FIELD", "GROUP_FIELD", "BEFORE", "AFTER",
        "MAP", "OUTPUT")

    def name(self):
        return "pilot"

    def displayName(self):
        return self.tr("Evaluate a pilot: difference in differences over a series of peildata")

    def shortHelpString(self):
        return self.tr(
            "The difference in differences of a map's published rate between a peildatum BEFORE and one AFTER: "
            "the mean change of the intervention areas minus that of the control areas, with a 95 % interval and "
            "p-value from a permutation test over the areas. The groups: INTERVENTION and CONTROL (area codes "
            "separated by commas), or a GROUP_LAYER whose GROUP_FIELD says 'intervention'/'interventie' or "
            "'control'/'controle' per area (its CODE_FIELD). Writes a chart with its table (PNG, SVG or PDF) and "
            "the table as CSV beside it. Only published rates are used; a file that fails the audit is refused.")

    def initAlgorithm(self, config=None):
        self.addParameter(_gpkg_parameter(self))
        self.addParameter(QgsProcessingParameterEnum(self.LEVEL, self.tr("Level"),
                                                     options=list(TrendChartAlgorithm.LEVELS), defaultValue=0))
        for key, label in ((self.INTERVENTION, self.tr("Intervention areas (codes separated by commas)")),
                           (self.CONTROL, self.tr("Control areas (codes separated by commas)"))):
            self.addParameter(QgsProcessingParameterString(key, label, defaultValue="", optional=True))
        self.addParameter(QgsProcessingParameterVectorLayer(self.GROUP_LAYER, self.tr("Or: a layer with the groups"),
                                                            optional=True))
        self.addParameter(QgsProcessingParameterField(self.CODE_FIELD, self.tr("Its area code field"),
                                                      parentLayerParameterName=self.GROUP_LAYER, optional=True))
        self.addParameter(QgsProcessingParameterField(self.GROUP_FIELD, self.tr("Its group field"),
                                                      parentLayerParameterName=self.GROUP_LAYER, optional=True))
        self.addParameter(QgsProcessingParameterString(self.BEFORE, self.tr("Peildatum before (YYYY-MM-DD)")))
        self.addParameter(QgsProcessingParameterString(self.AFTER, self.tr("Peildatum after (YYYY-MM-DD)")))
        self.addParameter(QgsProcessingParameterString(self.MAP, self.tr("Map (indicator, theme or expression)")))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.OUTPUT, self.tr("Chart"), fileFilter="PDF (*.pdf);;PNG (*.png);;SVG (*.svg)"))
        for key, label in (("EFFECT", self.tr("Difference in differences")), ("LOW", self.tr("95 % interval, low")),
                           ("HIGH", self.tr("95 % interval, high")), ("P", self.tr("p-value"))):
            self.addOutput(QgsProcessingOutputNumber(key, label))
        self.addOutput(QgsProcessingOutputString("TABLE", self.tr("Table (CSV)")))

    def _groups(self, parameters, context):
        codes = [[c.strip() for c in self.parameterAsString(parameters, key, context).split(",") if c.strip()]
                 for key in (self.INTERVENTION, self.CONTROL)]
        layer = self.parameterAsVectorLayer(parameters, self.GROUP_LAYER, context)
        if layer is not None:
            code_field = self.parameterAsString(parameters, self.CODE_FIELD, context)
            group_field = self.parameterAsString(parameters, self.GROUP_FIELD, context)
            if not code_field or not group_field:
                raise QgsProcessingException(self.tr("A group layer needs its area code field and its group field"))
            for feat in layer.getFeatures():
                value = str(feat[group_field] or "").strip().lower()
                if value in PILOT_VALUES:
                    codes[PILOT_VALUES[value]].append(str(feat[code_field]))
        return codes

    def processAlgorithm(self, parameters, context, feedback):
        gpkg = self.parameterAsFile(parameters, self.INPUT, context)
        out = self.parameterAsFileOutput(parameters, self.OUTPUT, context)
        level = TrendChartAlgorithm.LEVELS[self.parameterAsEnum(parameters, self.LEVEL, context)]
        intervention, control = (list(dict.fromkeys(g)) for g in self._groups(parameters, context))
        try:
            chart, table, result = export_pilot(
                gpkg, level, intervention, control, self.parameterAsString(parameters, self.BEFORE, context).strip(),
                self.parameterAsString(parameters, self.AFTER, context).strip(),
                self.parameterAsString(parameters, self.MAP, context).strip(), out)
        except (SteunstructuurError, OSError) as exc:
            raise QgsProcessingException(str(exc)) from None
        for code, reason in result.excluded:  # never silently dropped
            feedback.pushInfo(self.tr("{code} left out: {reason}").format(code=code, reason=reason))
        feedback.pushInfo(pilot_line(result))
        # an unbounded end of the interval is no number (JSON has no infinity): left empty
        return {self.OUTPUT: chart, "TABLE": table, "EFFECT": result.effect,
                "LOW": None if math.isinf(result.low) else result.low,
                "HIGH": None if math.isinf(result.high) else result.high, "P": result.p}


#: the values of a group field, per group (0: intervention, 1: control)
PILOT_VALUES = {"intervention": 0, "interventie": 0, "control": 1, "controle": 1}
