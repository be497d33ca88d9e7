"""Read the voorzieningen of the configuration's ``provisions`` section.

In: :class:`..config.ProvisionsConfig` and the coordinate system of the area layer.  Out:
:class:`Provisions` (per provision its x/y in that system, its type and name) and one
:class:`..read.registrations.ImportReport` per file: a row without a type, with a
location that cannot be read, or (by postcode) not in the lookup table is rejected and
reported by file, row and column, never by its values.  A provision outside the area
layer is kept: it is near the buurten along the border.
"""

import os
from dataclasses import dataclass
from typing import List, Optional, Tuple

import numpy as np
import pandas as pd

from ...i18n import tr
from ..config import MAX_TYPE_LENGTH, AnalysisConfig, ProvisionSource, SourceConfig, provision_type_name
from ..place.locate import normalise_postcode, parse_huisnummer, parse_number, to_crs
from ..read.registrations import (
    ImportReport,
    SourceError,
    describe_columns,
    is_qgis_source,
    read_table,
    require_columns,
)

#: providers a source may name as ``<provider>:<uri>`` (the dock's project layers)
_PROVIDERS = ("delimitedtext",)


@dataclass
class Provisions:
    """Provisions as points: ``x``, ``y`` (floats, in ``crs``), ``type`` (normalised
    type names) and ``name`` (texts, '' when the source has none)."""

    x: np.ndarray
    y: np.ndarray
    type: np.ndarray
    name: np.ndarray
    crs: str

    def __len__(self) -> int:
        return len(self.x)

    def types(self) -> List[str]:
        return sorted(set(self.type.tolist()))

    @classmethod
    def empty(cls, crs: str) -> "Provisions":
        return cls(np.zeros(0), np.zeros(0), np.array([], dtype=object), np.array([], dtype=object), crs)


def read_provisions(cfg: AnalysisConfig, crs: str, registrations: str = "") -> Tuple[Provisions, List[ImportReport]]:
    """Every source of ``cfg.provisions``, in ``crs`` (the area layer's).  With
    ``cfg.provisions.types`` set, a row of another type is rejected as ``unknown_type``.
    A source that is the registrations file (``registrations``), or that has the
    registrations' person or household key column, is refused: provisions are published
    as they are, point by point, and a file of persons must never be."""
    parts, reports = [], []
    lookup = None
    for src in cfg.provisions.sources:
        _not_registrations(src, cfg, registrations)
        report = ImportReport(path=src.path)
        if src.location == "postcode" and lookup is None:
            lookup = read_address_table(cfg.provisions.postcode_table)
        if src.location == "geometry":
            frame = _read_points(src, report, crs, cfg)
        else:
            frame = _read_rows(src, report, lookup)
            _refuse_person_columns(frame.attrs.pop("columns", []), src, cfg)
            frame = _in_crs(frame, frame.attrs.get("crs", src.crs), crs, report, src)
        frame = _typed(frame, src, cfg.provisions.types, report)
        if not len(frame):
            raise SourceError(tr("{path}: no provision could be read ({n} rows; rejected: {why})").format(
                path=src.path, n=report.rows_read, why=", ".join(f"{r}: {k}" for r, k in report.rejected.items())
                or "-"))
        parts.append(Provisions(frame["_x"].to_numpy(float), frame["_y"].to_numpy(float),
                                frame["_type"].to_numpy(object), frame["_name"].to_numpy(object), crs))
        report.rows_counted = len(frame)
        reports.append(report)
    if not parts:
        return Provisions.empty(crs), reports
    return Provisions(*(np.concatenate([getattr(p, k) for p in parts]) for k in ("x", "y", "type", "name")),
                      crs=crs), reports


def _not_registrations(src: ProvisionSource, cfg: AnalysisConfig, registrations: str) -> None:
    path = src.path.split("|", 1)[0]
    if path.startswith("delimitedtext:"):
        path = path[len("delimitedtext:"):].split("?", 1)[0].replace("file://", "", 1)
    if registrations and os.path.exists(path) and os.path.exists(registrations) and \
            os.path.samefile(path, registrations):
        raise SourceError(tr("{path}: this is the registrations file; provisions are published point by point and "
                             "must be places such as wijkteams and huisartsen, never persons").format(path=src.path))


