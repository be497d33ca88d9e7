"""Install the plugin's Qt translator for the QGIS user locale (or a given one)."""

import os

from qgis.PyQt.QtCore import QCoreApplication, QTranslator

I18N_DIRS = [
    os.path.join(os.path.dirname(__file__), "i18n"),  # installed plugin
    os.path.join(os.path.dirname(os.path.dirname(__file__)), "i18n"),  # source checkout
]
_installed = []


def tr(text: str) -> str:
    """Translate a source string in the plugin's one context, 'Steunstructuur'."""
    return QCoreApplication.translate("Steunstructuur", text)


def user_locale() -> str:
    from qgis.core import QgsSettings

    locale = QgsSettings().value("locale/userLocale", "") or ""
    return str(locale)[:2]


def install_translator(locale: str = None) -> bool:
    """Load steunstructuur_<locale>.qm; True when a translation was installed."""
    locale = (locale or user_locale() or "en")[:2]
    for folder in I18N_DIRS:
        path = os.path.join(folder, f"steunstructuur_{locale}.qm")
        if os.path.exists(path):
            translator = QTranslator()
            if translator.load(path):
                QCoreApplication.installTranslator(translator)
                _installed.append(translator)
                return True
    return False


def remove_translators() -> None:
    while _installed:
        QCoreApplication.removeTranslator(_installed.pop())
