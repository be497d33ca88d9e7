"""Data export for partners: only the safe aggregate table, never anything behind it.

- ``.gpkg``: the buurt, wijk and gemeente layers, the own division's ``gebied`` layer and the
  provisions' points (when the run had them) and the metadata table, with a choropleth
  style per map stored in the GeoPackage (the first indicator as each layer's default style, the others by name: Layer
  Properties → Style → Load Style → Database) and the provisions' symbols.
- ``.csv``: one file per level (``<stem>_buurt.csv``, ``_wijk``, ``_gemeente``, ``_gebied``; a
  series' long tables ``_buurt_reeks`` etc. and its trends ``_buurt_trend`` etc.),
  ``<stem>_voorzieningen.csv`` (type, name, x, y; when the run had provisions) and
  ``<stem>_metadata.csv``; ``;``-separated, decimal comma, UTF-8 with BOM, as Excel in a
  Dutch locale expects.
- ``.xlsx``: one sheet per level (and ``voorzieningen``, a series' ``<level>_reeks`` and
  ``<level>_trend``) and a
  ``metadata`` sheet (openpyxl).

Every export takes a snapshot of the source GeoPackage, audits it (seal, columns, the
disclosure audit: :func:`..core.pipeline.audit_file`) and refuses when that fails; the
values written are read back from that snapshot, so they are the published values, with
their status columns, exactly as audited.
"""

import json
import os
from contextlib import contextmanager
from typing import List

import pandas as pd

from ..core.publish.geopackage import (
    PROVISIONS_LAYER,
    output_levels,
    read_metadata,
    read_provisions_table,
    read_series,
    read_tables,
    read_trends,
    series_output_levels,
)
from ..core.series import series_layer
from ..core.series.trend import TREND_SUFFIX
from ..i18n import tr
from ..styling.choropleth import maps_of, mark_layer, style_indicator
from ..styling.provisions import provisions_layer
from ..styling.temporal import is_series_layer, make_temporal
from .layout import ExportError
from .maps import require_audit

FORMATS = (".gpkg", ".csv", ".xlsx")


#: metadata earlier versions wrote that no partner gets: the import report's counts (with
#: one category per indicator the rows counted are the sum of the gemeente's counts, which
#: pinned a hidden count) and the row numbers of rejected registrations
INTERNAL_METADATA = ("rows_read", "rows_counted", "rows_duplicate", "rows_rejected", "rejected_by_reason",
                     "rejected_examples")


def _metadata_frame(gpkg: str) -> pd.DataFrame:
    """The metadata a partner gets: everything but :data:`INTERNAL_METADATA`."""
    meta = {k: v for k, v in read_metadata(gpkg).items() if k not in INTERNAL_METADATA}
    return pd.DataFrame({"key": list(meta), "value": [v if isinstance(v, str) else json.dumps(v, ensure_ascii=False)
                                                      for v in meta.values()]})


def export_data(gpkg: str, path: str) -> List[str]:
    """Write the safe tables of ``gpkg`` to ``path`` (.gpkg, .csv or .xlsx); returns the files."""
    ext = os.path.splitext(path)[1].lower()
    if ext not in FORMATS:
        raise ExportError(tr("{path}: choose a .gpkg, .csv or .xlsx file").format(path=path))
    if os.path.abspath(path) == os.path.abspath(gpkg):
        raise ExportError(tr("{path}: choose another file than the source").format(path=path))
    if not os.path.isfile(gpkg):
        raise ExportError(tr("{path}: not a Steunstructuur GeoPackage; export refused").format(path=gpkg))
    with audited_snapshot(gpkg, path) as snap:
        return _write(snap, path, ext)


@contextmanager
def audited_snapshot(gpkg: str, path: str):
    """A snapshot of ``gpkg`` in the folder of the export ``path`` (made), audited
    (:func:`.maps.require_audit`), removed afterwards: what is exported is what was
    audited, even if the source changes in between (an audit holds for a content, not
    for a path)."""
    folder = os.path.dirname(os.path.abspath(path)) or "."
    os.makedirs(folder, exist_ok=True)
    snap = snapshot(gpkg, folder)
    try:
        require_audit(snap)
        yield snap
    finally:
        try:
            os.remove(snap)
        except OSError:  # Windows: QGIS may still hold it open; it is a copy of a published file
            pass


def snapshot(gpkg: str, folder: str) -> str:
    """A consistent copy of ``gpkg`` (also of a file QGIS has open) in ``folder``."""
    import sqlite3
    import tempfile

    fd, snap = tempfile.mkstemp(suffix=".gpkg", prefix=".steunstructuur-", dir=folder)
    os.close(fd)
    with sqlite3.connect(f"file:{gpkg}?mode=ro", uri=True) as src, sqlite3.connect(snap) as dst:
        src.backup(dst)
    return snap


