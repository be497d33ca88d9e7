"""The dock's sections, one widget each with its own ``options()``.

Each panel only holds its widgets and says what they are set to; the dock
(:mod:`.dock`) wires them to core/, styling/ and export/.
"""

from qgis.core import QgsMapLayerProxyModel
from qgis.gui import QgsFieldComboBox, QgsFileWidget, QgsMapLayerComboBox
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSlider,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core.config import PRESETS, ProvisionSource
from ..export.layout import PAGE_SIZES
from ..i18n import tr
from ..styling.bivariate import DEFAULT_PALETTE
from ..styling.choropleth import display_name
from ..styling.palettes import BIVARIATE, SEQUENTIAL


def method_labels():
    return (("quantile", tr("Quantile")), ("equal", tr("Equal interval")),
            ("jenks", tr("Natural breaks (Jenks)")), ("pretty", tr("Pretty breaks")))


def measure_labels():
    return (("per1000", tr("per 1,000 inhabitants")), ("n", tr("number of persons")))


def preset_labels():
    return (("", tr("as in the configuration")), ("standaard", tr("Standard: 1 to 4 hidden, zeros published")),
            ("cbs_jeugd_wmo", tr("CBS jeugdzorg and Wmo: 0 to 7 hidden, rounded to 5")))


def apply_dock_options(cfg, opts: dict):
    """The dock's disclosure choices on a loaded configuration: a preset first (its
    rule), then the minimum count of the dock, which wins."""
    if opts.get("preset"):
        for key, value in PRESETS[opts["preset"]].items():
            setattr(cfg.disclosure, key, value)
        cfg.disclosure.preset = opts["preset"]
    cfg.disclosure.min_count = opts["min_count"]
    layer = opts.get("provisions")
    if layer is not None:  # the dock's provisions layer replaces the configuration's sources
        cfg.provisions.sources = [ProvisionSource(path=layer_source(layer), type=opts.get("provisions_type") or None,
                                                  location="geometry")]
        cfg.provisions.types = []
    return cfg


def layer_source(layer) -> str:
    """How a provisions source names a project layer: the OGR source (``path|layername=x``),
    or ``delimitedtext:<uri>`` (a CSV with x/y as a delimited text layer).  A temporary or
    database layer is refused with what to do: a run cannot open the first, and the
    second's source can hold a login."""
    provider = layer.providerType()
    if provider not in ("ogr", "delimitedtext"):  # a temporary layer, or a database (its source holds a login)
        raise ValueError(tr("{layer}: not a file; save it as a file (Export → Save Features As…) to use its "
                            "provisions").format(layer=layer.name()))
    return layer.source() if provider == "ogr" else f"{provider}:{layer.source()}"


def combo(items) -> QComboBox:
    """A combo box whose width does not follow its longest item (a preset's label made
    the dock 800 px wide); the open list still shows each item whole."""
    box = QComboBox()
    for value, label in items:
        box.addItem(label, value)
    box.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(12)
    return box


def set_combo(box: QComboBox, value) -> None:
    i = box.findData(value)
    if i >= 0:
        box.setCurrentIndex(i)