def _refuse_person_columns(columns, src: ProvisionSource, cfg: AnalysisConfig) -> None:
    """A source with the registrations' key column is a file of persons, not of places."""
    keys = {k for k in (cfg.source.person_key, cfg.source.household_key) if k}
    found = sorted(keys & {str(c).strip() for c in columns})
    if found:
        raise SourceError(tr("{path}: has the column '{column}' of the registrations' person key; provisions are "
                             "published point by point and must be places, never persons").format(
            path=src.path, column=found[0]))


def _read_points(src: ProvisionSource, report: ImportReport, crs: str, cfg: AnalysisConfig) -> pd.DataFrame:
    """A point layer QGIS opens: per feature (row = feature number) its point in ``crs``
    (QGIS's own transformation, also of a system without an EPSG code) and attributes."""
    from qgis.core import (
        QgsCoordinateReferenceSystem,
        QgsCoordinateTransform,
        QgsCsException,
        QgsProject,
        QgsVectorLayer,
        QgsWkbTypes,
    )

    provider, uri = "ogr", src.path
    head, _, rest = src.path.partition(":")
    if head in _PROVIDERS and rest:  # a project layer of another provider (the dock)
        provider, uri = head, rest
    elif not is_qgis_source(src.path) and not os.path.exists(src.path.split("|", 1)[0]):
        raise SourceError(tr("{path}: file not found").format(path=src.path))
    layer = QgsVectorLayer(uri, "voorzieningen", provider)
    if not layer.isValid():
        raise SourceError(tr("{path}: QGIS cannot open this layer").format(path=src.path))
    if QgsWkbTypes.geometryType(layer.wkbType()) != QgsWkbTypes.PointGeometry:
        raise SourceError(tr("{path}: not a point layer; provisions are points (or give a table with x/y or "
                             "postcode + huisnummer)").format(path=src.path))
    names = layer.fields().names()
    _refuse_person_columns(names, src, cfg)
    for col in (src.type, src.name):
        if col and col not in names:
            raise SourceError(tr("{path}: field '{column}' not found; {columns}").format(
                path=src.path, column=col, columns=describe_columns(names)))
    to_area = QgsCoordinateTransform(layer.crs(), QgsCoordinateReferenceSystem(crs), QgsProject.instance())
    rows, xs, ys = [], [], []
    for feat in layer.getFeatures():
        g = feat.geometry()
        points = [] if g is None or g.isNull() or g.isEmpty() else (
            g.asMultiPoint() if g.isMultipart() else [g.asPoint()])
        x = y = np.nan
        if len(points) == 1:
            try:
                p = to_area.transform(points[0])
                x, y = p.x(), p.y()
            except QgsCsException:
                pass
        xs.append(x)
        ys.append(y)
        rows.append([feat[c] if c else None for c in (src.type, src.name)])
    report.rows_read = len(rows)
    frame = pd.DataFrame(rows, columns=["_t", "_n"], dtype=object)
    frame["_x"], frame["_y"] = np.asarray(xs, float), np.asarray(ys, float)
    frame["row"] = np.arange(1, len(frame) + 1)
    bad = ~(np.isfinite(frame["_x"]) & np.isfinite(frame["_y"]))
    return report.reject(frame, bad, "bad_location",
                         tr("geometry (empty, more than one point, or not in its coordinate system)"))


