"""Write the safe table to the output GeoPackage (the contract in the README).

Layers ``buurt``, ``wijk``, ``gemeente`` (polygons), ``gebied`` (an own division's areas),
``<level>_reeks`` (a series of peildata: a row per area and peildatum), ``voorzieningen``
(the provisions' points), each when the run has them, and the non-spatial ``metadata``
table (key, value),
sealed (:mod:`.seal`) once complete.  Only the safe table reaches this module: no
row-level data.
"""

import json
import os
import sqlite3
from contextlib import contextmanager
from typing import Dict, Optional

import pandas as pd
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransformContext,
    QgsFeature,
    QgsField,
    QgsFields,
    QgsGeometry,
    QgsPointXY,
    QgsVectorFileWriter,
    QgsVectorLayer,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QDate, Qt, QVariant
from shapely import wkb

from ...i18n import tr
from ..count.aggregate import DIVISION, LEVELS, levels_of
from ..errors import SteunstructuurError
from ..place.areas import AreaTable
from ..qvalues import is_null
from ..series import PEILDATUM, SERIES_SUFFIX, series_layer
from ..series.tables import iso_date
from ..series.trend import TREND_SUFFIX
from .replace import Replacing, remove_stale_parts
from .seal import OWN_TABLES, own_tables, seal_secret, write_seal

METADATA_LAYER = "metadata"
PROVISIONS_LAYER = "voorzieningen"


class OutputError(SteunstructuurError, RuntimeError):
    pass


def level_geometries(areas: AreaTable) -> Dict[str, Dict[str, object]]:
    """code -> shapely geometry per level (:meth:`.place.areas.AreaTable.level_geometries`)."""
    return areas.level_geometries()


def _qfield(name: str, series: pd.Series) -> QgsField:
    if name == PEILDATUM:  # the date a series layer's Temporal Controller steps through
        return QgsField(name, QVariant.Date)
    if name.endswith(("_trend", "_trend_se", "_trend_p")):  # a series' trends (:mod:`..series.trend`)
        return QgsField(name, QVariant.Double)
    # counts; vz_: provisions per area; a trend's published points
    if name.endswith(("_n", "_trend_points")) or name.startswith("vz_"):
        return QgsField(name, QVariant.Int)
    if name.endswith(("_per1000", "denominator")):
        return QgsField(name, QVariant.Double)
    return QgsField(name, QVariant.String)


def _value(v):
    if v is None or v is pd.NA or (isinstance(v, float) and v != v):
        return None
    if hasattr(v, "item"):
        return v.item()
    return v


def _writer(path, layer_name, fields, geom_type, crs, append):
    opts = QgsVectorFileWriter.SaveVectorOptions()
    opts.driverName = "GPKG"
    opts.layerName = layer_name
    opts.fileEncoding = "UTF-8"
    opts.actionOnExistingFile = (QgsVectorFileWriter.CreateOrOverwriteLayer if append
                                 else QgsVectorFileWriter.CreateOrOverwriteFile)
    writer = QgsVectorFileWriter.create(path, fields, geom_type, crs, QgsCoordinateTransformContext(), opts)
    if writer.hasError() != QgsVectorFileWriter.NoError:
        raise OutputError(tr("{path}: cannot write layer '{layer}': {error}").format(
            path=path, layer=layer_name, error=writer.errorMessage()))
    return writer


def check_output_path(output: str, inputs) -> None:
    """Refuse an output that is not a ``.gpkg`` or that is one of the run's inputs (the
    registrations file, the area layer's file): writing it would destroy the input."""
    if not output.lower().endswith(".gpkg"):
        raise OutputError(tr("{path}: the output must be a GeoPackage file ending in .gpkg").format(path=output))
    if os.path.isdir(output):
        raise OutputError(tr("{path}: is a folder; choose a .gpkg file").format(path=output))
    target = os.path.realpath(output)
    for what, source in inputs:
        src = (source or "").split("|")[0]
        if not src or not os.path.exists(src):
            continue
        if os.path.realpath(src) == target or (os.path.exists(output) and os.path.samefile(src, output)):
            raise OutputError(tr("{path}: is {what}; choose another output file").format(path=output, what=what))


