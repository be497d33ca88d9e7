"""The Steunstructuur dock panel: run an analysis, switch indicators, export a map.

Thin: every action calls core/, styling/ or export/.  Long work runs in a QgsTask.
"""

import os

from qgis.core import (
    Qgis,
    QgsApplication,
    QgsMapLayerProxyModel,
    QgsMessageLog,
    QgsProject,
    QgsTask,
)
from qgis.gui import QgsDockWidget, QgsFileWidget, QgsMapLayerComboBox
from qgis.PyQt.QtCore import Qt, pyqtSignal
from qgis.PyQt.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..i18n import tr
from ..core.areas import area_table_from_layer
from ..core.config import AnalysisConfig
from ..core.mapping import guess_source
from ..core.registrations import source_categories, source_columns
from ..core.pipeline import Cancelled, audit_file, run
from ..core.pseudonymise import settings_secret
from ..export.layout import ExportError, build_layout, export_layout
from ..styling.choropleth import PROP_CURRENT, PROP_MIN_COUNT, indicators_of, style_indicator
from ..styling.layers import load_output, steunstructuur_layers
from .mapping_dialog import MappingDialog

LOG_TAG = "Steunstructuur"



class AggregateTask(QgsTask):
    """Runs the pipeline in the background; results are picked up in ``finished``."""

    def __init__(self, input_path, areas, cfg, output, secret, on_done):
        super().__init__(tr("Steunstructuur: aggregating registrations"), QgsTask.CanCancel)
        self.args = (input_path, areas, cfg, output, secret)
        self.on_done = on_done
        self.result = None
        self.error = None

    def run(self):
        input_path, areas, cfg, output, secret = self.args

        def progress(pct, msg):
            self.setProgress(pct)
            return not self.isCanceled()

        try:
            self.result = run(input_path, areas, cfg, output, secret=secret, progress=progress)
            return True
        except Cancelled:
            pass
        except Exception as exc:  # reported in the message bar, never raised into QGIS
            self.error = str(exc)
        return False

    def finished(self, ok):
        self.on_done(self, ok)


