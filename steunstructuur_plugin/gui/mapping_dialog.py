"""Field-mapping dialog: map the columns of a registrations source and save the configuration.

Columns are guessed from their names (core.mapping); the analyst corrects them, edits
the indicators and overlaps, and saves the JSON configuration.
"""

from qgis.gui import QgsFileWidget
from qgis.PyQt.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
)

from ..core.config import AnalysisConfig, ConfigError, DisclosureConfig, SourceConfig
from ..core.read.mapping import guess_source
from ..i18n import tr

NONE = "—"
#: suggested indicators, kept when their categories occur in the data
SUGGESTED = {
    "armoede": ["bijstand", "schuldhulp", "minimaregeling"],
    "jeugd": ["jeugdzorg", "jeugdreclassering"],
    "wmo": ["wmo_begeleiding", "wmo_hulpmiddel"],
}



def indicators_to_text(indicators) -> str:
    return "\n".join(f"{name} = {', '.join(cats)}" for name, cats in indicators.items())


def text_to_indicators(text: str) -> dict:
    """'armoede = bijstand, schuldhulp' per line -> {'armoede': ['bijstand', 'schuldhulp']}"""
    out = {}
    for n, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line:
            continue
        if "=" not in line:
            raise ConfigError(tr("indicators, line {n}: write 'name = category, category'").format(n=n))
        name, cats = line.split("=", 1)
        out[name.strip()] = [c.strip() for c in cats.split(",") if c.strip()]
    return out


def suggest_indicators(categories) -> dict:
    present = {c.strip().lower() for c in categories}
    out = {}
    for name, cats in SUGGESTED.items():
        keep = [c for c in cats if c in present]
        if keep:
            out[name] = keep
    for c in sorted(present - {c for cats in out.values() for c in cats}):
        out.setdefault(c.replace(" ", "_")[:31], [c])
    return out


class MappingDialog(QDialog):
    def __init__(self, columns, categories=(), config: AnalysisConfig = None, parent=None):
        super().__init__(parent)
        self.setWindowTitle(tr("Steunstructuur: field mapping"))
        self.columns = list(columns)
        base = config or AnalysisConfig()
        guess = config.source if config else guess_source(self.columns)
        lay = QVBoxLayout(self)
        form = QFormLayout()
        lay.addLayout(form)
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
        self.reference_date.setPlaceholderText("2024-12-31")
        form.addRow(tr("Reference date (peildatum)"), self.reference_date)

        lay.addWidget(QLabel(tr("Indicators: one per line, 'name = category, category'")))
        self.indicators = QPlainTextEdit(indicators_to_text(base.indicators or suggest_indicators(categories)))
        lay.addWidget(self.indicators)
        form2 = QFormLayout()
        self.overlaps = QLineEdit("; ".join(f"{a} x {b}" for a, b in base.overlaps))
        self.overlaps.setPlaceholderText("armoede x jeugd")
        form2.addRow(tr("Overlaps"), self.overlaps)
        self.min_count = QSpinBox()
        self.min_count.setRange(1, 100)
        self.min_count.setValue(int(base.disclosure.min_count))
        form2.addRow(tr("Minimum count"), self.min_count)
        lay.addLayout(form2)
        self.error = QLabel("")
        self.error.setStyleSheet("color: #a00")
        self.error.setWordWrap(True)
        lay.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.base = base

    def value(self, key):
        text = self.combos[key].currentText()
        return None if text == NONE or not text else text

    def config(self) -> AnalysisConfig:
        """The configuration as shown; raises ConfigError with a readable message."""
        overlaps = []
        for part in self.overlaps.text().split(";"):
            if part.strip():
                bits = [b.strip() for b in part.replace("×", "x").split(" x ")]
                if len(bits) != 2:
                    raise ConfigError(tr("overlaps: write 'a x b; c x d'"))
                overlaps.append(tuple(bits))
        source = SourceConfig(
            person_key=self.value("person_key"), household_key=self.value("household_key"),
            category=self.value("category"), location=self.location.currentText(),
            buurtcode=self.value("buurtcode"), x=self.value("x"), y=self.value("y"),
            crs=self.crs.currentText().strip() or "EPSG:28992", postcode=self.value("postcode"),
            huisnummer=self.value("huisnummer"), postcode_table=self.postcode_table.filePath() or None,
            start_date=self.value("start_date"), end_date=self.value("end_date"),
            reference_date=self.reference_date.text().strip() or None)
        disclosure = DisclosureConfig(min_count=self.min_count.value(),
                                      publish_zero=self.base.disclosure.publish_zero,
                                      min_denominator=self.base.disclosure.min_denominator)
        cfg = AnalysisConfig(title=self.base.title, gemeente=self.base.gemeente,
                             unit="households" if source.household_key else "persons", source=source,
                             areas=self.base.areas, indicators=text_to_indicators(self.indicators.toPlainText()),
                             overlaps=overlaps, disclosure=disclosure)
        return cfg.validate(tr("field mapping"))

    def accept(self):
        try:
            self.config()
        except ConfigError as exc:
            self.error.setText(str(exc))
            return
        super().accept()
