"""Reading messy real-world exports; every rejection reason; pseudonymisation."""

import dataclasses
import os

import pytest
from conftest import SECRET

from steunstructuur_plugin.core.config import AnalysisConfig, ConfigError, SourceConfig
from steunstructuur_plugin.core.place.locate import locate
from steunstructuur_plugin.core.read.pseudonymise import pseudonymise
from steunstructuur_plugin.core.read.registrations import (
    ImportReport,
    SourceError,
    drop_duplicates,
    prepare_records,
    read_table,
)

HEADER = ["bsn", "voorziening", "buurtcode", "x", "y", "start", "eind"]
ROWS = [
    ["123456782", "Bijstand", "BU01680001", "264869,46", "475530,77", "01-01-2024", ""],
    ["111222333", "jeugdzorg", "bu01680003", "266159.04", "476867.76", "2024-02-01", "31-12-2024"],
    ["", "bijstand", "BU01680001", "264869,46", "475530,77", "01-01-2024", ""],            # missing_key
    ["222333444", "leerlingenvervoer", "BU01680001", "264869,46", "475530,77", "01-01-2024", ""],  # unknown
    ["333444555", "wmo_hulpmiddel", "BU0168", "x", "475530,77", "01-01-2024", ""],      # bad/out of area
    ["444555666", "schuldhulp", "BU01680001", "264869,46", "475530,77", "gisteren", ""],    # bad_date
    ["555666777", "schuldhulp", "BU01680001", "264869,46", "475530,77", "01-01-2025", ""],  # outside
    ["123456782", "bijstand", "BU01680001", "264869,46", "475530,77", "01-01-2024", ""],    # duplicate
]


def cfg(**source):
    base = dict(person_key="bsn", category="voorziening", location="buurtcode", buurtcode="buurtcode",
                x="x", y="y", start_date="start", end_date="eind", reference_date="2024-06-30")
    base.update(source)
    return AnalysisConfig(source=SourceConfig(**base), indicators={
        "armoede": ["bijstand", "schuldhulp"], "jeugd": ["jeugdzorg"], "wmo": ["wmo_hulpmiddel"]}).validate()


def write(tmp_path, rows, delimiter=";", encoding="utf-8", bom=False, trailing="", quote_all=False, name="r.csv"):
    def fmt(v):
        if quote_all or delimiter in v or '"' in v:
            return '"' + v.replace('"', '""') + '"'
        return v

    lines = [delimiter.join(fmt(v) for v in r) + trailing for r in [HEADER] + rows]
    data = ("\r\n".join(lines) + "\r\n").encode(encoding)
    path = tmp_path / name
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    return str(path)


def run_import(path, c, areas):
    rep = ImportReport()
    recs = locate(prepare_records(read_table(path, c, rep), c, SECRET, rep), c, areas, rep)
    kept = drop_duplicates(recs, rep)
    return kept, rep


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
@pytest.mark.parametrize("encoding,bom", [("utf-8", False), ("utf-8", True), ("cp1252", False)])
def test_delimiters_and_encodings(tmp_path, losser_areas, delimiter, encoding, bom):
    rows = [r[:] for r in ROWS]
    rows[1][1] = "jeugdzorg"
    rows.append(["666777888", "wmo_hulpmiddel", "BU01680001", "1,5", "2,5", "01-01-2024", ""])
    # a name-like free text with a diacritic that cp1252 and utf-8 encode differently
    path = write(tmp_path, rows, delimiter=delimiter, encoding=encoding, bom=bom, trailing=delimiter)
    kept, rep = run_import(path, cfg(), losser_areas)
    assert rep.delimiter == delimiter
    assert rep.rows_read == 9
    assert rep.rejected == {"missing_key": 1, "unknown_category": 1, "out_of_area": 1,
                            "bad_date": 1, "outside_period": 1}
    assert rep.rows_duplicate == 1 and rep.rows_counted == 3
    assert rep.reconciles()
    assert sorted(kept["category"]) == ["bijstand", "jeugdzorg", "wmo_hulpmiddel"]