@contextmanager
def output_lock(path: str):
    """Hold ``<path>.lock`` for the run writing ``path``: a second run to the same output
    is refused while the first one runs (two writers left a mix of both). The lock is the
    operating system's, so a run that is killed releases it."""
    lock_path = os.path.abspath(path) + ".lock"
    try:
        os.makedirs(os.path.dirname(lock_path), exist_ok=True)
        fh = open(lock_path, "a+")
    except OSError as exc:  # a read-only file system, a folder without write permission
        raise OutputError(tr("{path}: cannot write in this folder ({error}); choose another output folder").format(
            path=path, error=exc.strerror) + ("; " + tr("the earlier file is kept") if os.path.exists(path) else "")) \
            from None
    try:
        if os.name == "nt":  # pragma: no cover - Windows
            import msvcrt

            msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        fh.close()
        raise OutputError(tr("{path}: another Steunstructuur run is writing this output; wait until it has "
                             "finished or choose another file").format(path=path)) from None
    try:
        remove_stale_parts(path)  # of a run that was killed while writing
        yield
    finally:
        fh.close()  # releases the lock
        try:
            os.remove(lock_path)
        except OSError:
            pass


def write_geopackage(path: str, safe: Dict[str, pd.DataFrame], areas: AreaTable, metadata: dict,
                     seal_key: Optional[bytes] = None, provisions=None,
                     series: Optional[Dict[str, pd.DataFrame]] = None,
                     trends: Optional[Dict[str, pd.DataFrame]] = None) -> str:
    """Write the three levels, the provisions' points (``provisions``: a
    :class:`..reach.Provisions`, as the ``voorzieningen`` layer: type and name), a
    series of peildata (``series``: level -> long table, :func:`..series.series_tables`,
    as the ``<level>_reeks`` layers) with their trends (``trends``: level -> table,
    :func:`..series.trend.trend_tables`, as the ``<level>_trend`` layers) and the
    metadata table to a temporary file next to
    ``path``, check what was written (every table, every row), seal it with ``seal_key``
    (default: the user's, :func:`.seal.seal_secret`) and only then move it into place:
    an earlier output survives every failure (a crash, a full disk, a kill). Returns ``path``."""
    os.makedirs(os.path.dirname(os.path.abspath(path)) or ".", exist_ok=True)
    geoms = level_geometries(areas)
    with Replacing() as files:
        tmp = files.path(path)
        try:
            extra = {**{series_layer(lv): t for lv, t in (series or {}).items()},
                     **{lv + TREND_SUFFIX: t for lv, t in (trends or {}).items()}}
            _write_levels(tmp, safe, areas, geoms, metadata, provisions, extra)
            _check_written(tmp, path, safe, metadata, provisions, extra)
            write_seal(tmp, seal_key if seal_key is not None else seal_secret())
        except OutputError as exc:
            raise OutputError(tr("{error}; an earlier file of that name is kept").format(
                error=str(exc).replace(tmp, path))) from None
        except (OSError, sqlite3.Error) as exc:
            raise OutputError(tr("{path}: writing failed ({error}); an earlier file of that name is kept").format(
                path=path, error=exc)) from None
        files.commit()
    return path


def _write_provisions(path: str, provisions, crs: str) -> None:
    fields = QgsFields()
    fields.append(QgsField("type", QVariant.String))
    fields.append(QgsField("name", QVariant.String))
    writer = _writer(path, PROVISIONS_LAYER, fields, QgsWkbTypes.Point, QgsCoordinateReferenceSystem(crs), True)
    for x, y, kind, name in zip(provisions.x, provisions.y, provisions.type, provisions.name):
        feat = QgsFeature(fields)
        feat.setAttributes([str(kind), str(name)])
        feat.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(float(x), float(y))))
        if not writer.addFeature(feat):
            raise OutputError(tr("{path}: cannot write layer '{layer}' ({error}; disk full?)").format(
                path=path, layer=PROVISIONS_LAYER, error=writer.errorMessage()))
    del writer


