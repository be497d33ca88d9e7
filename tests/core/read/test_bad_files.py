"""Damaged and odd registration files (#17 items 8, 13 and 14): each is read right, or
refused with the plugin's own error naming the file and the line, through both routes
(in chunks, and whole). Ends with a property test over randomly corrupted files."""

import dataclasses
import io
import os
import subprocess

import openpyxl
import pandas as pd
import pytest
from conftest import SECRET
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from steunstructuur_plugin.core import pipeline
from steunstructuur_plugin.core.config import AnalysisConfig, SourceConfig
from steunstructuur_plugin.core.errors import SteunstructuurError
from steunstructuur_plugin.core.read.registrations import ImportReport, SourceError, read_table
from steunstructuur_plugin.core.read.scan import scan

HEADER = "bsn;voorziening;buurtcode;naam"
#: categories with letters that UTF-8 and cp1252 write differently
CATEGORIES = ["Bijstand", "Schuldhulp", "Jeugdzorg", "Woonvoorziening één", "Begeleiding café"]


def config(**source):
    base = dict(person_key="bsn", category="voorziening", location="buurtcode", buurtcode="buurtcode")
    base.update(source)
    return AnalysisConfig(source=SourceConfig(**base), indicators={
        "armoede": ["bijstand", "schuldhulp"], "jeugd": ["jeugdzorg"],
        "wmo": ["woonvoorziening_één", "begeleiding_café"]}).validate()


def lines(areas, n=400):
    """Data lines of ``n`` persons, spread over the buurten and categories."""
    codes = list(areas.codes)
    return [f"{100000000 + 7 * i};{CATEGORIES[i % 5]};{codes[i % len(codes)]};José Peña"
            for i in range(n)]


def expected_counts(n=400):
    """Persons per category of :func:`lines`, counted here without the plugin."""
    out = {}
    for i in range(n):
        cat = CATEGORIES[i % 5].lower().replace(" ", "_")
        out[cat] = out.get(cat, 0) + 1
    return out


def both_routes(path, areas, cfg, monkeypatch, chunk_rows=64):
    """(chunked result, whole-file result) of the pipeline, which must agree."""
    monkeypatch.setattr(pipeline, "CHUNK_ROWS", chunk_rows)
    chunked = pipeline.run(str(path), areas, cfg, None, secret=SECRET)
    with monkeypatch.context() as m:
        m.setattr(pipeline, "is_plain_csv", lambda p: False)
        whole = pipeline.run(str(path), areas, cfg, None, secret=SECRET)
    assert chunked.report.to_dict() == whole.report.to_dict()
    for level in whole.safe:
        pd.testing.assert_frame_equal(chunked.safe[level], whole.safe[level])
    return chunked


def categories_read(path, cfg):
    """Persons per category as the reader sees them (before any protection)."""
    from steunstructuur_plugin.core.read.registrations import prepare_records

    rep = ImportReport()
    recs = prepare_records(read_table(str(path), cfg, rep), cfg, SECRET, rep)
    return recs.groupby("category")["person"].nunique().to_dict(), rep


# ----------------------------------------------------------------------- item 8
@pytest.mark.parametrize("bom", [False, True])
def test_a_utf8_file_with_one_cp1252_byte_keeps_its_accents_and_names_the_line(tmp_path, losser_areas, bom,
                                                                                 monkeypatch):
    """It was read wholly as cp1252 (every accented category became mojibake and
    unknown_category), or with a BOM refused naming only a byte offset."""
    body = [HEADER] + lines(losser_areas)
    data = ("\n".join(body) + "\n").encode("utf-8")
    at = data.index(b"\n", data.index(b"\n") * 9 + 1)  # end of some line: add a cp1252 é there
    line = data[:at].count(b"\n") + 1
    data = data[:at] + "é".encode("cp1252") + data[at:]
    path = tmp_path / "gemengd.csv"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    counts, rep = categories_read(path, config())
    assert counts == expected_counts()
    assert rep.encoding == ("utf-8-sig" if bom else "utf-8")
    assert rep.cp1252_lines == [line] and rep.cp1252_line_count == 1
    assert any(f"lines {line}" in text and "cp1252" in text for text in rep.lines())
    result = both_routes(path, losser_areas, config(), monkeypatch)
    assert result.report.rows_counted == 400 and result.report.cp1252_lines == [line]


