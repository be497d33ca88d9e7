"""Field mapping (guessing + dialog), QGIS table sources, postcode lookup, households."""

import os
from dataclasses import replace

import pandas as pd
import pytest
from conftest import SECRET
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransformContext,
    QgsFeature,
    QgsField,
    QgsFields,
    QgsVectorFileWriter,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant
from reference import reference_counts

from steunstructuur_plugin.core.config import AnalysisConfig, ConfigError
from steunstructuur_plugin.core.count.aggregate import aggregate
from steunstructuur_plugin.core.place.locate import locate
from steunstructuur_plugin.core.read.mapping import guess_source
from steunstructuur_plugin.core.read.registrations import (
    ImportReport,
    drop_duplicates,
    prepare_records,
    read_table,
    source_categories,
    source_columns,
)


@pytest.mark.parametrize("columns,expected", [
    (["Clientnummer", "BSN", "Naam", "Voorziening", "Buurtcode", "Startdatum", "Einddatum"],
     dict(person_key="BSN", category="Voorziening", location="buurtcode", buurtcode="Buurtcode",
          start_date="Startdatum", end_date="Einddatum")),
    (["client nr", "Product", "X_RD", "Y_RD", "Begin datum"],
     dict(person_key="client nr", category="Product", location="xy", x="X_RD", y="Y_RD", crs="EPSG:28992",
          start_date="Begin datum")),
    (["burgerservicenummer", "huishoudnummer", "regeling", "Postcode", "Huisnr", "toevoeging"],
     dict(person_key="burgerservicenummer", category="regeling", location="postcode", postcode="Postcode",
          huisnummer="Huisnr")),
    (["persoonid", "categorie", "lat", "lon"],
     dict(person_key="persoonid", category="categorie", location="xy", x="lon", y="lat", crs="EPSG:4326")),
])
def test_guess_source(columns, expected):
    got = guess_source(columns)
    for key, value in expected.items():
        assert getattr(got, key) == value, key


def test_mapping_dialog_on_demo_csv(qgis_iface, demo_input, tmp_path):
    from steunstructuur_plugin.gui.dock import SteunstructuurDock

    dock = SteunstructuurDock(qgis_iface)
    try:
        dock.analysis.input_widget.setFilePath(demo_input[0])
        dialog = dock.mapping_dialog()
        assert dialog.combos["person_key"].currentText() == "bsn"
        assert dialog.combos["category"].currentText() == "voorziening"
        assert dialog.location.currentText() == "buurtcode"
        assert (dialog.combos["x"].currentText(), dialog.combos["y"].currentText()) == ("x_rd", "y_rd")
        assert dialog.combos["start_date"].currentText() == "startdatum"
        # indicators suggested from the categories found in the file (the demo's categories)
        assert dialog.rows() == [
            ("bijstand", "armoede", ""), ("schuldhulp", "armoede", ""), ("minimaregeling", "armoede", ""),
            ("jeugdzorg", "jeugd", ""), ("jeugdreclassering", "jeugd", ""),
            ("wmo_begeleiding", "wmo", ""), ("wmo_hulpmiddel", "wmo", ""),
            ("leerlingenvervoer", "leerlingenvervoer", ""),
        ]
        dialog.set_row(7, indicator="")  # not counted: its rows are reported as unknown_category
        dialog.overlaps.setText("armoede x jeugd")
        dialog.reference_date.setText("2024-06-30")
        dialog.location.setCurrentText("xy")
        # #18 item 6: the maps' title and gemeente, and the buurt layer's fields, are set here too
        assert dialog.tabs.tabText(2) == "Maps and buurt layer"
        dialog.title_edit.setText("Steunstructuur Losser")
        dialog.gemeente_edit.setText("Losser")
        dialog.area_denominator.setCurrentText("")  # counts only
        path = dock.save_mapping(dialog, str(tmp_path / "mapping.json"))
        cfg = AnalysisConfig.load(path)
        assert (cfg.title, cfg.gemeente, cfg.areas.code, cfg.areas.denominator) == (
            "Steunstructuur Losser", "Losser", "buurtcode", None)
        assert cfg.source.location == "xy" and cfg.source.x == "x_rd" and cfg.source.reference_date == "2024-06-30"
        assert cfg.overlaps == [("armoede", "jeugd")] and cfg.unit == "persons"
        assert dock.analysis.config_widget.filePath() == path
        assert cfg.indicators == {"armoede": ["bijstand", "schuldhulp", "minimaregeling"],
                                  "jeugd": ["jeugdzorg", "jeugdreclassering"],
                                  "wmo": ["wmo_begeleiding", "wmo_hulpmiddel"]}
        dialog.set_row(7, theme="vervoer")
        with pytest.raises(ConfigError, match="row 8: a theme needs an indicator"):
            dialog.config()
        dialog.accept()  # refused: the message shows, and goes when the row is changed (#18 item 6)
        assert "row 8: a theme needs an indicator" in dialog.error.text()
        dialog.set_row(7, theme="")
        assert dialog.error.text() == ""
        assert dialog.reference_date.placeholderText() == "yyyy-mm-dd; empty: every registration counts"
    finally:
        dock.cleanup()


