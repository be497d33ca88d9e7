"""Read and validate sociaal-domein registrations.

A registrations source is a CSV export of a case system (any of the delimiters
``, ; tab |``, UTF-8 with or without BOM or cp1252) or an Excel workbook.  Every row
ends either counted or rejected with a reason; nothing is dropped silently.  Person
and household keys are pseudonymised while reading and the raw columns are dropped.

The result is a :class:`Records` frame that lives in memory only.
"""

import csv
import io
import os
import re
import warnings
import zipfile
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Dict, List, Optional

import numpy as np
import pandas as pd

from ...i18n import tr
from ..config import AnalysisConfig, normalise_category_name
from ..errors import SteunstructuurError
from ..qvalues import is_null
from .pseudonymise import pseudonym_bits, pseudonymise, pseudonymise_bits
from .scan import CP1252_FALLBACK, EncodingError, FileScan, bom_encoding, decode, scan

DELIMITERS = [",", ";", "\t", "|"]
TRUTHY = {"1", "ja", "j", "yes", "y", "true", "waar", "x"}
FALSY = {"", "0", "nee", "n", "no", "false", "onwaar"}

#: rejection reasons, with the Dutch/English explanation shown in reports
REASONS = OrderedDict(
    [
        ("malformed_row", "row has a different number of fields than the header"),
        ("nul_byte", "row holds a NUL byte (a damaged file, or a binary file saved as text)"),
        ("missing_key", "person (or household) key is empty"),
        ("placeholder_key", "person (or household) key is a placeholder (onbekend, 0, 000000000, -, ...)"),
        ("key_lost_digits", "person (or household) key is in scientific notation (1.23457E+08): the spreadsheet "
                            "dropped digits; export the column as text"),
        ("unknown_category", "category is not part of any indicator"),
        ("no_category", "no category column is set to yes"),
        ("bad_date", "date cannot be read"),
        ("outside_period", "registration not active on the reference date"),
        ("bad_location", "location cannot be read"),
        ("out_of_area", "location lies outside the area layer"),
        ("postcode_not_found", "postcode + huisnummer not in the lookup table"),
        ("no_type", "the provision's type is empty"),
        ("long_type", "the provision's type is longer than 24 letters and digits"),
        ("unknown_type", "the provision's type is not one of provisions.types"),
    ]
)
MAX_EXAMPLES = 20
#: an unmatched category value is named in the report only when this many rows have it
MIN_NAMED = 5
#: ... and only when fewer than this many different values match none
MAX_DISTINCT_NAMED = 200
#: what usually lies behind most rows being rejected for one reason (said in the report)
LIKELY_CAUSE = {
    "malformed_row": "the rows do not have the header's fields: check the delimiter (source.delimiter)",
    "nul_byte": "the file is damaged, or it is not a text file",
    "missing_key": "check which column holds the BSN or client number (source.person_key)",
    "placeholder_key": "check which column holds the BSN or client number (source.person_key)",
    "key_lost_digits": "the keys were saved as numbers in scientific notation: export that column as text",
    "unknown_category": "the category values match no indicator: check the category column and the categories "
                        "of the indicators (the report lists the values that matched none)",
    "no_category": "no category column says yes: check the wide columns (source.wide_columns)",
    "bad_date": "check the date columns (source.start_date, source.end_date) and their format",
    "outside_period": "few registrations are active on the reference date: check the peildatum and the date "
                      "columns",
    "bad_location": "check the location columns of the mapping",
    "out_of_area": "the locations lie outside the area layer: the area layer of another gemeente, or x/y in "
                   "another coordinate system than source.crs (RD New is EPSG:28992)",
    "postcode_not_found": "the postcode table does not hold these addresses: check the postcode table and the "
                          "huisnummer column",
    "no_type": "check which column holds the provision's type (provisions.sources[].type)",
    "long_type": "shorten the types in the file: they name the output's columns",
    "unknown_type": "the file's types are not those of provisions.types: check the list, or leave it empty to "
                    "publish every type",
}
#: a reason that rejects at least this share of the rows read is a warning
WARN_SHARE = 0.5
#: keys that stand for "no key": each would merge every row that has it into one person
PLACEHOLDER_KEYS = {"onbekend", "unknown", "geen", "nvt", "n.v.t.", "n.v.t", "n/a", "na", "null", "none", "nan",
                    "-", "--", "---", "?", "??", "x", "xx", "xxx", "leeg", "0"}


class SourceError(SteunstructuurError, ValueError):
    """The source cannot be read at all (file, encoding, missing column)."""


def _like_a_category(value: str, categories: List[str]) -> bool:
    """Whether ``value`` is a category written another way: one holds the other, or they
    are nearly the same letters (difflib's ratio at least 0.75)."""
    import difflib

    bare = value.replace("_", "")
    for cat in categories:
        c = cat.replace("_", "")
        if len(c) >= 4 and (c in bare or bare in c) or difflib.SequenceMatcher(None, bare, c).ratio() >= 0.75:
            return True
    return False


class NothingCounted(SourceError):
    """Every row was rejected (or the file has none): a map of zeros would pass its audit
    and look like a result."""


@dataclass
class Rejection:
    row: int
    column: str
    reason: str

    def text(self, path: str) -> str:
        return tr("{file}, row {row}, column '{column}': {reason}").format(
            file=os.path.basename(path), row=self.row, column=self.column, reason=tr(REASONS[self.reason]))