def test_a_cp1252_file_is_read_as_cp1252_in_chunks_and_whole(tmp_path, losser_areas, monkeypatch):
    path = tmp_path / "windows.csv"
    path.write_bytes(("\r\n".join([HEADER] + lines(losser_areas)) + "\r\n").encode("cp1252"))
    counts, rep = categories_read(path, config())
    assert counts == expected_counts() and rep.encoding == "cp1252" and rep.cp1252_line_count == 0
    assert both_routes(path, losser_areas, config(), monkeypatch).report.rows_counted == 400


def test_a_configured_encoding_that_does_not_fit_names_the_line(tmp_path, losser_areas, monkeypatch):
    data = ("\n".join([HEADER] + lines(losser_areas)) + "\n").encode("cp1252")
    at = -1
    for _ in range(301):
        at = data.index(b"\n", at + 1)
    path = tmp_path / "windows.csv"
    path.write_bytes(data[:at] + b"\x81" + data[at:])  # end of line 301: a byte cp1252 leaves undefined
    monkeypatch.setattr(pipeline, "CHUNK_ROWS", 64)
    with pytest.raises(SourceError, match=r"windows\.csv, line 301: a byte cannot be read as cp1252"):
        pipeline.run(str(path), losser_areas, config(encoding="cp1252"), None, secret=SECRET)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le"])
def test_utf16_as_excel_saves_unicode_text_is_read(tmp_path, losser_areas, encoding, monkeypatch):
    """It was reported as "file has: ÿþc". Excel's "Unicode text" is UTF-16 with tabs;
    "utf-16-le" has no BOM and is recognised by its zero bytes."""
    body = [HEADER.replace(";", "\t")] + [row.replace(";", "\t") for row in lines(losser_areas)]
    path = tmp_path / "unicode.txt"
    path.write_bytes(("\r\n".join(body) + "\r\n").encode(encoding))
    counts, rep = categories_read(path, config())
    assert counts == expected_counts() and rep.encoding == encoding and rep.delimiter == "\t"
    assert both_routes(path, losser_areas, config(), monkeypatch).report.rows_counted == 400


# ---------------------------------------------------------------------- item 13
def test_an_unbalanced_quote_names_the_line_where_it_opens(tmp_path, losser_areas, monkeypatch):
    body = [HEADER] + lines(losser_areas, 40000)
    body[12] = body[12].replace(";", ';"', 1)  # line 13: a field that opens a quote and never closes it
    path = tmp_path / "quote.csv"
    path.write_text("\n".join(body) + "\n", encoding="utf-8")
    monkeypatch.setattr(pipeline, "CHUNK_ROWS", 5000)
    with pytest.raises(SourceError, match=r"quote\.csv, line 13: a field runs on .* quote .* never closed"):
        pipeline.run(str(path), losser_areas, config(), None, secret=SECRET)
    body = [HEADER] + lines(losser_areas, 40)  # a small file: the field reaches the end
    body[30] = body[30].replace(";", ';"', 1)
    path.write_text("\n".join(body) + "\n", encoding="utf-8")
    with pytest.raises(SourceError, match=r"quote\.csv, line 31: a quote .* never closed"):
        pipeline.run(str(path), losser_areas, config(), None, secret=SECRET)


def test_a_header_of_ten_megabytes_is_refused_on_line_1(tmp_path, losser_areas):
    path = tmp_path / "kop.csv"
    path.write_text(HEADER + ";" + "x" * (10 << 20) + "\n" + "\n".join(lines(losser_areas)) + "\n")
    with pytest.raises(SourceError, match=r"kop\.csv, line 1: the first line \(header\) is longer than 1 MB"):
        pipeline.run(str(path), losser_areas, config(), None, secret=SECRET)


