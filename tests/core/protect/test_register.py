"""The publication register (issue #19): every output is protected together with what was
published before of the same registrations.

Both attacks of the issue, on synthetic registrations on the 26 real Uden buurten (the
demo's categories at 8 % of the demo's rates, so that buurt counts are small), through the
whole pipeline with outputs written and read back:

* thresholds 5 and 10 on the same registrations: each file passes its own audit, the two
  together pin or narrow a small count (the atom model's exact audit of every figure either
  file publishes); with the register the second file hides more and the two pass together;
* buurten, then a layer in which two buurten are merged: the merged count minus the other
  buurt gives a hidden one; with the register the second run is refused, naming the first.
"""

import dataclasses
import json
import os
import stat

import pandas as pd
import pytest
from conftest import SECRET

from steunstructuur_plugin.core.config import AnalysisConfig
from steunstructuur_plugin.core.pipeline import run
from steunstructuur_plugin.core.protect import audit_published
from steunstructuur_plugin.core.protect.register import (
    Register,
    RegisterConflict,
    RegisterError,
    population_fingerprint,
    secret_id,
)
from steunstructuur_plugin.core.publish.geopackage import read_tables

LEVELS = ("buurt", "wijk", "gemeente")


def small_counts_csv(areas, seed, path):
    from steunstructuur_plugin.demo.synthetic import DEMO_RATES, generate, write_csv

    rates = {k: v * 0.08 for k, v in DEMO_RATES.items()}
    return write_csv(generate(areas, seed=seed, rates=rates, woonplaats="Uden"), str(path))


def with_threshold(cfg, m, **source):
    out = dataclasses.replace(cfg, disclosure=dataclasses.replace(cfg.disclosure, min_count=m))
    if source:
        out = dataclasses.replace(out, source=dataclasses.replace(cfg.source, **source))
    return out.validate()


def merged(first, second, fields):
    """What an attacker holding both files knows: every count either publishes."""
    out = {}
    for level, t in first.items():
        t = t.copy()
        for f in fields:
            t[f] = pd.to_numeric(first[level][f], errors="coerce").astype(float).fillna(
                pd.to_numeric(second[level][f], errors="coerce").astype(float))
        out[level] = t
    return out


@pytest.mark.parametrize("seed, small", [(10, ("BU08560299", "armoede_n", 4.0, 4.0)),
                                         (4, ("BU08560201", "jeugd_n", 1.0, 4.0))])
def test_two_thresholds_disclose_without_the_register_and_not_with_it(uden_areas, demo_cfg, tmp_path, seed, small):
    csv_path = small_counts_csv(uden_areas, seed, tmp_path / "registraties.csv")
    five, ten = with_threshold(demo_cfg, 5), with_threshold(demo_cfg, 10)
    fields = five.count_fields()
    alone = [run(csv_path, uden_areas, cfg, str(tmp_path / f"alone{m}.gpkg"), secret=SECRET)
             for cfg, m in ((five, 5), (ten, 10))]
    together = audit_published(merged(*(read_tables(r.output) for r in alone), fields), five, exact_ranges=True)
    assert not together.ok
    assert small in {(r.code, r.field, r.min, r.max) for r in together.failures}
    for first, second in ((five, ten), (ten, five)):  # in both orders
        path = str(tmp_path / f"register{first.disclosure.min_count}.json")
        a = run(csv_path, uden_areas, first, str(tmp_path / "a.gpkg"), secret=SECRET, register=Register(path))
        b = run(csv_path, uden_areas, second, str(tmp_path / "b.gpkg"), secret=SECRET, register=Register(path))
        assert a.earlier == [] and b.earlier == [a.entry.label()]
        assert any("protected together with 1 earlier output" in n for n in b.report.notes)
        files = [read_tables(r.output) for r in (a, b)]
        both = audit_published(merged(*files, fields), five, exact_ranges=True)
        assert both.ok, both.failures[:3]
        assert audit_published(files[1], second, exact_ranges=True).ok  # and on its own
        own = alone[1] if second is ten else alone[0]
        for level in LEVELS:  # hiding more, never less, than on its own
            assert (files[1][level][fields].isna().to_numpy() >= own.safe[level][fields].isna().to_numpy()).all()
        assert [e.id for e in Register(path).entries] == [a.entry.id, b.entry.id]