@dataclass
class ImportReport:
    """Totals that reconcile: rows_read = rows_counted + rows_rejected + rows_duplicate."""

    path: str = ""
    rows_read: int = 0
    rows_counted: int = 0
    rows_duplicate: int = 0
    rejected: Dict[str, int] = field(default_factory=dict)
    examples: List[Rejection] = field(default_factory=list)
    encoding: str = ""
    delimiter: str = ""
    #: lines of a UTF-8 file with bytes that are not UTF-8, read as cp1252 (the first ones)
    cp1252_lines: List[int] = field(default_factory=list)
    cp1252_line_count: int = 0
    #: category values (normalised) that match no indicator, with their rows
    unknown_values: Dict[str, int] = field(default_factory=dict)
    #: the configuration's categories, and those that occurred in some row
    categories_configured: List[str] = field(default_factory=list)
    categories_seen: set = field(default_factory=set)
    #: warnings of later stages of the run (the disclosure control), already worded
    notes: List[str] = field(default_factory=list)
    #: the reports of other files the run read (the provisions), already worded
    appendix: List[str] = field(default_factory=list)

    def note_categories(self, known, values: pd.Series, matched: pd.Series) -> None:
        """Remember which categories occurred and which values matched none (a chunk at a time)."""
        self.categories_configured = sorted(known)
        self.categories_seen.update(values[matched].unique())
        for value, n in values[~matched].value_counts().items():
            if value:
                self.unknown_values[value] = self.unknown_values.get(value, 0) + int(n)

    def unknown_text(self) -> str:
        """The values that matched no indicator, most rows first, each with its rows. A
        value is named only when it looks like a category of the configuration written
        another way (a misspelling, ``wmo hulp middel``, ``schuldhulpverlening``), at least
        ``MIN_NAMED`` rows have it and it holds no digit: a category column mapped to the
        wrong column holds names or numbers, which are only counted."""
        if len(self.unknown_values) > MAX_DISTINCT_NAMED:  # names or numbers, not categories
            return tr("{n} different values in {rows} rows, not named (too many for categories: is the category "
                      "column the right one?)").format(n=len(self.unknown_values),
                                                       rows=sum(self.unknown_values.values()))
        named, other_values, other_rows = [], 0, 0
        for value, n in sorted(self.unknown_values.items(), key=lambda kv: (-kv[1], kv[0])):
            if n >= MIN_NAMED and len(named) < MAX_EXAMPLES and not _VALUE_LIKE.search(value) \
                    and not re.search(r"\d", value) and _like_a_category(value, self.categories_configured):
                named.append(f"{value} ({n})")
            else:
                other_values, other_rows = other_values + 1, other_rows + n
        if other_values:
            named.append(tr("{n} other value(s) in {rows} row(s), not named").format(n=other_values, rows=other_rows))
        return ", ".join(named)

    @property
    def rows_rejected(self) -> int:
        return sum(self.rejected.values())

    def reconciles(self) -> bool:
        return self.rows_read == self.rows_counted + self.rows_rejected + self.rows_duplicate

    def reject(self, frame: pd.DataFrame, mask: pd.Series, reason: str, column: str) -> pd.DataFrame:
        """Record the rows of ``frame`` selected by ``mask`` as rejected; return the rest."""
        mask = mask.fillna(True).astype(bool)
        n = int(mask.sum())
        if n:
            self.rejected[reason] = self.rejected.get(reason, 0) + n
            # the first rows of each reason, listed by row: the same whether the file is
            # read whole or in chunks
            room = MAX_EXAMPLES - sum(e.reason == reason for e in self.examples)
            for row in frame.loc[mask, "row"].head(max(room, 0)):
                self.examples.append(Rejection(int(row), column, reason))
            self.examples.sort(key=lambda e: (e.row, e.column, e.reason))
            order = list(REASONS)
            self.rejected = {r: self.rejected[r] for r in sorted(
                self.rejected, key=lambda r: order.index(r) if r in order else len(order))}
            return frame.loc[~mask]
        return frame

    def warnings(self) -> List[str]:
        """One line per reason that rejected at least half of the rows read, with its
        likely cause: a run that counts little for one reason is usually set up wrong;
        then the later stages' :attr:`notes`."""
        out = list(self.notes)
        unused = [c for c in self.categories_configured if c not in self.categories_seen]
        if self.rows_read and unused:
            out.append(tr("{file}: categories of the configuration that occur in no row: {categories} (misspelled, "
                          "or not in this export?)").format(file=os.path.basename(self.path),
                                                             categories=", ".join(unused)))
        for reason, n in self.rejected.items():
            if self.rows_read and n >= WARN_SHARE * self.rows_read:
                out.append(tr("{file}: {n} of {read} rows ({share} %) were rejected as {reason}; {cause}").format(
                    file=os.path.basename(self.path), n=n, read=self.rows_read, share=f"{100 * n / self.rows_read:.0f}",
                    reason=reason, cause=tr(LIKELY_CAUSE[reason])))
        return out

    def check_counted(self) -> None:
        """Raise :class:`NothingCounted` when no row was counted."""
        if self.rows_counted:
            return
        name = os.path.basename(self.path)
        if not self.rows_read:
            raise NothingCounted(tr("{file}: the file has no rows below its header; nothing to count")
                                 .format(file=name))
        reason = max(self.rejected, key=self.rejected.get) if self.rejected else None
        why = ", ".join(f"{r}: {n}" for r, n in self.rejected.items())
        values = ("; " + tr("values that match no indicator: {values}").format(values=self.unknown_text())
                  if reason == "unknown_category" else "")
        raise NothingCounted(tr("{file}: no row was counted ({read} read; rejected {why})").format(
            file=name, read=self.rows_read, why=why) + (f"; {tr(LIKELY_CAUSE[reason])}" if reason else "") + values)

    def lines(self) -> List[str]:
        out = [tr("{file}: {read} rows read, {counted} counted, {rejected} rejected, {duplicates} duplicates").format(
            file=os.path.basename(self.path), read=self.rows_read, counted=self.rows_counted,
            rejected=self.rows_rejected, duplicates=self.rows_duplicate)]
        if self.cp1252_line_count:
            out.append("  " + tr("{n} lines have bytes that are not UTF-8 like the rest of the file; they were read "
                                 "as cp1252 (Windows): lines {lines}").format(
                n=self.cp1252_line_count, lines=", ".join(map(str, self.cp1252_lines))
                + (", ..." if self.cp1252_line_count > len(self.cp1252_lines) else "")))
        for reason, n in self.rejected.items():
            out.append(f"  {reason}: {n} ({tr(REASONS[reason])})")
            if reason == "unknown_category" and self.unknown_values:
                out.append("    " + tr("values that match no indicator: {values}").format(values=self.unknown_text()))
        out += ["  " + tr("WARNING: {text}").format(text=w) for w in self.warnings()]
        out += ["  " + ex.text(self.path) for ex in self.examples]
        return out + self.appendix

    def to_dict(self) -> dict:
        return {
            "rows_read": self.rows_read,
            "rows_counted": self.rows_counted,
            "rows_duplicate": self.rows_duplicate,
            "rows_rejected": self.rows_rejected,
            "rejected_by_reason": dict(self.rejected),
            "encoding": self.encoding,
            "lines_read_as_cp1252": self.cp1252_line_count,
            "examples": [
                {"row": e.row, "column": e.column, "reason": e.reason} for e in self.examples
            ],
        }


