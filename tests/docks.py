"""The dock as the tests drive it: filled in as a user would, and waited for while QGIS
runs its background tasks."""

import os
import time

from conftest import ROOT
from qgis.core import QgsApplication, QgsProject, QgsVectorLayer


def dock_ready_to_run(iface, csv_path, cfg_path, output, layer_name):
    """A dock with the registrations, the bundled Losser buurten (added to the project as
    ``layer_name``), the configuration and ``output`` filled in."""
    from steunstructuur_plugin.gui.dock import SteunstructuurDock

    areas = QgsVectorLayer(os.path.join(ROOT, "resources", "data", "buurten_losser.gpkg") + "|layername=buurten",
                           layer_name, "ogr")
    QgsProject.instance().addMapLayer(areas)
    dock = SteunstructuurDock(iface)
    dock.analysis.input_widget.setFilePath(str(csv_path))
    dock.analysis.area_combo.setLayer(areas)
    dock.analysis.config_widget.setFilePath(str(cfg_path))
    dock.analysis.output_widget.setFilePath(str(output))
    return dock


def wait_until(condition, seconds, interval=0.02):
    """Let QGIS process events (its tasks report through them) until ``condition()`` or
    ``seconds`` have passed."""
    deadline = time.time() + seconds
    while not condition() and time.time() < deadline:
        QgsApplication.processEvents()
        time.sleep(interval)