@pytest.mark.parametrize("kind", ["csv_renamed", "truncated"])
def test_a_damaged_xlsx_is_a_clear_error(tmp_path, losser_areas, kind):
    path = tmp_path / "export.xlsx"
    if kind == "csv_renamed":
        path.write_text("\n".join([HEADER] + lines(losser_areas)) + "\n")
    else:
        book = openpyxl.Workbook()
        sheet = book.active
        for row in [HEADER] + lines(losser_areas):
            sheet.append(row.split(";"))
        book.save(path)
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2])
    with pytest.raises(SourceError, match=r"export\.xlsx: not a readable Excel workbook \(\.xlsx\)"):
        pipeline.run(str(path), losser_areas, config(), None, secret=SECRET)


def test_an_existing_output_on_a_read_only_file_system_is_a_clear_error(tmp_path, demo_input, losser_areas,
                                                                          demo_cfg):
    from steunstructuur_plugin.core.publish.geopackage import OutputError

    mnt = tmp_path / "alleen_lezen"
    mnt.mkdir()
    proc = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=20m", "tmpfs", str(mnt)], capture_output=True,
                          text=True)
    if proc.returncode != 0:
        pytest.fail(f"cannot mount a file system for the read-only test (needs root): {proc.stderr}")
    try:
        out = str(mnt / "uitvoer.gpkg")
        pipeline.run(demo_input[0], losser_areas, demo_cfg, out, secret=SECRET)
        before = open(out, "rb").read()
        subprocess.run(["mount", "-o", "remount,ro", str(mnt)], check=True)
        with pytest.raises(OutputError, match=r"uitvoer\.gpkg: cannot write in this folder \(Read-only file "
                                              r"system\); choose another output folder; the earlier file is kept"):
            pipeline.run(demo_input[0], losser_areas, demo_cfg, out, secret=SECRET)
        assert open(out, "rb").read() == before
    finally:
        subprocess.run(["umount", "-l", str(mnt)], check=False)


def test_a_bow_tie_buurt_is_refused_when_the_layer_is_read(losser_areas, demo_cfg):
    """It crashed the dissolve of the wijken with a shapely ValueError, after protection."""
    from qgis.core import QgsFeatureRequest, QgsGeometry

    from steunstructuur_plugin.core.place.areas import AreaError, area_table_from_layer, load_area_layer

    layer = load_area_layer(os.path.join(os.path.dirname(losser_areas.source), "buurten_losser.gpkg"), "buurten")
    layer = layer.materialize(QgsFeatureRequest())
    layer.setName("buurten met strik")
    feature = next(f for f in layer.getFeatures() if f["buurtcode"] == "BU01680003")
    box = feature.geometry().boundingBox()
    x0, y0, x1, y1 = box.xMinimum(), box.yMinimum(), box.xMaximum(), box.yMaximum()
    layer.startEditing()
    layer.changeGeometry(feature.id(), QgsGeometry.fromWkt(
        f"MULTIPOLYGON((({x0} {y0},{x1} {y1},{x1} {y0},{x0} {y1},{x0} {y0})))"))
    layer.commitChanges()
    with pytest.raises(AreaError, match=r"layer 'buurten met strik': 1 buurt polygon\(s\) are not valid geometry, "
                                        r"first BU01680003 \(Self-intersection\); repair the layer with Processing "
                                        r"> Vector geometry > Fix geometries"):
        area_table_from_layer(layer, demo_cfg.areas)


# ---------------------------------------------------------------------- item 14
@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_column_named_twice_is_refused(tmp_path, losser_areas, kind):
    """pandas silently used the first of two columns with the same name."""
    rows = [(HEADER + ";voorziening").split(";")] + [(row + ";jeugdzorg").split(";") for row in lines(losser_areas)]
    if kind == "csv":
        path = tmp_path / "dubbel.csv"
        path.write_text("\n".join(";".join(r) for r in rows) + "\n")
    else:
        path = tmp_path / "dubbel.xlsx"
        book = openpyxl.Workbook()
        for r in rows:
            book.active.append(r)
        book.save(path)
    with pytest.raises(SourceError, match=r"dubbel\.\w+, line 1: column 'voorziening' appears 2 times in the "
                                          r"header \(columns 2, 5\)"):
        read_table(str(path), config(), ImportReport())
    # a column the configuration does not read may be there twice
    rows[0][4] = "naam"
    path.unlink()
    path.write_text("\n".join(";".join(r) for r in rows) + "\n") if kind == "csv" else None
    if kind == "xlsx":
        book = openpyxl.Workbook()
        for r in rows:
            book.active.append(r)
        book.save(path)
    counts, _rep = categories_read(path, config())
    assert counts == expected_counts()