def merged_buurten(areas, a, b, code):
    """The Uden layer with buurten ``a`` and ``b`` merged into one area ``code``."""
    from shapely.ops import unary_union

    from steunstructuur_plugin.core.place.areas import AreaTable

    frame = areas.frame.copy()
    ia, ib = int(frame.index[frame["code"] == a][0]), int(frame.index[frame["code"] == b][0])
    geoms = list(areas.geometries)
    geoms[ia] = unary_union([geoms[ia], geoms[ib]])
    frame.loc[ia, ["code", "name"]] = [code, "samengevoegd"]
    frame.loc[ia, "denominator"] += frame.loc[ib, "denominator"]
    keep = [i for i in range(len(frame)) if i != ib]
    return AreaTable(frame=frame.iloc[keep].reset_index(drop=True), geometries=[geoms[i] for i in keep],
                     crs=areas.crs, source="samengevoegd.gpkg")


def test_merged_buurten_disclose_without_the_register_and_are_refused_with_it(uden_areas, demo_cfg, tmp_path):
    csv_path = small_counts_csv(uden_areas, 1, tmp_path / "registraties.csv")
    cfg = with_threshold(demo_cfg, 5, location="xy")
    layer = merged_buurten(uden_areas, "BU08560117", "BU08560198", "BU08560190")
    first = read_tables(run(csv_path, uden_areas, cfg, str(tmp_path / "buurten.gpkg"), secret=SECRET).output)
    second = read_tables(run(csv_path, layer, cfg, str(tmp_path / "gebieden.gpkg"), secret=SECRET).output)
    b1, b2 = first["buurt"].set_index("code"), second["buurt"].set_index("code")
    assert pd.isna(b1.loc["BU08560198", "jeugd_n"])  # hidden in the buurt file ...
    assert b2.loc["BU08560190", "jeugd_n"] - b1.loc["BU08560117", "jeugd_n"] == 2  # ... and 2, by subtraction
    path = str(tmp_path / "register.json")
    earlier = run(csv_path, uden_areas, cfg, str(tmp_path / "buurten2.gpkg"), secret=SECRET, register=Register(path))
    out = tmp_path / "gebieden2.gpkg"
    with pytest.raises(RegisterConflict, match="the earlier output 'Steunstructuur Losser' \\(buurten2.gpkg, "
                                               ".*\\) in the publication register has other areas than this run"):
        run(csv_path, layer, cfg, str(out), secret=SECRET, register=Register(path))
    assert not out.exists()
    assert [e.id for e in Register(path).entries] == [earlier.entry.id]


def test_the_register_file(uden_areas, demo_cfg, tmp_path):
    """What an entry holds (published figures, configuration, areas; no key, pseudonym or
    small count), read back; a colleague's register imported; removing, clearing; a
    damaged file is an error naming it."""
    from steunstructuur_plugin.core.read.pseudonymise import pseudonymise

    csv_path = small_counts_csv(uden_areas, 10, tmp_path / "registraties.csv")
    path = str(tmp_path / "register.json")
    result = run(csv_path, uden_areas, demo_cfg, str(tmp_path / "uit.gpkg"), secret=SECRET, register=Register(path))
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    text = open(path, encoding="utf-8").read()
    rows = pd.read_csv(csv_path, sep=";", dtype=str, encoding="utf-8-sig")
    keys = rows["bsn"].dropna().unique()
    assert not [k for k in keys if k in text]
    assert not [p[:16] for p in pseudonymise(pd.Series(keys), SECRET) if p[:16] in text]
    entry = Register(path).entries[0]
    assert entry.population == result.entry.population and entry.secret == secret_id(SECRET)
    assert AnalysisConfig.from_dict(entry.configuration).count_fields() == demo_cfg.count_fields()
    tables = entry.tables()
    for level in LEVELS:
        published = result.safe[level].set_index("code")
        for f in demo_cfg.count_fields():
            mine = tables[level].set_index("code")[f]
            assert mine.isna().equals(published[f].isna())
            assert (mine.dropna() == pd.to_numeric(published[f].dropna())).all()
            assert not ((mine >= 1) & (mine <= 4)).any()
    other = Register(str(tmp_path / "collega.json"))
    run(csv_path, uden_areas, with_threshold(demo_cfg, 10), str(tmp_path / "uit10.gpkg"), secret=SECRET,
        register=other)
    mine = Register(path)
    assert mine.import_from(other.path) == 1 and mine.import_from(other.path) == 0
    mine.save()
    assert len(Register(path).entries) == 2
    mine.remove(entry.id)
    mine.save()
    assert [e.id for e in Register(path).entries] == [other.entries[0].id]
    mine.clear()
    mine.save()
    assert Register(path).entries == []
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(json.dumps({"version": 1, "entries": [{"title": "x"}]}))
    with pytest.raises(RegisterError, match="register.json: not a Steunstructuur publication register"):
        Register(path)


