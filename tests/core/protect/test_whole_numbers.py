"""The attacker counts in whole persons: the audit's ranges are ranges of whole numbers.

A real-valued LP can put 4.5 persons in a cell whose whole-number maximum is 4; the audit
must then fail it (1..4 is inside the unsafe range).  Checked against two references
written from the README's definitions, not from the plugin's matrices: an exhaustive
search over whole persons (small hierarchies) and scipy's ``milp`` (larger ones)."""

import numpy as np
import pandas as pd
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from reference import atom_fields, exhaustive_integer_ranges, milp_integer_ranges
from tables import hierarchy_tables

from steunstructuur_plugin.core.config import AnalysisConfig
from steunstructuur_plugin.core.protect import Protection, audit, protect

LEVELS = ("buurt", "wijk", "gemeente")


def _cfg(n):
    inds = {"armoede": ["bijstand"], "jeugd": ["jeugdhulp"], "wmo": ["wmo"]}
    return AnalysisConfig(indicators=dict(list(inds.items())[:n]), overlaps=[("armoede", "jeugd")]).validate()


def _tables(people, cfg):
    """people: {buurtcode: persons per atom, in the reference's atom order}."""
    fields = cfg.count_fields()
    atoms, fdef = atom_fields(cfg.indicators, cfg.overlaps)
    return hierarchy_tables({code: {f: int(sum(a[j] for j in fdef[f])) for f in fields}
                             for code, a in people.items()}, fields)


def _published(tables, reasons, cfg):
    """What the attacker sees: {(level, code): {field: value or None}} and the parents."""
    pub, parent = {}, {}
    for level in LEVELS:
        t = tables[level]
        for i in range(len(t)):
            code = t["code"].iloc[i]
            pub[(level, code)] = {f: None if reasons[level][f].iloc[i] != "" else int(t[f].iloc[i])
                                  for f in cfg.count_fields()}
            parent[code] = t["parent"].iloc[i]
    return pub, parent


def _unsafe(ranges, m=5):
    return sorted(cell for cell, (lo, hi) in ranges.items() if lo == hi or (lo >= 1 and hi <= m - 1))


def _audit_ranges(result):
    return {(r.level, r.code, r.field): (r.min, r.max) for r in result.ranges}


# seed 51 of a random search with the real-valued audit: BU00010001's 3+ stacking count
# (true value 1) has a real-valued maximum of 4.5 and a whole-number maximum of 4
SEED51 = {"BU00010000": [0, 0, 1, 2, 3, 1, 1], "BU00010001": [3, 0, 0, 0, 1, 0, 1],
          "BU00010002": [2, 1, 2, 0, 3, 3, 0], "BU00010003": [0, 1, 1, 3, 2, 1, 2],
          "BU00010100": [6, 2, 3, 0, 3, 3, 1], "BU00010101": [1, 2, 1, 2, 1, 0, 1]}


def test_a_real_maximum_of_4_5_persons_is_a_whole_maximum_of_4_and_fails():
    cfg = _cfg(3)
    t = _tables(SEED51, cfg)
    reasons = {lv: pd.DataFrame("", index=t[lv].index, columns=cfg.count_fields()) for lv in LEVELS}
    # the hidden cells of the pattern that protection with the real-valued audit passed
    old = {"buurt": {"BU00010000": "jeugd armoede_x_jeugd stapeling_2plus stapeling_3plus",
                     "BU00010001": "jeugd wmo armoede_x_jeugd stapeling_2plus stapeling_3plus",
                     "BU00010002": "armoede jeugd", "BU00010003": "wmo armoede_x_jeugd stapeling_3plus",
                     "BU00010100": "armoede_x_jeugd stapeling_3plus",
                     "BU00010101": "armoede jeugd wmo armoede_x_jeugd stapeling_2plus stapeling_3plus"},
           "wijk": {"WK000100": "armoede jeugd wmo stapeling_2plus stapeling_3plus",
                    "WK000101": "armoede jeugd wmo armoede_x_jeugd stapeling_2plus stapeling_3plus"},
           "gemeente": {"GM0001": "armoede_x_jeugd stapeling_3plus"}}
    for level, hidden in old.items():
        for code, names in hidden.items():
            row = t[level].index[t[level]["code"] == code][0]
            for name in names.split():
                reasons[level].loc[row, f"{name}_n"] = "secondary"
    result = audit(Protection(tables=t, reasons=reasons), cfg, exact_ranges=True)
    ranges = _audit_ranges(result)
    assert ranges[("buurt", "BU00010001", "stapeling_3plus_n")] == (1, 4)
    assert not result.ok
    assert [(r.code, r.field) for r in result.failures] == [("BU00010001", "stapeling_3plus_n")]
    fast = audit(Protection(tables=t, reasons=reasons), cfg)
    assert [(r.code, r.field, r.min, r.max) for r in fast.failures] == [
        ("BU00010001", "stapeling_3plus_n", 1, 4)]
    # the reference agrees on every cell
    pub, parent = _published(t, reasons, cfg)
    atoms, fdef = atom_fields(cfg.indicators, cfg.overlaps)
    assert milp_integer_ranges(pub, parent, fdef, len(atoms), 1) == ranges

    # protection of the same table hides more, and no hidden cell is unsafe in whole numbers
    prot = protect(t, cfg)
    assert prot.audit.ok
    pub, parent = _published(t, prot.reasons, cfg)
    reference = milp_integer_ranges(pub, parent, fdef, len(atoms), 1)
    assert _unsafe(reference) == []
    assert _audit_ranges(audit(prot, cfg, exact_ranges=True)) == reference


people2 = st.lists(st.lists(st.lists(st.integers(0, 3), min_size=3, max_size=3), min_size=1, max_size=3),
                   min_size=1, max_size=2)
