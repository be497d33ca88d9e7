"""What must never appear in an output: the person strings of an input, and the text of
any output file (PDF, SVG, GeoPackage, CSV, XLSX, QGIS project)."""

import csv
import sqlite3
import subprocess
import zipfile


def _person_strings(csv_path):
    """Every BSN, client number, name, street+number and postcode+number of the input."""
    out = set()
    with open(csv_path, encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh, delimiter=";"):
            for key in ("bsn", "clientnummer", "naam"):
                if row[key]:
                    out.add(row[key])
            out.add(f"{row['straat']} {row['huisnummer']}")
            out.add(f"{row['postcode']};{row['huisnummer']}")
            out.add(row["x_rd"])
    return out


def _all_text(path):
    if path.endswith(".qgz"):
        with zipfile.ZipFile(path) as zf:
            return "".join(zf.read(n).decode("utf-8", "replace") for n in zf.namelist())
    if path.endswith(".gpkg"):
        con = sqlite3.connect(path)
        parts = []
        for (table,) in con.execute("select name from sqlite_master where type='table'"):
            for row in con.execute(f'select * from "{table}"'):
                parts.append(" ".join(str(v) for v in row if not isinstance(v, bytes)))
        con.close()
        return "\n".join(parts)
    if path.endswith(".pdf"):
        return subprocess.run(["pdftotext", path, "-"], capture_output=True, text=True).stdout
    if path.endswith(".xlsx"):
        import openpyxl

        book = openpyxl.load_workbook(path, read_only=True)
        return "\n".join(" ".join("" if v is None else str(v) for v in row)
                         for sheet in book.worksheets for row in sheet.iter_rows(values_only=True))
    if path.endswith(".png"):
        return ""  # pixels; what a PNG shows is checked through the PDF and SVG of the same layout
    with open(path, "rb") as fh:
        return fh.read().decode("utf-8", "replace")