def test_each_reason_names_row_and_column(tmp_path, losser_areas):
    kept, rep = run_import(write(tmp_path, ROWS), cfg(), losser_areas)
    got = {(e.reason, e.row, e.column) for e in rep.examples}
    assert got == {("missing_key", 4, "bsn"), ("unknown_category", 5, "voorziening"),
                   ("out_of_area", 6, "buurtcode"), ("bad_date", 7, "start"), ("outside_period", 8, "start")}
    assert "r.csv, row 4, column 'bsn'" in "\n".join(rep.lines())


def test_xy_rejections(tmp_path, losser_areas):
    rows = [ROWS[0], ROWS[4], ["999", "bijstand", "", "100,0", "100,0", "01-01-2024", ""]]
    kept, rep = run_import(write(tmp_path, rows), cfg(location="xy"), losser_areas)
    assert rep.rejected == {"bad_location": 1, "out_of_area": 1}
    assert list(kept["buurtcode"]) == ["BU01680001"]


def test_wgs84_lat_lon(tmp_path, losser_areas):
    # Losser centre in WGS84 (lat, lon as Dutch exports write them)
    rows = [["1", "bijstand", "", "6.9999", "52.2580", "01-01-2024", ""]]
    kept, rep = run_import(write(tmp_path, rows), cfg(location="xy", crs="EPSG:4326"), losser_areas)
    assert rep.rows_counted == 1, rep.lines()
    assert kept["buurtcode"].iloc[0].startswith("BU016800")


def test_malformed_and_quoted_rows(tmp_path, losser_areas):
    path = tmp_path / "m.csv"
    path.write_text(
        "bsn;voorziening;buurtcode;x;y;start;eind\n"
        '1;"bijstand";BU01680001;1;2;01-01-2024;\n'
        "2;bijstand;BU01680001;1;2;01-01-2024;;extra;velden\n"
        '"3";"jeugd;zorg";BU01680001;1;2;01-01-2024;\n'
        "4;jeugdzorg;BU01680001;1;2;01-01-2024;\n", encoding="utf-8")
    kept, rep = run_import(str(path), cfg(), losser_areas)
    assert rep.rejected == {"malformed_row": 1, "unknown_category": 1}
    assert [(e.reason, e.row) for e in rep.examples] == [("malformed_row", 3), ("unknown_category", 4)]
    assert rep.rows_read == 4 and rep.rows_counted == 2 and rep.reconciles()


def test_excel_dates_and_wide_format(tmp_path, losser_areas):
    path = tmp_path / "w.csv"
    path.write_text(
        "clientnummer;bijstand;jeugdzorg;buurtcode;start\n"
        "C1;ja;nee;BU01680001;45292\n"      # Excel serial 45292 = 2024-01-01
        "C2;0;1;BU01680001;45292\n"
        "C3;nee;nee;BU01680001;45292\n"     # no category
        "C4;x;ja;BU01680002;45500\n", encoding="utf-8")  # 45500 = 2024-07-27 > peildatum
    c = cfg(person_key="clientnummer", category=None, wide_columns={"bijstand": "bijstand", "jeugdzorg": "jeugdzorg"},
            end_date=None)
    kept, rep = run_import(str(path), c, losser_areas)
    assert rep.rejected == {"no_category": 1, "outside_period": 1}
    assert sorted(kept["category"]) == ["bijstand", "jeugdzorg"]
    assert rep.reconciles()
    # a flag column for a category no indicator counts: a row with only that flag is rejected
    # as unknown_category and said (an outside review found it dropped unsaid); a row with it
    # and a counted one still counts
    path.write_text(
        "clientnummer;bijstand;leerlingenvervoer;buurtcode;start\n"
        "C1;ja;nee;BU01680001;45292\n"
        "C2;nee;ja;BU01680001;45292\n"
        "C3;ja;ja;BU01680001;45292\n", encoding="utf-8")
    c = cfg(person_key="clientnummer", category=None, end_date=None,
            wide_columns={"bijstand": "bijstand", "leerlingenvervoer": "leerlingenvervoer"})
    kept, rep = run_import(str(path), c, losser_areas)
    assert rep.rejected == {"unknown_category": 1} and rep.rows_counted == 2 and rep.reconciles()
    assert [(e.reason, e.row) for e in rep.examples] == [("unknown_category", 3)]