class AnalysisPanel(QGroupBox):
    """Registrations, buurt layer, configuration, threshold, output; Run and Cancel."""

    def __init__(self, parent=None):
        super().__init__(tr("Analysis"), parent)
        form = QFormLayout(self)
        form.setRowWrapPolicy(QFormLayout.WrapLongRows)  # a narrow dock puts a long label above its field
        self.input_widget = QgsFileWidget()
        self.input_widget.setFilter("CSV (*.csv *.txt);;Excel (*.xlsx)")
        form.addRow(tr("Registrations"), self.input_widget)
        self.area_combo = QgsMapLayerComboBox()
        self.area_combo.setFilters(QgsMapLayerProxyModel.PolygonLayer)
        form.addRow(tr("Buurt layer"), self.area_combo)
        self.bundled_button = QPushButton(tr("Add CBS buurten of Losser"))
        self.bundled_button.setToolTip(tr("CBS Wijk- en buurtkaart, buurten of gemeente Losser, with 2024 inhabitants"))
        form.addRow("", self.bundled_button)
        self.config_widget = QgsFileWidget()
        self.config_widget.setFilter("JSON (*.json)")
        form.addRow(tr("Configuration"), self.config_widget)
        self.mapping_button = QPushButton(tr("Field mapping…"))
        self.mapping_button.setToolTip(tr("Map the columns of the registrations file and save a configuration"))
        form.addRow("", self.mapping_button)
        self.threshold_spin = QSpinBox()
        self.threshold_spin.setRange(2, 100)
        self.threshold_spin.setValue(5)
        self.threshold_spin.setToolTip(tr("Counts from 1 up to this number minus one are never published"))
        form.addRow(tr("Minimum count"), self.threshold_spin)
        self.preset_combo = combo(preset_labels())
        self.preset_combo.setObjectName("presetCombo")
        self.preset_combo.setToolTip(tr("A documented disclosure rule; it sets the minimum count, whether zeros "
                                        "are published and the rounding"))
        self.preset_combo.currentIndexChanged.connect(self._preset_chosen)
        form.addRow(tr("Disclosure rule"), self.preset_combo)
        self.provisions_combo = QgsMapLayerComboBox()
        self.provisions_combo.setObjectName("provisionsCombo")
        self.provisions_combo.setFilters(QgsMapLayerProxyModel.PointLayer)
        self.provisions_combo.setAllowEmptyLayer(True)
        self.provisions_combo.setLayer(None)
        self.provisions_combo.setToolTip(tr("Voorzieningen (wijkteams, huisartsen, ...): counted per area and drawn "
                                            "on the maps; empty: those of the configuration, if any"))
        form.addRow(tr("Provisions"), self.provisions_combo)
        self.provisions_type = QgsFieldComboBox()
        self.provisions_type.setObjectName("provisionsType")
        self.provisions_type.setToolTip(tr("The field that holds each provision's type"))
        self.provisions_combo.layerChanged.connect(self.provisions_type.setLayer)
        form.addRow(tr("Provision type field"), self.provisions_type)
        self.division_combo = QgsMapLayerComboBox()
        self.division_combo.setObjectName("divisionCombo")
        self.division_combo.setFilters(QgsMapLayerProxyModel.PolygonLayer)
        self.division_combo.setAllowEmptyLayer(True)
        self.division_combo.setLayer(None)
        self.division_combo.setToolTip(tr("The gemeente's own areas (wijkteamgebieden, gebiedsindeling): polygons of "
                                          "whole buurten, counted beside the wijken and protected together with the "
                                          "buurten; empty: none"))
        form.addRow(tr("Own areas"), self.division_combo)
        self.division_code = QgsFieldComboBox()
        self.division_code.setObjectName("divisionCode")
        self.division_code.setToolTip(tr("The field that holds each own area's code"))
        self.division_name = QgsFieldComboBox()
        self.division_name.setObjectName("divisionName")
        self.division_name.setAllowEmptyFieldName(True)
        self.division_name.setToolTip(tr("The field that holds each own area's name (optional)"))
        self.division_combo.layerChanged.connect(self.division_code.setLayer)
        self.division_combo.layerChanged.connect(self.division_name.setLayer)
        form.addRow(tr("Area code field"), self.division_code)
        form.addRow(tr("Area name field"), self.division_name)
        self.output_widget = QgsFileWidget()
        self.output_widget.setStorageMode(QgsFileWidget.SaveFile)
        self.output_widget.setFilter("GeoPackage (*.gpkg)")
        form.addRow(tr("Output"), self.output_widget)
        self.register_check = QCheckBox(tr("Protect together with earlier outputs"))
        self.register_check.setObjectName("registerCheck")
        self.register_check.setChecked(True)
        self.register_check.setToolTip(tr("Hide more where this output and the earlier outputs of the same "
                                          "registrations in the publication register (tab Publications) would "
                                          "together reveal a small count, and add this output to the register"))
        form.addRow("", self.register_check)
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

    def _preset_chosen(self, _index=None) -> None:
        preset = PRESETS.get(self.preset_combo.currentData() or "")
        if preset:
            self.threshold_spin.setValue(int(preset["min_count"]))

    def options(self) -> dict:
        return {"input": self.input_widget.filePath(), "config": self.config_widget.filePath(),
                "output": self.output_widget.filePath(), "areas": self.area_combo.currentLayer(),
                "min_count": self.threshold_spin.value(), "preset": self.preset_combo.currentData() or "",
                "register": self.register_check.isChecked(), "provisions": self.provisions_combo.currentLayer(),
                "provisions_type": self.provisions_type.currentField(),
                "division": self.division_combo.currentLayer(), "division_code": self.division_code.currentField(),
                "division_name": self.division_name.currentField()}


