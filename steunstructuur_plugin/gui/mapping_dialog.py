"""Field-mapping dialog: map the columns of a registrations source and save the configuration.

In: the source's column names, the categories found in its category column, and the
current configuration (or none). Out: an :class:`AnalysisConfig` (validated) that keeps
everything of the current one the dialog does not show (areas, wide columns, encoding,
theme publication, the disclosure preset).

Columns are guessed from their names (core.mapping). The categories are a table, one
row per category (found in the file, or named by the configuration), with the indicator
and theme it belongs to: fifty categories map to fifty indicators in seven themes
without writing JSON. The expressions, overlaps and stacking are edited as text.
"""

import dataclasses
import re

from qgis.gui import QgsFileWidget
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QStyledItemDelegate,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..core.config import STACKING, AnalysisConfig, ConfigError, normalise_category_name
from ..core.read.mapping import guess_source
from ..i18n import tr

NONE = "—"
#: suggested indicators, kept when their categories occur in the data
SUGGESTED = {
    "armoede": ["bijstand", "schuldhulp", "minimaregeling"],
    "jeugd": ["jeugdzorg", "jeugdreclassering"],
    "wmo": ["wmo_begeleiding", "wmo_hulpmiddel"],
}
#: the start of a category's name that suggests its indicator (schuldhulpverlening,
#: jeugdhulp, wmo_huishoudelijke_hulp, ...)
SUGGESTED_STEMS = {
    "armoede": ("bijstand", "schuld", "minima", "armoede", "inkomensondersteuning", "participatiewet"),
    "jeugd": ("jeugd",),
    "wmo": ("wmo",),
}
#: the table's columns
CATEGORY, INDICATOR, THEME = range(3)


def suggest_indicators(categories) -> dict:
    """Indicators for the categories found: armoede, jeugd and wmo for the categories
    whose name starts with one of their stems (:data:`SUGGESTED_STEMS`), one indicator of
    its own (a valid name, :func:`indicator_name`) for every other category, none for a
    placeholder (``onbekend``, ``-``, ...: rows with it are reported as unknown_category)."""
    from ..core.read.registrations import PLACEHOLDER_KEYS

    present = sorted({normalise_category_name(c) for c in categories} - {""})
    out = {}
    for name, stems in SUGGESTED_STEMS.items():
        known = [c for c in SUGGESTED.get(name, []) if c in present]  # the usual ones first, in their order
        keep = known + [c for c in present if c not in known and c.replace("-", "_").startswith(stems)]
        if keep:
            out[name] = keep
    taken = {c for cats in out.values() for c in cats}
    for c in present:
        if c in taken or c in PLACEHOLDER_KEYS or c.strip("_-. ") in PLACEHOLDER_KEYS:
            continue
        out.setdefault(indicator_name(c, out), [c])
    return out


def indicator_name(category: str, used=()) -> str:
    """A name the configuration accepts (``[a-z][a-z0-9_]``, at most 31 characters, no
    keyword, not yet used) for a category: ``participatie-traject`` becomes
    ``participatie_traject``, ``2e_lijn`` becomes ``c_2e_lijn``."""
    from ..core.config import KEYWORDS

    name = re.sub(r"[^a-z0-9_]+", "_", category.lower()).strip("_") or "categorie"
    if not name[0].isalpha():
        name = "c_" + name
    name = name[:31].rstrip("_")
    if name in KEYWORDS:
        name = (name + "_x")[:31]
    base, i = name, 2
    while name in used:
        name = f"{base[:28]}_{i}"
        i += 1
    return name


