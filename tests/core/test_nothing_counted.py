"""#18 item 1: a run that counts nothing is refused, and one where most rows are rejected
for one reason says so with the likely cause (it ended green with an all-zero map that
passed its audit and said "26 of 26 buurten published")."""

import dataclasses

import pytest
from conftest import SECRET

from steunstructuur_plugin.core.pipeline import run
from steunstructuur_plugin.core.read.registrations import NothingCounted


def _source(cfg, **change):
    return dataclasses.replace(cfg, source=dataclasses.replace(cfg.source, **change))


def test_a_header_only_csv_is_refused(tmp_path, demo_input, losser_areas, demo_cfg):
    header = open(demo_input[0], encoding="utf-8-sig").readline()
    path = tmp_path / "leeg.csv"
    path.write_text(header, encoding="utf-8")
    out = tmp_path / "uit.gpkg"
    with pytest.raises(NothingCounted, match=r"^leeg\.csv: the file has no rows below its header; nothing to count$"):
        run(str(path), losser_areas, demo_cfg, str(out), secret=SECRET)
    assert not out.exists()


def test_rd_coordinates_read_as_wgs84_are_refused_naming_the_crs(demo_input, losser_areas, demo_cfg):
    cfg = _source(demo_cfg, location="xy", crs="EPSG:4326")
    with pytest.raises(NothingCounted, match=r"registraties_losser\.csv: no row was counted \(3494 read; rejected "
                                             r"missing_key: 3, unknown_category: 2, bad_location: 2, "
                                             r"out_of_area: 3487\); the locations lie outside the area layer: the "
                                             r"area layer of another gemeente, or x/y in another coordinate system "
                                             r"than source\.crs"):
        run(demo_input[0], losser_areas, cfg, None, secret=SECRET)


def test_registrations_of_another_gemeente_are_refused(demo_input, uden_areas, demo_cfg):
    """The Losser demo's registrations on the Uden buurten: every buurtcode is unknown."""
    with pytest.raises(NothingCounted, match=r"no row was counted \(3494 read; .*out_of_area: 3489\); the "
                                             r"locations lie outside the area layer"):
        run(demo_input[0], uden_areas, demo_cfg, None, secret=SECRET)


def test_most_rows_rejected_for_one_reason_is_a_warning_with_its_cause(tmp_path, demo_input, losser_areas,
                                                                      demo_cfg):
    """Three of four rows with a category the configuration lacks (a misspelled name)."""
    lines = open(demo_input[0], encoding="utf-8-sig").read().splitlines()
    header, rows = lines[0], lines[1:]
    col = header.split(";").index("voorziening")

    def misspell(i, row):
        if i % 4 == 0:
            return row
        cells = row.split(";")
        cells[col] = cells[col] + "x"
        return ";".join(cells)

    path = tmp_path / "spelfout.csv"
    path.write_text("\n".join([header] + [misspell(i, r) for i, r in enumerate(rows)]) + "\n", encoding="utf-8")
    result = run(str(path), losser_areas, demo_cfg, None, secret=SECRET)
    rep = result.report
    known = {c for cats in demo_cfg.indicators.values() for c in cats}
    key = header.split(";").index("bsn")
    unknown = sum(1 for i, r in enumerate(rows) if r.split(";")[key].strip()
                  and (i % 4 or r.split(";")[col].strip().lower() not in known))
    assert unknown == 2617  # worked out from the file: misspelled or unknown, with a key
    assert rep.rows_read == 3494 and rep.rejected["unknown_category"] == unknown
    assert rep.warnings() == ["spelfout.csv: 2617 of 3494 rows (75 %) were rejected as unknown_category; the "
                              "category values match no indicator: check the category column and the categories "
                              "of the indicators (the report lists the values that matched none)"]
    assert "  WARNING: " + rep.warnings()[0] in rep.lines()
    # the demo itself: a few rejections, no warning
    assert run(demo_input[0], losser_areas, demo_cfg, None, secret=SECRET).report.warnings() == []