# --------------------------------------------------------------------------- reading
#: a header longer than this is not the header of a registrations file
MAX_HEADER = 1 << 20


def _head_text(head: bytes, cfg: AnalysisConfig) -> str:
    """The decoded start of a CSV, enough to find its header and delimiter."""
    encoding = cfg.source.encoding or bom_encoding(head) or "utf-8"
    try:
        text = head.decode(encoding, errors=CP1252_FALLBACK if encoding.startswith("utf-8") else "replace")
    except LookupError:
        raise SourceError(tr("unknown encoding '{encoding}'").format(encoding=encoding)) from None
    return text.lstrip("\ufeff")


def _header_and_delimiter(text: str, cfg: AnalysisConfig, path: str = "", whole: bool = True):
    """The first line of a decoded CSV, its delimiter (configured, else detected) and its
    number of fields."""
    if "\n" not in text and not whole:
        raise SourceError(tr("{path}, line 1: the first line (header) is longer than {n} MB; this is not a "
                             "registrations file with a header row").format(path=path, n=MAX_HEADER >> 20))
    header = text.split("\n", 1)[0].rstrip("\r")
    delimiter = cfg.source.delimiter or detect_delimiter(header)
    return header, delimiter, _fields(header, delimiter, path)


def _fields(header: str, delimiter: str, path: str) -> int:
    try:
        return len(next(csv.reader([header], delimiter=delimiter)))
    except csv.Error as exc:
        raise SourceError(tr("{path}, line 1: the header cannot be read ({error})").format(path=path, error=exc)) \
            from None


def _is_excel(path: str) -> bool:
    return os.path.splitext(path)[1].lower() in (".xlsx", ".xlsm")


def detect_delimiter(header: str) -> str:
    """The candidate delimiter that splits the header line into the most fields."""
    best, best_n = ",", 0
    for cand in DELIMITERS:
        try:
            n = len(next(csv.reader([header], delimiter=cand)))
        except csv.Error:  # a header cell longer than the csv module's limit: the count below decides
            n = header.count(cand) + 1
        if n > best_n:
            best, best_n = cand, n
    return best


def read_table(path: str, cfg: AnalysisConfig, report: ImportReport) -> pd.DataFrame:
    """Read a source into a frame of strings with a ``row`` column (line number in the file)."""
    report.path = path
    if is_qgis_source(path):
        frame = _read_qgis_source(path)
    elif not os.path.exists(path):
        raise SourceError(tr("{path}: file not found").format(path=path))
    elif not os.path.isfile(path):  # a folder, or a FIFO that would block the read forever
        raise SourceError(tr("{path}: is not a regular file (a folder or a pipe?); choose the registrations file")
                          .format(path=path))
    elif not os.access(path, os.R_OK):
        raise SourceError(tr("{path}: cannot be read (no permission)").format(path=path))
    elif _is_excel(path):
        frame = _read_excel(path, cfg)
    else:
        frame = _read_csv(path, cfg, report)
    return _clean_columns(frame)


def _clean_columns(frame: pd.DataFrame) -> pd.DataFrame:
    frame.columns = [str(c).strip() for c in frame.columns]
    # trailing empty columns that spreadsheets add
    frame = frame.loc[:, [c for c in frame.columns if c and c != "row" and not c.startswith("Unnamed:")] + ["row"]]
    frame = frame.loc[:, ~frame.columns.duplicated()]
    return frame