def test_a_nul_byte_rejects_its_row_instead_of_cutting_the_key(tmp_path, losser_areas, monkeypatch):
    """"1000000\\x0007" was read as "1000000": rows of different persons merged."""
    body = [HEADER] + lines(losser_areas)
    body[5] = body[5][:7] + "\x00" + body[5][7:]   # line 6
    body[9] = body[9][:7] + "\x00" + body[9][7:]   # line 10: the same first 7 digits
    path = tmp_path / "nul.csv"
    path.write_bytes(("\n".join(body) + "\n").encode("utf-8"))
    result = both_routes(path, losser_areas, config(), monkeypatch)
    rep = result.report
    assert rep.rejected == {"nul_byte": 2} and rep.rows_counted == 398 and rep.reconciles()
    assert [(e.row, e.reason) for e in rep.examples] == [(6, "nul_byte"), (10, "nul_byte")]


@pytest.mark.parametrize("where", ["last", "middle"])
def test_a_short_row_is_malformed_not_padded(tmp_path, losser_areas, monkeypatch, where):
    """A cut-off last row was padded with empty fields and shown as unknown_category."""
    body = [HEADER] + lines(losser_areas)
    index = len(body) - 1 if where == "last" else 150
    body[index] = body[index][: body[index].index(";") + 4]  # bsn;Bij
    path = tmp_path / "kort.csv"
    path.write_text("\n".join(body) + ("" if where == "last" else "\n"))
    rep = both_routes(path, losser_areas, config(), monkeypatch).report
    assert rep.rejected == {"malformed_row": 1} and rep.rows_counted == 399 and rep.reconciles()
    assert [(e.row, e.column) for e in rep.examples] == [(index + 1, "*")]


def test_an_over_long_first_row_of_a_chunk_is_malformed(tmp_path, losser_areas, monkeypatch):
    """The C parser dropped the extra field of the first row of a chunk without a word."""
    body = [HEADER] + lines(losser_areas)
    body[65] += ";extra"  # data row 65: the first row of the second chunk of 64
    path = tmp_path / "lang.csv"
    path.write_text("\n".join(body) + "\n")
    rep = both_routes(path, losser_areas, config(), monkeypatch, chunk_rows=64).report
    assert rep.rejected == {"malformed_row": 1} and rep.rows_counted == 399
    assert [e.row for e in rep.examples] == [66]


# ------------------------------------------------------------------ the scan itself
_FIELD = st.text(alphabet=st.sampled_from(list('ab1;"\n\r ,é\x00')), max_size=6)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(_FIELD, min_size=1, max_size=5), min_size=1, max_size=8),
       st.sampled_from(["\n", "\r\n"]), st.booleans())
def test_a_file_the_scan_calls_regular_reads_the_same_fast_and_row_by_row(records, newline, quote_all):
    """The scan decides whether pandas' C parser may read a file. Whenever it says yes,
    the C parser gives exactly the rows of the csv module, which is what decides when it
    says no; it never says yes to a short or long row, a NUL byte or an open quote."""
    import csv

    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";", lineterminator=newline,
                        quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL)
    writer.writerow(["h1", "h2", "h3"])
    for rec in records:
        writer.writerow(rec)
    text = buf.getvalue()
    found = scan(text.encode("utf-8"), ";", 3)
    try:
        rows = [r for r in csv.reader(io.StringIO(text), delimiter=";")][1:]
    except csv.Error:  # a carriage return alone in a field
        assert not found.regular
        return
    rows = [r[:3] if len(r) == 4 and not r[3].strip() else r for r in rows if r]
    if found.regular:
        assert all(len(r) == 3 for r in rows) and "\x00" not in text
        frame = pd.read_csv(io.StringIO(text), sep=";", dtype=str, keep_default_na=False, na_filter=False,
                            index_col=False)
        assert frame.values.tolist() == rows