def test_excel_xlsx(tmp_path, losser_areas):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Export"
    ws.append(HEADER)
    for r in ROWS:
        ws.append(r)
    path = str(tmp_path / "r.xlsx")
    wb.save(path)
    kept, rep = run_import(path, cfg(sheet="Export"), losser_areas)
    assert rep.rows_counted == 2 and rep.rows_duplicate == 1 and rep.rows_rejected == 5


def test_missing_column_names_file_and_column(tmp_path, losser_areas):
    path = write(tmp_path, ROWS)
    with pytest.raises(SourceError, match=r"r\.csv, line 1: column 'clientnr' not found"):
        run_import(path, cfg(person_key="clientnr"), losser_areas)


def test_pseudonymise_is_keyed_and_normalised():
    import pandas as pd

    keys = pd.Series(["123456782", " 123456782 ", "23456782", "ABC"])
    h = pseudonymise(keys, SECRET)
    assert h[0] == h[1]
    assert h[2] == pseudonymise(pd.Series(["023456782"]), SECRET)[0]
    assert len(set(h)) == 3 and all(len(x) == 64 for x in h)
    assert pseudonymise(keys, b"other")[0] != h[0]
    assert "123456782" not in "".join(h)


def test_config_errors_name_the_key(tmp_path):
    path = tmp_path / "c.json"
    path.write_text('{"indicators": {"armoede": ["bijstand"]}, "overlaps": [["armoede", "jeugd"]]}')
    with pytest.raises(ConfigError, match="c.json: 'overlaps': unknown indicator 'jeugd'"):
        AnalysisConfig.load(str(path))
    path.write_text('{"indicators": {"armoede": ["bijstand"]},}')
    with pytest.raises(ConfigError, match="c.json: line 1"):
        AnalysisConfig.load(str(path))


def test_config_round_trip(tmp_path, demo_cfg):
    p = str(tmp_path / "demo.json")
    demo_cfg.save(p)
    assert AnalysisConfig.load(p) == demo_cfg


HEADERLESS = [["C0101453", "697998289", "Sanne Jansen", "Veldweg", "55", "7582AD", "bijstand", "BU01680001"],
              ["C0101454", "123456782", "Piet de Vries", "Kerkstraat", "3", "7581 AB", "jeugdzorg", "BU01680003"]]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_headerless_file_is_refused_without_quoting_its_first_row(tmp_path, losser_areas, kind):
    """#17 item 12: the first row of a file without a header is a person's row; the message
    (which reaches the Processing log) names file and column but repeats none of its cells."""
    if kind == "csv":
        path = tmp_path / "export.csv"
        path.write_text("\n".join(";".join(r) for r in HEADERLESS) + "\n", encoding="utf-8")
    else:
        import openpyxl

        wb = openpyxl.Workbook()
        for r in HEADERLESS:
            wb.active.append(r)
        path = tmp_path / "export.xlsx"
        wb.save(path)
    with pytest.raises(SourceError) as err:
        run_import(str(path), cfg(), losser_areas)
    text = str(err.value)
    assert "export." + kind in text and "column 'bsn' not found" in text
    assert "the first row does not look like column names" in text and "its 8 cells" in text
    for cell in HEADERLESS[0]:
        assert cell not in text.replace(str(path), "")