class StylePanel(QGroupBox):
    """What the indicator map shows and how it is classified."""

    def __init__(self, parent=None):
        super().__init__(tr("Map style"), parent)
        style = QFormLayout(self)
        self.measure_combo = combo(measure_labels())
        style.addRow(tr("Show"), self.measure_combo)
        self.method_combo = combo(method_labels())
        style.addRow(tr("Classification"), self.method_combo)
        self.classes_spin = QSpinBox()
        self.classes_spin.setRange(3, 7)
        self.classes_spin.setValue(5)
        style.addRow(tr("Classes"), self.classes_spin)
        self.palette_combo = combo([(p, p) for p in SEQUENTIAL])
        style.addRow(tr("Palette"), self.palette_combo)

    def options(self) -> dict:
        return {"measure": self.measure_combo.currentData(), "method": self.method_combo.currentData(),
                "n_classes": self.classes_spin.value(), "palette": self.palette_combo.currentData()}


class BivariatePanel(QGroupBox):
    """Two indicators in one map: the pair, classes, classification and palette."""

    def __init__(self, parent=None):
        super().__init__(tr("Bivariate map"), parent)
        bi = QFormLayout(self)
        self.bi_x_combo = QComboBox()
        bi.addRow(tr("Indicator 1 (→)"), self.bi_x_combo)
        self.bi_y_combo = QComboBox()
        bi.addRow(tr("Indicator 2 (↑)"), self.bi_y_combo)
        self.bi_classes_combo = combo([(2, "2 × 2"), (3, "3 × 3"), (4, "4 × 4")])
        self.bi_classes_combo.setCurrentIndex(1)
        bi.addRow(tr("Classes"), self.bi_classes_combo)
        self.bi_method_combo = combo(method_labels())
        bi.addRow(tr("Classification"), self.bi_method_combo)
        self.bi_palette_combo = combo([(p, p) for p in BIVARIATE])
        set_combo(self.bi_palette_combo, DEFAULT_PALETTE)
        self.bi_palette_combo.setToolTip(tr("blauw-oranje stays readable with every common colour-vision deficiency"))
        bi.addRow(tr("Palette"), self.bi_palette_combo)
        self.bi_button = QPushButton(tr("Show bivariate map"))
        bi.addRow(self.bi_button)
        self.bi_legend = QLabel()
        self.bi_legend.setObjectName("bivariateLegend")
        bi.addRow(self.bi_legend)

    def options(self) -> dict:
        return {"x_ind": self.bi_x_combo.currentData(), "y_ind": self.bi_y_combo.currentData(),
                "n": self.bi_classes_combo.currentData(), "method": self.bi_method_combo.currentData(),
                "palette": self.bi_palette_combo.currentData()}

    def set_indicators(self, names, reach=()) -> None:
        """Offer ``names`` in both combos and the reach shares (``reach``: need × reach, an
        indicator against the share of its persons far from a provision) as the second,
        keeping the choice where it still exists (armoede × jeugd by default)."""
        for box, default in ((self.bi_x_combo, "armoede"), (self.bi_y_combo, "jeugd")):
            keep = box.currentData()
            offered = list(names) + (list(reach) if box is self.bi_y_combo else [])
            box.blockSignals(True)
            box.clear()
            for name in offered:
                box.addItem(display_name(name), name)
            set_combo(box, keep if keep in offered else default)
            if box.currentIndex() < 0 and names:
                box.setCurrentIndex(min(1 if box is self.bi_y_combo else 0, len(names) - 1))
            box.blockSignals(False)
        self.bi_button.setEnabled(len(names) >= 2)


