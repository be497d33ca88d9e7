"""#18 item 12: the report and the audit text a user reads are Dutch under a Dutch locale
(they stayed English)."""

from conftest import SECRET

from steunstructuur_plugin.core.pipeline import run
from steunstructuur_plugin.core.protect import check_published
from steunstructuur_plugin.core.read.registrations import LIKELY_CAUSE, REASONS
from steunstructuur_plugin.i18n import install_translator, remove_translators, tr


def test_the_report_and_the_audit_text_are_dutch(qgis_ready, demo_input, losser_areas, demo_cfg):
    assert install_translator("nl")
    try:
        untranslated = [t for t in list(REASONS.values()) + list(LIKELY_CAUSE.values()) if tr(t) == t]
        assert not untranslated
        result = run(demo_input[0], losser_areas, demo_cfg, None, secret=SECRET)
        lines = result.report.lines()
        assert lines[0] == "registraties_losser.csv: 3494 rijen gelezen, 3484 geteld, 7 afgewezen, 3 dubbel"
        assert "  missing_key: 3 (de persoons- (of huishoud)sleutel is leeg)" in lines
        assert any(x.startswith("  registraties_losser.csv, rij ") and ", kolom 'bsn': de persoons-" in x
                   for x in lines)
        assert result.audit.summary().startswith("onthullingscontrole geslaagd: ")
        assert result.audit.summary().endswith(" onderdrukte cellen gecontroleerd")
        # the analyst's audit text, and what the gate says of a file the plugin cannot have written
        text = result.audit_text.splitlines()
        assert text[1] == "drempel: aantallen 1..4 worden nooit gepubliceerd of afleidbaar"
        assert any(x.startswith("cellen verborgen: ") and "(primair " in x for x in text)
        edited = {lv: t.copy() for lv, t in result.safe.items()}
        edited["buurt"]["armoede_n"] = edited["buurt"]["armoede_n"].astype(object)
        edited["buurt"].loc[edited["buurt"].index[0], "armoede_n"] = 2
        problems = check_published(edited, demo_cfg)
        want = "buurt: 'armoede_n' is gepubliceerd als aantal van 1 tot en met 4 in BU"
        assert problems[0].startswith(want), problems
    finally:
        remove_translators()
    english = run(demo_input[0], losser_areas, demo_cfg, None, secret=SECRET).report.lines()
    assert english[0] == "registraties_losser.csv: 3494 rows read, 3484 counted, 7 rejected, 3 duplicates"


def _message(error, call, *args):
    """The message of the ``error`` that ``call(*args)`` raises (no traceback kept: it
    would hold the frames, and with them QGIS layers, past the QGIS application)."""
    try:
        call(*args)
    except error as exc:
        return str(exc)
    raise AssertionError(f"{call.__name__} raised no {error.__name__}")


def _core_errors(tmp_path, losser_areas, demo_cfg):
    """The message of each of four kinds of real errors of the core, from four modules: the
    configuration (a key's value, a JSON type, an expression), a CSV without a column the
    configuration reads, a buurt layer without the configured buurtcode field, an output
    that is not a GeoPackage."""
    import dataclasses
    import os

    from steunstructuur_plugin.core.config import AnalysisConfig, ConfigError
    from steunstructuur_plugin.core.place.areas import AreaError, area_table_from_layer, load_area_layer
    from steunstructuur_plugin.core.publish.geopackage import OutputError, check_output_path
    from steunstructuur_plugin.core.read.registrations import (
        ImportReport,
        SourceError,
        prepare_records,
        read_table,
    )

    out = [_message(ConfigError, AnalysisConfig.from_dict, data)
           for data in ({"unit": "people", "indicators": {"a": ["x"]}},
                        {"disclosure": {"min_count": "5"}, "indicators": {"a": ["x"]}},
                        {"indicators": {"a": ["x"]}, "expressions": {"e": "a AND"}})]
    path = tmp_path / "registraties.csv"
    path.write_text("bsn;voorziening\n123456782;bijstand\n", encoding="utf-8")
    report = ImportReport()
    frame = read_table(str(path), demo_cfg, report)
    out.append(_message(SourceError, prepare_records, frame, demo_cfg, SECRET, report).replace(str(path), "<csv>"))
    layer = load_area_layer(os.path.join(os.path.dirname(losser_areas.source.split("|")[0]), "buurten_losser.gpkg"),
                            "buurten")
    text = _message(AreaError, area_table_from_layer, layer, dataclasses.replace(demo_cfg.areas, code="buurt_id"))
    out.append(text.replace(layer.source(), "<layer>").replace(", ".join(layer.fields().names()), "<fields>"))
    del layer
    out.append(_message(OutputError, check_output_path, str(tmp_path / "uitvoer.csv"), []).replace(str(tmp_path),
                                                                                                 "<dir>"))
    return out


def test_the_errors_of_the_core_are_dutch(qgis_ready, tmp_path, losser_areas, demo_cfg):
    """#18 item 12: the report was Dutch, but the errors of the core stayed English."""
    assert install_translator("nl")
    try:
        dutch = _core_errors(tmp_path, losser_areas, demo_cfg)
    finally:
        remove_translators()
    assert dutch == [
        "configuratie: 'unit': moet 'persons' of 'households' zijn",
        "configuratie: 'disclosure.min_count' moet een geheel getal zijn",
        "configuratie: 'expressions.e': de expressie houdt te vroeg op",
        "<csv>, regel 1: kolom 'buurtcode' niet gevonden in de kopregel; het bestand heeft: bsn, voorziening",
        "<layer>: veld 'buurt_id' (buurtcode) niet gevonden; velden: <fields>",
        "<dir>/uitvoer.csv: de uitvoer moet een GeoPackage-bestand zijn dat eindigt op .gpkg",
    ]
    assert _core_errors(tmp_path, losser_areas, demo_cfg) == [
        "configuration: 'unit': must be 'persons' or 'households'",
        "configuration: 'disclosure.min_count' must be a whole number",
        "configuration: 'expressions.e': the expression ends too early",
        "<csv>, line 1: column 'buurtcode' not found in the header; the file has: bsn, voorziening",
        "<layer>: field 'buurt_id' (buurtcode) not found; fields: <fields>",
        "<dir>/uitvoer.csv: the output must be a GeoPackage file ending in .gpkg",
    ]