def test_source_columns_and_categories(demo_input):
    cols = source_columns(demo_input[0])
    assert cols[:3] == ["clientnummer", "bsn", "naam"] and len(cols) == 13
    cats = source_categories(demo_input[0], "voorziening")
    assert cats == sorted(["bijstand", "jeugdreclassering", "jeugdzorg", "leerlingenvervoer", "minimaregeling",
                           "schuldhulp", "wmo_begeleiding", "wmo_hulpmiddel"])


def _write_table(frame, path, driver, layer_name="registraties"):
    fields = QgsFields()
    for col in frame.columns:
        fields.append(QgsField(col, QVariant.String))
    opts = QgsVectorFileWriter.SaveVectorOptions()
    opts.driverName = driver
    opts.layerName = layer_name
    w = QgsVectorFileWriter.create(path, fields, QgsWkbTypes.NoGeometry, QgsCoordinateReferenceSystem(),
                                   QgsCoordinateTransformContext(), opts)
    assert w.hasError() == QgsVectorFileWriter.NoError, w.errorMessage()
    for rec in frame.itertuples(index=False):
        f = QgsFeature(fields)
        f.setAttributes([str(v) for v in rec])
        w.addFeature(f)
    del w


def _counts(source, cfg, areas):
    rep = ImportReport()
    recs = locate(prepare_records(read_table(source, cfg, rep), cfg, SECRET, rep), cfg, areas, rep)
    drop_duplicates(recs, rep)
    return aggregate(recs, cfg, areas), rep


