"""Themes, indicator expressions, stacking over themes and the disclosure presets, on the
demo's registrations and the real Losser buurten: exact counts for every buurt, wijk and
gemeente against a reference written from the README alone, then the whole pipeline with
the grouped disclosure model, its output audited from the file."""

import csv
import re
from collections import Counter, defaultdict
from unittest import mock

import pytest
from conftest import SECRET

from steunstructuur_plugin.core.config import AnalysisConfig, ConfigError
from steunstructuur_plugin.core.count.aggregate import aggregate
from steunstructuur_plugin.core.place.locate import locate
from steunstructuur_plugin.core.protect import structure as structure_module
from steunstructuur_plugin.core.read.registrations import ImportReport, prepare_records, read_table

CATEGORIES = ["bijstand", "schuldhulp", "minimaregeling", "jeugdzorg", "jeugdreclassering", "wmo_begeleiding",
              "wmo_hulpmiddel"]

THEMED = {
    "indicators": {c: [c] for c in CATEGORIES},
    "themes": {"armoede": ["bijstand", "schuldhulp", "minimaregeling"],
               "jeugd": ["jeugdzorg", "jeugdreclassering"],
               "wmo": {"indicators": ["wmo_begeleiding", "wmo_hulpmiddel"], "publish": False}},
    "expressions": {"bijstand_zonder_minima": "bijstand AND NOT minimaregeling",
                    "armoede_en_jeugd": "armoede EN jeugd",
                    "jeugd_zonder_armoede": "(jeugdzorg OR jeugdreclassering) AND NOT armoede"},
    "overlaps": [["armoede", "jeugd"], ["schuldhulp", "bijstand"]],
    "stacking": "themes",
}


def themed_config(demo_cfg, **changes) -> AnalysisConfig:
    data = demo_cfg.to_dict()
    data.update(THEMED)
    data.update(changes)
    return AnalysisConfig.from_dict(data, "themed.json")


def reference(csv_path, cfg_data, areas):
    """Counts per area from the CSV, written from the README's definitions: a person is in
    an indicator when they have one of its categories, in a theme when in one of its
    indicators; an expression is read with Python's and/or/not; stacking counts the
    themes a person is in; each person counts in the buurt holding most of their
    categories (ties: the lowest code)."""
    af = areas.frame
    known = set(af["code"])
    categories = {c for cats in cfg_data["indicators"].values() for c in cats}
    wijk, gem = dict(zip(af["code"], af["wijkcode"])), dict(zip(af["code"], af["gemeentecode"]))
    cats_of = defaultdict(set)
    where = defaultdict(lambda: defaultdict(set))
    with open(csv_path, encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh, delimiter=";"):
            key, cat, code = row["bsn"].strip(), row["voorziening"].strip().lower(), row["buurtcode"].strip().upper()
            if key and cat in categories and code in known:
                cats_of[key].add(cat)
                where[key][code].add(cat)
    themes = {t: (v["indicators"] if isinstance(v, dict) else v) for t, v in cfg_data["themes"].items()}
    counts = {lv: defaultdict(Counter) for lv in ("buurt", "wijk", "gemeente")}
    for key, cats in cats_of.items():
        member = {ind: bool(set(c) & cats) for ind, c in cfg_data["indicators"].items()}
        member.update({t: any(member[i] for i in inds) for t, inds in themes.items()})
        fields = [f"{ind}_n" for ind in cfg_data["indicators"] if member[ind]]
        fields += [f"{t}_n" for t, v in cfg_data["themes"].items() if member[t] and not isinstance(v, dict)]
        for name, text in cfg_data["expressions"].items():
            py = re.sub(r"\b(AND|EN)\b", "and", re.sub(r"\b(OR|OF)\b", "or", re.sub(r"\bNOT\b", "not", text)))
            if eval(py, {}, dict(member)):  # the test's own reading of the expression
                member[name] = True
                fields.append(f"{name}_n")
            else:
                member[name] = False
        fields += [f"{a}_x_{b}_n" for a, b in cfg_data["overlaps"] if member[a] and member[b]]
        k = sum(member[t] for t in themes)
        fields += ["stapeling_2plus_n"] * (k >= 2) + ["stapeling_3plus_n"] * (k >= 3)
        home = sorted(where[key].items(), key=lambda kv: (-len(kv[1]), kv[0]))[0][0]
        for level, code in (("buurt", home), ("wijk", wijk[home]), ("gemeente", gem[home])):
            for f in fields:
                counts[level][code][f] += 1
    return counts


