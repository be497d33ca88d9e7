"""What every Steunstructuur Processing algorithm shares."""

from qgis.core import QgsProcessingAlgorithm

from ..i18n import tr


class SteunstructuurAlgorithm(QgsProcessingAlgorithm):
    def tr(self, text):
        return tr(text)

    def createInstance(self):
        return type(self)()
