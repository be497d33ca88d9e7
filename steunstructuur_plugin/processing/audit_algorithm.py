"""``steunstructuur:audit``: the disclosure audit of a Steunstructuur GeoPackage."""

from qgis.core import (
    QgsProcessingException,
    QgsProcessingOutputBoolean,
    QgsProcessingOutputNumber,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
)

from ..core.errors import SteunstructuurError
from ..core.pipeline import audit_file
from .base import SteunstructuurAlgorithm


class AuditAlgorithm(SteunstructuurAlgorithm):
    INPUT, REPORT, EXACT = "INPUT", "REPORT", "EXACT"

    def name(self):
        return "audit"

    def displayName(self):
        return self.tr("Disclosure audit of a Steunstructuur GeoPackage")

    def shortHelpString(self):
        return self.tr(
            "Computes, by linear programming over everything the GeoPackage publishes (buurt, wijk and gemeente "
            "counts, overlaps and stacking counts), the smallest and largest value an attacker can derive for "
            "every suppressed cell. A cell fails when its value can be recomputed exactly or narrowed to a range "
            "inside 1 to the threshold minus 1. Run it before you give a file to a partner.\n\n"
            "Cells are first shown safe by a few linear programs over all cells at once (a table the attacker "
            "cannot rule out where the cell is at or above the threshold, and one where it differs); only the "
            "others get their own exact minimum and maximum. Tick 'Exact range of every cell' to solve the exact "
            "range of every suppressed cell and list them all in the report (slower: about a minute for all of "
            "the Netherlands)."
        )

    def initAlgorithm(self, config=None):
        self.addParameter(QgsProcessingParameterFile(
            self.INPUT, self.tr("Steunstructuur GeoPackage"), behavior=QgsProcessingParameterFile.File,
            fileFilter="GeoPackage (*.gpkg)"))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.REPORT, self.tr("Audit report"), fileFilter="Text (*.txt)", optional=True))
        self.addParameter(QgsProcessingParameterBoolean(
            self.EXACT, self.tr("Exact range of every cell (slower; listed in the report)"), defaultValue=False))
        self.addOutput(QgsProcessingOutputBoolean("PASSED", self.tr("Audit passed")))
        self.addOutput(QgsProcessingOutputNumber("CELLS_CHECKED", self.tr("Suppressed cells checked")))
        self.addOutput(QgsProcessingOutputNumber("FAILURES", self.tr("Cells that fail")))

    def processAlgorithm(self, parameters, context, feedback):
        path = self.parameterAsFile(parameters, self.INPUT, context)
        report = self.parameterAsFileOutput(parameters, self.REPORT, context)
        try:
            result, _cfg, text = audit_file(path, self.parameterAsBoolean(parameters, self.EXACT, context))
        except SteunstructuurError as exc:
            raise QgsProcessingException(str(exc)) from None
        for line in text.splitlines():
            (feedback.reportError if line.startswith("FAIL") else feedback.pushInfo)(line)
        if report:
            with open(report, "w", encoding="utf-8") as fh:
                fh.write(text + "\n")
        return {"PASSED": result.ok, "CELLS_CHECKED": result.cells_checked,
                "FAILURES": len(result.failures), self.REPORT: report}
