"""Edit an output GeoPackage as any SQLite tool would (tests of the gate's checks)."""

import sqlite3


def edit_gpkg(path, *statements):
    """Run ``statements`` on ``path`` in one transaction.  GDAL's triggers on a layer's
    spatial index call ST_IsEmpty and ST_MinX etc., which plain SQLite lacks: stand-ins
    for attribute edits."""
    con = sqlite3.connect(str(path))
    con.create_function("ST_IsEmpty", 1, lambda g: 1)
    for name in ("ST_MinX", "ST_MaxX", "ST_MinY", "ST_MaxY"):
        con.create_function(name, 1, lambda g: 0)
    with con:
        for statement in statements:
            con.execute(statement)
    con.close()