def mapping_rows(categories, config: AnalysisConfig = None):
    """The table's rows: (category, indicator, theme, found in the file). First every
    category the configuration names, in its order, then the file's other categories
    (without an indicator: rows with them are reported as ``unknown_category``). Without
    indicators in the configuration they are suggested from the categories found."""
    found = [normalise_category_name(c) for c in categories]
    present = set(found)
    indicators = config.indicators if config and config.indicators else suggest_indicators(found)
    theme_of = {m: t for t, members in (config.theme_members() if config else {}).items() for m in members}
    rows, named = [], set()
    for indicator, cats in indicators.items():
        for cat in cats:
            rows.append((cat, indicator, theme_of.get(indicator, ""), normalise_category_name(cat) in present))
            named.add(normalise_category_name(cat))
    rows += [(cat, "", "", True) for cat in found if cat not in named]
    return rows


def rows_to_indicators(rows):
    """(category, indicator, theme) rows -> (indicators, theme members), both in the order
    of the rows. A row without indicator is not used; an indicator's theme is the one its
    rows name (rows may leave it empty); two different themes are an error naming both rows."""
    indicators, themes, theme_row = {}, {}, {}
    for n, (cat, indicator, theme) in enumerate(rows, 1):
        cat, indicator, theme = normalise_category_name(cat), indicator.strip(), theme.strip()
        if not indicator:
            if theme:
                raise ConfigError(tr("categories, row {n}: a theme needs an indicator").format(n=n))
            continue
        if not cat:
            raise ConfigError(tr("categories, row {n}: the category is empty").format(n=n))
        indicators.setdefault(indicator, [])
        if cat not in indicators[indicator]:
            indicators[indicator].append(cat)
        if not theme:
            continue
        if indicator in theme_row and theme_row[indicator][0] != theme:
            first, row = theme_row[indicator]
            raise ConfigError(tr("categories, row {n}: indicator '{ind}' is in theme '{a}' in row {row} and in "
                                 "theme '{b}' here").format(n=n, ind=indicator, a=first, row=row, b=theme))
        if indicator not in theme_row:
            theme_row[indicator] = (theme, n)
            themes.setdefault(theme, []).append(indicator)
    return indicators, themes


def text_to_pairs(text: str, what: str) -> dict:
    """'name = value' per line -> {name: value}; a line without '=' is an error naming it."""
    out = {}
    for n, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line:
            continue
        if "=" not in line:
            raise ConfigError(tr("{what}, line {n}: write 'name = ...'").format(what=what, n=n))
        name, value = line.split("=", 1)
        out[name.strip()] = value.strip()
    return out


class _NameDelegate(QStyledItemDelegate):
    """Edits an indicator or theme cell with completion from the names in its column."""

    def createEditor(self, parent, option, index):
        editor = QLineEdit(parent)
        table = index.model()
        names = sorted({table.index(r, index.column()).data() or "" for r in range(table.rowCount())} - {""})
        completer = QCompleter(names, editor)
        completer.setCaseSensitivity(Qt.CaseInsensitive)
        editor.setCompleter(completer)
        return editor