# ---------------------------------------------------------------- corrupted files
_OPS = st.lists(st.tuples(st.sampled_from(["insert", "delete", "flip", "truncate", "repeat_line"]),
                          st.floats(0, 1), st.sampled_from([b";", b'"', b"\n", b"\r", b"\x00", b"\xe9", b",", b"7",
                                                            b"\xc3", b"\t", b"BU", b"\xef\xbb\xbf"])),
                min_size=1, max_size=6)


def _corrupt(data: bytes, ops) -> bytes:
    for op, where, piece in ops:
        at = int(where * len(data))
        if op == "insert":
            data = data[:at] + piece + data[at:]
        elif op == "delete":
            data = data[:at] + data[at + len(piece):]
        elif op == "flip" and at < len(data):
            data = data[:at] + bytes([data[at] ^ 0x20]) + data[at + 1:]
        elif op == "truncate":
            data = data[:max(at, len(data) // 2)]
        elif op == "repeat_line":
            start = data.rfind(b"\n", 0, at) + 1
            end = data.find(b"\n", at)
            end = len(data) if end < 0 else end + 1
            data = data[:end] + data[start:end] + data[end:]
    return data


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=_OPS)
def test_every_corrupted_file_is_refused_naming_file_and_line_or_reconciles(tmp_path, losser_areas, monkeypatch,
                                                                            ops):
    """Every run of a randomly damaged file either raises the plugin's own error, naming
    the file and a line, or reads it with rows read = counted + rejected + duplicates,
    and the same in chunks as whole."""
    clean = ("\n".join([HEADER] + lines(losser_areas, 120)) + "\n").encode("utf-8")
    path = tmp_path / "beschadigd.csv"
    path.write_bytes(_corrupt(clean, ops))
    cfg = dataclasses.replace(config())
    try:
        result = both_routes(path, losser_areas, cfg, monkeypatch, chunk_rows=16)
    except SteunstructuurError as exc:
        assert "beschadigd.csv" in str(exc) and ("line " in str(exc) or "row " in str(exc)), str(exc)
        return
    rep = result.report
    assert rep.reconciles(), rep.to_dict()
    assert rep.rows_read >= 1


def test_an_unreadable_file_is_a_clear_error_for_a_user_without_permission(tmp_path):
    """#17 item 13: an unreadable file gave a raw PermissionError. The tests run as root,
    who may read anything: the reader runs here as the user nobody."""
    import shutil
    import stat
    import sys
    import tempfile

    from conftest import ROOT

    folder = tempfile.mkdtemp(prefix="steun_perm_")
    try:
        os.chmod(folder, 0o755)
        path = os.path.join(folder, "geheim.csv")
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(HEADER + "\n" + "100000001;Bijstand;BU01680001;X\n")
        os.chmod(path, 0)
        assert not os.stat(path).st_mode & (stat.S_IRUSR | stat.S_IROTH)
        code = ("import sys; sys.path.insert(0, sys.argv[1])\n"
                "from steunstructuur_plugin.core.config import AnalysisConfig\n"
                "from steunstructuur_plugin.core.read.registrations import ImportReport, SourceError, read_table\n"
                "try:\n    read_table(sys.argv[2], AnalysisConfig(), ImportReport())\n"
                "except SourceError as exc:\n    print('OWN', exc)\n")
        proc = subprocess.run(["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", sys.executable,
                               "-c", code, ROOT, path], capture_output=True, text=True, timeout=120,
                              env={"PATH": os.environ.get("PATH", ""), "HOME": folder, "QT_QPA_PLATFORM": "offscreen"})
        assert proc.stdout.strip() == f"OWN {path}: cannot be read (no permission)", proc.stdout + proc.stderr
    finally:
        shutil.rmtree(folder, ignore_errors=True)
