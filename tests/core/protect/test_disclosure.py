"""Disclosure control: primary, inheritance, secondary in the hierarchy, the LP audit."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tables import hierarchy_tables

from steunstructuur_plugin.core.config import AnalysisConfig
from steunstructuur_plugin.core.protect import Protection, audit, field_atoms, primary, protect, safe_tables


def cfg_one():
    return AnalysisConfig(indicators={"armoede": ["bijstand"]}).validate()


def tables_from(buurten):
    """buurten: {buurtcode: armoede_n}; wijk and gemeente totals derived from the codes."""
    b = pd.DataFrame({"code": list(buurten), "name": "", "armoede_n": list(buurten.values())})
    b["parent"] = "WK" + b["code"].str[2:8]
    b["denominator"] = 1000.0
    w = b.groupby("parent", as_index=False)["armoede_n"].sum().rename(columns={"parent": "code"})
    w["parent"] = "GM" + w["code"].str[2:6]
    w["name"], w["denominator"] = "", 1000.0
    g = w.groupby("parent", as_index=False)["armoede_n"].sum().rename(columns={"parent": "code"})
    g["parent"], g["name"], g["denominator"] = "", "", 1000.0
    cols = ["code", "name", "parent", "denominator", "armoede_n"]
    return {"buurt": b[cols], "wijk": w[cols], "gemeente": g[cols]}


def reasons(prot, level):
    return dict(zip(prot.tables[level]["code"], prot.reasons[level]["armoede_n"]))


def test_primary_marks_1_to_4_only():
    t = tables_from({"BU00010001": 0, "BU00010002": 1, "BU00010003": 4, "BU00010004": 5, "BU00010005": 40})
    r = primary(t, cfg_one())["buurt"]["armoede_n"].tolist()
    assert r == ["", "primary", "primary", "", ""]


def test_singleton_in_wijk_gets_smallest_partner():
    # wijk 0001: one small buurt (3) next to 12, 7 and 30: the 7 is the least loss partner
    t = tables_from({"BU00010001": 3, "BU00010002": 12, "BU00010003": 7, "BU00010004": 30,
                     "BU00010101": 50, "BU00010102": 60})
    prot = protect(t, cfg_one())
    assert reasons(prot, "buurt") == {"BU00010001": "primary", "BU00010002": "", "BU00010003": "secondary",
                                      "BU00010004": "", "BU00010101": "", "BU00010102": ""}
    assert prot.audit.ok and prot.audit.cells_checked == 2
    exact = audit(prot, cfg_one(), exact_ranges=True)
    rng = {r.code: (r.min, r.max) for r in exact.ranges}
    assert rng["BU00010001"] == (1, 9) and rng["BU00010003"] == (1, 9)
    assert all(r.exact for r in exact.ranges)
    # protect() showed both safe without an LP each: with tables the attacker cannot rule
    # out, whose values lie inside the exact ranges and reach past 4
    for r in prot.audit.ranges:
        assert not r.exact and 1 <= r.min < r.max <= 9 and r.max > 4


def _within(cert, exact):
    """Certified ranges lie inside the exact ones; ranges solved exactly equal them."""
    key = lambda r: r.cell  # noqa: E731
    ex = {key(r): (r.min, r.max) for r in exact.ranges}
    assert set(ex) == {key(r) for r in cert.ranges}
    for r in cert.ranges:
        lo, hi = ex[key(r)]
        if r.exact:
            assert (r.min, r.max) == pytest.approx((lo, hi), abs=1e-6, nan_ok=True)
        else:
            assert lo - 1e-6 <= r.min < r.max <= hi + 1e-6


def test_two_small_cells_paired_only_with_each_other_are_not_enough():
    # 2 + 2 hidden in a published wijk: each is in [1, 3], inside 1..4: a third cell is needed
    t = tables_from({"BU00010001": 2, "BU00010002": 2, "BU00010003": 9, "BU00010004": 20})
    prot = protect(t, cfg_one())
    assert reasons(prot, "buurt") == {"BU00010001": "primary", "BU00010002": "primary",
                                      "BU00010003": "secondary", "BU00010004": ""}
    assert prot.audit.ok


def test_wijk_of_one_buurt_hides_the_wijk_too():
    # a wijk with a single buurt equals that buurt: hiding the buurt hides the wijk
    t = tables_from({"BU00010001": 3, "BU00010101": 40, "BU00010102": 41})
    prot = protect(t, cfg_one())
    assert reasons(prot, "buurt")["BU00010001"] == "primary"
    assert reasons(prot, "wijk")["WK000100"] == "primary"
    assert reasons(prot, "wijk")["WK000101"] == "secondary"  # else gemeente - WK000101 reveals it
    assert prot.audit.ok


def test_audit_catches_an_unprotected_table():
    t = tables_from({"BU00010001": 3, "BU00010002": 12})
    r = primary(t, cfg_one())
    a = audit(Protection(tables=t, reasons=r), cfg_one())
    assert not a.ok
    assert a.failures[0].code == "BU00010001" and a.failures[0].min == a.failures[0].max == 3


def test_safe_table_hides_counts_and_rates():
    t = tables_from({"BU00010001": 3, "BU00010002": 12, "BU00010003": 7})
    safe = safe_tables(protect(t, cfg_one()), cfg_one())["buurt"]
    assert safe["armoede_n"].isna().tolist() == [True, False, True]
    assert safe["armoede_per1000"].isna().tolist() == [True, False, True]
    assert safe["armoede_status"].tolist() == ["suppressed", "published", "suppressed"]
    assert "primary" not in safe.to_csv()


def test_demo_output_passes_audit_and_hides_no_small_count(demo_run):
    result, _ = demo_run
    assert result.audit.ok and result.audit.cells_checked > 0
    for level, safe in result.safe.items():
        for col in [c for c in safe.columns if c.endswith("_n")]:
            vals = safe[col].dropna()
            assert not ((vals >= 1) & (vals < 5)).any(), (level, col)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.integers(0, 30), min_size=1, max_size=5), min_size=1, max_size=4))
def test_random_hierarchies_always_pass_the_audit(wijken):
    buurten = {}
    for w, values in enumerate(wijken):
        for b, v in enumerate(values):
            buurten[f"BU0001{w:02d}{b:02d}"] = v
    prot = protect(tables_from(buurten), cfg_one())
    assert prot.audit.ok
    # the audit protect() assembles from its rounds agrees with a fresh exact audit of the
    # final pattern: same cells, and its ranges lie inside the exact ones
    fresh = audit(prot, cfg_one(), exact_ranges=True)
    assert fresh.ok
    _within(prot.audit, fresh)
    r = prot.reasons["buurt"]["armoede_n"]
    n = prot.tables["buurt"]["armoede_n"]
    assert (r[(n >= 1) & (n < 5)] == "primary").all()


def _tables(buurten, fields):
    """buurten: {buurtcode: {field: n}}; one wijk per code[2:8], one gemeente."""
    return hierarchy_tables(buurten, fields)


def test_indicators_sharing_categories_are_one_table():
    """armoede = bijstand ∪ schuld, with schuld and bijstand also indicators of their own.

    Everybody in schuld or bijstand is in armoede, so 2+ stacking *is* armoede and
    3+ stacking = schuld + bijstand - armoede.  Hiding a small 3+ count alone is useless:
    it follows from three published counts; the audit sees it and a linked cell is hidden."""
    from steunstructuur_plugin.core.protect import field_atoms

    cfg = AnalysisConfig(indicators={"armoede": ["bijstand", "schuld"], "schuld": ["schuld"],
                                     "bijstand": ["bijstand"]}).validate()
    atoms, pattern = field_atoms(cfg)
    # nobody is in schuld or bijstand without armoede, and nobody in armoede alone
    assert sorted(atoms) == [("armoede", "bijstand"), ("armoede", "schuld"), ("armoede", "schuld", "bijstand")]
    fields = cfg.count_fields()
    assert fields == ["armoede_n", "schuld_n", "bijstand_n", "stapeling_2plus_n", "stapeling_3plus_n"]

    def b(a, s, bi):
        return {"armoede_n": a, "schuld_n": s, "bijstand_n": bi, "stapeling_2plus_n": a,
                "stapeling_3plus_n": s + bi - a}

    t = _tables({"BU00010001": b(20, 12, 10), "BU00010002": b(30, 20, 15), "BU00010003": b(25, 15, 13),
                 "BU00010004": b(40, 25, 30)}, fields)
    prot = protect(t, cfg)
    assert prot.audit.ok
    r = prot.reasons["buurt"]
    # 3+ of buurt 1 (2) and 3 (3) are primary; each buurt whose 3+ is hidden hides one of its parts too
    assert r["stapeling_3plus_n"].tolist()[0] == "primary" and r["stapeling_3plus_n"].tolist()[2] == "primary"
    for i in range(4):
        if r.at[i, "stapeling_3plus_n"]:
            assert (r.loc[i, ["armoede_n", "schuld_n", "bijstand_n"]] != "").any(), i
    # 2+ stacking is armoede itself: never one hidden without the other
    assert ((r["armoede_n"] != "") == (r["stapeling_2plus_n"] != "")).all()
    # the per-field rule alone would have been unsafe: the audit of only that pattern fails
    from steunstructuur_plugin.core.protect.model import _frames, _Tree, _values
    from steunstructuur_plugin.core.protect.rules import _primary_codes, _protect_groups

    values = _values(t, fields)
    codes = _primary_codes(values, cfg)
    while _protect_groups(values, codes, _Tree(t), cfg):
        pass
    naive = audit(Protection(tables=t, reasons=_frames(codes, t, fields)), cfg)
    assert not naive.ok
    assert {f.code for f in naive.failures if f.field == "stapeling_3plus_n"} >= {"BU00010001", "BU00010003"}


def test_overlap_with_both_parts_published_is_protected_through_the_union():
    """A, B and A∩B of a buurt are one table: A∩B = 3 hidden with A, B published and the
    wijk's A∩B published is recomputable unless a partner is hidden; the stacking count
    (= A∩B for two indicators) is hidden with it."""
    cfg = AnalysisConfig(indicators={"armoede": ["bijstand"], "jeugd": ["jeugdhulp"]},
                         overlaps=[("armoede", "jeugd")]).validate()
    fields = cfg.count_fields()
    assert fields == ["armoede_n", "jeugd_n", "armoede_x_jeugd_n", "stapeling_2plus_n"]

    def b(a, j, ab):
        return {"armoede_n": a, "jeugd_n": j, "armoede_x_jeugd_n": ab, "stapeling_2plus_n": ab}

    t = _tables({"BU00010001": b(20, 15, 3), "BU00010002": b(30, 25, 12), "BU00010003": b(18, 9, 6)}, fields)
    prot = protect(t, cfg)
    assert prot.audit.ok
    r = prot.reasons["buurt"]
    assert r.at[0, "armoede_x_jeugd_n"] == "primary"
    assert r.at[0, "stapeling_2plus_n"] in ("primary", "inherited")
    assert r.at[2, "armoede_x_jeugd_n"] == "secondary"  # 6 < 12: the least-loss partner
    exact = audit(prot, cfg, exact_ranges=True)
    _within(prot.audit, exact)
    rng = {(x.code, x.field): (x.min, x.max) for x in exact.ranges}
    assert rng[("BU00010001", "armoede_x_jeugd_n")] == (1, 8)


def test_conventional_rounding_to_base_5():
    """Conventional rounding as the SDC glossary (Statistics Netherlands et al., 2005)
    defines it for base 5: last digit 1, 2 down to 0; 3, 4 up to 5; 6, 7 down to 5;
    8, 9 up to 10; 0 and 5 unchanged."""
    from steunstructuur_plugin.core.protect import round_to_base

    got = round_to_base(pd.Series(range(21)), 5).tolist()
    assert got == [0, 0, 0, 5, 5, 5, 5, 5, 10, 10, 10, 10, 10, 15, 15, 15, 15, 15, 20, 20, 20]
    assert round_to_base(pd.Series([None, 1234, 1236], dtype="Int64"), 5).tolist()[1:] == [1235, 1235]
    assert pd.isna(round_to_base(pd.Series([None, 1], dtype="Int64"), 5).tolist()[0])


def test_rounding_after_suppression_with_rates_from_unrounded_counts():
    """An Area x Sex-like table (buurten x one indicator): suppression first, then the
    published counts are rounded to base 5; rates use the unrounded counts."""
    cfg = AnalysisConfig(indicators={"armoede": ["bijstand"]}).validate()
    cfg.disclosure.rounding_base = 5
    t = tables_from({"BU00010001": 3, "BU00010002": 12, "BU00010003": 7, "BU00010004": 28, "BU00010005": 0})
    safe = safe_tables(protect(t, cfg), cfg)
    b = safe["buurt"]
    assert b["armoede_n"].tolist()[1:4:2] == [10, 30]  # 12 -> 10, 28 -> 30
    assert b["armoede_status"].tolist() == ["suppressed", "rounded", "suppressed", "rounded", "rounded"]
    assert b["armoede_per1000"].tolist()[1] == 12.0  # 12 per 1,000, not 10
    assert b["armoede_per1000_status"].tolist()[0] == "suppressed"
    assert safe["wijk"]["armoede_n"].tolist() == [50]  # 50 stays 50
    assert safe["gemeente"]["armoede_status"].tolist() == ["rounded"]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.lists(st.integers(0, 12), min_size=1, max_size=5), min_size=1, max_size=4),
       st.integers(0, 2 ** 20), st.booleans())
def test_certified_audit_gives_the_exact_verdict(wijken, mask, hide_wijken):
    """On random hide patterns (most of them unsafe) the fast audit flags exactly the cells
    the exact audit flags, with the same ranges for them, and certifies only safe cells."""
    buurten = {}
    for w, values in enumerate(wijken):
        for b, v in enumerate(values):
            buurten[f"BU0001{w:02d}{b:02d}"] = v
    t = tables_from(buurten)
    reasons = primary(t, cfg_one())
    extra = [i for i in range(len(t["buurt"])) if mask >> i & 1]
    reasons["buurt"].iloc[extra, 0] = "secondary"
    if hide_wijken:
        reasons["wijk"].iloc[::2, 0] = "secondary"
    prot = Protection(tables=t, reasons=reasons)
    fast, exact = audit(prot, cfg_one()), audit(prot, cfg_one(), exact_ranges=True)
    assert fast.ok == exact.ok
    def flagged(result):  # NaN (no feasible table) compares as None
        return [(r.code, *(None if np.isnan(v) else v for v in (r.min, r.max))) for r in result.failures]

    assert flagged(fast) == flagged(exact)
    _within(fast, exact)


def cfg_three():
    """The national benchmark's configuration: 3 indicators, 1 overlap, 2+ and 3+ stacking
    (6 fields over 7 atoms)."""
    return AnalysisConfig(indicators={"armoede": ["bijstand"], "jeugd": ["jeugdhulp"], "wmo": ["wmo"]},
                          overlaps=[("armoede", "jeugd")]).validate()


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.lists(st.integers(0, 4), min_size=7, max_size=7), min_size=1, max_size=4),
                min_size=1, max_size=3),
       st.lists(st.booleans(), min_size=96, max_size=96), st.booleans())
def test_tables_from_moving_people_fit_the_attackers_ranges(wijken, hide, hide_wijken):
    """The tables the audit finds by moving people between buurten (no LP) are tables the
    attacker cannot rule out: every value they give a hidden cell lies in its exact range.
    On three indicators with an overlap and stacking, random people per buurt and random
    hide patterns; and the fast audit still flags exactly the cells the exact one flags."""
    import steunstructuur_plugin.core.protect.attacker as disclosure

    cfg = cfg_three()
    fields = cfg.count_fields()
    names, pattern = field_atoms(cfg)
    assert len(names) == 7
    buurten = {}
    for w, people in enumerate(wijken):
        for b, atoms in enumerate(people):
            counts = pattern.astype(int) @ np.array(atoms)
            buurten[f"BU0001{w:02d}{b:02d}"] = dict(zip(fields, counts.tolist()))
    t = _tables(buurten, fields)
    reasons = primary(t, cfg)
    n = len(t["buurt"])
    grid = np.array(hide[:n * len(fields)]).reshape(n, len(fields))
    values = t["buurt"][fields].to_numpy()
    # hidden cells of at least 1, so that the real table is one the attacker allows
    reasons["buurt"] = reasons["buurt"].mask(pd.DataFrame(grid & (values >= 1), columns=fields), "secondary")
    if hide_wijken:
        w = t["wijk"][fields].to_numpy()
        reasons["wijk"] = reasons["wijk"].mask(pd.DataFrame((w >= 1) & (np.arange(len(w)) % 2 == 0)[:, None],
                                                            columns=fields), "secondary")
    prot = Protection(tables=t, reasons=reasons)
    seen = []
    real = disclosure._pair_moves

    def spy(*args):
        seen.append(real(*args))
        return seen[-1]

    disclosure._pair_moves = spy
    try:
        fast = audit(prot, cfg)
    finally:
        disclosure._pair_moves = real
    exact = audit(prot, cfg, exact_ranges=True)
    for r in exact.ranges:
        for moved in seen:
            if moved is None:
                continue
            hi, lo = moved[0][r.level][r.cell.row, r.cell.col], moved[1][r.level][r.cell.row, r.cell.col]
            if not np.isnan(hi):
                assert r.min - 1e-6 <= lo <= hi <= r.max + 1e-6, (r, lo, hi)
    assert fast.ok == exact.ok
    assert [(r.code, r.field) for r in fast.failures] == [(r.code, r.field) for r in exact.failures]
    _within(fast, exact)
