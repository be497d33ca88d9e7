"""SteunstructuurPlugin: registers the dock panel and the Processing provider."""


from qgis.core import Qgis, QgsApplication, QgsMessageLog
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtGui import QIcon
from qgis.PyQt.QtWidgets import QAction

from .dependencies import missing_modules
from .i18n import install_translator, remove_translators, tr
from .toolbelt import resources_path

ICON = resources_path("icons", "steunstructuur.svg")



class SteunstructuurPlugin:
    def __init__(self, iface):
        self.iface = iface
        self.provider = None
        self.dock = None
        self.action = None
        install_translator()
        self.missing = missing_modules()

    # Processing (also called by qgis_process, without a GUI)
    def initProcessing(self):  # noqa: N802 - QGIS API
        if self.missing or self.provider is not None:
            return
        from .processing.provider import SteunstructuurProvider

        self.provider = SteunstructuurProvider()
        QgsApplication.processingRegistry().addProvider(self.provider)

    def initGui(self):  # noqa: N802 - QGIS API
        if self.missing:
            names = ", ".join(m for m, _ in self.missing)
            hints = "; ".join(h for _, h in self.missing)
            text = tr("Steunstructuur needs the Python package(s) {names}. Install: {hints}").format(
                names=names, hints=hints)
            QgsMessageLog.logMessage(text, "Steunstructuur", Qgis.Critical)
            self.iface.messageBar().pushMessage("Steunstructuur", text, level=Qgis.Critical, duration=0)
            return
        self.initProcessing()
        from .gui.dock import SteunstructuurDock

        self.dock = SteunstructuurDock(self.iface, self.iface.mainWindow())
        self.iface.addDockWidget(Qt.RightDockWidgetArea, self.dock)
        self.action = QAction(QIcon(ICON), tr("Steunstructuur panel"), self.iface.mainWindow())
        self.action.setCheckable(True)
        self.action.setChecked(True)
        self.action.toggled.connect(self.dock.setUserVisible)
        self.dock.visibilityChanged.connect(self.action.setChecked)
        self.iface.addPluginToMenu(tr("&Steunstructuur"), self.action)
        self.iface.addToolBarIcon(self.action)

    def unload(self):
        if self.action is not None:
            self.iface.removePluginMenu(tr("&Steunstructuur"), self.action)
            self.iface.removeToolBarIcon(self.action)
            self.action = None
        if self.dock is not None:
            self.dock.cleanup()
            self.iface.removeDockWidget(self.dock)
            self.dock.deleteLater()
            self.dock = None
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
        remove_translators()