def test_a_file_with_a_header_lists_its_columns(tmp_path, losser_areas):
    """Real column names help the user find the right one; they are listed, a year suffix included."""
    path = tmp_path / "r.csv"
    path.write_text("clientnr;Regeling 2024;Buurt2023;start\n1;bijstand;BU01680001;01-01-2024\n", encoding="utf-8")
    with pytest.raises(SourceError, match=r"r\.csv, line 1: column 'bsn' not found in the header; the file has: "
                                          r"clientnr, Regeling 2024, Buurt2023, start$"):
        run_import(str(path), cfg(), losser_areas)


def test_a_postcode_table_without_header_is_not_quoted(tmp_path, losser_areas):
    from steunstructuur_plugin.core.place.locate import read_postcode_table

    path = tmp_path / "pc6hnr.csv"
    path.write_text("7581AB;12;BU01680001;WK016800;GM0168\n7581AB;14;BU01680001;WK016800;GM0168\n")
    with pytest.raises(SourceError) as err:
        read_postcode_table(str(path))
    assert "expected columns PC6;Huisnummer;BuurtYYYY" in str(err.value)
    assert "7581AB" not in str(err.value) and "BU01680001" not in str(err.value)


def test_open_end_dates_and_times_of_day_are_read(tmp_path, losser_areas):
    """#17 item 7: the open end 31-12-9999 / 9999-12-31 and a date with a time of day
    (01-01-2024 00:00:00) were bad_date when a peildatum was set."""
    rows = [
        ["123456782", "bijstand", "BU01680001", "", "", "01-01-2024 00:00:00", "31-12-9999"],
        ["111222333", "jeugdzorg", "BU01680003", "", "", "2024-01-01T08:30", "9999-12-31"],
        ["222333444", "schuldhulp", "BU01680001", "", "", "2024-02-01 00:00", "30-06-2024 23:59:59"],
        ["333444555", "schuldhulp", "BU01680001", "", "", "45292.75", "45473"],  # Excel: 2024-01-01, 2024-07-01
        ["444555666", "bijstand", "BU01680001", "", "", "31-12-9999", ""],  # starts at the open end: not active
        ["555666777", "bijstand", "BU01680001", "", "", "31-02-9999", ""],  # no such day
        ["666777888", "bijstand", "BU01680001", "", "", "2024-01-01 25:00", ""],  # no such time
    ]
    kept, rep = run_import(write(tmp_path, rows), cfg(), losser_areas)
    assert sorted(kept["row"]) == [2, 3, 4, 5]
    assert rep.rejected == {"outside_period": 1, "bad_date": 2}
    assert sorted((r.row, r.column, r.reason) for r in rep.examples) == [
        (6, "start", "outside_period"), (7, "start", "bad_date"), (8, "start", "bad_date")]
    assert rep.reconciles()


@pytest.mark.parametrize("change,message", [
    ({"disclosure": {"min_count": True}}, "'disclosure.min_count' must be a whole number"),
    ({"disclosure": {"min_count": 5.9}}, "'disclosure.min_count' must be a whole number"),
    ({"disclosure": {"min_count": "abc"}}, "'disclosure.min_count' must be a whole number"),
    ({"disclosure": {"min_count": None}}, "'disclosure.min_count' must be a whole number"),
    ({"disclosure": {"min_count": 1}}, "'disclosure.min_count': must be at least 2"),
    ({"disclosure": {"publish_zero": "false"}}, "'disclosure.publish_zero' must be true or false"),
    ({"indicators": {"armoede": "bijstand"}}, "'indicators.armoede' must be a list"),
    ({"indicators": ["armoede"]}, "'indicators' must be an object"),
    ({"indicators": {"armoede": ["bijstand", 7]}}, r"'indicators.armoede\[1\]' must be a text"),
    ({"source": {"wide_columns": "bijstand"}}, "'source.wide_columns' must be an object"),
    ({"source": {"person_key": 12}}, "'source.person_key' must be a text"),
    ({"overlaps": [["armoede"]]}, r"'overlaps\[0\]' must be a list of 2"),
    ({"title": ["x"]}, "'title' must be a text"),
])
def test_config_values_of_the_wrong_type_are_errors_naming_the_key(tmp_path, change, message):
    """#17 item 10: values were coerced (true became 1, "false" acted as true, a text
    became a list of its letters, 5.9 became 5)."""
    import json

    data = {"indicators": {"armoede": ["bijstand"], "jeugd": ["jeugdzorg"]}}
    for key, value in change.items():
        data[key] = {**data[key], **value} if isinstance(value, dict) and key in data else value
    path = tmp_path / "c.json"
    path.write_text(json.dumps(data))
    with pytest.raises(ConfigError, match=f"c.json: {message}"):
        AnalysisConfig.load(str(path))


