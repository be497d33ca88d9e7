"""``steunstructuur:aggregate``: registrations + buurt polygons -> safe GeoPackage."""

import os

from qgis.core import (
    QgsProcessing,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingLayerPostProcessorInterface,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterField,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterVectorLayer,
    QgsProject,
    QgsWkbTypes,
)

from ..core.config import AnalysisConfig
from ..core.errors import SteunstructuurError
from ..core.pipeline import Cancelled, run
from ..core.place.areas import area_table_from_layer
from ..core.place.division import division_from_layer
from ..core.protect.register import Register
from .base import SteunstructuurAlgorithm

#: post-processors alive until QGIS has called them (QGIS holds only a pointer)
_STYLERS = {}


class StyleOutput(QgsProcessingLayerPostProcessorInterface):
    """Runs in the main thread when Processing has added the output's buurt layer: marks it
    as a Steunstructuur layer (the dock drives it) and styles it on the first indicator, as
    a run from the dock does; the project's earlier layers of the same file are removed."""

    def __init__(self, gpkg: str, indicators, min_count: int, divided: bool = False):
        super().__init__()
        self.gpkg, self.indicators, self.min_count = gpkg, list(indicators), int(min_count)
        self.divided = divided

    def postProcessLayer(self, layer, context, feedback):
        from ..styling.choropleth import PROP_BASE_NAME, mark_layer, style_indicator
        from ..styling.layers import layers_of_file
        from ..styling.provisions import load_provisions

        mark_layer(layer, self.indicators, self.min_count)
        layer.setCustomProperty(PROP_BASE_NAME, layer.name())
        style_indicator(layer, self.indicators[0])
        project = context.project() or QgsProject.instance()
        project.removeMapLayers([node.layerId() for node in layers_of_file(self.gpkg, project, besides=layer)])
        if self.divided:  # the own division's areas, styled alike, under the buurten
            from ..core.count.aggregate import DIVISION
            from ..styling.layers import load_output

            load_output(self.gpkg, self.indicators, self.min_count, project, level=DIVISION,
                        name=f"{layer.name()} – {DIVISION}")
        load_provisions(self.gpkg, project)  # over the maps, when the run had provisions
        _STYLERS.pop(self.gpkg, None)


def default_areas(project=None) -> str:
    """The id of the project's first polygon layer with a ``buurtcode`` field that is not
    a Steunstructuur output (the parameter's default used to be an output layer)."""
    from ..styling.choropleth import indicators_of

    project = project or QgsProject.instance()
    for node in project.layerTreeRoot().findLayers():
        lyr = node.layer()
        if lyr is not None and lyr.type() == lyr.VectorLayer and lyr.geometryType() == QgsWkbTypes.PolygonGeometry \
                and lyr.fields().indexOf("buurtcode") >= 0 and not indicators_of(lyr):
            return lyr.id()
    return ""


