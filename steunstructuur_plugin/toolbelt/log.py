"""One way to tell the user something: QGIS's log panel (tab Steunstructuur) and, in the
desktop, the message bar."""

from qgis.core import Qgis, QgsMessageLog

LOG_TAG = "Steunstructuur"


def log(text: str, level=Qgis.Info, iface=None, duration: int = 8) -> None:
    """Log ``text``; in the desktop also show it in the message bar, in place of the
    plugin's earlier message (QGIS's bar keeps a stack: older messages came back minutes
    later, after newer ones timed out)."""
    QgsMessageLog.logMessage(text, LOG_TAG, level)
    if iface is not None:
        bar = iface.messageBar()
        for item in list(bar.items()) if hasattr(bar, "items") else []:
            if item.title() == LOG_TAG:
                bar.popWidget(item)
        bar.pushMessage(LOG_TAG, text, level=level, duration=duration)