class PeildatumPanel(QGroupBox):
    """A series of peildata (:mod:`..core.series`): a slider over the peildata of the
    series layer and the date it shows.  Shown when the project has a series layer."""

    def __init__(self, parent=None):
        super().__init__(tr("Peildatum"), parent)
        row = QHBoxLayout(self)
        self.slider = QSlider(Qt.Horizontal)
        self.slider.setObjectName("peildatumSlider")
        self.slider.setPageStep(1)
        self.slider.setTickPosition(QSlider.TicksBelow)
        self.slider.setToolTip(tr("The peildatum the map shows; QGIS's Temporal Controller plays the series"))
        row.addWidget(self.slider, 1)
        self.date = QLabel()
        self.date.setObjectName("peildatumLabel")
        self.date.setMinimumWidth(self.date.fontMetrics().horizontalAdvance("0000-00-00") + 4)
        row.addWidget(self.date)
        self.peildata = []

    def set_peildata(self, peildata) -> None:
        """The peildata to choose from (none: the panel hides); the chosen one is kept,
        else the last."""
        current = self.peildatum()
        self.peildata = list(peildata)
        self.setVisible(bool(self.peildata))
        self.slider.blockSignals(True)
        self.slider.setRange(0, max(len(self.peildata) - 1, 0))
        self.slider.setValue(self.peildata.index(current) if current in self.peildata else len(self.peildata) - 1)
        self.slider.blockSignals(False)
        self.date.setText(self.peildatum() or "")

    def peildatum(self) -> str:
        return self.peildata[self.slider.value()] if self.peildata else ""


class TrendChartPanel(QGroupBox):
    """The line chart of one area over the series (:mod:`..export.chart`): the area, the
    chart of the selected map, and a button to save it.  Shown when the project has a
    series layer."""

    def __init__(self, parent=None):
        super().__init__(tr("Trend of an area"), parent)
        lay = QVBoxLayout(self)
        self.area_combo = QComboBox()
        self.area_combo.setObjectName("trendArea")
        lay.addWidget(self.area_combo)
        self.chart = QLabel()
        self.chart.setObjectName("trendChart")
        # the panel's width decides the chart's, never the other way round (no sideways scrolling)
        self.chart.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Minimum)
        lay.addWidget(self.chart)
        self.save_button = QPushButton(tr("Save chart…"))
        self.save_button.setToolTip(tr("PNG, SVG or PDF of this chart; the file is audited first"))
        lay.addWidget(self.save_button)

    def set_areas(self, areas) -> None:
        """``areas``: (level, code, name) in order; the chosen one is kept."""
        current = self.area()
        self.area_combo.blockSignals(True)
        self.area_combo.clear()
        for level, code, name in areas:
            self.area_combo.addItem(f"{name} ({code})", f"{level}|{code}")
        at = self.area_combo.findData("|".join(current)) if current else -1
        self.area_combo.setCurrentIndex(max(at, 0))
        self.area_combo.blockSignals(False)
        self.setVisible(bool(areas))

    def area(self):
        """(level, code) of the chosen area, or None."""
        data = self.area_combo.currentData()
        return tuple(data.split("|", 1)) if data else None

    def choose(self, level: str, code: str) -> None:
        self.area_combo.setCurrentIndex(self.area_combo.findData(f"{level}|{code}"))


