"""SteunstructuurPlugin: registers the dock panel and the Processing provider."""


from qgis.core import Qgis, QgsApplication, QgsMessageLog
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtGui import QIcon
from qgis.PyQt.QtWidgets import QAction

from .dependencies import missing_modules
from .i18n import install_translator, remove_translators, tr
from .toolbelt import resources_path

ICON = resources_path("icons", "steunstructuur.svg")


def help_path() -> str:
    """README.md of the installed plugin (next to this file), else of the source tree."""
    import os

    here = os.path.dirname(os.path.abspath(__file__))
    for path in (os.path.join(here, "README.md"), os.path.join(os.path.dirname(here), "README.md")):
        if os.path.isfile(path):
            return path
    return os.path.join(here, "README.md")


def about_text() -> str:
    """Name, version, licence and what the plugin does, from metadata.txt."""
    import configparser
    import os

    here = os.path.dirname(os.path.abspath(__file__))
    meta = configparser.ConfigParser(interpolation=None)
    meta.read([os.path.join(here, "metadata.txt"), os.path.join(os.path.dirname(here), "metadata.txt")],
              encoding="utf-8")
    general = meta["general"] if meta.has_section("general") else {}
    return "\n\n".join([f"Steunstructuur {general.get('version', '?')}", general.get("description", ""),
                        tr("Licence: GPL-2.0-or-later (see LICENSE)."), tr("Help: {path}").format(path=help_path())])



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
        self.help_actions = []
        for text, slot in ((tr("Help (README)"), self.open_help), (tr("About Steunstructuur"), self.about)):
            act = QAction(text, self.iface.mainWindow())
            act.triggered.connect(slot)
            self.iface.addPluginToMenu(tr("&Steunstructuur"), act)
            self.help_actions.append(act)

    def open_help(self):
        """The plugin's README (installed with it) in the system's viewer for Markdown/text."""
        from qgis.PyQt.QtCore import QUrl
        from qgis.PyQt.QtGui import QDesktopServices

        QDesktopServices.openUrl(QUrl.fromLocalFile(help_path()))

    def about(self):
        from qgis.PyQt.QtWidgets import QMessageBox

        QMessageBox.about(self.iface.mainWindow(), tr("About Steunstructuur"), about_text())

    def unload(self):
        for act in getattr(self, "help_actions", []):
            self.iface.removePluginMenu(tr("&Steunstructuur"), act)
        self.help_actions = []
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
