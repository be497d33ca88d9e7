"""The grouped model of the audit (:mod:`~steunstructuur_plugin.core.protect.structure`)
against the atom model it replaces beyond 6 indicators.

The atom model has one variable per buurt for each combination of indicators and is the
reference: on random people, random configurations (themes, expressions, overlaps,
stacking over indicators, themes, a list, or off; categories shared by indicators) and
random hide patterns, the grouped model's exact ranges must equal the atom model's, its
fast audit must fail the same cells, and what protection with the grouped model publishes
must pass the atom model's exact audit.  Zeros are published in 7 of 10 configurations;
in the others a hidden cell may be 0."""

import os
import sys
from contextlib import contextmanager
from unittest import mock

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from tables import hierarchy_tables

from steunstructuur_plugin.core.config import AnalysisConfig, ConfigError
from steunstructuur_plugin.core.count.aggregate import _field_flags
from steunstructuur_plugin.core.protect import Protection, audit, protect
from steunstructuur_plugin.core.protect import structure as structure_module
from steunstructuur_plugin.core.protect.structure import MAX_GROUP_INDICATORS, indicator_groups, structure

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "..", "benchmarks"))
from fifty import fifty_config  # noqa: E402

LEVELS = ("buurt", "wijk", "gemeente")


@contextmanager
def grouped(cfg=None, group_size=None):
    """The audit uses the grouped model for every configuration while this is active;
    with ``group_size``, groups of at most that many indicators (or the fewest the
    configuration allows), so that overlaps, themes and expressions link groups through
    the chain."""
    with mock.patch.object(structure_module, "ATOM_MODEL_MAX", 0):
        if group_size is None:
            yield
            return
        for size in range(group_size, MAX_GROUP_INDICATORS + 1):
            with mock.patch.object(structure_module, "MAX_GROUP_INDICATORS", size):
                try:
                    indicator_groups(cfg)
                except ConfigError:
                    continue
                yield
                return


def random_config(rng) -> AnalysisConfig:
    k = int(rng.integers(3, 7))
    names = [f"i{j}" for j in range(k)]
    indicators = {n: [f"c{j}"] for j, n in enumerate(names)}
    if rng.random() < 0.3:  # a category in two indicators
        a, b = rng.choice(k, 2, replace=False)
        indicators[names[a]].append(f"c{b}")
    themes = {}
    if rng.random() < 0.7:
        order = list(rng.permutation(names))
        cut = int(rng.integers(1, k))
        themes["ta"] = {"indicators": sorted(order[:cut]), "publish": bool(rng.random() < 0.6)}
        if cut < k - 1 and rng.random() < 0.7:
            themes["tb"] = sorted(order[cut:cut + int(rng.integers(1, k - cut))])
    terms = names + list(themes)
    expressions = {}
    for j in range(int(rng.integers(0, 3))):
        a, b = rng.choice(terms, 2, replace=False)
        expressions[f"e{j}"] = str(rng.choice([f"{a} AND NOT {b}", f"{a} AND {b}", f"({a} OR {b}) AND NOT i0"]))
    maps = names + [t for t, spec in themes.items() if not isinstance(spec, dict) or spec["publish"]]
    maps += list(expressions)
    overlaps = []
    for _ in range(int(rng.integers(0, 3))):
        a, b = rng.choice(maps, 2, replace=False)
        if (a, b) not in overlaps and (b, a) not in overlaps:
            overlaps.append((str(a), str(b)))
    stacking = str(rng.choice(["indicators", "themes", "off", "list"]))
    if stacking == "themes" and not themes:
        stacking = "indicators"
    if stacking == "list":
        stacking = sorted(str(n) for n in rng.choice(names, int(rng.integers(2, k + 1)), replace=False))
    cfg = AnalysisConfig(indicators=indicators, themes=themes, expressions=expressions, overlaps=overlaps,
                         stacking=stacking)
    cfg.disclosure.publish_zero = bool(rng.random() < 0.7)  # hidden zeros: a hidden cell may be 0
    try:
        cfg.validate()
        structure(cfg)
    except ConfigError:
        # e.g. an expression that can count nobody ("i1 AND NOT ta" with i1 in ta)
        cfg.expressions, cfg.overlaps = {}, [p for p in overlaps if not {"e0", "e1"} & set(p)]
        cfg.validate()
    return cfg


def random_tables(rng, cfg):
    """1-2 wijken of 1-3 buurten; persons with random sets of categories."""
    return random_people(rng, cfg)[0]


def random_hiding(rng, tables, cfg, share):
    fields = cfg.count_fields()
    reasons = {}
    for lv in LEVELS:
        v = tables[lv][fields].to_numpy()
        least = 1 if cfg.disclosure.publish_zero else 0
        hide = (rng.random(v.shape) < (share if lv != "gemeente" else share / 3)) & (v >= least)
        reasons[lv] = pd.DataFrame(np.where(hide, "secondary", ""), index=tables[lv].index, columns=fields)
    return Protection(tables=tables, reasons=reasons)


