"""``steunstructuur:aggregate``: registrations + buurt polygons -> safe GeoPackage."""

from qgis.core import (
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterVectorLayer,
)

from ..core.config import AnalysisConfig
from ..core.errors import SteunstructuurError
from ..core.pipeline import Cancelled, run
from ..core.place.areas import area_table_from_layer
from .base import SteunstructuurAlgorithm


class AggregateAlgorithm(SteunstructuurAlgorithm):
    INPUT, AREAS, CONFIG, OUTPUT = "INPUT", "AREAS", "CONFIG", "OUTPUT"

    def name(self):
        return "aggregate"

    def displayName(self):
        return self.tr("Aggregate registrations to buurten")

    def shortHelpString(self):
        return self.tr(
            "Counts unique persons per buurt, wijk and gemeente for every indicator of the configuration, "
            "suppresses small counts (primary and secondary suppression, checked by a disclosure audit) "
            "and writes a GeoPackage with the layers buurt, wijk, gemeente and a metadata table. "
            "Person keys are pseudonymised while reading; no row-level data is written."
        )

    def initAlgorithm(self, config=None):
        self.addParameter(QgsProcessingParameterFile(
            self.INPUT, self.tr("Registrations (CSV or Excel)"), behavior=QgsProcessingParameterFile.File,
            fileFilter="CSV (*.csv *.txt);;Excel (*.xlsx)"))
        self.addParameter(QgsProcessingParameterVectorLayer(
            self.AREAS, self.tr("Buurt polygons"), [QgsProcessing.TypeVectorPolygon]))
        self.addParameter(QgsProcessingParameterFile(
            self.CONFIG, self.tr("Configuration (JSON)"), behavior=QgsProcessingParameterFile.File,
            fileFilter="JSON (*.json)"))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.OUTPUT, self.tr("Output GeoPackage"), fileFilter="GeoPackage (*.gpkg)"))

    def processAlgorithm(self, parameters, context, feedback):
        input_path = self.parameterAsFile(parameters, self.INPUT, context)
        layer = self.parameterAsVectorLayer(parameters, self.AREAS, context)
        cfg_path = self.parameterAsFile(parameters, self.CONFIG, context)
        output = self.parameterAsFileOutput(parameters, self.OUTPUT, context)
        try:
            cfg = AnalysisConfig.load(cfg_path)
            areas = area_table_from_layer(layer, cfg.areas)

            def progress(pct, msg):
                feedback.setProgress(pct)
                feedback.setProgressText(msg)
                return not feedback.isCanceled()

            result = run(input_path, areas, cfg, output, progress=progress)
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
        return {
            self.OUTPUT: output,
            "ROWS_READ": result.report.rows_read,
            "ROWS_COUNTED": result.report.rows_counted,
            "ROWS_REJECTED": result.report.rows_rejected,
            "CELLS_SUPPRESSED": result.loss["cells_hidden"],
            "CELLS_CHECKED": result.audit.cells_checked,
        }
