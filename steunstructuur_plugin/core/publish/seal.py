"""The seal of an output GeoPackage: proof that what it publishes is what the plugin wrote.

The export gate audits a file from what it publishes; without a seal, figures filled in
or changed by hand after the run would be judged as if the plugin had published them.
So every output carries, in its ``metadata`` table under ``seal``, an HMAC-SHA-256 of
its published content, keyed with a secret kept like the pseudonym secret: with the user,
in a file only the user can read (:func:`key_path`, created on first use), never in a
project, configuration or output.  Any edit, by QGIS or by any other tool, changes the content
and so breaks the seal, and nobody without the key can make a new one.

The content, read with sqlite3 (every column and row as stored, geometry included):
the names of the file's own tables (any table that is not part of the GeoPackage format,
QGIS's ``layer_styles`` aside), then the ``buurt``, ``wijk``, ``gemeente`` and
``metadata`` tables and, where the file has them, ``voorzieningen``, ``gebied`` and a
series' ``<level>_reeks`` and ``<level>_trend`` layers (column names, then
every row by fid; the seal row itself left out),
their ``gpkg_contents`` entries and their declarations (``CREATE TABLE``), the geometry
columns and the coordinate systems.  Next to the seal, :func:`structure_problems` refuses
any view, trigger or table an output cannot hold: with those, what sqlite3 reads for the
seal could differ from what QGIS reads for the maps and exports.  Each value is
written with its type and length, so that no two contents read alike.

In: the path of a GeoPackage and the key.  Out: the seal (hex) written into the file, or
the verdict on a file's seal.
"""

import hashlib
import hmac
import os
import secrets
import sqlite3
import struct
from typing import Iterator, Optional, Tuple

from ...i18n import tr
from ..count.aggregate import DIVISION, LEVELS
from ..series.tables import SERIES_SUFFIX
from ..series.trend import TREND_SUFFIX

SEAL_KEY = "seal"
#: the tables an output holds; anything else in a file fails the gate
OWN_TABLES = ("buurt", "wijk", "gemeente", "metadata")
#: tables an output holds when its run has them: the provisions' points, the own division's
#: areas, and a series of peildata's layers (one per level, :mod:`..series`)
OPTIONAL_TABLES = ("voorzieningen", DIVISION) + tuple(lv + suffix for suffix in (SERIES_SUFFIX, TREND_SUFFIX)
                                                      for lv in LEVELS + (DIVISION,))
#: tables of the GeoPackage format and of QGIS (styles), not published content
_FORMAT_PREFIXES = ("gpkg_", "rtree_", "sqlite_")
_STYLE_TABLE = "layer_styles"

SEALED, UNSEALED, EDITED = "sealed", "unsealed", "edited"


def key_path() -> str:
    """Where the user's seal key lives: ``steunstructuur/seal.key`` in the user's
    configuration folder (``~/.config`` on Linux, ``%LOCALAPPDATA%`` on Windows), the
    same for every QGIS profile, ``qgis_process`` and the demo, so that what one of them
    writes the others can verify."""
    from qgis.PyQt.QtCore import QStandardPaths

    base = QStandardPaths.writableLocation(QStandardPaths.GenericConfigLocation) or os.path.expanduser("~/.config")
    return os.path.join(base, "steunstructuur", "seal.key")


