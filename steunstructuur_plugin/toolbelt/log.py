"""One way to tell the user something: QGIS's log panel (tab Steunstructuur) and, in the
desktop, the message bar."""

from qgis.core import Qgis, QgsMessageLog

LOG_TAG = "Steunstructuur"


def log(text: str, level=Qgis.Info, iface=None, duration: int = 8) -> None:
    QgsMessageLog.logMessage(text, LOG_TAG, level)
    if iface is not None:
        iface.messageBar().pushMessage(LOG_TAG, text, level=level, duration=duration)