def _trailing_rows(tmp_path, extra_on=None):
    """The header without, every data row with one more ';' (as spreadsheets export); on
    row ``extra_on`` the extra field holds a value."""
    lines = [";".join(HEADER)]
    for i, r in enumerate(ROWS, start=2):
        lines.append(";".join(r) + (";x" if i == extra_on else ";"))
    path = tmp_path / "r.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("extra_on", [None, 3])
def test_a_trailing_delimiter_on_every_data_row_does_not_shift_the_columns(tmp_path, losser_areas, demo_cfg,
                                                                           extra_on):
    """#17 item 5: one trailing ';' on every data row (not on the header) shifted every
    column by one, so every row became unknown_category. A row whose extra field holds a
    value is malformed (read whole or in chunks alike)."""
    from steunstructuur_plugin.core.pipeline import run

    path = _trailing_rows(tmp_path, extra_on)
    kept, rep = run_import(path, cfg(), losser_areas)
    clean, clean_rep = run_import(write(tmp_path, ROWS, name="clean.csv"), cfg(), losser_areas)
    if extra_on is None:
        assert kept.drop(columns=[c for c in kept.columns if c.startswith("person")]).equals(
            clean.drop(columns=[c for c in clean.columns if c.startswith("person")]))
        assert rep.rejected == clean_rep.rejected and rep.rows_counted == 2
    else:
        assert rep.rejected["malformed_row"] == 1 and (3, "*", "malformed_row") in [
            (r.row, r.column, r.reason) for r in rep.examples]
        assert sorted(kept["row"]) == [2]  # row 3 (jeugdzorg) is the malformed one
    assert rep.reconciles()
    c = dataclasses.replace(demo_cfg, source=cfg().source, indicators=cfg().indicators).validate()
    piece = run(path, losser_areas, c, secret=SECRET)  # the pipeline reads a plain CSV in chunks
    assert piece.report.rejected == rep.rejected and piece.report.rows_counted == rep.rows_counted


def test_person_keys_written_as_numbers_are_one_person_and_placeholders_are_rejected(tmp_path, losser_areas):
    """#17 item 6: 123456782.0, 123 456 782, 1234-56-782 and 123456782 counted as four
    people; four BSNs shown as 1.23457E+08 became one; onbekend, 0, 000000000 and - each
    merged unrelated rows into one person."""
    import pandas as pd

    same = ["123456782", "123456782.0", "123 456 782", "1234-56-782", "123.456.782", " 023456782", "23456782.0"]
    h = pseudonymise(pd.Series(same), SECRET)
    assert len(set(h[:5])) == 1 and h[5] == h[6] and h[0] != h[5]
    assert len(set(pseudonymise(pd.Series(["C-0101-453", "2023-001", "2023001"]), SECRET))) == 3  # not BSN-like
    keys = ["123456782.0", "123 456 782", "1.23457E+08", "1,23457E+08", "onbekend", "0", "000000000", "-", "N.v.t.",
            "1234-56-782"]
    rows = [[k, "bijstand", "BU01680001", "", "", "01-01-2024", ""] for k in keys]
    kept, rep = run_import(write(tmp_path, rows), cfg(), losser_areas)
    assert rep.rejected == {"key_lost_digits": 2, "placeholder_key": 5}
    assert sorted((r.row, r.reason) for r in rep.examples) == [
        (4, "key_lost_digits"), (5, "key_lost_digits"), (6, "placeholder_key"), (7, "placeholder_key"),
        (8, "placeholder_key"), (9, "placeholder_key"), (10, "placeholder_key")]
    assert rep.rows_counted == 1 and rep.rows_duplicate == 2 and rep.reconciles()  # one person, three rows
    assert list(kept["row"]) == [2]  # rows 3 and 11 are the same person: duplicates