class ReadWhole(SteunstructuurError):
    """A CSV that cannot be read in chunks: rows with another number of fields than the
    header or with a NUL byte (read whole, row by row, every such row is reported), UTF-8
    with some lines of cp1252 bytes, UTF-16, or a byte the configured encoding cannot
    read (read whole, the line is named)."""


def is_plain_csv(path: str) -> bool:
    """A delimited text file (not Excel, not a QGIS data source): it can be read in chunks."""
    return os.path.isfile(path) and not is_qgis_source(path) and not _is_excel(path)


def read_csv_chunks(path: str, cfg: AnalysisConfig, report: ImportReport, chunk_rows: int):
    """Yield (frame of at most ``chunk_rows`` rows, fraction of the file read).

    Frames are as :func:`read_table` makes them (strings and a ``row`` column with the
    line number), so that a file of millions of rows never has to be in memory at once.
    Raises :class:`ReadWhole` when the file has to be read whole: it is not regular
    (:mod:`.scan`), or it mixes UTF-8 with cp1252 bytes, or is UTF-16."""
    report.path = path
    size = max(os.path.getsize(path), 1)
    header, delimiter, n_fields = _csv_head(path, cfg)
    found = _chunkable(path, delimiter, n_fields, cfg)
    common = _csv_dialect(header, delimiter, found, cfg, path, report)
    first = 2
    with open(path, "rb") as fh, warnings.catch_warnings():
        # pandas drops a non-empty field beyond the header with only a warning: read whole
        warnings.simplefilter("error", pd.errors.ParserWarning)
        try:
            for chunk in pd.read_csv(fh, engine="c", encoding=found.encoding, encoding_errors=found.errors,
                                     chunksize=chunk_rows, **common):
                chunk["row"] = np.arange(first, first + len(chunk))
                first += len(chunk)
                yield _clean_columns(chunk), min(fh.tell() / size, 1.0)
        except (pd.errors.ParserError, pd.errors.ParserWarning, UnicodeDecodeError) as exc:
            # the whole-file route names the line of a byte the configured encoding cannot read
            raise ReadWhole(str(exc)) from None


def _csv_head(path: str, cfg: AnalysisConfig):
    """(header line, delimiter, number of fields) of a CSV on disk, from its first megabyte."""
    with open(path, "rb") as fh:
        head = fh.read(MAX_HEADER)
    return _header_and_delimiter(_head_text(head, cfg), cfg, path, whole=len(head) < MAX_HEADER)


def _chunkable(path: str, delimiter: str, n_fields: int, cfg: AnalysisConfig) -> FileScan:
    """The scan of a CSV that pandas' C parser may read from disk; else :class:`ReadWhole`."""
    found = scan(path, delimiter, n_fields, cfg.source.encoding)
    if not found.chunkable:
        raise ReadWhole("not a regular file, or UTF-8 with cp1252 bytes")
    return found


def _csv_dialect(header: str, delimiter: str, found: FileScan, cfg: AnalysisConfig, path: str,
                 report: ImportReport):
    """pandas' reading options of a CSV; its encoding and delimiter go into the report."""
    if not header.strip():
        raise SourceError(tr("{path}, line 1: the first line (header) is empty").format(path=path))
    check_header(next(csv.reader([header], delimiter=delimiter)), cfg, path)
    report.encoding, report.delimiter = found.encoding, delimiter
    report.cp1252_lines, report.cp1252_line_count = list(found.cp1252_lines), found.cp1252_line_count
    # index_col=False: rows that all end in one more (empty) field than the header, as
    # spreadsheets write them, are not read as an index column that shifts every column
    return dict(sep=delimiter, dtype=str, keep_default_na=False, na_filter=False, quotechar='"', index_col=False)


def _read_csv(path: str, cfg: AnalysisConfig, report: ImportReport) -> pd.DataFrame:
    with open(path, "rb") as fh:
        raw = fh.read()
    header, delimiter, n_fields = _header_and_delimiter(_head_text(raw[:MAX_HEADER], cfg), cfg, path,
                                                        whole=len(raw) <= MAX_HEADER)
    found = scan(raw, delimiter, n_fields, cfg.source.encoding)
    try:
        text = decode(raw, found, path)
    except EncodingError as exc:
        raise SourceError(str(exc)) from None
    del raw
    if not found.counted:  # UTF-16: the fields are counted on the text
        counted = scan(text.encode("utf-8"), delimiter, n_fields)
        found.regular, found.has_nul = counted.regular, counted.has_nul
    common = _csv_dialect(header, delimiter, found, cfg, path, report)
    if found.regular:
        try:
            with warnings.catch_warnings():  # a non-empty field beyond the header: the rows one by one
                warnings.simplefilter("error", pd.errors.ParserWarning)
                frame = pd.read_csv(io.StringIO(text), engine="c", **common)
            frame["row"] = np.arange(2, len(frame) + 2)
            return frame
        except (pd.errors.ParserError, pd.errors.ParserWarning):
            pass
    # slow path only for files with malformed rows: find them by line number
    frame, malformed, nul = _read_csv_tolerant(text, delimiter, n_fields, path)
    report.rows_read += len(malformed) + len(nul)
    for reason, lines in (("malformed_row", malformed), ("nul_byte", nul)):
        if lines:  # no 'malformed_row: 0' in the report
            report.rejected[reason] = len(lines)
        for line in lines[:MAX_EXAMPLES]:
            report.examples.append(Rejection(line, "*", reason))
    report.examples.sort(key=lambda e: (e.row, e.column, e.reason))
    return frame