def test_the_population_fingerprint():
    """The same registrations and peildatum give the same fingerprint, in any order and with
    duplicates; another peildatum, another registration or another secret another one."""
    import numpy as np

    hi = np.array([3, 1, 2, 1], dtype=np.uint64)
    lo = np.array([30, 10, 20, 10], dtype=np.uint64)
    cats = ["jeugdzorg", "bijstand", "wmo", "bijstand"]
    one = population_fingerprint(hi, lo, cats, "2024-01-01", SECRET)
    assert one == population_fingerprint(hi[::-1], lo[::-1], cats[::-1], "2024-01-01", SECRET)
    assert one == population_fingerprint(hi[:3], lo[:3], cats[:3], "2024-01-01", SECRET)
    assert one != population_fingerprint(hi, lo, cats, "2024-02-01", SECRET)
    assert one != population_fingerprint(hi, lo, ["jeugdzorg", "bijstand", "wmo", "schuldhulp"], "2024-01-01", SECRET)
    assert one != population_fingerprint(hi, lo, cats, "2024-01-01", b"\x01" * 32)
    assert len(one) == 64 and secret_id(SECRET) != secret_id(b"\x01" * 32)


def test_the_same_registrations_read_whole_or_in_chunks_are_one_population(uden_areas, demo_cfg, tmp_path):
    """A CSV is read in chunks (128-bit pseudonyms kept as two integers) or whole (hex
    pseudonyms): both give the same fingerprint, so the second run meets the first."""
    from unittest import mock

    from steunstructuur_plugin.core import pipeline

    csv_path = small_counts_csv(uden_areas, 10, tmp_path / "registraties.csv")
    path = str(tmp_path / "register.json")
    first = run(csv_path, uden_areas, demo_cfg, str(tmp_path / "a.gpkg"), secret=SECRET, register=Register(path))
    with mock.patch.object(pipeline, "is_plain_csv", lambda _path: False):
        second = run(csv_path, uden_areas, with_threshold(demo_cfg, 10), str(tmp_path / "b.gpkg"), secret=SECRET,
                     register=Register(path))
    assert second.entry.population == first.entry.population and second.earlier == [first.entry.label()]
    other = run(csv_path, uden_areas, with_threshold(demo_cfg, 10, reference_date="2023-06-30"),
                str(tmp_path / "c.gpkg"), secret=SECRET, register=Register(path))
    assert other.entry.population != first.entry.population and other.earlier == []


def test_the_rows_counted_are_not_published(uden_areas, demo_cfg, tmp_path):
    """An outside review: with one category per indicator the number of rows counted is
    the sum of the gemeente's counts, and the metadata published it: 216 - 90 - 122 pinned
    the hidden gemeente count of jeugdreclassering at 4 (Uden, seed 3).  The output now
    publishes none of the import report's counts; a partner export of a file written
    before leaves them out."""
    import sqlite3

    from steunstructuur_plugin.core.publish.geopackage import read_metadata
    from steunstructuur_plugin.core.publish.seal import seal_secret, write_seal
    from steunstructuur_plugin.export.data import INTERNAL_METADATA, export_data

    csv_path = small_counts_csv(uden_areas, 3, tmp_path / "registraties.csv")
    data = demo_cfg.to_dict()
    data.update(indicators={c: [c] for c in ("bijstand", "jeugdzorg", "jeugdreclassering")}, overlaps=[])
    cfg = AnalysisConfig.from_dict(data).validate()
    result = run(csv_path, uden_areas, cfg, str(tmp_path / "uit.gpkg"), secret=SECRET)
    gemeente = read_tables(result.output)["gemeente"].iloc[0]
    assert pd.isna(gemeente["jeugdreclassering_n"])
    assert result.report.rows_counted - gemeente["bijstand_n"] - gemeente["jeugdzorg_n"] == 4  # what it gave away
    assert not set(INTERNAL_METADATA) & set(read_metadata(result.output))
    # a file of an earlier version, sealed with its counts: the partner does not get them
    with sqlite3.connect(result.output) as con:
        con.execute("insert into metadata (key, value) values ('rows_counted', ?)",
                    (json.dumps(result.report.rows_counted),))
    write_seal(result.output, seal_secret())
    [xlsx] = export_data(result.output, str(tmp_path / "partner.xlsx"))
    assert "rows_counted" not in pd.read_excel(xlsx, sheet_name="metadata")["key"].tolist()


def without(areas, drop):
    from steunstructuur_plugin.core.place.areas import AreaTable

    keep = [i for i, c in enumerate(areas.frame["code"]) if c not in drop]
    return AreaTable(frame=areas.frame.iloc[keep].reset_index(drop=True),
                     geometries=[areas.geometries[i] for i in keep], crs=areas.crs, source="deel.gpkg")