def seal_secret() -> bytes:
    """The user's seal key (32 random bytes), created on first use in a file that only
    the user can read."""
    path = key_path()
    os.makedirs(os.path.dirname(path), exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    else:
        with os.fdopen(fd, "w", encoding="ascii") as fh:
            fh.write(secrets.token_hex(32))
    with open(path, encoding="ascii") as fh:
        return bytes.fromhex(fh.read().strip())


def own_tables(con: sqlite3.Connection) -> list:
    """The tables and views of a GeoPackage that are neither format nor style tables."""
    names = [name for (name,) in con.execute("select name from sqlite_master where type in ('table', 'view')")]
    return sorted(n for n in names if not n.startswith(_FORMAT_PREFIXES) and n != _STYLE_TABLE)


#: the GeoPackage format's own tables that an output may hold (GDAL writes these)
FORMAT_TABLES = ("gpkg_spatial_ref_sys", "gpkg_contents", "gpkg_geometry_columns", "gpkg_ogr_contents",
                 "gpkg_extensions", "gpkg_tile_matrix", "gpkg_tile_matrix_set", "sqlite_sequence")


def structure_problems(path: str) -> list:
    """What in the file's schema an output of the plugin cannot hold, by an exact list:
    the four own tables (and the provisions' points where the run had them), real tables
    (not views); the GeoPackage format's tables; each layer's spatial index; QGIS's
    ``layer_styles``; and only GDAL's own triggers (the spatial index and feature counts,
    each on its own table).  A view or trigger can make a file read differently by
    different readers, and a table of any other name could carry figures to a partner:
    both are refused."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        schema = con.execute("select type, name, tbl_name from sqlite_master").fetchall()
        try:
            geom = dict(con.execute("select table_name, column_name from gpkg_geometry_columns"))
        except sqlite3.Error:
            geom = {}
    finally:
        con.close()
    spatial = LEVELS + OPTIONAL_TABLES
    rtree = {f"rtree_{t}_{geom[t]}{part}" for t in spatial if t in geom for part in ("", "_node", "_parent", "_rowid")}
    allowed = set(OWN_TABLES) | set(OPTIONAL_TABLES) | set(FORMAT_TABLES) | rtree | {_STYLE_TABLE}
    triggers = {f"trigger_{op}_feature_count_{t}": t for t in OWN_TABLES + OPTIONAL_TABLES + (_STYLE_TABLE,)
                for op in ("insert", "delete")}
    for t in spatial:
        if t in geom:
            triggers.update({f"rtree_{t}_{geom[t]}_{op}": t for op in
                             ("insert", "delete", "update1", "update2", "update3", "update4", "update5",
                              "update6", "update7")})
    problems = []
    tables = {name for kind, name, _t in schema if kind == "table"}
    for kind, name, table in sorted(schema):
        if kind == "view":
            problems.append(tr("view '{name}' is not part of a Steunstructuur output").format(name=name))
        elif kind == "table" and name not in allowed:
            problems.append(tr("table '{name}' is not part of a Steunstructuur output").format(name=name))
        elif kind == "trigger" and triggers.get(name) != table and not (
                table == "gpkg_tile_matrix" and name.startswith("gpkg_tile_matrix_")):
            problems.append(tr("trigger '{name}' is not part of a Steunstructuur output").format(name=name))
    problems += [tr("table '{name}' of a Steunstructuur output is missing").format(name=t)
                 for t in OWN_TABLES if t not in tables]
    return problems


def _pack(value) -> bytes:
    if value is None:
        return b"N"
    if isinstance(value, bool):  # before int: True is an int
        value = int(value)
    if isinstance(value, int):
        raw, tag = str(value).encode(), b"I"
    elif isinstance(value, float):
        raw, tag = value.hex().encode(), b"F"
    elif isinstance(value, str):
        raw, tag = value.encode("utf-8"), b"S"
    else:
        raw, tag = bytes(value), b"B"
    return tag + struct.pack(">Q", len(raw)) + raw


def _content(con: sqlite3.Connection) -> Iterator[bytes]:
    tables = own_tables(con)
    yield _pack("tables") + b"".join(_pack(t) for t in tables)
    for table in OWN_TABLES + tuple(t for t in OPTIONAL_TABLES if t in tables):
        if table not in tables:
            yield _pack(f"missing {table}")
            continue
        cols = [row[1] for row in con.execute(f'pragma table_info("{table}")')]
        yield _pack(f"table {table}") + b"".join(_pack(c) for c in cols)
        order = "fid" if "fid" in cols else "rowid"
        skip = cols.index("key") if table == "metadata" and "key" in cols else None
        for row in con.execute(f'select * from "{table}" order by "{order}"'):
            if skip is not None and row[skip] == SEAL_KEY:
                continue
            yield b"R" + b"".join(_pack(v) for v in row)
    for row in con.execute("select table_name, data_type, identifier, description, srs_id from gpkg_contents "
                           "order by table_name"):
        if row[0] in tables:
            yield b"C" + b"".join(_pack(v) for v in row)
    # how the tables are declared, where their geometry is, and in which coordinate system
    for row in con.execute("select type, name, sql from sqlite_master where type in ('table', 'view') "
                           "order by name"):
        if row[1] in tables:
            yield b"S" + b"".join(_pack(v) for v in row)
    for query in ("select * from gpkg_geometry_columns order by table_name",
                  "select * from gpkg_spatial_ref_sys order by srs_id"):
        for row in con.execute(query):
            yield b"G" + b"".join(_pack(v) for v in row)


def content_seal(path: str, key: bytes) -> str:
    """HMAC-SHA-256 (hex) of the published content of ``path``."""
    mac = hmac.new(key, digestmod=hashlib.sha256)
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        for chunk in _content(con):
            mac.update(chunk)
    finally:
        con.close()
    return mac.hexdigest()


def stored_seal(path: str) -> Optional[str]:
    """The seal written in the file's metadata table, or None."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = con.execute("select value from metadata where key = ?", (SEAL_KEY,)).fetchall()
    except sqlite3.Error:
        return None
    finally:
        con.close()
    return rows[0][0] if len(rows) == 1 and isinstance(rows[0][0], str) else None


def write_seal(path: str, key: bytes) -> str:
    """Seal ``path`` as it is now (replacing an earlier seal); returns the seal."""
    value = content_seal(path, key)
    con = sqlite3.connect(path)
    try:
        with con:
            con.execute("delete from metadata where key = ?", (SEAL_KEY,))
            con.execute("insert into metadata (key, value) values (?, ?)", (SEAL_KEY, value))
    finally:
        con.close()
    return value


def check_seal(path: str, key: bytes) -> Tuple[str, str]:
    """(verdict, content seal): ``sealed`` when the stored seal is the content's,
    ``unsealed`` when the file has none, else ``edited`` (a seal made with another key
    cannot be told from an edit: both are refused)."""
    actual = content_seal(path, key)
    stored = stored_seal(path)
    if stored is None:
        return UNSEALED, actual
    return (SEALED if hmac.compare_digest(stored, actual) else EDITED), actual
