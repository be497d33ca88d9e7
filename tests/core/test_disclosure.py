"""Disclosure control: primary, inheritance, secondary in the hierarchy, the LP audit."""

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from steunstructuur_plugin.core.config import AnalysisConfig
from steunstructuur_plugin.core.disclosure import Protection, audit, primary, protect, safe_tables


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
    rng = {r["code"]: (r["min"], r["max"]) for r in prot.audit.ranges}
    assert rng["BU00010001"] == (1, 9) and rng["BU00010003"] == (1, 9)


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
    assert a.failures[0]["code"] == "BU00010001" and a.failures[0]["min"] == a.failures[0]["max"] == 3


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
    r = prot.reasons["buurt"]["armoede_n"]
    n = prot.tables["buurt"]["armoede_n"]
    assert (r[(n >= 1) & (n < 5)] == "primary").all()