def test_the_report_names_the_category_values_that_match_no_indicator(tmp_path, demo_input, losser_areas,
                                                                      demo_cfg):
    """#18 item 5: a misspelled category moved rows to unknown_category without a word.
    Values are named with their rows when at least 5 rows have them and they hold no
    digits; a configured category that occurs in no row is a warning."""
    lines = open(demo_input[0], encoding="utf-8-sig").read().splitlines()
    header, rows = lines[0], lines[1:]
    col = header.split(";").index("voorziening")
    names = {"bijstand": "bijstnd", "wmo_hulpmiddel": "WMO hulp middel"}
    fixed = {6: "pgb 2024", 7: "zorg_123"}  # rare values, or with digits: counted, not named

    def change(i, row):
        cells = row.split(";")
        cells[col] = fixed.get(i, names.get(cells[col].strip().lower(), cells[col]))
        return ";".join(cells)

    path = tmp_path / "categorie.csv"
    path.write_text("\n".join([header] + [change(i, r) for i, r in enumerate(rows)]) + "\n", encoding="utf-8")
    rep = run(str(path), losser_areas, demo_cfg, None, secret=SECRET).report
    # worked out from the file: rows with a key whose category matches no indicator
    key = header.split(";").index("bsn")
    known = {c for cats in demo_cfg.indicators.values() for c in cats}
    unknown = {}
    for i, r in enumerate(rows):
        value = change(i, r).split(";")[col].strip().lower().replace(" ", "_")
        if r.split(";")[key].strip() and value not in known:
            unknown[value] = unknown.get(value, 0) + 1
    assert unknown["wmo_hulp_middel"] > unknown["bijstnd"] >= 5 and len(unknown) == 5
    rest = sum(unknown.values()) - unknown["wmo_hulp_middel"] - unknown["bijstnd"]
    assert f"    values that match no indicator: wmo_hulp_middel ({unknown['wmo_hulp_middel']}), bijstnd " \
           f"({unknown['bijstnd']}), 3 other value(s) in {rest} row(s), not named" in rep.lines()
    assert rep.warnings()[0] == ("categorie.csv: categories of the configuration that occur in no row: bijstand, "
                                 "wmo_hulpmiddel (misspelled, or not in this export?)")


def test_a_category_column_mapped_to_the_names_names_none_of_them(demo_input, losser_areas, demo_cfg):
    """The values of a wrongly mapped column may be names: they look like no category of
    the configuration, so none is named, in the report or in the refusal."""
    import csv

    cfg = _source(demo_cfg, category="naam")
    with pytest.raises(NothingCounted) as caught:
        run(demo_input[0], losser_areas, cfg, None, secret=SECRET)
    with open(demo_input[0], encoding="utf-8-sig") as fh:
        names = {row["naam"] for row in csv.DictReader(fh, delimiter=";")}
    text = str(caught.value)
    assert len(names) == 120  # fewer than would be too many for categories: named by nothing else
    assert "values that match no indicator: 120 other value(s) in 3491 row(s), not named" in text
    assert not any(part.lower() in text.lower() for nm in names for part in nm.split() if len(part) > 3)


def test_more_than_200_unmatched_values_are_counted_not_named():
    from steunstructuur_plugin.core.read.registrations import ImportReport

    rep = ImportReport(categories_configured=["bijstand"])
    rep.unknown_values = {f"bijstand{'x' * (i % 3)}_{chr(97 + i % 26)}{i // 26}": 6 for i in range(201)}
    assert rep.unknown_text() == ("201 different values in 1206 rows, not named (too many for categories: is the "
                                  "category column the right one?)")
    rep.unknown_values = {"bijstandd": 7, "bijstand_extra": 5, "schuldhulp": 9, "bijstnd": 4}
    assert rep.unknown_text() == "bijstandd (7), bijstand_extra (5), 2 other value(s) in 13 row(s), not named"