class PilotPanel(QGroupBox):
    """The before/after evaluation of a pilot (:mod:`..core.series.pilot`): the areas of
    each group taken from the map's selection, the two peildata, and the estimate with
    its chart.  Shown when the project has a series layer."""

    def __init__(self, parent=None):
        super().__init__(tr("Pilot evaluation"), parent)
        outer = QVBoxLayout(self)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.WrapLongRows)
        outer.addLayout(form)
        self.buttons, self.counts = {}, {}
        for group, label in (("intervention", tr("Intervention")), ("control", tr("Control"))):
            row = QHBoxLayout()
            self.buttons[group] = QPushButton(tr("Use selected areas"))
            self.buttons[group].setObjectName(f"pilot_{group}")
            self.buttons[group].setToolTip(tr("The areas selected on the map (the series or buurt layer)"))
            self.counts[group] = QLabel(tr("none"))
            row.addWidget(self.buttons[group])
            row.addWidget(self.counts[group], 1)
            form.addRow(label, row)
        self.before = QComboBox()
        self.before.setObjectName("pilotBefore")
        form.addRow(tr("Before"), self.before)
        self.after = QComboBox()
        self.after.setObjectName("pilotAfter")
        form.addRow(tr("After"), self.after)
        self.evaluate_button = QPushButton(tr("Evaluate"))
        form.addRow(self.evaluate_button)
        # the estimate, its chart and the save button below the form, as the trend chart's
        # (a form row of a wrapped label kept its first height, and the chart ran over the button)
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.setObjectName("pilotResult")
        self.result.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Minimum)
        outer.addWidget(self.result)
        self.chart = QLabel()
        self.chart.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Minimum)
        outer.addWidget(self.chart)
        self.save_button = QPushButton(tr("Save chart and table…"))
        self.save_button.setEnabled(False)
        outer.addWidget(self.save_button)
        self.groups = {"intervention": [], "control": []}
        self.levels = {"intervention": "buurt", "control": "buurt"}

    def set_group(self, group: str, level: str, codes) -> None:
        self.groups[group] = list(codes)
        self.levels[group] = level
        self.counts[group].setText(tr("{n} areas").format(n=len(codes)) if codes else tr("none"))

    @property
    def level(self) -> str:
        """The level of both groups' areas; raises ValueError when they differ."""
        if self.levels["intervention"] != self.levels["control"]:
            raise ValueError(tr("the intervention areas are of level '{a}', the control areas of '{b}': choose "
                                "both groups on one level").format(a=self.levels["intervention"],
                                                                   b=self.levels["control"]))
        return self.levels["intervention"]

    def set_peildata(self, peildata) -> None:
        """The peildata to compare (the first and the last chosen, unless chosen before)."""
        for box, default in ((self.before, 0), (self.after, len(peildata) - 1)):
            current = box.currentText()
            box.blockSignals(True)
            box.clear()
            box.addItems(list(peildata))
            box.setCurrentIndex(box.findText(current) if current in peildata else max(default, 0))
            box.blockSignals(False)
        self.setVisible(bool(peildata))


class GapsPanel(QGroupBox):
    """Where help is missing: the buurten with a rate of the selected map in the highest
    third and no provision of a type near (:func:`..core.reach.help_missing`); a click on
    one zooms the map to it.  Shown when the layer has provisions."""

    def __init__(self, parent=None):
        super().__init__(tr("Where is help missing"), parent)
        form = QFormLayout(self)
        form.setRowWrapPolicy(QFormLayout.WrapLongRows)
        self.type_combo = QComboBox()
        self.type_combo.setObjectName("gapsType")
        form.addRow(tr("Provision"), self.type_combo)
        self.distance_combo = QComboBox()
        self.distance_combo.setObjectName("gapsDistance")
        form.addRow(tr("Where"), self.distance_combo)
        self.find_button = QPushButton(tr("Find buurten"))
        self.find_button.setToolTip(tr("Buurten whose published rate of the selected map is among the highest third "
                                       "and that have no provision of this type inside or within the distance"))
        form.addRow(self.find_button)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        form.addRow(self.summary)
        self.list = QListWidget()
        self.list.setObjectName("gapsList")
        self.list.setMinimumHeight(5 * self.list.fontMetrics().height() + 8)
        form.addRow(self.list)

    def set_provisions(self, types, distances) -> None:
        """The types and distances of the layer's provision columns; the choice is kept."""
        kind, dist = self.type_combo.currentData(), self.distance_combo.currentData()
        self.type_combo.clear()
        for t in types:
            self.type_combo.addItem(t.replace("_", " "), t)
        self.distance_combo.clear()
        self.distance_combo.addItem(tr("inside the buurt"), None)
        for d in distances:
            self.distance_combo.addItem(tr("within {km} km").format(km=f"{d / 1000:g}".replace(".", ",")), d)
        set_combo(self.type_combo, kind)
        if dist is not None:
            set_combo(self.distance_combo, dist)
        self.setVisible(bool(types))


