"""The Steunstructuur dock panel: run an analysis, switch indicators, export a map.

Thin: the sections are their own widgets (:mod:`.panels`), long work runs in QgsTasks
(:mod:`.tasks`), settings live in the project (:mod:`.project_settings`); the dock wires
them to core/, styling/ and export/.  It is long because it holds the flows a user
starts from it (a run, the audit, the exports with their audit first, the register) and
the indicator list; each flow is a few short methods on the panels' options.  What a
series of peildata adds (the slider, an area's chart, the pilot) is :mod:`.series_view`.
"""

import os
import re
from functools import partial

import pandas as pd
from qgis.core import (
    Qgis,
    QgsApplication,
    QgsCoordinateTransform,
    QgsFeatureRequest,
    QgsFeedback,
    QgsProject,
    QgsUnitTypes,
    QgsVectorLayer,
)
from qgis.gui import QgsDockWidget
from qgis.PyQt.QtCore import Qt, pyqtSignal
from qgis.PyQt.QtGui import QPixmap
from qgis.PyQt.QtWidgets import (
    QFileDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QScrollArea,
    QStyle,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..core.config import AnalysisConfig
from ..core.count.aggregate import DIVISION
from ..core.errors import SteunstructuurError
from ..core.place.areas import area_table_from_layer
from ..core.place.division import division_from_layer
from ..core.protect.register import Register, RegisterError
from ..core.qvalues import is_null
from ..core.reach import help_missing, provision_column
from ..core.read.pseudonymise import settings_secret
from ..core.read.registrations import mapping_source
from ..core.series import series_layer
from ..core.series.trend import RISING, TREND_SUFFIX
from ..export import data as data_export
from ..export import maps as map_export
from ..i18n import tr
from ..styling.bivariate import bivariate_settings, legend_image, reach_axes, relabel_bivariate
from ..styling.choropleth import (
    PROP_CURRENT,
    PROP_MIN_COUNT,
    display_name,
    indicators_of,
    maps_of,
    relabel,
    style_indicator,
    zone_description,
)
from ..styling.layers import config_of, layers_of_file, load_output, save_qml, show_bivariate, steunstructuur_layers
from ..styling.provisions import load_provisions
from ..styling.temporal import is_series_layer, make_temporal, peildata_of
from ..styling.trend_map import is_trend_layer
from ..toolbelt.log import log
from . import project_settings
from .mapping_dialog import MappingDialog
from .panels import (
    AnalysisPanel,
    BivariatePanel,
    ExportPanel,
    GapsPanel,
    PeildatumPanel,
    PilotPanel,
    RegisterPanel,
    ReportPanel,
    StylePanel,
    TrendChartPanel,
    apply_dock_options,
    set_combo,
)
from .series_view import SeriesView
from .tasks import AggregateTask, AuditTask, SourceTask


class SteunstructuurDock(SeriesView, QgsDockWidget):
    indicatorChanged = pyqtSignal(str)
    #: an export finished: the path or list of paths written (None when it failed or was cancelled)
    exported = pyqtSignal(object)

    def __init__(self, iface=None, parent=None):
        super().__init__(tr("Steunstructuur"), parent)
        self.setObjectName("SteunstructuurDock")
        self.iface = iface
        self.task = None
        self.audit_task = None
        self.source_task = None
        self.mapping_shown = None  # the last field-mapping dialog opened
        self.last_audit = None
        self.last_export = None
        self.config = None
        self._restoring = False
        # four tabs, each scrolling up and down only: at 1366x768 the one long column was
        # 1,456 px tall in a 602 px viewport, and the report four lines at its bottom
        self.tabs = QTabWidget()
        self.tabs.setObjectName("steunTabs")
        self.analysis = AnalysisPanel()
        self._tab(self.analysis, tr("Analysis"))
        body = QWidget()
        lay = QVBoxLayout(body)
        lay.addWidget(QLabel(tr("Indicators")))
        self.indicator_filter = QLineEdit()
        self.indicator_filter.setObjectName("indicatorFilter")
        self.indicator_filter.setPlaceholderText(tr("Filter indicators (name or theme)"))
        self.indicator_filter.setClearButtonEnabled(True)
        lay.addWidget(self.indicator_filter)
        self.indicator_list = MapList()
        self.indicator_list.setObjectName("indicatorList")
        self.indicator_list.setMinimumHeight(6 * self.indicator_list.fontMetrics().height() + 8)
        lay.addWidget(self.indicator_list)
        self.peildatum = PeildatumPanel()
        self.peildatum.setVisible(False)
        lay.addWidget(self.peildatum)
        self.trend_chart = TrendChartPanel()
        self.trend_chart.setVisible(False)
        lay.addWidget(self.trend_chart)
        self.pilot = PilotPanel()
        self.pilot.setVisible(False)
        lay.addWidget(self.pilot)
        self.style = StylePanel()
        lay.addWidget(self.style)
        self.bivariate = BivariatePanel()
        lay.addWidget(self.bivariate)
        self.gaps = GapsPanel()
        lay.addWidget(self.gaps)
        self._tab(body, tr("Maps"))
        self.exports = ExportPanel()
        self._tab(self.exports, tr("Export"))
        self.report_panel = ReportPanel()
        self._tab(self.report_panel, tr("Report"))
        self.publications = RegisterPanel()
        self._tab(self.publications, tr("Publications"))
        self.setWidget(self.tabs)
        # as wide as the widest tab needs: the browse buttons, Run and Cancel were cut off
        # (298 px wide for 381 px of content)
        frame = self.tabs.style().pixelMetric(QStyle.PM_ScrollBarExtent) + 24
        self.tabs.setMinimumWidth(max(self.tabs.widget(i).widget().minimumSizeHint().width()
                                      for i in range(self.tabs.count())) + frame)

        a, ex = self.analysis, self.exports
        a.run_button.clicked.connect(self.start_run)
        a.cancel_button.clicked.connect(self.cancel_run)
        a.mapping_button.clicked.connect(self.open_mapping)
        a.bundled_button.clicked.connect(self.add_bundled_buurten)
        a.config_widget.fileChanged.connect(self._config_chosen)
        self.indicator_list.currentItemChanged.connect(self._on_current_changed)
        self.indicator_filter.textChanged.connect(self._filter_indicators)
        self.peildatum.slider.valueChanged.connect(self.show_peildatum)
        self.trend_chart.area_combo.currentIndexChanged.connect(lambda *_: self.show_chart())
        self.trend_chart.save_button.clicked.connect(self._ask_chart)
        self.indicatorChanged.connect(lambda *_: self.show_chart())
        for group, button in self.pilot.buttons.items():
            button.clicked.connect(partial(self.pilot_group_from_selection, group))
        self.pilot.evaluate_button.clicked.connect(self.evaluate_pilot)
        self.pilot.save_button.clicked.connect(self._ask_pilot)
        ex.export_button.clicked.connect(self._ask_export)
        ex.batch_button.clicked.connect(self._ask_batch)
        ex.atlas_button.clicked.connect(self._ask_atlas)
        ex.data_button.clicked.connect(self._ask_data)
        self.report_panel.audit_button.clicked.connect(self.audit_layer)
        pub = self.publications
        pub.remove_button.clicked.connect(self.remove_from_register)
        pub.export_button.clicked.connect(self._ask_register_export)
        pub.import_button.clicked.connect(self._ask_register_import)
        pub.clear_button.clicked.connect(self.clear_register)
        self.bivariate.bi_button.clicked.connect(self.show_bivariate)
        self.gaps.find_button.clicked.connect(self.find_gaps)
        self.gaps.list.currentItemChanged.connect(self._gap_chosen)
        for key, (_get, _put, signal) in self._settings_widgets().items():
            if signal is not None:  # each change writes its own entry
                signal.connect(partial(self.save_setting, key))
        for box in (self.style.measure_combo, self.style.method_combo, self.style.palette_combo):
            box.currentIndexChanged.connect(self._restyle)
        self.style.classes_spin.valueChanged.connect(self._restyle)
        project = QgsProject.instance()
        project.layersAdded.connect(self.refresh)
        project.layersRemoved.connect(self.refresh)
        project.readProject.connect(self.restore_settings)
        self.restore_settings()
        self.refresh_register()

    def _tab(self, widget, title: str) -> None:
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        scroll.setFrameShape(QScrollArea.NoFrame)
        scroll.setWidget(widget)
        self.tabs.addTab(scroll, title)

    def show_tab(self, widget) -> None:
        """Bring the tab holding ``widget`` to the front."""
        for i in range(self.tabs.count()):
            if self.tabs.widget(i).widget().isAncestorOf(widget) or self.tabs.widget(i).widget() is widget:
                self.tabs.setCurrentIndex(i)
                return

    def cleanup(self):
        """Disconnect from the project before the plugin unloads."""
        self._restoring = True  # a closed dock never writes into the project again
        project = QgsProject.instance()
        for signal, slot in ((project.layersAdded, self.refresh), (project.layersRemoved, self.refresh),
                             (project.readProject, self.restore_settings)):
            try:
                signal.disconnect(slot)
            except TypeError:
                pass
        self.cancel_run()

    # ---------------------------------------------------------------- settings
    def _settings_widgets(self) -> project_settings.Entries:
        """key: (getter, setter, change signal) of every setting the project remembers."""
        def combo(box):
            return (lambda: str(box.currentData()), lambda v: set_combo(box, int(v) if v.isdigit() else v),
                    box.currentIndexChanged)

        def spin(box):
            return (lambda: str(box.value()), lambda v: box.setValue(int(v)), box.valueChanged)

        def path(widget):
            return (widget.filePath, widget.setFilePath, widget.fileChanged)

        def set_layer(layer_id, box=None):
            lyr = QgsProject.instance().mapLayer(layer_id)
            if lyr is not None:
                (box or a.area_combo).setLayer(lyr)

        a, st, bi = self.analysis, self.style, self.bivariate
        # the buurt layer is saved when a run starts: the combo also changes while a project loads
        areas = (lambda: a.area_combo.currentLayer().id() if a.area_combo.currentLayer() else "",
                 set_layer, None)
        provisions = (lambda: a.provisions_combo.currentLayer().id() if a.provisions_combo.currentLayer() else "",
                      lambda v: set_layer(v, a.provisions_combo), None)
        provision_type = (a.provisions_type.currentField, a.provisions_type.setField, None)
        division = (lambda: a.division_combo.currentLayer().id() if a.division_combo.currentLayer() else "",
                    lambda v: set_layer(v, a.division_combo), None)
        division_code = (a.division_code.currentField, a.division_code.setField, None)
        division_name = (a.division_name.currentField, a.division_name.setField, None)
        register = (lambda: "1" if a.register_check.isChecked() else "0",
                    lambda v: a.register_check.setChecked(v != "0"), a.register_check.toggled)
        return {"input": path(a.input_widget), "config": path(a.config_widget),
                "output": path(a.output_widget), "areas": areas, "min_count": spin(a.threshold_spin),
                "register": register, "provisions": provisions, "provisions_type": provision_type,
                "division": division, "division_code": division_code, "division_name": division_name,
                "measure": combo(st.measure_combo), "method": combo(st.method_combo),
                "classes": spin(st.classes_spin), "palette": combo(st.palette_combo),
                "bi_x": combo(bi.bi_x_combo), "bi_y": combo(bi.bi_y_combo),
                "bi_classes": combo(bi.bi_classes_combo), "bi_method": combo(bi.bi_method_combo),
                "bi_palette": combo(bi.bi_palette_combo)}

    def save_setting(self, key: str, *args) -> None:
        """Write one setting into the project (saved with the .qgz); unchanged values leave
        the project clean."""
        if not self._restoring:
            project_settings.save(self._settings_widgets(), key)

    def save_settings(self) -> None:
        """Write every setting and the configuration into the project."""
        if self._restoring:
            return
        for key in self._settings_widgets():
            self.save_setting(key)
        if self.config is not None:
            project_settings.write_entry("config_json", self.config.to_json())

    def restore_settings(self, *args):
        """Set the dock from the project's entries (on start and when a project is opened)."""
        self._restoring = True
        try:
            text = project_settings.read_entry("config_json")
            if text:
                try:
                    self.config = AnalysisConfig.from_json(text, origin=tr("project"))
                except ValueError as exc:
                    self.message(str(exc), Qgis.Warning)
            self.refresh()
            project_settings.restore(self._settings_widgets())
            self._relabel_layers()
        finally:
            self._restoring = False  # the layers' renderers come from the project itself

    def _relabel_layers(self) -> None:
        """The plugin's legends and layer names in the current language (a project saved
        under an English locale kept English legends); opening a project does not mark it
        as changed."""
        project = QgsProject.instance()
        dirty = project.isDirty()
        for layer in project.mapLayers().values():
            if isinstance(layer, QgsVectorLayer) and (relabel(layer) or relabel_bivariate(layer)):
                layer.triggerRepaint()
        project.setDirty(dirty)

    def _config_chosen(self, path):
        if not path or self._restoring:
            return
        try:
            self.config = AnalysisConfig.load(path)
        except ValueError as exc:
            self.message(str(exc), Qgis.Warning)
            return
        self.analysis.threshold_spin.setValue(int(self.config.disclosure.min_count))
        self.save_settings()

    def _restyle(self, *args):
        """Apply the style options to the target layer's current map."""
        if self._restoring:
            return
        layer = self.target_layer()
        current = layer.customProperty(PROP_CURRENT, "") if layer is not None else ""
        if current:
            self._apply(layer, current)

    # ------------------------------------------------------------------ layers
    def target_layer(self):
        """The Steunstructuur layer the indicator list drives (active one first)."""
        active = self.iface.activeLayer() if self.iface else None
        if active is not None and indicators_of(active):
            return active
        layers = steunstructuur_layers()
        return layers[0] if layers else None

    def add_bundled_buurten(self):
        """Add the buurten shipped with the plugin to the project and choose them as buurt layer."""
        from ..demo import DEMO_AREAS

        layer = QgsVectorLayer(f"{DEMO_AREAS}|layername=buurten", tr("CBS buurten Losser"), "ogr")
        if not layer.isValid():
            self.message(tr("{path}: cannot be opened").format(path=DEMO_AREAS), Qgis.Critical)
            return None
        QgsProject.instance().addMapLayer(layer)
        self.analysis.area_combo.setLayer(layer)
        return layer

    def refresh(self, *args):
        # the buurt layer is an input: Steunstructuur's own output layers are not offered
        outputs = [lyr for lyr in QgsProject.instance().mapLayers().values()
                   if indicators_of(lyr) or bivariate_settings(lyr)]
        self.analysis.area_combo.setExceptedLayerList(outputs)
        layer = self.target_layer()
        self.indicator_list.blockSignals(True)
        self.indicator_list.clear()
        names = maps_of(layer) if layer is not None else []
        if layer is not None:
            current = layer.customProperty(PROP_CURRENT, "")
            trends = is_trend_layer(layer)  # a series' trends: what rises, not what is hidden
            suppressed = dict.fromkeys(names, 0)
            request = QgsFeatureRequest().setFlags(QgsFeatureRequest.NoGeometry)
            column = "{}_trend_class" if trends else "{}_status"
            request.setSubsetOfAttributes([column.format(n) for n in names], layer.fields())
            for feat in layer.getFeatures(request):  # one pass for every map
                for name in names:
                    if trends:
                        suppressed[name] += feat[column.format(name)] == RISING
                    else:
                        suppressed[name] += feat[column.format(name)] == "suppressed"
            n_all = layer.featureCount()
            cfg = config_of(layer)
            theme_of = _themes_of(cfg)
            # an own division's layer counts its areas, a series its figures, the others their buurten
            table = layer.source().split("|layername=")[-1].split("|")[0]
            counted = (tr("{name} ({pub} of {all} own areas published)") if table.startswith(DIVISION)
                       else tr("{name} ({pub} of {all} buurten published)"))
            if trends:  # "suppressed" counted the areas rising significantly
                counted = tr("{name} ({k} of {all} buurten rising significantly)").replace("{k}", "{rising}")
            if is_series_layer(layer):  # every area at every peildatum
                k = len(peildata_of(layer))
                counted = tr("{name} ({pub} of {all} published: {areas} buurten × {k} peildata)").replace(
                    "{areas}", str(n_all // max(k, 1))).replace("{k}", str(k))
            for header, group in _grouped(names, theme_of):
                if header is not None:
                    self.indicator_list.addItem(_header_item(header))
                for name in group:
                    item = QListWidgetItem(counted.format(name=display_name(name), pub=n_all - suppressed[name],
                                                          all=n_all, rising=suppressed[name]))
                    item.setData(Qt.UserRole, name)
                    tip = [item.text()]  # whole, where a narrow dock cuts the item off
                    if name in theme_of:
                        tip.append(tr("theme: {theme}").format(theme=theme_of[name]))
                    rings = cfg.reach_zone_rings(name) if cfg is not None else None
                    if rings:  # a joint part of several reach types: what zone_0_1 means
                        tip.append(zone_description(rings))
                    item.setToolTip("\n".join(tip))
                    self.indicator_list.addItem(item)
                    if name == current:
                        self.indicator_list.setCurrentItem(item)
        self.indicator_list.blockSignals(False)
        self._filter_indicators()
        self._series_refresh()
        self.bivariate.set_indicators(names, reach_axes(layer))
        fields = layer.fields().names() if layer is not None else []
        kinds = sorted({m.group(1) for m in map(_PROVISION_IN.match, fields) if m})
        distances = sorted({int(m.group(2)) for m in map(_PROVISION_NEAR.match, fields) if m})
        self.gaps.set_provisions(kinds, distances)

    # -------------------------------------------------------- where help is missing
    def find_gaps(self):
        """List the buurten where the selected map's rate is high and the chosen provision is
        not near (published figures only); the list, or None."""
        layer = self.target_layer()
        name = layer.customProperty(PROP_CURRENT, "") if layer is not None else ""
        kind, dist = self.gaps.type_combo.currentData(), self.gaps.distance_combo.currentData()
        self.gaps.list.clear()
        if layer is None or not kind or layer.fields().indexOf(f"{name}_per1000") < 0:
            self.message(tr("Select a map with a rate per 1,000 inhabitants and a layer with provisions first"),
                         Qgis.Warning)
            return None
        cols = ["code", "name", f"{name}_per1000", provision_column(kind, dist)]
        request = QgsFeatureRequest().setFlags(QgsFeatureRequest.NoGeometry)
        request.setSubsetOfAttributes(cols, layer.fields())
        rows = [[None if is_null(f[c]) else f[c] for c in cols] for f in layer.getFeatures(request)]
        found = help_missing(pd.DataFrame(rows, columns=cols), name, kind, dist)
        where = self.gaps.distance_combo.currentText()
        self.gaps.summary.setText(tr("Buurten with {map} among the highest third and no {kind} {where}: {n}").format(
            n=len(found), map=display_name(name), kind=kind.replace("_", " "), where=where))
        for row in found.itertuples(index=False):
            item = QListWidgetItem(tr("{name} ({code}): {rate} per 1,000").format(
                name=row.name or row.code, code=row.code, rate=f"{row.rate:.1f}".replace(".", ",")))
            item.setData(Qt.UserRole, row.code)
            self.gaps.list.addItem(item)
        return found

    def _gap_chosen(self, item, _previous=None) -> None:
        # a bound method, not a lambda holding the dock: a closed dock must be free to go
        self.zoom_to_buurt(item)

    def zoom_to_buurt(self, item) -> None:
        """Zoom the map to the buurt of a listed item and select it."""
        layer = self.target_layer()
        if item is None or layer is None:
            return
        code = item.data(Qt.UserRole)
        feats = list(layer.getFeatures(QgsFeatureRequest().setFilterExpression(
            f"\"code\" = '{code}'")))
        if not feats:
            return
        layer.selectByIds([feats[0].id()])
        canvas = self.iface.mapCanvas() if self.iface is not None and hasattr(self.iface, "mapCanvas") else None
        if canvas is None:
            return
        box = feats[0].geometry().boundingBox()
        box.scale(3.0)  # the buurt with its neighbours around it
        if layer.crs().mapUnits() == QgsUnitTypes.DistanceMeters and max(box.width(), box.height()) < 2000:
            box.scale(2000 / max(box.width(), box.height(), 1))  # a small buurt: at least 2 km across
        transform = QgsCoordinateTransform(layer.crs(), canvas.mapSettings().destinationCrs(), QgsProject.instance())
        canvas.setExtent(transform.transformBoundingBox(box))
        canvas.refresh()
        canvas.flashFeatureIds(layer, [feats[0].id()])

    def _filter_indicators(self, text: str = None) -> None:
        """Show the maps whose name (or theme, in the tooltip) holds the filter text; with
        50 indicators the list is long.  Hidden items are skipped by the arrow keys."""
        text = (self.indicator_filter.text() if text is None else text).strip().lower()
        header, shown = None, False
        for i in range(self.indicator_list.count()):
            item = self.indicator_list.item(i)
            if item.data(Qt.UserRole) is None:  # a theme's header: shown while one of its maps is
                if header is not None:
                    header.setHidden(not shown)
                header, shown = item, False
                continue
            haystack = f"{item.data(Qt.UserRole)} {item.toolTip()}".lower()
            item.setHidden(bool(text) and text not in haystack)
            shown = shown or not item.isHidden()
        if header is not None:
            header.setHidden(not shown)

    def indicators(self):
        """The maps in the list, in its order (the themes' headers left out)."""
        items = (self.indicator_list.item(i) for i in range(self.indicator_list.count()))
        return [item.data(Qt.UserRole) for item in items if item.data(Qt.UserRole) is not None]

    def select_indicator(self, name: str) -> None:
        for i in range(self.indicator_list.count()):
            if self.indicator_list.item(i).data(Qt.UserRole) == name:
                self.indicator_list.setCurrentRow(i)
                return
        raise KeyError(name)

    def _apply(self, layer, name) -> bool:
        try:
            style_indicator(layer, name, **self.style.options())
        except ValueError as exc:  # a slot must never raise into Qt: report instead
            self.message(str(exc), Qgis.Warning)
            return False
        layer.emitStyleChanged()  # the Layers panel redraws the legend of the new renderer
        return True

    def _on_current_changed(self, item, _previous=None):
        layer = self.target_layer()
        if item is None or layer is None:
            return
        name = item.data(Qt.UserRole)
        self._bivariate_shown = False  # what the user looks at now is this map
        if self._apply(layer, name):
            self.indicatorChanged.emit(name)

    def show_bivariate(self):
        """Style (or add) the bivariate layer for the chosen pair; returns ``(layer, classes)`` or None."""
        base = self.target_layer()
        if base is None:
            self.message(tr("No Steunstructuur layer in the project"), Qgis.Warning)
            return None
        opts = self.bivariate.options()
        try:
            layer, result = show_bivariate(base, measure=self.style.measure_combo.currentData(), **opts)
        except (ValueError, OSError) as exc:
            self.message(str(exc), Qgis.Warning)
            return None
        node = QgsProject.instance().layerTreeRoot().findLayer(layer.id())
        if node is not None:
            node.setItemVisibilityChecked(True)
        self.bivariate.bi_legend.setPixmap(QPixmap.fromImage(legend_image(
            opts["x_ind"], opts["y_ind"], opts["n"], opts["palette"],
            int(base.customProperty(PROP_MIN_COUNT, 5)))).scaledToWidth(220, Qt.SmoothTransformation))
        self._save_qml(layer, base.source().split("|")[0])
        self.save_settings()
        self._bivariate_shown = True
        return layer, result

    def _save_qml(self, layer, gpkg: str) -> None:
        """The style travels next to the GeoPackage as QML."""
        if not os.path.isfile(gpkg):
            return
        try:
            save_qml(layer, gpkg)
        except OSError as exc:
            self.message(str(exc), Qgis.Warning)

    # ----------------------------------------------------------------- mapping
    def _mapping_start(self):
        """The registrations file and the configuration chosen, for the field mapping;
        None (with a message) when there is no file or the configuration cannot be read."""
        path = self.analysis.input_widget.filePath()
        if not path:
            self.message(tr("Choose the registrations file first"), Qgis.Warning)
            return None
        current = None
        try:
            if self.analysis.config_widget.filePath():
                current = AnalysisConfig.load(self.analysis.config_widget.filePath())
        except ValueError as exc:
            self.message(str(exc), Qgis.Critical)
            return None
        return path, current

    def _mapping_dialog_of(self, source, current) -> MappingDialog:
        columns, _category, categories = source
        layer = self.analysis.area_combo.currentLayer()
        fields = layer.fields().names() if layer is not None else []
        return MappingDialog(columns, categories, current, self, area_fields=fields)

    def mapping_dialog(self):
        """The field-mapping dialog for the chosen registrations file, read in this thread
        (None when none is chosen).  The button reads in the background (:meth:`open_mapping`)."""
        start = self._mapping_start()
        if start is None:
            return None
        path, current = start
        try:
            source = mapping_source(path, current.source.category if current else None)
        except ValueError as exc:
            self.message(str(exc), Qgis.Critical)
            return None
        return self._mapping_dialog_of(source, current)

    def open_mapping(self):
        """Read the file's columns and categories in a background task (QGIS stays
        responsive; the button waits), then show the dialog and save its configuration.
        Returns the task (None when nothing is read)."""
        if self.source_task is not None:
            return None
        start = self._mapping_start()
        if start is None:
            return None
        path, current = start
        self.source_task = SourceTask(path, current.source.category if current else None,
                                      lambda task, ok: self._source_read(task, current))
        self.analysis.mapping_button.setEnabled(False)
        self.message(tr("Reading the columns and categories of {path}…").format(path=os.path.basename(path)))
        QgsApplication.taskManager().addTask(self.source_task)
        return self.source_task

    def _task_result(self, task, button, failed: str):
        """A finished background task's result, its button usable again; None (with a
        message) when it was cancelled or failed."""
        button.setEnabled(True)
        if task.isCanceled():
            self.message(tr("Cancelled"), Qgis.Info)
            return None
        if task.result is None:
            self.message(task.error or failed, Qgis.Critical)
        return task.result

    def _source_read(self, task, current):
        self.source_task = None
        source = self._task_result(task, self.analysis.mapping_button, tr("The registrations file could not be read"))
        if source is None:
            return
        dialog = self._mapping_dialog_of(source, current)
        self.mapping_shown = dialog
        if not dialog.exec_():
            return
        path = self.save_path(tr("Save configuration"), "JSON (*.json)", self.analysis.config_widget.filePath())
        if path:
            self.save_mapping(dialog, path)

    def save_path(self, title: str, filters: str, start: str = "") -> str:
        """A path from QGIS's save dialog, opened in ``start``'s folder (default: the output
        GeoPackage's), with the extension of the chosen filter added when it was not typed
        (a configuration saved as ``uden_analyse`` was hidden by the dock's own filter)."""
        start = start or os.path.dirname(self.analysis.output_widget.filePath())
        path, chosen = QFileDialog.getSaveFileName(self, title, start, filters)
        if not path:
            return ""
        allowed = re.findall(r"\*(\.\w+)", filters)
        wanted = re.findall(r"\*(\.\w+)", chosen or "") or allowed
        if wanted and not path.lower().endswith(tuple(e.lower() for e in allowed)):
            path += wanted[0]
        return path

    def save_mapping(self, dialog, path: str) -> str:
        dialog.config().save(path)
        self.analysis.config_widget.setFilePath(path)
        self.message(tr("Configuration saved to {path}").format(path=path), Qgis.Success)
        return path

    # ------------------------------------------------------------------ export
    def _ask_export(self):
        path = self.save_path(tr("Export map"), "PDF (*.pdf);;PNG (*.png);;SVG (*.svg)")
        if path:
            self.export_map(path)

    def _ask_batch(self):
        path = self.save_path(tr("Export all maps"), "PDF (*.pdf);;PNG (*.png);;SVG (*.svg)")
        if path:
            self.export_all(path)

    def _ask_atlas(self):
        path = self.save_path(tr("Atlas per wijk"), "PDF (*.pdf)")
        if path:
            self.export_atlas(path)

    def _ask_data(self):
        path = self.save_path(tr("Export data for partners"), "GeoPackage (*.gpkg);;CSV (*.csv);;Excel (*.xlsx)")
        if path:
            self.export_data(path)

    def export_options(self) -> dict:
        return {**self.exports.options(), "measure": self.style.measure_combo.currentData()}

    def _export(self, work, done_text):
        """Run an export with the dock's progress bar and Cancel button; messages instead of
        exceptions.  A file not yet audited in this session is audited first in a background
        task, and the export follows when it passes (then this returns None; the result
        comes with the ``exported`` signal and in ``last_export``)."""
        layer = self.target_layer()
        if layer is None:
            self.message(tr("No Steunstructuur layer in the project"), Qgis.Warning)
            return None
        gpkg = map_export.gpkg_of(layer)
        if os.path.isfile(gpkg) and not map_export.is_audited(gpkg):
            self.audit_layer(then=lambda: self._export(work, done_text))
            return None
        feedback = QgsFeedback()
        feedback.progressChanged.connect(lambda p: (self.analysis.progress.setValue(int(p)),
                                                    QgsApplication.processEvents()))
        self._export_feedback = feedback
        self.analysis.cancel_button.setEnabled(True)
        result = None
        try:
            result = work(layer, feedback)
        except (SteunstructuurError, OSError, ValueError) as exc:
            self.message(str(exc), Qgis.Critical)
        finally:
            self._export_feedback = None
            self.analysis.cancel_button.setEnabled(self.task is not None)
        if result is not None and feedback.isCanceled():
            self.message(tr("Cancelled"), Qgis.Info)
            result = None
        elif result is not None:
            self.message(done_text.format(path=result if isinstance(result, str) else ", ".join(result)),
                         Qgis.Success)
        self.last_export = result
        self.exported.emit(result)
        return result

    def export_map(self, path: str):
        """Export the map the user looks at: the one selected in the list, or the bivariate
        map when it was shown after that and its layer is the active one (it used to be
        exported whenever it was active, while the list highlighted another map). The path
        or None."""
        active = self.iface.activeLayer() if self.iface else None
        bivariate = active if bivariate_settings(active) and getattr(self, "_bivariate_shown", False) else None
        opts = self.export_options()
        return self._export(lambda layer, fb: map_export.export_map(bivariate or layer, path, **opts),
                            tr("Map exported to {path}"))

    def export_all(self, path: str):
        """Every map, the configured overlap pairs and the dock's bivariate pair as bivariate
        maps; the files written or None."""
        pair = (self.bivariate.bi_x_combo.currentData(), self.bivariate.bi_y_combo.currentData())
        opts = self.export_options()

        def work(layer, feedback):
            pairs = map_export.configured_pairs(layer)
            if pair[0] and pair[1] and pair[0] != pair[1] and pair not in pairs:
                pairs.append(pair)
            return map_export.export_batch(layer, path, pairs=pairs, feedback=feedback, **opts)
        return self._export(work, tr("Maps exported: {path}"))

    def export_atlas(self, path: str):
        """One PDF page per wijk for the selected map; the path or None."""
        opts = self.export_options()
        return self._export(lambda layer, fb: map_export.export_atlas(layer, path, feedback=fb, **opts),
                            tr("Atlas exported to {path}"))

    def export_data(self, path: str):
        """The safe tables as GeoPackage, CSV or Excel; the files or None."""
        return self._export(lambda layer, fb: data_export.export_data(map_export.gpkg_of(layer), path),
                            tr("Data exported: {path}"))

    def audit_layer(self, then=None):
        """Audit the target layer's GeoPackage from what it publishes, in a background task;
        the report and a message follow, then ``then()`` when it passed.  Returns the task."""
        layer = self.target_layer()
        if layer is None:
            self.message(tr("No Steunstructuur layer in the project"), Qgis.Warning)
            return None
        if self.audit_task is not None:
            self.message(tr("A disclosure audit is already running"), Qgis.Info)
            return None
        path = map_export.gpkg_of(layer)
        self.audit_task = AuditTask(path, lambda task, ok: self._audited(task, ok, then))
        self.report_panel.audit_button.setEnabled(False)
        self.report_panel.report.setPlainText(tr("Disclosure audit of {path}…").format(path=path))
        QgsApplication.taskManager().addTask(self.audit_task)
        return self.audit_task

    def _audited(self, task, ok, then):
        self.audit_task = None
        done = self._task_result(task, self.report_panel.audit_button, tr("The disclosure audit failed"))
        if done is None:
            return
        result, _cfg, text = done
        self.last_audit = result
        self.report_panel.report.setPlainText(text)
        if result.ok:
            map_export.mark_audited(result.content_seal)
            self.message(tr("Disclosure audit passed: {n} suppressed cells checked").format(n=result.cells_checked),
                         Qgis.Success)
            if then is not None:
                then()
        else:
            if result.problems:
                self.message(tr("Disclosure audit FAILED: {problem}; do not publish this layer").format(
                    problem=result.problems[0]), Qgis.Critical)
            else:
                self.message(tr("Disclosure audit FAILED for {n} cells: do not publish this layer").format(
                    n=len(result.failures)), Qgis.Critical)
            if then is not None:
                self.last_export = None
                self.exported.emit(None)

    # --------------------------------------------------------------------- run
    def message(self, text, level=Qgis.Info):
        log(text, level, self.iface)

    def start_run(self):
        opts = self.analysis.options()
        input_path, cfg_path, output, layer = opts["input"], opts["config"], opts["output"], opts["areas"]
        if not (input_path and cfg_path and output and layer):
            self.message(tr("Choose registrations, buurt layer, configuration and output first"), Qgis.Warning)
            return
        try:
            cfg = apply_dock_options(AnalysisConfig.load(cfg_path), opts)  # the dock's threshold wins
            cfg.validate(cfg_path)
            areas = area_table_from_layer(layer, cfg.areas)
            division = None
            if opts["division"] is not None:  # read here (a layer belongs to the main thread)
                if not opts["division_code"]:
                    raise ValueError(tr("Choose the area code field of the own areas"))
                division = division_from_layer(opts["division"], opts["division_code"], opts["division_name"] or None)
        except ValueError as exc:
            self.message(str(exc), Qgis.Critical)
            return
        try:  # read now: removals made in the Publications tab count
            register = Register() if opts["register"] else None
        except RegisterError as exc:
            self.message(str(exc), Qgis.Critical)
            return
        if os.path.exists(output) and not self.confirm_replace(output):
            return
        self.config = cfg
        self.save_settings()
        self.analysis.progress.setValue(0)  # not the last run's 100 %
        self.task = AggregateTask(input_path, areas, cfg, output, settings_secret(), self._done, register, division)
        self.task.progressChanged.connect(lambda p: self.analysis.progress.setValue(int(p)))
        self.analysis.run_button.setEnabled(False)
        self.analysis.cancel_button.setEnabled(True)
        QgsApplication.taskManager().addTask(self.task)

    # ---------------------------------------------------------------- register
    def refresh_register(self) -> None:
        """Show the user's publication register in the Publications tab."""
        try:
            register = Register()
        except RegisterError as exc:
            self.message(str(exc), Qgis.Warning)
            return
        self.publications.show_entries(register.entries, register.path)

    def _change_register(self, change) -> None:
        try:
            register = Register()
            change(register)
            register.save()
        except RegisterError as exc:
            self.message(str(exc), Qgis.Critical)
        self.refresh_register()

    def remove_from_register(self) -> None:
        ids = self.publications.selected_ids()
        if not ids:
            self.message(tr("Select the outputs to remove in the Publications tab first"), Qgis.Warning)
            return
        self._change_register(lambda reg: [reg.remove(i) for i in ids])

    def _ask_register_export(self) -> None:
        path = self.save_path(tr("Export the publication register"), "JSON (*.json)")
        if path:
            self.export_register(path)

    def export_register(self, path: str) -> None:
        try:
            Register().save(path)
        except RegisterError as exc:
            self.message(str(exc), Qgis.Critical)
            return
        self.message(tr("Publication register exported to {path}").format(path=path), Qgis.Success)

    def _ask_register_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("Import a publication register"),
                                              os.path.dirname(self.analysis.output_widget.filePath()), "JSON (*.json)")
        if path:
            self.import_register(path)

    def import_register(self, path: str) -> None:
        added = []
        self._change_register(lambda reg: added.append(reg.import_from(path)))
        if added:
            self.message(tr("{n} output(s) added to the publication register").format(n=added[0]), Qgis.Success)

    def clear_register(self) -> None:
        answer = QMessageBox.warning(
            self, tr("Clear the publication register?"),
            tr("The register is how a new output is protected together with what was published before. Cleared, "
               "a new output of the same registrations can, together with an earlier one, reveal small counts. "
               "Clear it only when none of its outputs was published."), QMessageBox.Yes | QMessageBox.No,
            QMessageBox.No)
        if answer == QMessageBox.Yes:
            self._change_register(lambda reg: reg.clear())

    def zoom_to(self, layer) -> None:
        """Zoom the map canvas to ``layer``'s extent, in the canvas's CRS."""
        canvas = self.iface.mapCanvas() if self.iface is not None and hasattr(self.iface, "mapCanvas") else None
        if canvas is None:
            return
        transform = QgsCoordinateTransform(layer.crs(), canvas.mapSettings().destinationCrs(), QgsProject.instance())
        extent = transform.transformBoundingBox(layer.extent())
        extent.scale(1.05)
        canvas.setExtent(extent)
        canvas.refresh()

    def confirm_replace(self, output: str) -> bool:
        """Ask before a run replaces an earlier output (and its layer in the project)."""
        answer = QMessageBox.question(
            self, tr("Replace output?"),
            tr("{path} exists (an earlier run?). Replace it with the figures of this run? Its layer in the project "
               "is replaced too.").format(path=output), QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
        return answer == QMessageBox.Yes

    def cancel_run(self):
        if self.task is not None:
            self.task.cancel()
        if self.audit_task is not None:
            self.audit_task.cancel()
        if self.source_task is not None:
            self.source_task.cancel()
        if getattr(self, "_export_feedback", None) is not None:
            self._export_feedback.cancel()

    def _done(self, task, ok):
        self.analysis.run_button.setEnabled(True)
        self.analysis.cancel_button.setEnabled(False)
        self.task = None
        self.refresh_register()
        if task.isCanceled():  # also when cancelled before the task started
            self.analysis.progress.setValue(0)
            self.message(tr("Cancelled"), Qgis.Info)
            return
        if not ok:
            self.message(task.error or tr("Aggregation failed"), Qgis.Critical)
            return
        res = task.result
        self.report_panel.report.setPlainText("\n".join(res.report.lines() + [res.audit_text]))
        map_export.mark_audited(res.seal)  # the run audited what it wrote and sealed it
        cfg = (res.config or task.args[2]).with_reach()  # as published: with reach, its maps too
        known = any(indicators_of(node.layer()) for node in layers_of_file(res.output))
        layer = load_output(res.output, cfg.map_indicators(), cfg.disclosure.min_count,
                            name=os.path.splitext(os.path.basename(res.output))[0], replace=True)
        if DIVISION in res.safe:  # the own areas, styled alike, under the buurten
            load_output(res.output, cfg.map_indicators(), cfg.disclosure.min_count, level=DIVISION,
                        name=tr("{name} – own areas").format(name=os.path.splitext(os.path.basename(res.output))[0]))
        if res.series:  # the buurten at every peildatum, for the slider and the Temporal Controller
            over_time = load_output(res.output, cfg.map_indicators(), cfg.disclosure.min_count,
                                    level=series_layer("buurt"), name=tr("{name} – over time").format(
                                        name=os.path.splitext(os.path.basename(res.output))[0]))
            make_temporal(over_time)
            load_output(res.output, cfg.map_indicators(), cfg.disclosure.min_count, level="buurt" + TREND_SUFFIX,
                        name=tr("{name} – trend").format(name=os.path.splitext(os.path.basename(res.output))[0]))
        load_provisions(res.output)  # over the maps, when the run had provisions
        if not known:  # a new output: show it (a re-run keeps the user's view)
            self.zoom_to(layer)
        if self._apply(layer, cfg.map_indicators()[0]):
            self._save_qml(layer, res.output)
        self.refresh()
        if res.series:
            self.show_peildatum(len(res.series) - 1)
        self.show_tab(self.indicator_list)  # the maps of the run; the report is one tab away
        warnings = res.report.warnings()
        if warnings:  # most rows rejected for one reason: likely set up wrong, said where it is seen
            self.message(tr("Aggregation finished: {n} rows counted, but: {warning}").format(
                n=res.report.rows_counted, warning=warnings[0]), Qgis.Warning)
        elif res.series:
            self.message(tr("Aggregation finished: {k} peildata, {n} rows counted at the last").format(
                k=len(res.series), n=res.report.rows_counted), Qgis.Success)
        else:
            self.message(tr("Aggregation finished: {n} rows counted").format(n=res.report.rows_counted),
                         Qgis.Success)


#: the output's provision columns: vz_<type>_in and vz_<type>_<d>m
_PROVISION_IN = re.compile(r"^vz_(.+)_in$")
_PROVISION_NEAR = re.compile(r"^vz_(.+)_(\d+)m$")


class MapList(QListWidget):
    """The indicator list: Home, End and the page keys land on a map, never on a theme's
    header (Qt's own list refuses such a move and stays where it was)."""

    def moveCursor(self, action, modifiers):
        index = super().moveCursor(action, modifiers)
        if not index.isValid() or index.flags() & Qt.ItemIsEnabled:
            return index
        row = index.row()
        order = list(range(row + 1, self.count())) + list(range(row - 1, -1, -1))
        if action in (self.MoveEnd, self.MovePageDown):
            order = list(range(row - 1, -1, -1)) + list(range(row + 1, self.count()))
        for r in order:
            item = self.item(r)
            if item.flags() & Qt.ItemIsEnabled and not item.isHidden():
                return self.model().index(r, 0)
        return index


def _grouped(names, theme_of):
    """(header, maps) groups for the indicator list: per theme its own map, then its
    indicators; then the other maps (stacking, expressions, overlaps) under "other maps".
    Without themes one group without header, in the layer's order."""
    if not theme_of:
        return [(None, list(names))]
    groups = {}
    for name in names:
        groups.setdefault(theme_of.get(name), []).append(name)
    for theme, group in groups.items():  # the theme's own map heads its group
        if theme in group:
            group.remove(theme)
            group.insert(0, theme)
    other = groups.pop(None, [])
    return list(groups.items()) + ([(tr("other maps"), other)] if other else [])


def _header_item(text: str) -> QListWidgetItem:
    """A theme's header in the indicator list: neither selectable nor reached by the arrow keys."""
    item = QListWidgetItem(text.upper())
    item.setFlags(Qt.NoItemFlags)
    font = item.font()
    font.setBold(True)
    item.setFont(font)
    return item


def _themes_of(cfg) -> dict:
    """map name -> its theme (a theme's own map too) of a configuration (:func:`..styling.layers.config_of`);
    empty without one (a layer without a readable configuration has no themes)."""
    if cfg is None:
        return {}
    out = {}
    for theme, members in cfg.theme_members().items():
        out[theme] = theme
        out.update({m: theme for m in members})
    return out