def _read_csv_tolerant(text: str, delimiter: str, n_fields: int, path: str):
    """Rows one by one with the csv module: (frame of the good rows, lines of rows with
    another number of fields, lines of rows holding a NUL byte). A quote left open at the
    end of the file, or a field past the csv module's limit, is a :class:`SourceError`
    naming the line where its record starts."""
    rows, bad, nul = [], [], []
    # newline=None: a carriage return alone ends a line, as in pandas' C parser
    reader = csv.reader(io.StringIO(text, newline=None), delimiter=delimiter)
    start = line = 1
    try:
        header = next(reader)
        start = reader.line_num + 1
        for rec in reader:
            line, start = start, reader.line_num + 1
            if not rec:
                continue
            if len(rec) > n_fields and not any(x.strip() for x in rec[n_fields:]):
                rec = rec[:n_fields]
            if len(rec) != n_fields:
                bad.append(line)
            elif any("\x00" in x for x in rec):
                nul.append(line)
            else:
                rows.append(rec + [line])
    except csv.Error as exc:
        if "field larger" in str(exc):
            raise SourceError(tr("{path}, line {line}: a field runs on for more than {n} KB, usually because a "
                                 "quote (\") opens a field there that is never closed").format(
                path=path, line=start, n=csv.field_size_limit() >> 10)) from None
        raise SourceError(tr("{path}, line {line}: cannot be read as CSV ({error})").format(
            path=path, line=start, error=exc)) from None
    if text.count('"') % 2 and _quote_open_from(text, line, delimiter):
        raise SourceError(tr("{path}, line {line}: a quote (\") opens a field that is never closed; every line "
                             "after it would be read as one field").format(path=path, line=line))
    frame = pd.DataFrame(rows, columns=list(header) + ["row"])
    return frame, bad, nul


def _quote_open_from(text: str, line: int, delimiter: str) -> bool:
    """Whether the record starting at ``line`` ends the text inside a quoted field."""
    pos = 0
    for _ in range(line - 1):
        pos = text.find("\n", pos) + 1
        if pos == 0:
            return False
    try:
        for _rec in csv.reader(io.StringIO(text[pos:], newline=None), delimiter=delimiter, strict=True):
            pass
    except csv.Error as exc:
        return "end of data" in str(exc)
    return False


OGR_EXTENSIONS = (".gpkg", ".shp", ".dbf", ".sqlite", ".geojson", ".fgb", ".ods")


def is_qgis_source(path: str) -> bool:
    """A GeoPackage/shapefile/... table, an OGR ``path|layername=x`` or a ``postgres:`` URI."""
    base = path.split("|", 1)[0]
    return path.startswith("postgres:") or "|layername=" in path or base.lower().endswith(OGR_EXTENSIONS)


def _open_qgis_source(path: str):
    from qgis.core import QgsVectorLayer

    if path.startswith("postgres:"):
        layer = QgsVectorLayer(path[len("postgres:"):], "registraties", "postgres")
    else:
        layer = QgsVectorLayer(path, "registraties", "ogr")
    if not layer.isValid():
        raise SourceError(tr("{path}: QGIS cannot open this table").format(path=path))
    return layer


def _read_qgis_source(path: str) -> pd.DataFrame:
    """Attributes of every feature as strings; ``row`` is the 1-based feature number."""
    layer = _open_qgis_source(path)
    names = layer.fields().names()

    def text(v):
        if is_null(v):
            return ""
        if hasattr(v, "toString") and not isinstance(v, str):
            return v.toString("yyyy-MM-dd") if hasattr(v, "isValid") else str(v)
        if isinstance(v, float) and v.is_integer():
            return str(int(v))
        return str(v)

    rows = [[text(v) for v in f.attributes()] for f in layer.getFeatures()]
    frame = pd.DataFrame(rows, columns=names, dtype=object) if rows else pd.DataFrame(columns=names)
    frame["row"] = np.arange(1, len(frame) + 1)
    return frame


def source_columns(path: str, cfg: AnalysisConfig = None) -> List[str]:
    """Column names of a source without reading all of it (for the mapping dialog)."""
    cfg = cfg or AnalysisConfig()
    if is_qgis_source(path):
        return _open_qgis_source(path).fields().names()
    if _is_excel(path):
        return [c for c in _read_excel(path, cfg).columns if c != "row"]
    header, delimiter, _n = _csv_head(path, cfg)
    return [c.strip() for c in next(csv.reader([header], delimiter=delimiter)) if c.strip()]


def source_categories(path: str, column: str, cfg: AnalysisConfig = None) -> List[str]:
    """The distinct (normalised) values of the category column, for suggesting indicators.
    A plain CSV is read for that column only, in chunks (3 million rows took 13.6 s whole,
    with QGIS frozen); a file the fast reader cannot take is read as a run reads it."""
    cfg = cfg or AnalysisConfig()
    if is_plain_csv(path):
        try:
            return _csv_categories(path, column, cfg)
        except (ReadWhole, pd.errors.ParserError, pd.errors.ParserWarning, ValueError, UnicodeDecodeError):
            pass
    frame = read_table(path, cfg, ImportReport())
    if column not in frame.columns:
        return []
    values = normalise_category(frame[column])
    del frame
    return sorted(v for v in values.unique() if v)