def ranges(result):
    return {(r.level, r.code, r.field): (r.min, r.max) for r in result.ranges}


def failures(result):
    return sorted((r.level, r.code, r.field) for r in result.failures)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 2 ** 32 - 1), st.sampled_from([0.15, 0.35, 0.6]), st.sampled_from([1, 2, 3, 10]))
def test_grouped_model_gives_the_atom_models_ranges(seed, share, group_size):
    """Random configurations of 3-6 indicators, random hide patterns (most of them
    unsafe) and groups of at most 1, 2, 3 or 10 indicators: the grouped model's exact
    range of every hidden cell is the atom model's, and the fast audits fail the same
    cells."""
    rng = np.random.default_rng(seed)
    cfg = random_config(rng)
    prot = random_hiding(rng, random_tables(rng, cfg), cfg, share)
    assume(any((r != "").to_numpy().any() for r in prot.reasons.values()))
    reference = audit(prot, cfg, exact_ranges=True)
    fast_reference = audit(prot, cfg)
    with grouped(cfg, group_size):
        assert structure(cfg).persons == (structure(cfg).links.size == 0)
        assert ranges(audit(prot, cfg, exact_ranges=True)) == ranges(reference)
        assert failures(audit(prot, cfg)) == failures(fast_reference)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 2 ** 32 - 1))
def test_protection_with_the_grouped_model_passes_the_atom_model(seed):
    """What protection with the grouped model hides leaves no cell that the atom model's
    exact audit narrows into 1..4 or pins."""
    rng = np.random.default_rng(seed)
    cfg = random_config(rng)
    tables = random_tables(rng, cfg)
    with grouped(cfg, int(rng.integers(1, 4))):
        prot = protect(tables, cfg)
    assert prot.audit.ok
    check = audit(prot, cfg, exact_ranges=True)
    assert check.ok, check.failures[:3]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 2 ** 32 - 1), st.sampled_from([0.15, 0.35, 0.6]), st.sampled_from([1, 2, 3, 10]))
def test_the_gates_two_points_give_the_verdicts_of_an_lp_per_cell(seed, share, group_size):
    """The export gate on a sealed file of the grouped model checks the LP relaxation of
    every hidden cell; two LPs per batch now show most cells safe at once
    (``_bulk_relaxed``: 122 s of LPs per cell on a gemeente of 111 buurten).  On random
    people and hide patterns (most unsafe) it fails exactly the cells the LPs per cell
    fail, and the range it gives a cell lies inside that cell's LP range."""
    from steunstructuur_plugin.core.protect import attacker, audit_published

    rng = np.random.default_rng(seed)
    cfg = random_config(rng)
    tables = random_tables(rng, cfg)
    prot = random_hiding(rng, tables, cfg, share)
    assume(any((r != "").to_numpy().any() for r in prot.reasons.values()))
    fields = cfg.count_fields()
    published = {lv: tables[lv].assign(**{f: tables[lv][f].where(prot.reasons[lv][f] == "").astype(float)
                                          for f in fields}) for lv in LEVELS}
    with grouped(cfg, group_size):
        two_points = audit_published(published, cfg, proven=True)
        with mock.patch.object(attacker, "_bulk_relaxed", lambda *a, **k: None):
            per_cell = audit_published(published, cfg, proven=True)
    assert failures(two_points) == failures(per_cell)
    exact = ranges(per_cell)
    assert set(ranges(two_points)) == set(exact)
    for key, (low, high) in ranges(two_points).items():
        assert exact[key][0] - 1e-6 <= low <= high <= exact[key][1] + 1e-6, key


def test_fifty_indicators_in_seven_themes_have_a_model_of_their_size():
    """Stacking over the 7 themes: per buurt the themes' atoms and the chain, not 2^50.
    The figures across themes (armoede x jeugd, armoede and not werk) are carried by the
    chain: the themes stay groups of their own."""
    cfg = fifty_config()  # the benchmark's: armoede x jeugd and armoede AND NOT werk cross themes
    s = structure(cfg)
    assert indicator_groups(cfg) == list(cfg.theme_members().values())
    atoms = sum(2 ** n - 1 for n in (8, 8, 7, 7, 6, 7, 7))
    assert len(cfg.count_fields()) == 50 + 7 + 2 + 5 + 2
    assert not s.persons and atoms < s.nv < atoms + 250
    assert s.pattern.shape == (len(cfg.count_fields()), s.nv)