@pytest.mark.parametrize("driver,name", [("GPKG", "reg.gpkg"), ("ESRI Shapefile", "reg.shp")])
def test_qgis_table_sources_give_the_csv_counts(demo_input, demo_cfg, losser_areas, tmp_path, driver, name):
    frame = pd.read_csv(demo_input[0], sep=";", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    path = str(tmp_path / name)
    _write_table(frame, path, driver)
    # a shapefile without geometry is a lone .dbf table
    source = f"{path}|layername=registraties" if driver == "GPKG" else path[:-4] + ".dbf"
    assert os.path.exists(source.split("|")[0])
    # dBase cuts column names to 10 characters: the mapping names the column as the file has it
    cfg = demo_cfg if driver == "GPKG" else replace(demo_cfg, source=replace(demo_cfg.source,
                                                                             category="voorzienin"))
    by_table, rep = _counts(source, cfg, losser_areas)
    by_csv, _ = _counts(demo_input[0], demo_cfg, losser_areas)
    assert rep.rows_read == 3494
    fields = demo_cfg.count_fields()
    pd.testing.assert_frame_equal(by_table["buurt"][fields], by_csv["buurt"][fields])


def test_postcode_lookup_in_cbs_layout(demo_input, demo_cfg, losser_areas, tmp_path, monkeypatch):
    """A pc6hnr file as CBS ships it (';', integer codes without prefix) for the demo's addresses."""
    frame = pd.read_csv(demo_input[0], sep=";", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    ok = frame["buurtcode"].str.fullmatch(r"BU\d{8}")
    # one postcode per buurt (7 + last 3 digits of the code), so the lookup is exact
    frame.loc[ok, "postcode"] = "7" + frame.loc[ok, "buurtcode"].str[-3:] + "AB"
    table = frame.loc[ok, ["postcode", "huisnummer", "buurtcode"]].drop_duplicates(["postcode", "huisnummer"])
    lookup = pd.DataFrame({
        "PC6": table["postcode"], "Huisnummer": table["huisnummer"],
        "Buurt2024": table["buurtcode"].str[2:].astype(int), "Wijk2024": table["buurtcode"].str[2:8].astype(int),
        "Gemeente2024": table["buurtcode"].str[2:6].astype(int)})
    lookup_path = str(tmp_path / "pc6hnr20240801_gwb.csv")
    lookup.to_csv(lookup_path, sep=";", index=False)
    # registrations write postcodes with a space and lower case, some numbers with a toevoeging
    frame["postcode"] = frame["postcode"].str[:4] + " " + frame["postcode"].str[4:].str.lower()
    frame.loc[frame.index % 7 == 0, "huisnummer"] = frame["huisnummer"] + "a"
    frame.loc[5, ["postcode", "buurtcode"]] = ["9999 ZZ", "BU9999"]  # unknown by either route
    src = str(tmp_path / "pc.csv")
    frame.to_csv(src, sep=";", index=False)
    cfg = replace(demo_cfg, source=replace(demo_cfg.source, location="postcode", postcode="postcode",
                                           huisnummer="huisnummer", postcode_table=lookup_path))
    by_pc, rep = _counts(src, cfg, losser_areas)
    by_code, rep_code = _counts(src, demo_cfg, losser_areas)
    assert rep.rejected["postcode_not_found"] == rep_code.rejected["out_of_area"] == 3
    fields = demo_cfg.count_fields()
    for level in ("buurt", "wijk", "gemeente"):
        pd.testing.assert_frame_equal(by_pc[level][fields], by_code[level][fields])

    # the whole pipeline reads the file in chunks and the lookup table once
    from steunstructuur_plugin.core import pipeline
    from steunstructuur_plugin.core.place import locate as locate_module

    reads = []
    real = pipeline.read_postcode_table
    monkeypatch.setattr(pipeline, "read_postcode_table", lambda path: reads.append(path) or real(path))
    monkeypatch.setattr(locate_module, "read_postcode_table", lambda path: reads.append(path) or real(path))
    monkeypatch.setattr(pipeline, "CHUNK_ROWS", 500)
    result = pipeline.run(src, losser_areas, cfg, None, secret=SECRET)
    assert reads == [lookup_path]
    assert result.report.to_dict() == rep.to_dict() and rep.rows_read == len(frame) == 3494


def test_households(demo_input, demo_cfg, losser_areas, tmp_path):
    """Unit households: members of one household count once per indicator."""
    frame = pd.read_csv(demo_input[0], sep=";", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    # households of persons at the same postcode + huisnummer (invented addresses)
    frame["huishouden"] = frame["postcode"] + "-" + frame["huisnummer"]
    src = str(tmp_path / "hh.csv")
    frame.to_csv(src, sep=";", index=False)
    cfg = replace(demo_cfg, unit="households", source=replace(demo_cfg.source, household_key="huishouden"))
    tables, _ = _counts(src, cfg, losser_areas)
    ok = frame["bsn"].ne("") & frame["buurtcode"].str.fullmatch(r"BU0168\d{4}") & frame["voorziening"].isin(
        cfg.categories)
    expected = frame.loc[ok & frame["voorziening"].isin(cfg.indicators["armoede"]), "huishouden"].nunique()
    assert tables["gemeente"]["armoede_n"].iloc[0] == expected
    persons, _ = _counts(demo_input[0], demo_cfg, losser_areas)
    assert expected < persons["gemeente"]["armoede_n"].iloc[0]


def test_uden_exact_counts_every_level(qgis_ready, demo_cfg, uden_areas, tmp_path):
    from steunstructuur_plugin.demo.synthetic import generate, write_csv

    path = write_csv(generate(uden_areas, seed=11), str(tmp_path / "uden.csv"))
    tables, rep = _counts(path, demo_cfg, uden_areas)
    af = uden_areas.frame
    ref = reference_counts(path, demo_cfg, set(af["code"]), dict(zip(af["code"], af["wijkcode"])),
                           dict(zip(af["code"], af["gemeentecode"])))
    assert [len(tables[lv]) for lv in ("buurt", "wijk", "gemeente")] == [26, 3, 1]
    for level in ("buurt", "wijk", "gemeente"):
        for row in tables[level].itertuples(index=False):
            for f in demo_cfg.count_fields():
                assert getattr(row, f) == ref[level][row.code][f], (level, row.code, f)
    assert rep.reconciles()


def test_mapping_dialog_maps_fifty_categories_to_indicators_and_themes(qgis_iface, tmp_path):
    """The benchmark's 50 indicators in 7 themes: the dialog shows one row per category with
    its indicator and theme, a category of the file the configuration lacks is added to a
    theme in the table, and what the dialog does not show (expressions' text, stacking,
    an unpublished theme, the preset, wide columns) survives the round trip."""
    import dataclasses
    import os
    import sys

    from conftest import ROOT

    from steunstructuur_plugin.core.config import DisclosureConfig
    from steunstructuur_plugin.gui.dock import SteunstructuurDock

    sys.path.insert(0, os.path.join(ROOT, "benchmarks"))
    from fifty import fifty_config

    base = fifty_config()
    themes = dict(base.themes)
    themes["veiligheid"] = {"indicators": themes["veiligheid"], "publish": False}
    base = dataclasses.replace(base, themes=themes, disclosure=DisclosureConfig(preset="cbs_jeugd_wmo"),
                               source=dataclasses.replace(base.source, person_key="bsn", category="voorziening",
                                                          encoding="cp1252"))
    cfg_path = str(tmp_path / "vijftig.json")
    base.save(cfg_path)
    csv_path = tmp_path / "vijftig.csv"
    lines = ["bsn;voorziening;buurtcode"] + [f"12345678{i % 10};cat{i};BU01680000" for i in range(50)]
    csv_path.write_text("\n".join(lines + ["999999999;Woonurgentie;BU01680000"]) + "\n", encoding="cp1252")
    dock = SteunstructuurDock(qgis_iface)
    try:
        dock.analysis.input_widget.setFilePath(str(csv_path))
        dock.analysis.config_widget.setFilePath(cfg_path)
        dialog = dock.mapping_dialog()
        rows = dialog.rows()
        assert len(rows) == 51 and dialog.table.columnCount() == 3
        assert rows[0] == ("cat0", "armoede_0", "armoede") and rows[49] == ("cat49", "gezondheid_6", "gezondheid")
        assert rows[50] == ("woonurgentie", "", "")
        assert sum(theme == "jeugd" for _c, _i, theme in rows) == 8
        dialog.category_filter.setText("jeugd")
        shown = [r for r in range(51) if not dialog.table.isRowHidden(r)]
        assert [rows[r][0] for r in shown] == [f"cat{i}" for i in range(8, 16)]
        dialog.category_filter.setText("")
        assert not any(dialog.table.isRowHidden(r) for r in range(51))
        # an indicator in two themes is refused, naming both rows
        dialog.set_row(50, indicator="armoede_0", theme="jeugd")
        with pytest.raises(ConfigError, match=r"row 51: indicator 'armoede_0' is in theme 'armoede' in row 1"):
            dialog.config()
        dialog.set_row(50, indicator="wonen_7", theme="wonen")
        got = dock.save_mapping(dialog, str(tmp_path / "nieuw.json"))
        cfg = AnalysisConfig.load(got)
        assert cfg.indicators == {**base.indicators, "wonen_7": ["woonurgentie"]}
        assert cfg.theme_members()["wonen"] == [f"wonen_{i}" for i in range(8)]
        assert cfg.themes["veiligheid"] == {"indicators": [f"veiligheid_{i}" for i in range(6)], "publish": False}
        assert len(cfg.count_fields()) == len(base.count_fields()) + 1
        keep = ("expressions", "overlaps", "stacking", "disclosure", "areas", "title")
        assert {k: cfg.to_dict()[k] for k in keep} == {k: base.to_dict()[k] for k in keep}
        assert cfg.source.encoding == "cp1252" and cfg.disclosure.preset == "cbs_jeugd_wmo"
    finally:
        dock.cleanup()


def test_suggested_indicators_cover_the_usual_categories_with_valid_names():
    """#18 item 6: suggestions missed schuldhulpverlening, jeugdhulp and wmo_*, made an
    indicator of 'onbekend', and suggested a name ('participatie-traject') that the
    configuration's own validation refused."""
    from steunstructuur_plugin.gui.mapping_dialog import indicator_name, suggest_indicators

    found = ["Bijstand", "schuldhulpverlening", "Jeugdhulp", "jeugdzorg", "WMO huishoudelijke hulp", "wmo_vervoer",
             "onbekend", "-", "participatie-traject", "2e lijn", "Leerlingenvervoer", "and"]
    got = suggest_indicators(found)
    assert got == {"armoede": ["bijstand", "schuldhulpverlening"],
                   "jeugd": ["jeugdzorg", "jeugdhulp"],
                   "wmo": ["wmo_huishoudelijke_hulp", "wmo_vervoer"],
                   "c_2e_lijn": ["2e_lijn"], "and_x": ["and"], "leerlingenvervoer": ["leerlingenvervoer"],
                   "participatie_traject": ["participatie-traject"]}
    cfg = AnalysisConfig(indicators=got).validate("suggestion")  # every suggested name is accepted
    assert len(cfg.indicators) == 7
    assert indicator_name("a" * 40) == "a" * 31 and indicator_name("wmo", {"wmo"}) == "wmo_2"


@pytest.mark.parametrize("damage", ["", "malformed", "cp1252"])
def test_categories_from_the_column_alone_equal_those_of_the_whole_table(tmp_path, damage):
    """The mapping dialog reads only the category column (#18 item 6); a file the fast
    reader cannot take (a malformed row, mixed encodings) is read as a run reads it."""
    from steunstructuur_plugin.core.read.registrations import ImportReport, normalise_category, read_table

    rows = ["bsn;voorziening;buurtcode"] + [f"{100000000 + i};{['Bijstand', 'Jeugdzorg', 'wmo hulp'][i % 3]};BU01680001"
                                           for i in range(300)] + ["200000000;Café uitje;BU01680001"]
    if damage == "malformed":
        rows.insert(50, "1;2")
    data = ("\n".join(rows) + "\n").encode("utf-8")
    if damage == "cp1252":
        data += "300000000;Crèche;BU01680001\n".encode("cp1252")
    path = tmp_path / "cats.csv"
    path.write_bytes(data)
    whole = read_table(str(path), AnalysisConfig(), ImportReport())
    expected = sorted(v for v in normalise_category(whole["voorziening"]).unique() if v)
    assert source_categories(str(path), "voorziening") == expected
    assert "café_uitje" in expected and ("crèche" in expected) == (damage == "cp1252")


def test_field_mapping_button_reads_the_file_in_the_background(qgis_iface, tmp_path, monkeypatch):
    """#18 item 6: the button read 3 million rows in QGIS's main thread (frozen for 13.6 s).
    Now a task reads the header and the category column; the dialog opens when it is done,
    the button waits meanwhile, and a file that cannot be read is a message, not a dialog."""
    from docks import wait_until
    from qgis.core import Qgis

    from steunstructuur_plugin.gui import dock as dock_module
    from steunstructuur_plugin.gui.dock import SteunstructuurDock

    csv_path = tmp_path / "export.csv"
    cats = ["Bijstand", "Schuldhulpverlening", "Jeugdhulp ambulant", "onbekend"]
    rows = [f"{100000 + i};{cats[i % 4]};BU01680000" for i in range(200_000)]
    csv_path.write_text("clientnr;product;buurtcode\n" + "\n".join(rows) + "\n", encoding="utf-8")
    saved = str(tmp_path / "analyse.json")
    monkeypatch.setattr(dock_module.MappingDialog, "exec_", lambda self: 1)
    dock = SteunstructuurDock(qgis_iface)
    monkeypatch.setattr(dock, "save_path", lambda *a: saved)
    try:
        dock.analysis.input_widget.setFilePath(str(csv_path))
        dock.analysis.config_widget.setFilePath("")  # no configuration yet: everything guessed
        task = dock.open_mapping()
        # the read has not happened in this thread: no dialog yet, the button waits
        assert task is not None and dock.mapping_shown is None
        assert not dock.analysis.mapping_button.isEnabled()
        assert dock.open_mapping() is None  # a second click starts no second read
        wait_until(lambda: dock.source_task is None, 120)
        assert dock.analysis.mapping_button.isEnabled()
        dialog = dock.mapping_shown
        assert dialog.combos["person_key"].currentText() == "clientnr"
        assert dialog.combos["category"].currentText() == "product"
        assert dialog.rows() == [("bijstand", "armoede", ""), ("schuldhulpverlening", "armoede", ""),
                                 ("jeugdhulp_ambulant", "jeugd", ""), ("onbekend", "", "")]
        assert AnalysisConfig.load(saved).indicators == {"armoede": ["bijstand", "schuldhulpverlening"],
                                                        "jeugd": ["jeugdhulp_ambulant"]}
        # an unbalanced quote: the file's error in the message bar, the button usable again
        for kept in qgis_iface.messageBar().messages.values():
            kept.clear()
        bad = tmp_path / "kapot.csv"
        bad.write_text('clientnr;product;buurtcode\n1;"bijstand;BU01680000\n2;jeugdzorg;BU01680000\n')
        dock.mapping_shown = None
        dock.analysis.input_widget.setFilePath(str(bad))
        dock.open_mapping()
        wait_until(lambda: dock.source_task is None, 60)
        errors = qgis_iface.messageBar().get_messages(Qgis.Critical)
        assert dock.mapping_shown is None and len(errors) == 1 and "kapot.csv" in errors[0], errors
        assert dock.analysis.mapping_button.isEnabled()
    finally:
        dock.cleanup()