def _write_table(path: str, name: str, table: pd.DataFrame, geoms: Dict[str, object], crs, append: bool) -> None:
    """One polygon layer: a row per feature, each area's geometry by its code (the first column)."""
    fields = QgsFields()
    for col in table.columns:
        fields.append(_qfield(col, table[col]))
    dated = [i for i, col in enumerate(table.columns) if col == PEILDATUM]
    writer = _writer(path, name, fields, QgsWkbTypes.MultiPolygon, crs, append=append)
    shapes: Dict[str, QgsGeometry] = {}  # made once per area: a series repeats them per peildatum
    for rec in table.itertuples(index=False):
        feat = QgsFeature(fields)
        values = [_value(v) for v in rec]
        for i in dated:
            values[i] = QDate.fromString(values[i], Qt.ISODate)
        feat.setAttributes(values)
        if rec[0] not in shapes and geoms.get(rec[0]) is not None:
            qg = QgsGeometry()
            qg.fromWkb(wkb.dumps(geoms[rec[0]]))
            qg.convertToMultiType()
            shapes[rec[0]] = qg
        if rec[0] in shapes:
            feat.setGeometry(shapes[rec[0]])
        if not writer.addFeature(feat):
            raise OutputError(tr("{path}: cannot write layer '{layer}' ({error}; disk full?)").format(
                path=path, layer=name, error=writer.errorMessage()))
    del writer


def _write_levels(path: str, safe, areas: AreaTable, geoms, metadata: dict, provisions=None, extra=None) -> None:
    """The levels, then ``extra`` (layer name -> table: a series' and its trends' layers,
    each named ``<level>_...``, with the level's geometry)."""
    crs = QgsCoordinateReferenceSystem(areas.crs)
    for n, level in enumerate(levels_of(safe)):
        _write_table(path, level, safe[level], geoms[level], crs, append=n > 0)
    for name, table in (extra or {}).items():
        level = next(lv for lv in sorted(geoms, key=len, reverse=True) if name.startswith(lv + "_"))
        _write_table(path, name, table, geoms[level], crs, append=True)
    if provisions is not None:
        _write_provisions(path, provisions, areas.crs)
    fields = QgsFields()
    fields.append(QgsField("key", QVariant.String))
    fields.append(QgsField("value", QVariant.String))
    writer = _writer(path, METADATA_LAYER, fields, QgsWkbTypes.NoGeometry, QgsCoordinateReferenceSystem(), True)
    for key, value in metadata.items():
        feat = QgsFeature(fields)
        text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, sort_keys=True)
        feat.setAttributes([key, text])
        if not writer.addFeature(feat):
            raise OutputError(tr("{path}: cannot write the metadata ({error}; disk full?)").format(
                path=path, error=writer.errorMessage()))
    del writer


def _check_written(tmp: str, path: str, safe, metadata: dict, provisions=None, extra=None) -> None:
    """Every table there, with every row, and SQLite's own check of the file: GDAL may
    report success on a full disk (#17)."""
    con = sqlite3.connect(f"file:{tmp}?mode=ro", uri=True)
    try:
        written = own_tables(con)
        optional = (((PROVISIONS_LAYER,) if provisions is not None else ()) + ((DIVISION,) if DIVISION in safe else ())
                    + tuple(extra or {}))
        missing = sorted(set(OWN_TABLES + optional) - set(written))
        if missing:
            raise OutputError(tr("{path}: the file lacked {tables} after writing (disk full?)").format(
                path=path, tables=", ".join(missing)))
        expected = {**{lv: len(safe[lv]) for lv in levels_of(safe)}, METADATA_LAYER: len(metadata)}
        if provisions is not None:
            expected[PROVISIONS_LAYER] = len(provisions)
        expected.update({name: len(t) for name, t in (extra or {}).items()})
        for table, n in expected.items():
            got = con.execute(f'select count(*) from "{table}"').fetchone()[0]
            if got != n:
                raise OutputError(tr("{path}: {got} of {n} rows of '{table}' were written (disk full?)").format(
                    path=path, got=got, n=n, table=table))
        if con.execute("pragma quick_check").fetchone()[0] != "ok":
            raise OutputError(tr("{path}: the written file is damaged (disk full?)").format(path=path))
    finally:
        con.close()