def mapping_source(path: str, category: Optional[str] = None):
    """What the field-mapping dialog shows of a source: its column names, the category
    column (``category``, else guessed from the names) and that column's distinct
    categories, as (columns, category, categories).  Reads the header and the category
    column only (:func:`source_categories`)."""
    from .mapping import guess_source

    columns = source_columns(path)
    category = category or guess_source(columns).category
    return columns, category, (source_categories(path, category) if category else [])


def _csv_categories(path: str, column: str, cfg: AnalysisConfig) -> List[str]:
    header, delimiter, n_fields = _csv_head(path, cfg)
    names = [c.strip() for c in next(csv.reader([header], delimiter=delimiter))]
    if column not in names:
        return []
    found = _chunkable(path, delimiter, n_fields, cfg)
    values = set()
    with warnings.catch_warnings():
        warnings.simplefilter("error", pd.errors.ParserWarning)
        for chunk in pd.read_csv(path, sep=delimiter, dtype=str, keep_default_na=False, na_filter=False,
                                 quotechar='"', index_col=False, usecols=[names.index(column)],
                                 encoding=found.encoding, encoding_errors=found.errors, chunksize=500_000):
            values.update(normalise_category(chunk.iloc[:, 0]).unique())
    return sorted(v for v in values if v)


def _read_excel(path: str, cfg: AnalysisConfig) -> pd.DataFrame:
    try:
        import openpyxl  # noqa: F401
    except ImportError:  # pragma: no cover - depends on the user's QGIS
        raise SourceError(tr(
            "{path}: reading Excel needs the Python package 'openpyxl'; install it in the "
            "QGIS Python environment (OSGeo4W shell: pip install openpyxl) or save the sheet as CSV"
        ).format(path=path)) from None
    from openpyxl.utils.exceptions import InvalidFileException

    sheet = cfg.source.sheet if cfg.source.sheet else 0
    try:
        # header=None: the header row as written, so that a name written twice is seen
        frame = pd.read_excel(path, sheet_name=sheet, dtype=str, keep_default_na=False, engine="openpyxl",
                              header=None)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, EOFError, OSError):
        raise SourceError(tr("{path}: not a readable Excel workbook (.xlsx): the file is damaged or cut off, or it "
                             "is another kind of file with an .xlsx name (a CSV? then give it the name .csv)")
                          .format(path=path)) from None
    except ValueError as exc:  # a sheet that does not exist
        raise SourceError(f"{path}: {exc}") from None
    if frame.empty:
        raise SourceError(tr("{path}: the sheet is empty; it needs a header row and rows below it").format(path=path))
    frame = frame.fillna("")
    names = [str(v).strip() for v in frame.iloc[0]]
    check_header(names, cfg, path)
    frame = frame.iloc[1:].reset_index(drop=True)
    frame.columns = [n if n else f"Unnamed: {i}" for i, n in enumerate(names)]
    frame["row"] = np.arange(2, len(frame) + 2)
    return frame


def used_columns(cfg: AnalysisConfig) -> List[str]:
    """The columns of the source that the configuration reads."""
    src = cfg.source
    wide = list(src.wide_columns) if src.wide_columns else []
    loc = {"buurtcode": [src.buurtcode], "xy": [src.x, src.y], "postcode": [src.postcode, src.huisnummer]}
    dates = [src.start_date, src.end_date] if src.reference_date or src.peildata() else []
    cols = [src.person_key, src.household_key] + (wide or [src.category]) + loc.get(src.location, []) + dates
    return [c for c in dict.fromkeys(cols) if c]


def check_header(names: List[str], cfg: AnalysisConfig, path: str) -> None:
    """A column the configuration reads that the header names twice is an error: which
    of the two holds the values cannot be known (pandas would silently take the first)."""
    stripped = [str(n).strip() for n in names]
    for col in used_columns(cfg):
        where = [i + 1 for i, n in enumerate(stripped) if n == col]
        if len(where) > 1:
            raise SourceError(tr("{path}, line 1: column '{column}' appears {n} times in the header (columns "
                                 "{columns}); rename all but one, so that it is clear which to read").format(
                path=path, column=col, n=len(where), columns=", ".join(map(str, where))))


# ------------------------------------------------------------------------ validation
#: a header cell that could be a value: a run of 3+ digits (BSN, client number, house
#: number, date, BU code), a postcode, an e-mail address, or a very long text
_VALUE_LIKE = re.compile(r"\d{3}|\b\d{4}\s?[A-Za-z]{2}\b|@|^.{41,}$|[\x00-\x1f\ufffd\u00ff\u00fe]")

#: a name ending in a year, as CBS's ``Buurt2023`` or ``aantal_2024``
_YEAR_SUFFIX = re.compile(r"(?<=[A-Za-z])[_ ]?(19|20)\d\d$")


def describe_columns(columns) -> str:
    """The file's column names for a message, or why they are left out.

    A file without a header row has a data row where the names should be; listing it
    would put a person's BSN, name or address into a message and from there into the
    QGIS log. The names are listed only when none of them could be a value; otherwise
    the message counts the columns and says the first row looks like data."""
    names = [str(c) for c in columns if c != "row"]
    if any(_VALUE_LIKE.search(_YEAR_SUFFIX.sub("", n)) for n in names):
        return tr("the first row does not look like column names (a file without a header row?); its {n} cells "
                  "are not repeated here because they may hold personal data").format(n=len(names))
    return tr("the file has: {columns}").format(columns=", ".join(names))