class MappingDialog(QDialog):
    def __init__(self, columns, categories=(), config: AnalysisConfig = None, parent=None, area_fields=()):
        super().__init__(parent)
        self.setWindowTitle(tr("Steunstructuur: field mapping"))
        self.columns = list(columns)
        base = config or AnalysisConfig()
        guess = config.source if config else guess_source(self.columns)
        outer = QVBoxLayout(self)
        tabs = QTabWidget()
        tabs.setObjectName("mappingTabs")
        outer.addWidget(tabs, 1)
        columns_page, indicators_page = QWidget(), QWidget()
        tabs.addTab(columns_page, tr("Columns"))
        tabs.addTab(indicators_page, tr("Indicators and themes"))
        self.tabs = tabs
        self._maps_tab(base, list(area_fields))
        form = QFormLayout(columns_page)
        lay = QVBoxLayout(indicators_page)
        self.resize(720, 680)  # fits a 1366x768 screen with the window frame
        self.combos = {}

        def combo(key, label, optional=False):
            box = QComboBox()
            box.setObjectName(key)
            if optional:
                box.addItem(NONE)
            box.addItems(self.columns)
            value = getattr(guess, key)
            if value in self.columns:
                box.setCurrentText(value)
            form.addRow(label, box)
            self.combos[key] = box

        combo("person_key", tr("Person key (BSN, client number)"))
        combo("household_key", tr("Household key"), optional=True)
        combo("category", tr("Category (voorziening)"))
        self.location = QComboBox()
        self.location.addItems(["buurtcode", "xy", "postcode"])
        self.location.setCurrentText(guess.location)
        form.addRow(tr("Location by"), self.location)
        combo("buurtcode", tr("Buurtcode"), optional=True)
        combo("x", tr("X / longitude"), optional=True)
        combo("y", tr("Y / latitude"), optional=True)
        self.crs = QComboBox()
        self.crs.setEditable(True)
        self.crs.addItems(["EPSG:28992", "EPSG:4326"])
        self.crs.setCurrentText(guess.crs)
        form.addRow(tr("Coordinate system"), self.crs)
        combo("postcode", tr("Postcode"), optional=True)
        combo("huisnummer", tr("House number"), optional=True)
        self.postcode_table = QgsFileWidget()
        self.postcode_table.setFilter("CSV (*.csv)")
        self.postcode_table.setFilePath(guess.postcode_table or "")
        form.addRow(tr("Postcode table (CBS pc6hnr)"), self.postcode_table)
        combo("start_date", tr("Start date"), optional=True)
        combo("end_date", tr("End date"), optional=True)
        self.reference_date = QLineEdit(guess.reference_date or "")
        # a placeholder that does not look like a value (a grey date was read as one)
        self.reference_date.setPlaceholderText(tr("yyyy-mm-dd; empty: every registration counts"))
        form.addRow(tr("Reference date (peildatum)"), self.reference_date)
        # a series of peildata: from the reference date up to a date, every month, quarter or year
        series = guess.series or {}
        if series:
            self.reference_date.setText(series.get("start", ""))
        self.series_end = QLineEdit(series.get("end", ""))
        self.series_end.setObjectName("seriesEnd")
        self.series_end.setPlaceholderText(tr("yyyy-mm-dd; empty: one peildatum"))
        self.series_step = QComboBox()
        self.series_step.setObjectName("seriesStep")
        for step, label in (("month", tr("every month")), ("quarter", tr("every quarter")),
                            ("year", tr("every year"))):
            self.series_step.addItem(label, step)
        self.series_step.setCurrentIndex(max(self.series_step.findData(series.get("step", "month")), 0))
        row = QHBoxLayout()
        row.addWidget(self.series_end, 1)
        row.addWidget(self.series_step)
        form.addRow(tr("Series of peildata up to"), row)

        lay.addWidget(QLabel(tr("Categories: the indicator and theme each belongs to (an empty indicator: "
                                "not counted)")))
        self.category_filter = QLineEdit()
        self.category_filter.setObjectName("categoryFilter")
        self.category_filter.setPlaceholderText(tr("Filter (category, indicator or theme)"))
        self.category_filter.setClearButtonEnabled(True)
        self.category_filter.textChanged.connect(self._filter_rows)
        lay.addWidget(self.category_filter)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("categoryTable")
        self.table.setHorizontalHeaderLabels([tr("Category"), tr("Indicator"), tr("Theme")])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectItems)
        self.table.setEditTriggers(QAbstractItemView.AllEditTriggers)
        self.table.setTabKeyNavigation(True)
        delegate = _NameDelegate(self.table)
        self.table.setItemDelegateForColumn(INDICATOR, delegate)
        self.table.setItemDelegateForColumn(THEME, delegate)
        for row in mapping_rows(categories, config):
            self.add_row(*row)
        lay.addWidget(self.table, 1)
        add = QPushButton(tr("Add category"))
        add.clicked.connect(lambda: self.add_row("", "", "", False, edit=True))
        buttons_row = QHBoxLayout()
        buttons_row.addWidget(add)
        buttons_row.addStretch(1)
        lay.addLayout(buttons_row)
        form2 = QFormLayout()
        self.expressions = QPlainTextEdit("\n".join(f"{n} = {e}" for n, e in base.expressions.items()))
        self.expressions.setPlaceholderText("lks_zonder_meedoen = loonkostensubsidie AND NOT meedoenregeling")
        self.expressions.setMaximumHeight(4 * self.expressions.fontMetrics().height() + 12)
        form2.addRow(tr("Expressions"), self.expressions)
        self.overlaps = QLineEdit("; ".join(f"{a} x {b}" for a, b in base.overlaps))
        self.overlaps.setPlaceholderText("armoede x jeugd")
        form2.addRow(tr("Overlaps"), self.overlaps)
        self.stacking = QComboBox()
        self.stacking.setEditable(True)
        self.stacking.addItems(list(STACKING))
        self.stacking.setCurrentText(", ".join(base.stacking) if isinstance(base.stacking, list) else base.stacking)
        self.stacking.setToolTip(tr("indicators, themes, off, or a list of indicators separated by commas"))
        form2.addRow(tr("Stacking over"), self.stacking)
        self.min_count = QSpinBox()
        self.min_count.setRange(2, 100)
        self.min_count.setValue(int(base.disclosure.min_count))
        form2.addRow(tr("Minimum count"), self.min_count)
        lay.addLayout(form2)
        self.error = QLabel("")
        self.error.setStyleSheet("color: #a00")
        self.error.setWordWrap(True)
        outer.addWidget(self.error)
        # the message of a refused OK goes once the user changes something
        self.table.itemChanged.connect(lambda *_: self.error.setText(""))
        for edit in (self.expressions, self.overlaps):
            edit.textChanged.connect(lambda *_: self.error.setText(""))
        for edit in (self.reference_date, self.series_end):
            edit.textChanged.connect(lambda *_: self.error.setText(""))
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        outer.addWidget(buttons)
        self.base = base

    def add_row(self, category, indicator, theme, found=True, edit=False):
        row = self.table.rowCount()
        self.table.insertRow(row)
        cat = QTableWidgetItem(category)
        if category:  # a category read from the file or the configuration keeps its name
            cat.setFlags(cat.flags() & ~Qt.ItemIsEditable)
        if not found:
            cat.setToolTip(tr("not found in this file"))
            cat.setForeground(Qt.darkGray)
        self.table.setItem(row, CATEGORY, cat)
        self.table.setItem(row, INDICATOR, QTableWidgetItem(indicator))
        self.table.setItem(row, THEME, QTableWidgetItem(theme))
        if edit:
            self.table.setCurrentCell(row, CATEGORY)
            self.table.editItem(cat)
        return row

    def rows(self):
        """The table as (category, indicator, theme) rows."""
        return [tuple((self.table.item(r, c).text() if self.table.item(r, c) else "") for c in range(3))
                for r in range(self.table.rowCount())]

    def set_row(self, row: int, indicator: str = None, theme: str = None) -> None:
        if indicator is not None:
            self.table.item(row, INDICATOR).setText(indicator)
        if theme is not None:
            self.table.item(row, THEME).setText(theme)

    def _filter_rows(self, text: str) -> None:
        text = text.strip().lower()
        for r, row in enumerate(self.rows()):
            self.table.setRowHidden(r, bool(text) and not any(text in v.lower() for v in row))

    def value(self, key):
        text = self.combos[key].currentText()
        return None if text == NONE or not text else text

    def _stacking(self):
        text = self.stacking.currentText().strip()
        if text in STACKING:
            return text
        return [part.strip() for part in text.split(",") if part.strip()]

    def _maps_tab(self, base: AnalysisConfig, area_fields) -> None:
        """Title and gemeente of the maps (PDFs read "Bron: gemeente registraties" without
        them) and the buurt layer's code and inhabitants fields (offered from the dock's
        buurt layer)."""
        page = QWidget()
        form = QFormLayout(page)
        self.title_edit = QLineEdit(base.title)
        form.addRow(tr("Title of the maps"), self.title_edit)
        self.gemeente_edit = QLineEdit(base.gemeente)
        self.gemeente_edit.setPlaceholderText(tr("e.g. Uden"))
        form.addRow(tr("Gemeente"), self.gemeente_edit)

        def field_combo(current, optional):
            box = QComboBox()
            box.setEditable(True)
            if optional:
                box.addItem("")
            box.addItems([f for f in area_fields if f])
            box.setCurrentText(current or "")
            return box

        self.area_code = field_combo(base.areas.code, False)
        form.addRow(tr("Buurtcode field"), self.area_code)
        self.area_denominator = field_combo(base.areas.denominator, True)
        form.addRow(tr("Inhabitants field (empty: counts only, no rates)"), self.area_denominator)
        self.tabs.addTab(page, tr("Maps and buurt layer"))

    def config(self) -> AnalysisConfig:
        """The configuration as shown; raises ConfigError with a readable message. What the
        dialog does not show is kept from the configuration it was opened with."""
        overlaps = []
        for part in self.overlaps.text().split(";"):
            if part.strip():
                bits = [b.strip() for b in part.replace("×", "x").split(" x ")]
                if len(bits) != 2:
                    raise ConfigError(tr("overlaps: write 'a x b; c x d'"))
                overlaps.append(tuple(bits))
        source = dataclasses.replace(
            self.base.source,
            person_key=self.value("person_key"), household_key=self.value("household_key"),
            category=self.value("category"), location=self.location.currentText(),
            buurtcode=self.value("buurtcode"), x=self.value("x"), y=self.value("y"),
            crs=self.crs.currentText().strip() or "EPSG:28992", postcode=self.value("postcode"),
            huisnummer=self.value("huisnummer"), postcode_table=self.postcode_table.filePath() or None,
            start_date=self.value("start_date"), end_date=self.value("end_date"),
            reference_date=self.reference_date.text().strip() or None)
        end = self.series_end.text().strip()
        if end:  # a series from the reference date
            if not source.reference_date:
                raise ConfigError(tr("a series of peildata starts at the reference date: fill it in"))
            source = dataclasses.replace(source, reference_date=None, reference_dates=[], series={
                "start": source.reference_date, "end": end, "step": self.series_step.currentData()})
        elif source.reference_date or source.series:  # one peildatum: the series shown is gone
            source = dataclasses.replace(source, reference_dates=[], series={})
        disclosure = dataclasses.replace(self.base.disclosure, min_count=self.min_count.value())
        indicators, members = rows_to_indicators(self.rows())
        unpublished = {t for t, spec in self.base.themes.items()
                       if isinstance(spec, dict) and not spec.get("publish", True)}
        themes = {t: ({"indicators": m, "publish": False} if t in unpublished else m) for t, m in members.items()}
        cfg = dataclasses.replace(
            self.base, unit="households" if source.household_key else "persons", source=source,
            indicators=indicators, themes=themes, expressions=text_to_pairs(self.expressions.toPlainText(),
                                                                            tr("expressions")),
            overlaps=overlaps, stacking=self._stacking(), disclosure=disclosure,
            title=self.title_edit.text().strip() or "Steunstructuur", gemeente=self.gemeente_edit.text().strip(),
            areas=dataclasses.replace(self.base.areas, code=self.area_code.currentText().strip() or "buurtcode",
                                      denominator=self.area_denominator.currentText().strip() or None))
        return cfg.validate(tr("field mapping"))

    def accept(self):
        try:
            self.config()
        except ConfigError as exc:
            self.error.setText(str(exc))
            return
        super().accept()