def test_what_an_outside_review_slipped_past_the_register(uden_areas, losser_areas, demo_cfg, tmp_path):
    """The population was fingerprinted after the configuration's categories and the area
    layer had selected rows, so that another configuration, or a layer without one buurt,
    was another population; gemeenten renamed with their buurten (a merger) shared no code
    and were passed over.  Each pinned or narrowed a small count together with the first
    output.  Now: another configuration and the smaller layer are refused naming the
    first output, the renamed layer too, and a regional layer (Uden and Losser) then Uden
    alone is protected together (the Uden figures of both pass the exact audit)."""
    csv_path = small_counts_csv(uden_areas, 4, tmp_path / "registraties.csv")
    path = str(tmp_path / "register.json")
    five = with_threshold(demo_cfg, 5)
    first = run(csv_path, uden_areas, five, str(tmp_path / "a.gpkg"), secret=SECRET, register=Register(path))
    label = first.entry.label().replace("(", "\\(").replace(")", "\\)")
    no_wmo = AnalysisConfig.from_dict({**five.to_dict(), "indicators": {
        k: v for k, v in five.indicators.items() if k != "wmo"}}).validate()
    with pytest.raises(RegisterConflict, match=f"the earlier output {label} .*counts 'wmo_n', which this "):
        run(csv_path, uden_areas, with_threshold(no_wmo, 10), str(tmp_path / "b.gpkg"), secret=SECRET,
            register=Register(path))
    with pytest.raises(RegisterConflict, match=f"the earlier output {label} .* has other areas"):
        run(csv_path, without(uden_areas, {"BU08560101"}), five, str(tmp_path / "c.gpkg"), secret=SECRET,
            register=Register(path))
    renamed = without(uden_areas, set())
    for col in ("code", "wijkcode", "gemeentecode"):
        renamed.frame[col] = renamed.frame[col].str.replace("0856", "1991", n=1, regex=False)
    xy = with_threshold(demo_cfg, 10, location="xy")
    with pytest.raises(RegisterConflict, match=f"the earlier output {label} .* has other areas"):
        run(csv_path, renamed, xy, str(tmp_path / "d.gpkg"), secret=SECRET, register=Register(path))
    assert not any((tmp_path / f"{n}.gpkg").exists() for n in "bcd")
    # a regional layer first, then one of its gemeenten
    from steunstructuur_plugin.core.place.areas import AreaTable

    region = AreaTable(frame=pd.concat([uden_areas.frame, losser_areas.frame], ignore_index=True),
                       geometries=list(uden_areas.geometries) + list(losser_areas.geometries), crs=uden_areas.crs,
                       source="regio.gpkg")
    regional = str(tmp_path / "regio.json")
    a = run(csv_path, region, five, str(tmp_path / "regio.gpkg"), secret=SECRET, register=Register(regional))
    b = run(csv_path, uden_areas, with_threshold(demo_cfg, 10), str(tmp_path / "uden.gpkg"), secret=SECRET,
            register=Register(regional))
    assert b.earlier == [a.entry.label()]
    fa, fb = read_tables(a.output), read_tables(b.output)
    fa = {lv: fa[lv][fa[lv]["code"].isin(set(fb[lv]["code"]))].reset_index(drop=True) for lv in LEVELS}
    fb = {lv: fb[lv].set_index("code").loc[fa[lv]["code"]].reset_index() for lv in LEVELS}
    both = audit_published(merged(fa, fb, five.count_fields()), five, exact_ranges=True)
    assert both.ok, both.failures[:3]


def test_the_same_buurten_in_another_coordinate_system_are_the_same_areas(uden_areas, demo_cfg, tmp_path):
    """An outside review: the buurten reprojected (a GeoJSON in WGS84) were other areas and
    the second run was refused; the polygons are now compared in RD New."""
    from pyproj import Transformer
    from shapely.ops import transform

    from steunstructuur_plugin.core.place.areas import AreaTable

    to_wgs = Transformer.from_crs("EPSG:28992", "EPSG:4326", always_xy=True).transform
    wgs = AreaTable(frame=uden_areas.frame.copy(), geometries=[transform(to_wgs, g) for g in uden_areas.geometries],
                    crs="EPSG:4326", source="buurten.geojson")
    csv_path = small_counts_csv(uden_areas, 10, tmp_path / "registraties.csv")
    path = str(tmp_path / "register.json")
    a = run(csv_path, uden_areas, demo_cfg, str(tmp_path / "a.gpkg"), secret=SECRET, register=Register(path))
    b = run(csv_path, wgs, with_threshold(demo_cfg, 10), str(tmp_path / "b.gpkg"), secret=SECRET,
            register=Register(path))
    assert b.earlier == [a.entry.label()]