def test_figures_that_can_count_nobody_are_configuration_errors():
    inds = {"i0": ["c0"], "i1": ["c1"], "same": ["c1"]}
    with pytest.raises(ConfigError, match=r"'expressions.e': can never count anyone"):
        AnalysisConfig(indicators=inds, themes={"t": ["i0", "i1"]}, expressions={"e": "i1 AND NOT t"}).validate()
    with pytest.raises(ConfigError, match=r"'overlaps': e and i1 never hold the same person"):
        AnalysisConfig(indicators=inds, expressions={"e": "i0 AND NOT i1"}, overlaps=[("e", "i1")]).validate()
    cfg = AnalysisConfig(indicators=inds, expressions={"e": "i1 AND NOT same"}).validate()  # same categories
    with pytest.raises(ConfigError, match=r"'e' can never count anyone: the categories"):
        structure(cfg)


def test_a_group_of_more_than_ten_linked_indicators_is_a_configuration_error():
    inds = {f"i{j}": ["c"] if j < 11 else [f"c{j}"] for j in range(12)}  # 11 share category c
    with pytest.raises(ConfigError, match="links 11 indicators .* category 'c'"):
        structure(AnalysisConfig(indicators=inds).validate())


def random_people(rng, cfg, buurten_per_wijk=(1, 4), persons=9):
    """1-2 wijken of ``buurten_per_wijk`` (a range) buurten of up to ``persons - 1``
    persons each, with random sets of categories: the tables, and per buurt row its
    persons (persons x indicators)."""
    fields = cfg.count_fields()
    cats = cfg.categories
    col = {ind: j for j, ind in enumerate(cfg.indicators)}
    buurten, members = {}, {}
    for w in range(int(rng.integers(1, 3))):
        for b in range(int(rng.integers(*buurten_per_wijk))):
            n = int(rng.integers(0, persons))
            member = np.zeros((n, len(col)), dtype=bool)
            for p in range(n):
                have = {c for c in cats if rng.random() < 0.35} or {str(rng.choice(cats))}
                for ind, cat_set in cfg.indicator_categories().items():
                    member[p, col[ind]] = bool(cat_set & have)
            flags = _field_flags(member, cfg)
            code = f"BU0001{w:02d}{b:02d}"
            buurten[code], members[code] = {f: int(flags[f].sum()) for f in fields}, member
    tables = hierarchy_tables(buurten, fields)
    return tables, [members[c] for c in tables["buurt"]["code"]]


@settings(max_examples=80, deadline=None)
@given(st.integers(0, 2 ** 32 - 1))
def test_a_relaxation_holds_exactly_the_constraints_among_its_variables(seed):
    """The export gate's relaxations (``_System.local``) read only the rows that hold one
    of their variables (all NL: 15,000 buurten, each relaxation a wijk of them).  Against
    a dense reference on random systems: the same rows, in the same order (those with a
    variable of the set and no other variable that can be above zero), the same columns
    (the set's variables that can be above zero) and the same objective."""
    import scipy.sparse as sp

    from steunstructuur_plugin.core.protect.model import Cell, Target
    from steunstructuur_plugin.core.protect.solve import _System

    rng = np.random.default_rng(seed)
    nv, ne, nu = int(rng.integers(1, 30)), int(rng.integers(0, 20)), int(rng.integers(0, 20))

    def matrix(rows):
        dense = np.where(rng.random((rows, nv)) < 0.15, rng.integers(-2, 3, (rows, nv)), 0).astype(float)
        dense[np.arange(rows), rng.integers(0, nv, rows)] = 1.0  # no empty row (the audit makes none)
        return dense, sp.csr_matrix(dense)

    (eq, a_eq), (ub, a_ub) = matrix(ne), matrix(nu)
    hi = np.where(rng.random(nv) < 0.2, 0.0, 9.0)
    system = _System(a_eq, rng.integers(0, 9, ne).astype(float), a_ub, rng.integers(0, 9, nu).astype(float),
                     np.zeros(nv), hi, np.zeros(nv, dtype=np.int64))
    for _ in range(3):  # the scratch mark is reset between calls
        variables = rng.choice(nv, int(rng.integers(1, nv + 1)), replace=True)
        targets = [Target(Cell("buurt", i, 0), rng.choice(nv, int(rng.integers(1, min(nv, 3) + 1)), replace=False))
                   for i in range(int(rng.integers(1, 4)))]
        got = system.local(variables, targets)
        live = np.zeros(nv, dtype=bool)
        live[variables] = True
        live &= hi > 0
        cols = np.flatnonzero(live)
        for dense, b, key in ((eq, system.b_eq, "eq"), (ub, system.b_ub, "ub")):
            rows = [r for r in range(len(dense)) if (dense[r, live] != 0).any()
                    and not (dense[r, ~live & (hi > 0)] != 0).any()]
            np.testing.assert_array_equal(got[f"A_{key}"].toarray(), dense[np.ix_(rows, cols)])
            np.testing.assert_array_equal(got[f"b_{key}"], b[rows])
        want = np.array([[1.0 if c in set(t.cols) else 0.0 for c in cols] for t in targets]).reshape(len(targets), -1)
        np.testing.assert_array_equal(got["c"], want)
        np.testing.assert_array_equal(got["hi"], hi[cols])
