"""Steunstructuur QGIS plugin."""


def classFactory(iface):  # noqa: N802 - QGIS API
    from .plugin import SteunstructuurPlugin

    return SteunstructuurPlugin(iface)
