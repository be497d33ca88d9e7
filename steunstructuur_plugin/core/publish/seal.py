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
``metadata`` tables (column names, then every row by fid; the seal row itself left out),
and the identifier and description of each of those tables in ``gpkg_contents``.  Each value is
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

SEAL_KEY = "seal"
#: the tables an output holds; anything else in a file fails the gate
OWN_TABLES = ("buurt", "wijk", "gemeente", "metadata")
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
    for table in OWN_TABLES:
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
    for row in con.execute("select table_name, identifier, description from gpkg_contents order by table_name"):
        if row[0] in tables:
            yield b"C" + b"".join(_pack(v) for v in row)


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