class SteunstructuurDock(QgsDockWidget):
    indicatorChanged = pyqtSignal(str)

    def __init__(self, iface=None, parent=None):
        super().__init__(tr("Steunstructuur"), parent)
        self.setObjectName("SteunstructuurDock")
        self.iface = iface
        self.task = None
        self.config = None
        body = QWidget()
        lay = QVBoxLayout(body)

        box = QGroupBox(tr("Analysis"))
        form = QFormLayout(box)
        self.input_widget = QgsFileWidget()
        self.input_widget.setFilter("CSV (*.csv *.txt);;Excel (*.xlsx)")
        form.addRow(tr("Registrations"), self.input_widget)
        self.area_combo = QgsMapLayerComboBox()
        self.area_combo.setFilters(QgsMapLayerProxyModel.PolygonLayer)
        form.addRow(tr("Buurt layer"), self.area_combo)
        self.config_widget = QgsFileWidget()
        self.config_widget.setFilter("JSON (*.json)")
        form.addRow(tr("Configuration"), self.config_widget)
        self.mapping_button = QPushButton(tr("Field mapping…"))
        self.mapping_button.setToolTip(tr("Map the columns of the registrations file and save a configuration"))
        form.addRow("", self.mapping_button)
        self.output_widget = QgsFileWidget()
        self.output_widget.setStorageMode(QgsFileWidget.SaveFile)
        self.output_widget.setFilter("GeoPackage (*.gpkg)")
        form.addRow(tr("Output"), self.output_widget)
        buttons = QHBoxLayout()
        self.run_button = QPushButton(tr("Run"))
        self.cancel_button = QPushButton(tr("Cancel"))
        self.cancel_button.setEnabled(False)
        buttons.addWidget(self.run_button)
        buttons.addWidget(self.cancel_button)
        form.addRow(buttons)
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        form.addRow(self.progress)
        lay.addWidget(box)

        lay.addWidget(QLabel(tr("Indicators")))
        self.indicator_list = QListWidget()
        self.indicator_list.setObjectName("indicatorList")
        lay.addWidget(self.indicator_list)

        self.export_button = QPushButton(tr("Export map…"))
        self.export_button.setToolTip(tr("Export the selected indicator as an A4 map (PDF, PNG or SVG)"))
        lay.addWidget(self.export_button)
        self.audit_button = QPushButton(tr("Disclosure audit"))
        self.audit_button.setToolTip(tr("Check that no suppressed count can be derived from what the layer publishes"))
        lay.addWidget(self.audit_button)

        lay.addWidget(QLabel(tr("Report")))
        self.report = QPlainTextEdit()
        self.report.setReadOnly(True)
        self.report.setMaximumHeight(160)
        lay.addWidget(self.report)
        self.setWidget(body)

        self.run_button.clicked.connect(self.start_run)
        self.cancel_button.clicked.connect(self.cancel_run)
        self.indicator_list.currentItemChanged.connect(self._on_current_changed)
        self.export_button.clicked.connect(self._ask_export)
        self.audit_button.clicked.connect(self.audit_layer)
        self.mapping_button.clicked.connect(self.open_mapping)
        QgsProject.instance().layersAdded.connect(self.refresh)
        QgsProject.instance().layersRemoved.connect(self.refresh)
        QgsProject.instance().readProject.connect(self.refresh)
        self.refresh()

    def cleanup(self):
        """Disconnect from the project before the plugin unloads."""
        project = QgsProject.instance()
        for signal in (project.layersAdded, project.layersRemoved, project.readProject):
            try:
                signal.disconnect(self.refresh)
            except TypeError:
                pass
        self.cancel_run()

    # ------------------------------------------------------------------ layers
    def target_layer(self):
        """The Steunstructuur layer the indicator list drives (active one first)."""
        active = self.iface.activeLayer() if self.iface else None
        if active is not None and indicators_of(active):
            return active
        layers = steunstructuur_layers()
        return layers[0] if layers else None

    def refresh(self, *args):
        layer = self.target_layer()
        self.indicator_list.blockSignals(True)
        self.indicator_list.clear()
        if layer is not None:
            current = layer.customProperty(PROP_CURRENT, "")
            names = indicators_of(layer)
            suppressed = dict.fromkeys(names, 0)
            for feat in layer.getFeatures():  # one pass for every indicator
                for ind in names:
                    suppressed[ind] += feat[f"{ind}_status"] == "suppressed"
            n_all = layer.featureCount()
            for ind in names:
                item = QListWidgetItem(tr("{name} ({pub} of {all} buurten published)").format(
                    name=ind, pub=n_all - suppressed[ind], all=n_all))
                item.setData(Qt.UserRole, ind)
                self.indicator_list.addItem(item)
                if ind == current:
                    self.indicator_list.setCurrentItem(item)
        self.indicator_list.blockSignals(False)

    def indicators(self):
        return [self.indicator_list.item(i).data(Qt.UserRole) for i in range(self.indicator_list.count())]

    def select_indicator(self, name: str) -> None:
        for i in range(self.indicator_list.count()):
            if self.indicator_list.item(i).data(Qt.UserRole) == name:
                self.indicator_list.setCurrentRow(i)
                return
        raise KeyError(name)

    def _on_current_changed(self, item, _previous=None):
        layer = self.target_layer()
        if item is None or layer is None:
            return
        name = item.data(Qt.UserRole)
        try:
            style_indicator(layer, name)
        except ValueError as exc:  # a slot must never raise into Qt: report instead
            self.message(str(exc), Qgis.Warning)
            return
        layer.emitStyleChanged()  # the Layers panel redraws the legend of the new renderer
        self.indicatorChanged.emit(name)

    # ----------------------------------------------------------------- mapping
    def mapping_dialog(self):
        """The field-mapping dialog for the chosen registrations file (None when none is chosen)."""
        path = self.input_widget.filePath()
        if not path:
            self.message(tr("Choose the registrations file first"), Qgis.Warning)
            return None
        try:
            columns = source_columns(path)
            current = None
            if self.config_widget.filePath():
                current = AnalysisConfig.load(self.config_widget.filePath())
            category = current.source.category if current else guess_source(columns).category
            categories = source_categories(path, category) if category else []
        except ValueError as exc:
            self.message(str(exc), Qgis.Critical)
            return None
        return MappingDialog(columns, categories, current, self)

    def open_mapping(self):
        dialog = self.mapping_dialog()
        if dialog is None or not dialog.exec_():
            return
        path, _ = QFileDialog.getSaveFileName(self, tr("Save configuration"), self.config_widget.filePath(),
                                              "JSON (*.json)")
        if path:
            self.save_mapping(dialog, path)

    def save_mapping(self, dialog, path: str) -> str:
        dialog.config().save(path)
        self.config_widget.setFilePath(path)
        self.message(tr("Configuration saved to {path}").format(path=path), Qgis.Success)
        return path

    # ------------------------------------------------------------------ export
    def _ask_export(self):
        path, _ = QFileDialog.getSaveFileName(self, tr("Export map"), "", "PDF (*.pdf);;PNG (*.png);;SVG (*.svg)")
        if path:
            self.export_map(path)

    def export_map(self, path: str):
        """Export the current indicator of the target layer; returns the path or None."""
        layer = self.target_layer()
        if layer is None:
            self.message(tr("No Steunstructuur layer in the project"), Qgis.Warning)
            return None
        indicator = layer.customProperty(PROP_CURRENT, "")
        min_count = int(layer.customProperty(PROP_MIN_COUNT, 5))
        cfg = self.config
        gemeente = cfg.gemeente if cfg else ""
        title = f"{cfg.title if cfg else 'Steunstructuur'}: {indicator}"
        try:
            layout = build_layout(
                layer, title=title, subtitle=tr("{name}, per 1,000 inhabitants, per buurt").format(name=indicator),
                source_line=tr("Source: gemeente {g} registrations; CBS, Kadaster/PDOK").format(g=gemeente),
                min_count=min_count, name=title)
            export_layout(layout, path)
        except (ExportError, OSError) as exc:
            self.message(str(exc), Qgis.Critical)
            return None
        self.message(tr("Map exported to {path}").format(path=path), Qgis.Success)
        return path

    def audit_layer(self):
        """Audit the target layer's GeoPackage from what it publishes; the result or None."""
        layer = self.target_layer()
        if layer is None:
            self.message(tr("No Steunstructuur layer in the project"), Qgis.Warning)
            return None
        path = layer.source().split("|")[0]
        try:
            result, _cfg, text = audit_file(path)
        except (ValueError, RuntimeError) as exc:
            self.message(str(exc), Qgis.Critical)
            return None
        self.report.setPlainText(text)
        if result.ok:
            self.message(tr("Disclosure audit passed: {n} suppressed cells checked").format(n=result.cells_checked),
                         Qgis.Success)
        else:
            self.message(tr("Disclosure audit FAILED for {n} cells: do not publish this layer").format(
                n=len(result.failures)), Qgis.Critical)
        return result

    # --------------------------------------------------------------------- run
    def message(self, text, level=Qgis.Info):
        QgsMessageLog.logMessage(text, LOG_TAG, level)
        if self.iface:
            self.iface.messageBar().pushMessage(LOG_TAG, text, level=level, duration=8)

    def start_run(self):
        input_path = self.input_widget.filePath()
        cfg_path = self.config_widget.filePath()
        output = self.output_widget.filePath()
        layer = self.area_combo.currentLayer()
        if not (input_path and cfg_path and output and layer):
            self.message(tr("Choose registrations, buurt layer, configuration and output first"), Qgis.Warning)
            return
        try:
            cfg = AnalysisConfig.load(cfg_path)
            areas = area_table_from_layer(layer, cfg.areas)
        except ValueError as exc:
            self.message(str(exc), Qgis.Critical)
            return
        self.config = cfg
        self.task = AggregateTask(input_path, areas, cfg, output, settings_secret(), self._done)
        self.task.progressChanged.connect(lambda p: self.progress.setValue(int(p)))
        self.run_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        QgsApplication.taskManager().addTask(self.task)

    def cancel_run(self):
        if self.task is not None:
            self.task.cancel()

    def _done(self, task, ok):
        self.run_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        self.task = None
        if task.isCanceled():  # also when cancelled before the task started
            self.message(tr("Cancelled"), Qgis.Info)
            return
        if not ok:
            self.message(task.error or tr("Aggregation failed"), Qgis.Critical)
            return
        res = task.result
        self.report.setPlainText("\n".join(res.report.lines() + [res.audit_text]))
        cfg = task.args[2]
        load_output(res.output, list(cfg.indicators), cfg.disclosure.min_count,
                    name=os.path.splitext(os.path.basename(res.output))[0])
        self.refresh()
        self.message(tr("Aggregation finished: {n} rows counted").format(n=res.report.rows_counted), Qgis.Success)