def require_columns(frame: pd.DataFrame, columns: List[Optional[str]], path: str) -> None:
    have = set(frame.columns)
    for col in columns:
        if col and col not in have:
            raise SourceError(tr("{path}, line 1: column '{column}' not found in the header; {columns}").format(
                path=path, column=col, columns=describe_columns(frame.columns)))


#: an open end as case systems write it (31-12-9999): later than pandas' dates reach
OPEN_END = pd.Timestamp("2262-01-01")


def parse_dates(values: pd.Series) -> pd.Series:
    """ISO (2024-01-31), Dutch (31-01-2024, 31/01/2024, 31.01.2024) and Excel serial dates
    (45322, also with a fraction of a day), each with or without a time of day
    (``2024-01-31 00:00:00``, ``2024-01-31T08:30``, ``31-01-2024 00:00``). A year after
    2261 (the open end ``31-12-9999``) is :data:`OPEN_END`, later than any reference date."""
    s = values.astype(str).str.strip()
    s = s.str.replace(r"^(\S+?)[ T]([01]?\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?$", r"\1", regex=True)
    out = pd.Series(pd.NaT, index=s.index, dtype="datetime64[ns]")
    iso = s.str.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}")
    dutch = s.str.fullmatch(r"\d{1,2}[-/.]\d{1,2}[-/.]\d{4}")
    if iso.any():
        out.loc[iso] = pd.to_datetime(s[iso], format="%Y-%m-%d", errors="coerce")
    if dutch.any():
        out.loc[dutch] = pd.to_datetime(s[dutch].str.replace(r"[/.]", "-", regex=True), format="%d-%m-%Y",
                                        errors="coerce")
    year = pd.to_numeric(s.str.extract(r"^(\d{4})-|-(\d{4})$|[/.](\d{4})$").bfill(axis=1)[0], errors="coerce")
    far = (iso | dutch) & (year > 2261) & out.isna()
    if far.any():  # a real calendar date (31-12-9999) beyond pandas' range
        day = s[far].str.replace(r"[/.]", "-", regex=True)
        valid = day.apply(_calendar_date)
        out.loc[far[far].index[valid.to_numpy()]] = OPEN_END
    serial = s.str.fullmatch(r"\d{5}(\.\d+)?")
    if serial.any():
        out.loc[serial] = pd.Timestamp("1899-12-30") + pd.to_timedelta(
            s[serial].astype(float).astype(int), unit="D"
        )
    return out


def _calendar_date(text: str) -> bool:
    """Whether 'YYYY-MM-DD' or 'DD-MM-YYYY' names a day of the calendar (any year)."""
    import datetime

    a, b, c = (int(x) for x in text.split("-"))
    year, month, day = (a, b, c) if a > 31 else (c, b, a)
    try:
        datetime.date(min(year, 9999), month, day)
    except ValueError:
        return False
    return True


def normalise_category(values: pd.Series) -> pd.Series:
    """'  WMO begeleiding ' -> 'wmo_begeleiding', by the configuration's own rule
    (:func:`..config.normalise_category_name`).  Each distinct value is normalised once (an
    export has a million rows, a few categories)."""
    codes, uniques = pd.factorize(values.astype(str), sort=False)
    done = np.array([normalise_category_name(u) for u in uniques], dtype=object)
    return pd.Series(done[codes] if len(uniques) else np.array([], dtype=object),
                     index=values.index, name=values.name, dtype=object)