def test_themes_expressions_and_stacking_over_themes_count_exactly(demo_input, demo_cfg, losser_areas):
    cfg = themed_config(demo_cfg)
    assert cfg.count_fields() == [f"{c}_n" for c in CATEGORIES] + [
        "armoede_n", "jeugd_n", "bijstand_zonder_minima_n", "armoede_en_jeugd_n", "jeugd_zonder_armoede_n",
        "armoede_x_jeugd_n", "schuldhulp_x_bijstand_n", "stapeling_2plus_n", "stapeling_3plus_n"]
    report = ImportReport()
    records = locate(prepare_records(read_table(demo_input[0], cfg, report), cfg, SECRET, report), cfg,
                     losser_areas, report)
    tables = aggregate(records, cfg, losser_areas)
    ref = reference(demo_input[0], THEMED | {"indicators": {c: [c] for c in CATEGORIES}}, losser_areas)
    for level in ("buurt", "wijk", "gemeente"):
        for row in tables[level].itertuples(index=False):
            assert {f: getattr(row, f) for f in cfg.count_fields()} == {
                f: ref[level][row.code][f] for f in cfg.count_fields()}, (level, row.code)
    g = tables["gemeente"].iloc[0]
    # the expressions add up as sets do
    assert g["armoede_en_jeugd_n"] == g["armoede_x_jeugd_n"]
    assert g["jeugd_n"] == g["armoede_en_jeugd_n"] + g["jeugd_zonder_armoede_n"]
    assert 0 < g["bijstand_zonder_minima_n"] < g["bijstand_n"]


def test_a_run_with_the_grouped_model_is_protected_and_passes_its_file_audit(demo_input, demo_cfg, losser_areas,
                                                                            tmp_path):
    """The themed configuration through the whole pipeline with the grouped model (as a
    configuration of more than 10 indicators gets): the audit passes, and the file audit
    from the GeoPackage alone passes too, with the same model."""
    from steunstructuur_plugin.core.pipeline import audit_file, run
    from steunstructuur_plugin.core.publish.geopackage import read_metadata

    cfg = themed_config(demo_cfg)
    out = str(tmp_path / "thema.gpkg")
    with mock.patch.object(structure_module, "ATOM_MODEL_MAX", 0):
        assert not structure_module.structure(cfg).persons  # the chain over three themes
        result = run(demo_input[0], losser_areas, cfg, out, secret=SECRET)
        assert result.audit.ok and result.audit.cells_checked > 0
        checked, _cfg, _text = audit_file(out)
    assert checked.ok, checked.problems or checked.failures[:3]
    meta = read_metadata(out)
    assert meta["indicators"] == cfg.map_indicators()
    buurt = result.safe["buurt"]
    for name in ("armoede", "bijstand_zonder_minima", "armoede_en_jeugd"):
        assert f"{name}_per1000" in buurt.columns and f"{name}_status" in buurt.columns
    assert "wmo_n" not in buurt.columns  # a theme that is not published
    # the dock's indicator list names each map's theme (its filter box matches on it)
    from qgis.core import QgsVectorLayer

    from steunstructuur_plugin.gui.dock import _themes_of
    from steunstructuur_plugin.styling.layers import config_of

    themes = _themes_of(config_of(QgsVectorLayer(f"{out}|layername=buurt", "buurt", "ogr")))
    assert themes["schuldhulp"] == themes["armoede"] == "armoede" and themes["wmo_hulpmiddel"] == "wmo"
    assert "bijstand_zonder_minima" not in themes


def test_expression_typos_and_theme_mistakes_are_configuration_errors(demo_cfg):
    with pytest.raises(ConfigError, match=r"themed.json: 'expressions.x': unknown indicator or theme 'armode'"):
        themed_config(demo_cfg, expressions={"x": "armode AND jeugd"})
    with pytest.raises(ConfigError, match=r"'expressions.x': the expression ends too early"):
        themed_config(demo_cfg, expressions={"x": "armoede AND"})
    with pytest.raises(ConfigError, match=r"'expressions.x': counts persons in none of its terms"):
        themed_config(demo_cfg, expressions={"x": "NOT armoede"})
    with pytest.raises(ConfigError, match=r"'themes.jeugd': indicator 'bijstand' is already in theme 'armoede'"):
        themed_config(demo_cfg, themes={"armoede": ["bijstand"], "jeugd": ["bijstand"]})
    with pytest.raises(ConfigError, match=r"'stacking': 'themes' needs themes"):
        themed_config(demo_cfg, themes={}, expressions={}, overlaps=[])
    with pytest.raises(ConfigError, match=r"'disclosure.preset': unknown preset"):
        themed_config(demo_cfg, disclosure={"preset": "cbs"})


def test_presets_set_the_rule_and_the_configuration_may_override_it(demo_cfg):
    cbs = themed_config(demo_cfg, disclosure={"preset": "cbs_jeugd_wmo"}).disclosure
    assert (cbs.min_count, cbs.publish_zero, cbs.rounding_base) == (8, False, 5)
    own = themed_config(demo_cfg, disclosure={"preset": "cbs_jeugd_wmo", "rounding_base": 0}).disclosure
    assert (own.min_count, own.publish_zero, own.rounding_base) == (8, False, 0)