def _read_rows(src: ProvisionSource, report: ImportReport, lookup: Optional[pd.DataFrame]) -> pd.DataFrame:
    """A CSV, Excel sheet or attribute table with x/y, or postcode + huisnummer."""
    as_source = AnalysisConfig(source=SourceConfig(person_key=src.type or "", category=src.name, location="xy",
                                                   x=src.x, y=src.y, buurtcode=None, delimiter=src.delimiter,
                                                   encoding=src.encoding, sheet=src.sheet))
    frame = read_table(src.path, as_source, report)
    columns = list(frame.columns)
    cols = [src.type, src.name] + ([src.x, src.y] if src.location == "xy" else [src.postcode, src.huisnummer])
    require_columns(frame, cols, src.path)
    report.rows_read += len(frame)
    out = pd.DataFrame({"row": frame["row"].to_numpy(),
                        "_t": frame[src.type].to_numpy(object) if src.type else None,
                        "_n": frame[src.name].to_numpy(object) if src.name else None})
    if src.location == "xy":
        out["_x"] = parse_number(frame[src.x]).to_numpy(float)
        out["_y"] = parse_number(frame[src.y]).to_numpy(float)
        bad = ~(np.isfinite(out["_x"]) & np.isfinite(out["_y"]))
        out = report.reject(out, bad, "bad_location", f"{src.x}/{src.y}")
        out.attrs["columns"] = columns
        return out
    out["_pc"] = normalise_postcode(frame[src.postcode]).to_numpy(object)
    out["_hn"] = parse_huisnummer(frame[src.huisnummer]).to_numpy(float)
    out = report.reject(out, out["_pc"].isna() | out["_hn"].isna(), "bad_location", f"{src.postcode}/{src.huisnummer}")
    merged = out.merge(lookup, how="left", left_on=["_pc", "_hn"], right_on=["pc", "hn"])
    merged.index = out.index
    merged = report.reject(merged, merged["x"].isna(), "postcode_not_found", src.postcode)
    out = merged.rename(columns={"x": "_x", "y": "_y"})[["row", "_t", "_n", "_x", "_y"]]
    out.attrs["crs"] = lookup.attrs.get("crs", "EPSG:28992")
    out.attrs["columns"] = columns
    return out


def _in_crs(frame: pd.DataFrame, src_crs: str, crs: str, report: ImportReport, src: ProvisionSource) -> pd.DataFrame:
    """x/y of a table in ``crs``; a point the transformation cannot place is rejected."""
    attrs = dict(frame.attrs)
    x, y = to_crs(frame["_x"].to_numpy(float), frame["_y"].to_numpy(float), src_crs, crs)
    frame = frame.assign(_x=x, _y=y)
    bad = ~(np.isfinite(frame["_x"]) & np.isfinite(frame["_y"]))
    where = f"{src.x}/{src.y}" if src.location == "xy" else src.postcode
    frame = report.reject(frame, bad, "bad_location", where)
    frame.attrs.update(attrs)
    return frame


def _typed(frame: pd.DataFrame, src: ProvisionSource, types: List[str], report: ImportReport) -> pd.DataFrame:
    crs = frame.attrs.get("crs")
    frame = frame.copy()
    if src.type_value is not None:
        frame["_type"] = provision_type_name(src.type_value)
    else:
        frame["_type"] = [provision_type_name(v) if v is not None and str(v).strip() not in ("", "NULL") else ""
                          for v in frame["_t"]]
    frame = report.reject(frame, frame["_type"] == "", "no_type", src.type or "type_value")
    frame = report.reject(frame, frame["_type"].str.len() > MAX_TYPE_LENGTH, "long_type", src.type or "type_value")
    if types:
        frame = report.reject(frame, ~frame["_type"].isin(types), "unknown_type", src.type or "type_value")
    frame = frame.copy()
    frame["_name"] = ["" if v is None or str(v) == "NULL" else str(v).strip() for v in frame["_n"]]
    frame.attrs["crs"] = crs or src.crs
    return frame


def read_address_table(path: str) -> pd.DataFrame:
    """A table of addresses with coordinates (postcode, huisnummer, x, y; e.g. from the
    BAG), in RD New: pc, hn, x, y."""
    frame = read_table(path, AnalysisConfig(source=SourceConfig(person_key="", category=None, buurtcode=None)),
                       ImportReport(path=path))
    cols = {c.lower(): c for c in frame.columns}
    pc = cols.get("postcode") or cols.get("pc6")
    hn = cols.get("huisnummer")
    x, y = cols.get("x"), cols.get("y")
    if not (pc and hn and x and y):
        raise SourceError(tr("{path}: a table of addresses needs the columns postcode, huisnummer, x and y (the CBS "
                             "pc6hnr table has no coordinates); {columns}").format(
            path=path, columns=describe_columns(frame.columns)))
    out = pd.DataFrame({"pc": normalise_postcode(frame[pc]), "hn": parse_huisnummer(frame[hn]),
                        "x": parse_number(frame[x]), "y": parse_number(frame[y])}).dropna()
    out = out.drop_duplicates(["pc", "hn"])
    out.attrs["crs"] = "EPSG:28992"
    return out