def _write(source: str, path: str, ext: str) -> List[str]:
    if ext == ".gpkg":
        return [_gpkg(source, path)]
    tables = read_tables(source)
    tables.update({series_layer(level): t for level, t in read_series(source).items()})  # a series' long tables
    tables.update({level + TREND_SUFFIX: t for level, t in read_trends(source).items()})  # and its trends
    points = read_provisions_table(source)
    if points is not None:  # the provisions' points, with their coordinates
        tables[PROVISIONS_LAYER] = points
    meta = _metadata_frame(source)
    if ext == ".csv":
        stem = os.path.splitext(path)[0]
        out = []
        for name, frame in list(tables.items()) + [("metadata", meta)]:
            target = f"{stem}_{name}.csv"
            frame.to_csv(target, sep=";", decimal=",", index=False, encoding="utf-8-sig")
            out.append(target)
        return out
    try:
        import openpyxl  # noqa: F401
    except ImportError:
        raise ExportError(tr("Excel export needs the Python package openpyxl in QGIS's Python "
                             "(Debian: apt install python3-openpyxl; OSGeo4W shell: pip install openpyxl)"))
    with pd.ExcelWriter(path, engine="openpyxl") as xl:
        for name, frame in tables.items():
            frame.to_excel(xl, sheet_name=name, index=False)
        meta.to_excel(xl, sheet_name="metadata", index=False)
    return [path]


_STYLES_DDL = """CREATE TABLE IF NOT EXISTS layer_styles (
    id INTEGER PRIMARY KEY AUTOINCREMENT, f_table_catalog TEXT(256), f_table_schema TEXT(256),
    f_table_name TEXT(256), f_geometry_column TEXT(256), styleName TEXT(30), styleQML TEXT,
    styleSLD TEXT, useAsDefault BOOLEAN, description TEXT, owner TEXT(30), ui TEXT(30),
    update_time DATETIME DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')))"""


def _gpkg(source: str, path: str) -> str:
    """A snapshot of the audited GeoPackage with its map styles in its ``layer_styles``
    table, the table QGIS reads default and named styles from.

    Written with sqlite3 into a new file that then replaces ``path``: QGIS keeps pooled
    connections to GeoPackages it has opened, and must never write to a file that is
    replaced underneath it."""
    import sqlite3
    import tempfile

    from qgis.core import QgsVectorLayer
    from qgis.PyQt.QtXml import QDomDocument

    meta = read_metadata(source)
    indicators = list(meta.get("indicators", []))
    min_count = int(meta.get("min_count", 5))
    styles = []  # (table, geometry column, name, qml, sld, default)
    # with an own division's areas, and a series' layers (in time, as in the dock)
    for level in (list(output_levels(source)) + [series_layer(lv) for lv in series_output_levels(source)]
                  + [lv + TREND_SUFFIX for lv in read_trends(source)]):
        layer = QgsVectorLayer(f"{source}|layername={level}", level, "ogr")
        if not layer.isValid():
            raise ExportError(f"{source}: layer '{level}' cannot be opened")
        mark_layer(layer, indicators, min_count)
        if is_series_layer(layer):
            make_temporal(layer)
        for i, name in enumerate(maps_of(layer)):
            style_indicator(layer, name)
            qml, sld = QDomDocument(), QDomDocument()
            layer.exportNamedStyle(qml)
            layer.exportSldStyle(sld, "")
            styles.append((level, name, qml.toString(), sld.toString(), i == 0))
    points = provisions_layer(source)
    if points is not None:  # one symbol per type, as on the maps
        qml, sld = QDomDocument(), QDomDocument()
        points.exportNamedStyle(qml)
        points.exportSldStyle(sld, "")
        styles.append((PROVISIONS_LAYER, "voorzieningen", qml.toString(), sld.toString(), True))
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(suffix=".gpkg", dir=folder)
    os.close(fd)
    os.chmod(tmp, 0o644)  # mkstemp makes it private; the export is meant to be shared
    try:
        with sqlite3.connect(source) as src, sqlite3.connect(tmp) as dst:
            src.backup(dst)  # a consistent snapshot, also of a file QGIS has open
        con = sqlite3.connect(tmp)
        try:
            geom_col = dict(con.execute("select table_name, column_name from gpkg_geometry_columns"))
            # only the plugin's own styles go to the partner (a style can hold any text)
            con.execute("drop table if exists layer_styles")
            con.execute("delete from gpkg_contents where table_name = 'layer_styles'")
            con.execute(_STYLES_DDL)
            con.execute("insert or ignore into gpkg_contents (table_name, data_type, identifier) "
                        "values ('layer_styles', 'attributes', 'layer_styles')")
            con.executemany(
                "insert into layer_styles (f_table_catalog, f_table_schema, f_table_name, f_geometry_column, "
                "styleName, styleQML, styleSLD, useAsDefault, description, owner, ui) "
                "values ('', '', ?, ?, ?, ?, ?, ?, ?, '', '')",
                [(level, geom_col.get(level, "geom"), name, qml, sld, int(default),
                  tr("Steunstructuur: {name} per 1,000 inhabitants").format(name=name))
                 for level, name, qml, sld, default in styles])
            con.commit()
        finally:
            con.close()
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
    return path