def prepare_records(frame: pd.DataFrame, cfg: AnalysisConfig, secret: bytes,
                    report: ImportReport, compact: bool = False, population: Optional[list] = None) -> pd.DataFrame:
    """Validate rows, pseudonymise keys and return (row, person, category, location...) records.

    Location columns are kept as strings for :mod:`.locate`.  Raw key columns are gone
    from the result; ``frame`` itself should be dropped by the caller.  ``compact``: each
    pseudonym as its first 128 bits in two uint64 columns (``person_hi``, ``person_lo``,
    likewise ``household_``) instead of 64 hex characters.  ``population``: a list to
    append (first 64 bits, next 64 bits of each pseudonym, category) of every row with a
    valid key in the period to, before the configuration's categories and the area layer
    select rows: what the publication register recognises a population by.
    """
    src = cfg.source
    path = report.path
    report.rows_read += len(frame)
    loc_cols = {"buurtcode": [src.buurtcode], "xy": [src.x, src.y],
                "postcode": [src.postcode, src.huisnummer]}[src.location]
    series = bool(src.peildata())  # a series: every row's dates kept, each peildatum selects later
    date_cols = [c for c in (src.start_date, src.end_date) if c] if src.reference_date or series else []
    wide = dict(src.wide_columns) if src.wide_columns else {}
    require_columns(frame, [src.person_key, src.household_key, src.category if not wide else None]
                    + list(wide) + loc_cols + date_cols, path)

    keep = ["row", src.person_key] + ([src.household_key] if src.household_key else []) + loc_cols + date_cols
    work = frame.loc[:, list(dict.fromkeys(keep + ([src.category] if not wide else list(wide))))].copy()

    # keys: empty, a placeholder, or a number a spreadsheet cut (each its own reason)
    for col in [src.person_key] + ([src.household_key] if src.household_key else []):
        key = work[col].str.strip()  # stripped once; each rejection keeps the rows left
        work = report.reject(work, key == "", "missing_key", col)
        key = key.loc[work.index]
        work = report.reject(work, key.str.lower().isin(PLACEHOLDER_KEYS) | key.str.fullmatch(r"0+"),
                             "placeholder_key", col)
        key = key.loc[work.index]
        work = report.reject(work, key.str.fullmatch(r"\d([.,]\d+)?[eE][+-]?\d+"), "key_lost_digits", col)

    # reference date (peildatum); for a series the dates themselves, as SERIES_DATES
    if src.reference_date or series:
        ref = pd.Timestamp(src.reference_date) if src.reference_date else None
        if src.start_date:
            start = parse_dates(work[src.start_date])
            work = report.reject(work, start.isna(), "bad_date", src.start_date)
            start = start.loc[work.index]
            if ref is not None:
                work = report.reject(work, start > ref, "outside_period", src.start_date)
        if src.end_date:
            raw_end = work[src.end_date].astype(str).str.strip()
            end = parse_dates(raw_end)
            work = report.reject(work, (raw_end != "") & end.isna(), "bad_date", src.end_date)
            end = end.loc[work.index]
            if ref is not None:
                work = report.reject(work, end.notna() & (end < ref), "outside_period", src.end_date)
        if series:
            nat = pd.Series(pd.NaT, index=work.index, dtype="datetime64[ns]")
            work[SERIES_DATES[0]] = start.loc[work.index] if src.start_date else nat
            work[SERIES_DATES[1]] = end.loc[work.index] if src.end_date else nat

    # pseudonymise and drop raw keys
    for key, col in (("person", src.person_key), ("household", src.household_key)):
        if not col:
            continue
        if compact:
            work[[f"{key}_hi", f"{key}_lo"]] = pseudonymise_bits(work.pop(col), secret)
        else:
            work[key] = pseudonymise(work.pop(col), secret)

    # categories
    known = {normalise_category_name(c) for c in cfg.categories}
    if wide:
        flags = {}
        for col in wide:
            v = work[col].astype(str).str.strip().str.lower()
            flags[col] = v.isin(TRUTHY)
        any_flag = pd.DataFrame(flags).any(axis=1) if flags else pd.Series(False, index=work.index)
        work = report.reject(work, ~any_flag, "no_category", ", ".join(wide))
        parts = []
        base_cols = [c for c in work.columns if c not in wide]
        for col, cat in wide.items():
            sel = work.loc[flags[col].loc[work.index], base_cols].copy()
            sel["category"] = normalise_category_name(cat)
            parts.append(sel)
        long = pd.concat(parts, ignore_index=True) if parts else work.iloc[0:0]
        _population(population, long, compact)
        # a wide row may fan out into categories that no indicator uses: such
        # categories are not counted, but the row still counts through the others.
        report.note_categories(known, long["category"], long["category"].isin(known))
        # a row none of whose categories an indicator uses is rejected, not dropped unsaid
        counted = set(long.loc[long["category"].isin(known), "row"])
        report.reject(work, ~work["row"].isin(counted), "unknown_category", ", ".join(wide))
        long = long.loc[long["category"].isin(known)]
        work = long
    else:
        work["category"] = normalise_category(work.pop(src.category))
        _population(population, work, compact)
        matched = work["category"].isin(known)
        report.note_categories(known, work["category"], matched)
        work = report.reject(work, ~matched, "unknown_category", src.category)
    for c in date_cols:
        if c in work.columns:
            del work[c]
    return work.reset_index(drop=True)


def _population(population: Optional[list], work: pd.DataFrame, compact: bool) -> None:
    """Append the rows' (pseudonym bits, category) to ``population`` (see :func:`prepare_records`);
    for a series with the rows' start and end dates too (:data:`SERIES_DATES`)."""
    if population is None:
        return
    if compact:
        hi, lo = work["person_hi"].to_numpy(dtype=np.uint64), work["person_lo"].to_numpy(dtype=np.uint64)
    else:
        hi, lo = pseudonym_bits(work["person"])
    part = (hi, lo, work["category"].astype(str).to_numpy(dtype=object))
    if SERIES_DATES[0] in work.columns:
        part += tuple(work[c].to_numpy(dtype="datetime64[ns]") for c in SERIES_DATES)
    population.append(part)


#: the columns a series keeps per record: its start and end date (NaT: open or not given)
SERIES_DATES = ("_start", "_end")


def active_on(start: np.ndarray, end: np.ndarray, peildatum: str) -> np.ndarray:
    """Which records (start and end dates, NaT: open) are active on ``peildatum``: start on
    or before it and end empty or on or after it, as one peildatum's reading selects them."""
    ref = np.datetime64(peildatum, "ns")
    return (np.isnat(start) | (start <= ref)) & (np.isnat(end) | (end >= ref))


def drop_duplicates(records: pd.DataFrame, report: ImportReport) -> pd.DataFrame:
    """Exact duplicates (same person, same category) count once.

    For wide sources one row fans out into several records; a row counts as a
    duplicate only when every record it produced was a duplicate.
    """
    dup = records.duplicated(subset=["person", "category"], keep="first")
    kept = records.loc[~dup]
    rows_all = pd.unique(records["row"])
    rows_kept = pd.unique(kept["row"])
    report.rows_duplicate += len(rows_all) - len(rows_kept)
    report.rows_counted += len(rows_kept)
    return kept.reset_index(drop=True)