def read_metadata(path: str) -> dict:
    layer = QgsVectorLayer(f"{path}|layername={METADATA_LAYER}", METADATA_LAYER, "ogr")
    if not layer.isValid():
        raise OutputError(tr("{path}: no '{table}' table").format(path=path, table=METADATA_LAYER))
    out = {}
    for f in layer.getFeatures():
        try:
            out[f["key"]] = json.loads(f["value"])
        except (TypeError, ValueError):
            out[f["key"]] = f["value"]
    return out


def output_levels(path: str) -> tuple:
    """The levels of an output GeoPackage: buurt, wijk, gemeente, and ``gebied`` when it
    has an own division's table (read from the file's schema, not by opening a layer)."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        divided = con.execute("select 1 from sqlite_master where type = 'table' and name = ?",
                              (DIVISION,)).fetchone() is not None
    except sqlite3.Error:
        divided = False
    finally:
        con.close()
    return LEVELS + ((DIVISION,) if divided else ())


def read_tables(path: str) -> Dict[str, pd.DataFrame]:
    """The attribute tables of the buurt, wijk and gemeente layers of an output GeoPackage,
    and of its own division's ``gebied`` layer when it has one."""
    return {level: _read_layer(path, level) for level in output_levels(path)}


def series_output_levels(path: str) -> list:
    """The levels of an output's series layers (``<level>_reeks``; none: no series)."""
    names = series_layer_names(path)
    return [lv for lv in LEVELS + (DIVISION,) if series_layer(lv) in names]


def read_series(path: str) -> Dict[str, pd.DataFrame]:
    """level -> the series layer's table (a row per area and peildatum, the ``peildatum``
    as YYYY-MM-DD), or {} for an output without a series."""
    out = {}
    for level in series_output_levels(path):
        frame = _read_layer(path, series_layer(level))
        frame[PEILDATUM] = frame[PEILDATUM].map(iso_date)
        out[level] = frame
    return out


def series_layer_names(path: str) -> list:
    """The tables of a series in an output (``<level>_reeks``, ``<level>_trend``), from the
    file's schema (none: one peildatum)."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        names = [n for (n,) in con.execute("select name from sqlite_master where type = 'table' order by name")]
    except sqlite3.Error:
        names = []
    finally:
        con.close()
    own = {lv + suffix for lv in LEVELS + (DIVISION,) for suffix in (SERIES_SUFFIX, TREND_SUFFIX)}
    return [n for n in names if n in own]


def read_trends(path: str) -> Dict[str, pd.DataFrame]:
    """level -> the trend layer's table (:mod:`..series.trend`), or {} without one."""
    names = series_layer_names(path)
    return {lv: _read_layer(path, lv + TREND_SUFFIX) for lv in LEVELS + (DIVISION,) if lv + TREND_SUFFIX in names}


def _read_layer(path: str, name: str) -> pd.DataFrame:
    layer = QgsVectorLayer(f"{path}|layername={name}", name, "ogr")
    if not layer.isValid():
        raise OutputError(tr("{path}: no '{layer}' layer: not a Steunstructuur GeoPackage").format(
            path=path, layer=name))
    names = [f.name() for f in layer.fields() if f.name() != "fid"]
    rows = [[None if is_null(feat[n]) else feat[n] for n in names] for feat in layer.getFeatures()]
    frame = pd.DataFrame(rows, columns=names)
    for col in names:
        if col.endswith(("_n", "_per1000", "denominator", "_trend", "_trend_se", "_trend_p", "_trend_points")) \
                or col.startswith("vz_"):
            frame[col] = pd.to_numeric(frame[col], errors="coerce")
    return frame


def read_provisions_table(path: str) -> Optional[pd.DataFrame]:
    """The output's provisions as a table (type, name, x, y), or None when it has none."""
    layer = QgsVectorLayer(f"{path}|layername={PROVISIONS_LAYER}", PROVISIONS_LAYER, "ogr")
    if not layer.isValid():
        return None
    rows = []
    for feat in layer.getFeatures():
        p = feat.geometry().asPoint()
        rows.append([feat["type"], feat["name"], p.x(), p.y()])
    return pd.DataFrame(rows, columns=["type", "name", "x", "y"])