class ExportPanel(QGroupBox):
    """Page size, orientation, resolution and the export buttons."""

    def __init__(self, parent=None):
        super().__init__(tr("Export"), parent)
        ex = QFormLayout(self)
        self.page_combo = combo([(p, p) for p in PAGE_SIZES])
        ex.addRow(tr("Page size"), self.page_combo)
        self.orientation_combo = combo([("landscape", tr("Landscape")), ("portrait", tr("Portrait"))])
        ex.addRow(tr("Orientation"), self.orientation_combo)
        self.dpi_spin = QSpinBox()
        self.dpi_spin.setRange(72, 600)
        self.dpi_spin.setValue(150)
        ex.addRow(tr("Resolution (dpi)"), self.dpi_spin)
        self.export_button = QPushButton(tr("Export map…"))
        self.export_button.setToolTip(tr("Export the selected map (or the bivariate layer when it is active) "
                                         "as PDF, PNG or SVG; the layout is added to the project"))
        ex.addRow(self.export_button)
        self.batch_button = QPushButton(tr("Export all maps…"))
        self.batch_button.setToolTip(tr("Every indicator, stacking map and the bivariate pair: one multi-page PDF, "
                                        "or one PNG/SVG per map"))
        ex.addRow(self.batch_button)
        self.atlas_button = QPushButton(tr("Atlas per wijk…"))
        self.atlas_button.setToolTip(tr("One PDF page per wijk for the selected map"))
        ex.addRow(self.atlas_button)
        self.data_button = QPushButton(tr("Export data for partners…"))
        self.data_button.setToolTip(tr("The published figures only: GeoPackage with styles, CSV or Excel"))
        ex.addRow(self.data_button)

    def options(self) -> dict:
        return {"page": self.page_combo.currentData(), "dpi": self.dpi_spin.value(),
                "landscape": self.orientation_combo.currentData() == "landscape"}


class ReportPanel(QWidget):
    """The disclosure audit button and the report of the last run or audit."""

    def __init__(self, parent=None):
        super().__init__(parent)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.audit_button = QPushButton(tr("Disclosure audit"))
        self.audit_button.setToolTip(tr("Check that no suppressed count can be derived from what the layer publishes"))
        lay.addWidget(self.audit_button)
        lay.addWidget(QLabel(tr("Report")))
        self.report = QPlainTextEdit()
        self.report.setReadOnly(True)
        self.report.setMinimumHeight(12 * self.report.fontMetrics().height())
        lay.addWidget(self.report, 1)  # the tab's whole height: a report that can be read


class RegisterPanel(QWidget):
    """The publication register: the outputs published so far, each removable; export,
    import and clear."""

    COLUMNS = ("date", "title", "file", "threshold", "peildatum")

    def __init__(self, parent=None):
        super().__init__(parent)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        note = QLabel(tr("Outputs written with the register on. A new output of the same registrations is "
                         "protected together with all of them. Remove an output that was never published."))
        note.setWordWrap(True)
        lay.addWidget(note)
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setObjectName("registerTable")
        self.table.setHorizontalHeaderLabels([tr("Date"), tr("Title"), tr("File"), tr("Threshold"), tr("Peildatum")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setMinimumHeight(10 * self.table.fontMetrics().height())
        lay.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.remove_button = QPushButton(tr("Remove"))
        self.remove_button.setToolTip(tr("Remove the selected outputs from the register (only outputs that were "
                                         "never published)"))
        self.export_button = QPushButton(tr("Export…"))
        self.import_button = QPushButton(tr("Import…"))
        self.clear_button = QPushButton(tr("Clear…"))
        for b in (self.remove_button, self.export_button, self.import_button, self.clear_button):
            row.addWidget(b)
        lay.addLayout(row)
        self.path_label = QLabel()
        self.path_label.setWordWrap(True)
        lay.addWidget(self.path_label)

    def show_entries(self, entries, path: str) -> None:
        self.table.setRowCount(len(entries))
        for r, e in enumerate(entries):
            values = (e.created[:16].replace("T", " "), e.title, e.output, str(e.min_count), e.reference_date or "")
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(0x0100, e.id)  # Qt.UserRole
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        self.path_label.setText(tr("Register: {path}").format(path=path))

    def selected_ids(self) -> list:
        rows = sorted({i.row() for i in self.table.selectedItems()})
        return [self.table.item(r, 0).data(0x0100) for r in rows]