#: smaller, for protected patterns (they hide more cells, and the search grows with them)
people2_small = st.lists(st.lists(st.lists(st.integers(0, 2), min_size=3, max_size=3), min_size=1, max_size=2),
                         min_size=1, max_size=2)


def _people(wijken):
    return {f"BU0001{w:02d}{b:02d}": atoms for w, buurten in enumerate(wijken) for b, atoms in enumerate(buurten)}


@settings(max_examples=60, deadline=None)
@given(people2, st.lists(st.booleans(), min_size=24, max_size=24))
def test_audit_gives_the_exhaustive_whole_number_ranges(wijken, hide):
    """Two indicators and their overlap (3 atoms), up to 2 wijken of 3 buurten: on random
    hide patterns (most unsafe), the exact audit's range of every hidden cell equals the
    exhaustive search's, and the fast audit fails exactly the cells the search shows
    unsafe (a range of one value or inside 1..4)."""
    cfg = _cfg(2)
    t = _tables(_people(wijken), cfg)
    fields = cfg.count_fields()
    n = len(t["buurt"])
    values = t["buurt"][fields].to_numpy()
    grid = np.array(hide[:n * len(fields)]).reshape(n, len(fields)) & (values >= 1)
    reasons = {lv: pd.DataFrame("", index=t[lv].index, columns=fields) for lv in LEVELS}
    reasons["buurt"] = reasons["buurt"].mask(pd.DataFrame(grid, columns=fields), "secondary")
    w = t["wijk"][fields].to_numpy()
    wgrid = np.array(hide[n * len(fields) % 24:][:len(w) * len(fields)] + [False] * 24)[:w.size]
    reasons["wijk"] = reasons["wijk"].mask(pd.DataFrame(wgrid.reshape(w.shape) & (w >= 1), columns=fields),
                                           "secondary")
    pub, parent = _published(t, reasons, cfg)
    assume(any(v is None for d in pub.values() for v in d.values()))
    atoms, fdef = atom_fields(cfg.indicators, cfg.overlaps)
    reference = exhaustive_integer_ranges(pub, parent, fdef, len(atoms), 1)
    prot = Protection(tables=t, reasons=reasons)
    assert _audit_ranges(audit(prot, cfg, exact_ranges=True)) == reference
    fast = audit(prot, cfg)
    assert sorted((r.level, r.code, r.field) for r in fast.failures) == _unsafe(reference)


@settings(max_examples=25, deadline=None)  # the search takes up to seconds per example
@given(people2_small)
def test_protection_leaves_no_cell_unsafe_in_whole_numbers_exhaustive(wijken):
    """Protection of random small hierarchies, next to a wijk of one larger buurt (so that
    the gemeente, which bounds the search, is mostly published): no hidden cell has a
    whole-number range of one value or inside 1..4."""
    cfg = _cfg(2)
    people = _people(wijken)
    people["BU00019900"] = [6, 6, 6]
    t = _tables(people, cfg)
    prot = protect(t, cfg)
    assert prot.audit.ok
    pub, parent = _published(t, prot.reasons, cfg)
    assume(all(v is not None for v in pub[("gemeente", "GM0001")].values()))
    atoms, fdef = atom_fields(cfg.indicators, cfg.overlaps)
    assert _unsafe(exhaustive_integer_ranges(pub, parent, fdef, len(atoms), 1)) == []


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2 ** 32 - 1))
def test_protection_leaves_no_cell_unsafe_in_whole_numbers_three_indicators(seed):
    """Three indicators, overlap and stacking (7 atoms), 1-3 wijken of 1-4 buurten with
    Poisson people per atom: every hidden cell is safe by the integer reference, and the
    exact audit's ranges are the reference's."""
    rng = np.random.default_rng(seed)
    people = {f"BU0001{w:02d}{b:02d}": rng.poisson(rng.uniform(0.3, 3.0), size=7).tolist()
              for w in range(rng.integers(1, 4)) for b in range(rng.integers(1, 5))}
    cfg = _cfg(3)
    t = _tables(people, cfg)
    prot = protect(t, cfg)
    assert prot.audit.ok
    pub, parent = _published(t, prot.reasons, cfg)
    atoms, fdef = atom_fields(cfg.indicators, cfg.overlaps)
    reference = milp_integer_ranges(pub, parent, fdef, len(atoms), 1, bound=int(1e7))
    assert _unsafe(reference) == []
    got = _audit_ranges(audit(prot, cfg, exact_ranges=True))
    assert {k: (lo, hi if hi < 1e6 else float("inf")) for k, (lo, hi) in reference.items()} == got


def test_integer_programs_return_only_tables_that_fit():
    """A problem of the grouped model (found by the property tests on CI) on which the HiGHS
    of scipy 1.10, after its presolve, returns persons below zero as an optimal solution:
    ``_milp`` checks every point and solves again without presolve, so what it returns is
    a table of whole persons that meets every constraint."""
    import os

    import scipy.sparse as sp

    from steunstructuur_plugin.core.protect.solve import _fits, _milp

    d = np.load(os.path.join(os.path.dirname(__file__), "..", "..", "data", "highs_presolve_case.npz"))
    a_eq, a_ub = sp.csr_matrix(d["a_eq"]), sp.csr_matrix(d["a_ub"])
    res = _milp(np.zeros(a_eq.shape[1]), a_eq, d["b_eq"], a_ub, d["b_ub"], d["lo"], d["hi"])
    assert res.status == 0 and res.x is not None
    assert _fits(res.x, a_eq, d["b_eq"], a_ub, d["b_ub"], d["lo"], d["hi"])
    assert (np.round(res.x) >= 0).all()
