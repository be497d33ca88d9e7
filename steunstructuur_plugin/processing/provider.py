"""The Processing provider ``steunstructuur``."""

import os

from qgis.core import QgsProcessingProvider
from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtGui import QIcon

from ..toolbelt import resources_path
from .aggregate_algorithm import AggregateAlgorithm
from .audit_algorithm import AuditAlgorithm
from .export_algorithms import ExportDataAlgorithm, ExportMapAlgorithm, PilotAlgorithm, TrendChartAlgorithm

ICON = resources_path("icons", "steunstructuur.svg")


class SteunstructuurProvider(QgsProcessingProvider):
    def id(self):
        return "steunstructuur"

    def name(self):
        return "Steunstructuur"

    def longName(self):
        return QCoreApplication.translate(
            "Steunstructuur", "Steunstructuur: sociaal-domein registrations per buurt, disclosure-controlled")

    def icon(self):
        return QIcon(ICON) if os.path.exists(ICON) else QgsProcessingProvider.icon(self)

    def loadAlgorithms(self):
        self.addAlgorithm(AggregateAlgorithm())
        self.addAlgorithm(AuditAlgorithm())
        self.addAlgorithm(ExportMapAlgorithm())
        self.addAlgorithm(ExportDataAlgorithm())
        self.addAlgorithm(TrendChartAlgorithm())
        self.addAlgorithm(PilotAlgorithm())