@pytest.mark.parametrize("extra,message", [
    ({"indicators": {"armoede": ["bijstand"], "armoede_per1000": ["schuldhulp"]}},
     "'armoede_per1000': its output column 'armoede_per1000_status' is also written for 'armoede'"),
    ({"indicators": {"armoede": ["bijstand"], "jeugd": ["jeugdzorg"], "stapeling_2plus": ["wmo"]}},
     "'stapeling_2plus': its output column 'stapeling_2plus_n' is also written for 'stapeling_2plus'"),
    ({"indicators": {"armoede": ["bijstand"], "jeugd": ["jeugdzorg"], "armoede_x_jeugd": ["wmo"]},
      "overlaps": [["armoede", "jeugd"]]},
     "'armoede_x_jeugd': its output column 'armoede_x_jeugd_n' is also written for 'armoede_x_jeugd'"),
    ({"indicators": {"armoede": ["bijstand"], "jeugd": ["jeugdzorg"]},
      "overlaps": [["armoede", "jeugd"], ["jeugd", "armoede"]]}, "'overlaps': the pair jeugd x armoede is given twice"),
    ({"indicators": {"armoede": ["bijstand"], "jeugd": ["jeugdzorg"]},
      "overlaps": [["armoede", "jeugd"], ["armoede", "jeugd"]]}, "'overlaps': the pair armoede x jeugd is given twice"),
])
def test_names_that_collide_with_output_columns_are_configuration_errors(extra, message):
    """#17 item 11."""
    with pytest.raises(ConfigError, match=message):
        AnalysisConfig.from_dict(extra, "c.json")


def test_a_file_read_whole_without_malformed_rows_reports_no_malformed_reason(tmp_path, losser_areas):
    """#17 item 14 (in part): 'malformed_row': 0 appeared in reports."""
    lines = [";".join(HEADER)] + [";".join(r) + ";" for r in ROWS[:2]] + [";".join(ROWS[2]) + ";;"]
    path = tmp_path / "r.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    kept, rep = run_import(str(path), cfg(), losser_areas)
    assert "malformed_row" not in rep.rejected and rep.rejected == {"missing_key": 1} and rep.reconciles()


@pytest.mark.timeout(60)
@pytest.mark.parametrize("kind", ["folder", "fifo"])
def test_a_folder_or_a_pipe_as_input_is_a_clear_error(tmp_path, losser_areas, demo_cfg, kind):
    """#17 items 13 and 14: a directory gave a raw traceback; a FIFO blocked forever."""
    from steunstructuur_plugin.core.pipeline import run

    path = tmp_path / "registraties.csv"
    if kind == "folder":
        path.mkdir()
    else:
        os.mkfifo(path)
    with pytest.raises(SourceError, match=r"registraties\.csv: is not a regular file \(a folder or a pipe\?\)"):
        run(str(path), losser_areas, demo_cfg, secret=SECRET)


def test_an_area_layer_without_features_is_a_clear_error(demo_cfg):
    """#17 item 13: an area layer with 0 features gave an IndexError."""
    from qgis.core import QgsVectorLayer

    from steunstructuur_plugin.core.place.areas import AreaError, area_table_from_layer

    layer = QgsVectorLayer("MultiPolygon?crs=EPSG:28992&field=buurtcode:string", "leeg", "memory")
    with pytest.raises(AreaError, match=r"^layer 'leeg': the area layer has no features"):
        area_table_from_layer(layer, dataclasses.replace(demo_cfg.areas, denominator=None))