class AggregateAlgorithm(SteunstructuurAlgorithm):
    INPUT, AREAS, CONFIG, OUTPUT = "INPUT", "AREAS", "CONFIG", "OUTPUT"
    USE_REGISTER, REGISTER = "USE_REGISTER", "REGISTER"
    DIVISION, DIVISION_CODE, DIVISION_NAME = "DIVISION", "DIVISION_CODE", "DIVISION_NAME"

    def name(self):
        return "aggregate"

    def displayName(self):
        return self.tr("Aggregate registrations to buurten")

    def shortHelpString(self):
        return self.tr(
            "Counts unique persons per buurt, wijk and gemeente for every indicator of the configuration, "
            "suppresses small counts (primary and secondary suppression, checked by a disclosure audit) "
            "and writes a GeoPackage with the layers buurt, wijk, gemeente and a metadata table. "
            "Person keys are pseudonymised while reading; no row-level data is written. "
            "With the publication register on, the output is protected together with every earlier output of the "
            "same registrations in it (the user's register, or the file given), and added to it. "
            "An own area division (wijkteamgebieden: polygons of whole buurten with a code field) is counted "
            "beside the wijken, protected together with the buurten and written as the layer gebied."
        )

    def initAlgorithm(self, config=None):
        self.addParameter(QgsProcessingParameterFile(
            self.INPUT, self.tr("Registrations (CSV or Excel)"), behavior=QgsProcessingParameterFile.File,
            fileFilter="CSV (*.csv *.txt);;Excel (*.xlsx)"))
        self.addParameter(QgsProcessingParameterVectorLayer(
            self.AREAS, self.tr("Buurt polygons"), [QgsProcessing.TypeVectorPolygon],
            defaultValue=default_areas() or None))
        self.addParameter(QgsProcessingParameterFile(
            self.CONFIG, self.tr("Configuration (JSON)"), behavior=QgsProcessingParameterFile.File,
            fileFilter="JSON (*.json)"))
        # not opened by Processing itself (that gave an unstyled layer the dock did not drive):
        # the buurt layer is loaded and styled by StyleOutput
        self.addParameter(QgsProcessingParameterFileDestination(
            self.OUTPUT, self.tr("Output GeoPackage"), fileFilter="GeoPackage (*.gpkg)", createByDefault=False))
        self.addParameter(QgsProcessingParameterBoolean(
            self.USE_REGISTER, self.tr("Protect together with earlier outputs (publication register)"),
            defaultValue=True))
        self.addParameter(QgsProcessingParameterFile(
            self.REGISTER, self.tr("Publication register (empty: the user's own)"),
            behavior=QgsProcessingParameterFile.File, fileFilter="JSON (*.json)", optional=True))
        self.addParameter(QgsProcessingParameterVectorLayer(
            self.DIVISION, self.tr("Own area division (optional: areas of whole buurten)"),
            [QgsProcessing.TypeVectorPolygon], optional=True))
        self.addParameter(QgsProcessingParameterField(
            self.DIVISION_CODE, self.tr("Area code field"), parentLayerParameterName=self.DIVISION, optional=True))
        self.addParameter(QgsProcessingParameterField(
            self.DIVISION_NAME, self.tr("Area name field"), parentLayerParameterName=self.DIVISION, optional=True))

    def processAlgorithm(self, parameters, context, feedback):
        input_path = self.parameterAsFile(parameters, self.INPUT, context)
        layer = self.parameterAsVectorLayer(parameters, self.AREAS, context)
        cfg_path = self.parameterAsFile(parameters, self.CONFIG, context)
        output = self.parameterAsFileOutput(parameters, self.OUTPUT, context)
        use_register = self.parameterAsBoolean(parameters, self.USE_REGISTER, context)
        register_file = self.parameterAsFile(parameters, self.REGISTER, context)
        division_layer = self.parameterAsVectorLayer(parameters, self.DIVISION, context)
        code_field = self.parameterAsString(parameters, self.DIVISION_CODE, context)
        name_field = self.parameterAsString(parameters, self.DIVISION_NAME, context)
        if division_layer is not None and not code_field:
            raise QgsProcessingException(self.tr("Choose the area code field of the own area division"))
        try:
            division = division_from_layer(division_layer, code_field, name_field or None) if division_layer else None
            register = Register(register_file or None) if use_register else None
            cfg = AnalysisConfig.load(cfg_path)
            areas = area_table_from_layer(layer, cfg.areas)

            def progress(pct, msg):
                feedback.setProgress(pct)
                feedback.setProgressText(msg)
                return not feedback.isCanceled()

            result = run(input_path, areas, cfg, output, progress=progress, register=register, division=division)
        except Cancelled:
            raise QgsProcessingException(self.tr("Cancelled")) from None
        except SteunstructuurError as exc:
            raise QgsProcessingException(str(exc)) from None
        for line in result.report.lines():
            feedback.pushInfo(line)
        for line in result.report.warnings():
            feedback.pushWarning(line)
        for line in result.audit_text.splitlines():
            feedback.pushInfo(line)
        if context.project() is not None:  # the desktop (or a script with a project): load it styled
            uri = f"{output}|layername=buurt"
            details = QgsProcessingContext.LayerDetails(os.path.splitext(os.path.basename(output))[0],
                                                        context.project(), self.OUTPUT)
            published = (result.config or cfg).with_reach()  # with reach, its maps too
            styler = _STYLERS[output] = StyleOutput(output, published.map_indicators(), cfg.disclosure.min_count,
                                                    divided=division is not None)
            details.setPostProcessor(styler)
            context.addLayerToLoadOnCompletion(uri, details)
        return {
            self.OUTPUT: output,
            "ROWS_READ": result.report.rows_read,
            "ROWS_COUNTED": result.report.rows_counted,
            "ROWS_REJECTED": result.report.rows_rejected,
            "CELLS_SUPPRESSED": result.loss["cells_hidden"],
            "CELLS_CHECKED": result.audit.cells_checked,
            "EARLIER_OUTPUTS": len(result.earlier),
        }
