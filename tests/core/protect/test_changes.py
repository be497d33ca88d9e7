"""Protection by changing persons (:mod:`~steunstructuur_plugin.core.protect.changes`).

Two checks that do not trust the module:

* every certificate it returns is rebuilt here as a table of whole persons (the real
  persons with the certificate's changes applied), counted with this file's own reading
  of the README's definitions, and must meet every published figure of every buurt, wijk
  and gemeente, keep every hidden cell at its lowest value or above, and give its cell
  another value, at least ``min_count`` (or 0 with hidden zeros);
* what protection publishes passes the atom model's exact audit (the reference: the
  attacker's whole-number range of every hidden cell from everything published), and the
  range the report gives each hidden cell lies inside that exact range.
"""

import dataclasses
import os
import re
import sys
from collections import Counter

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from test_structure import grouped, random_config, random_people

from steunstructuur_plugin.core.config import DisclosureConfig
from steunstructuur_plugin.core.protect import audit, known_cells, protect, safe_tables
from steunstructuur_plugin.core.protect.changes import Persons, certify
from steunstructuur_plugin.core.protect.model import Protection
from steunstructuur_plugin.core.protect.rules import _primary_codes

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "..", "benchmarks"))

LEVELS = ("buurt", "wijk", "gemeente")


def fields_of(member, cfg):
    """The count fields a person with these indicators counts in, read from the README:
    an indicator, a theme (any of its indicators), an expression (Python's and/or/not),
    an overlap (both), stacking (2+ / 3+ of the stacking units)."""
    on = {ind: bool(v) for ind, v in zip(cfg.indicators, member)}
    themes = {t: (v["indicators"] if isinstance(v, dict) else v) for t, v in cfg.themes.items()}
    on.update({t: any(on[i] for i in inds) for t, inds in themes.items()})
    out = [f"{i}_n" for i in cfg.indicators if on[i]]
    out += [f"{t}_n" for t, v in cfg.themes.items() if on[t] and not (isinstance(v, dict) and not v.get("publish", 1))]
    for name, text in cfg.expressions.items():
        py = re.sub(r"\b(AND|EN)\b", " and ", re.sub(r"\b(OR|OF)\b", " or ", re.sub(r"\b(NOT|NIET)\b", " not ", text)))
        on[name] = bool(eval(py, {}, dict(on)))
        out += [f"{name}_n"] * on[name]
    out += [f"{a}_x_{b}_n" for a, b in cfg.overlaps if on[a] and on[b]]
    st_ = cfg.stacking
    if st_ == "off":
        units = []
    elif st_ == "themes":
        inside = {i for inds in themes.values() for i in inds}
        units = [inds for inds in themes.values()] + [[i] for i in cfg.indicators if i not in inside]
    elif isinstance(st_, list):
        units = [[i] for i in st_]
    else:
        units = [[i] for i in cfg.indicators]
    k = sum(any(on[i] for i in u) for u in units)
    out += ["stapeling_2plus_n"] * (k >= 2) + ["stapeling_3plus_n"] * (k >= 3)
    return [f for f in out if f in cfg.count_fields()]


def counts_of(members, cfg):
    fields = cfg.count_fields()
    c = Counter(f for m in members for f in fields_of(m, cfg))
    return np.array([c[f] for f in fields], dtype=np.int64)


def check_certificates(tables, cfg, persons, hidden, certificates, joint_min=None, locked=None):
    """Rebuild every certificate's table of persons and check it (see the module's
    docstring); one that keeps the ``locked`` cells (published by an earlier output) must
    keep them and reach ``joint_min``.  With an own division (a ``gebied`` table and the
    buurt's area in the buurt table) every area is summed from its buurten too.  Returns how
    many were checked."""
    fields = cfg.count_fields()
    lob = 1 if cfg.disclosure.publish_zero else 0
    codes = {lv: tables[lv]["code"].tolist() for lv in LEVELS}
    parent = {lv: tables[lv]["parent"].tolist() for lv in ("buurt", "wijk")}
    value = {lv: tables[lv][fields].to_numpy(dtype=np.int64) for lv in tables}
    for cert in certificates:
        assert cert.locked == (locked is not None and cert.locked)
        m = int(joint_min if cert.locked else cfg.disclosure.min_count)
        people = {}
        for step in cert.steps:
            for b, old, new in ((step.a, step.a_old, step.a_new), (step.b, step.b_old, step.b_new)):
                if b < 0:
                    continue
                if b not in people:
                    people[b] = Counter(bytes(np.asarray(p, dtype=bool)) for p in persons.member[persons.buurt == b])
                if old is not None:
                    people[b][bytes(np.asarray(old, dtype=bool))] -= step.times
                    assert people[b][bytes(np.asarray(old, dtype=bool))] >= 0, "a certificate takes a person nobody is"
                if new is not None:
                    people[b][bytes(np.asarray(new, dtype=bool))] += step.times
        new_buurt = {b: counts_of([np.frombuffer(k, dtype=bool) for k, n in c.items() for _ in range(n)], cfg)
                     for b, c in people.items()}
        new = {("buurt", b): v for b, v in new_buurt.items()}
        for b in people:
            w = codes["wijk"].index(parent["buurt"][b])
            g = codes["gemeente"].index(parent["wijk"][w])
            for lv, row, kids in (("wijk", w, [i for i, p in enumerate(parent["buurt"]) if p == codes["wijk"][w]]),
                                  ("gemeente", g, [i for i, p in enumerate(parent["buurt"])
                                                   if parent["wijk"][codes["wijk"].index(p)] == codes["gemeente"][g]])):
                new[(lv, row)] = sum(new_buurt.get(i, value["buurt"][i]) for i in kids)
            area = tables["buurt"]["gebied"].iloc[b] if "gebied" in tables else ""
            if area:  # its own area: the sum of the buurten in it
                kids = [i for i, o in enumerate(tables["buurt"]["gebied"]) if o == area]
                row = tables["gebied"]["code"].tolist().index(area)
                new[("gebied", row)] = sum(new_buurt.get(i, value["buurt"][i]) for i in kids)
        for (lv, row), v in new.items():
            shown = ~hidden[lv][row]
            assert np.array_equal(v[shown], value[lv][row][shown]), (cert.cell, lv, row)
            assert (v[hidden[lv][row]] >= lob).all(), (cert.cell, lv, row)
            if cert.locked:
                assert np.array_equal(v[locked[lv][row]], value[lv][row][locked[lv][row]]), (cert.cell, lv, row)
        lv, row, f = cert.cell
        a, b = value[lv][row, f], new[(lv, row)][f]
        assert a != b and (max(a, b) >= m or (lob == 0 and min(a, b) < 1)), (cert.cell, a, b)
    return len(certificates)


def persons_from(members):
    return Persons(buurt=np.repeat(np.arange(len(members)), [len(m) for m in members]),
                   member=np.vstack(members) if members else np.zeros((0, 0), dtype=bool))


def primary_hidden(tables, cfg):
    from steunstructuur_plugin.core.protect.model import _values

    return {lv: c != 0 for lv, c in _primary_codes(_values(tables, cfg.count_fields()), cfg).items()}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 2 ** 32 - 1))
@example(3998374270)  # a wijk of two empty buurten, zeros hidden
def test_protection_by_changes_passes_the_atom_models_exact_audit(seed):
    """Random configurations of 3-6 indicators (themes, expressions, overlaps, every
    stacking mode, shared categories, hidden zeros in 3 of 10) on random people, the
    grouped model forced: every certificate is a table of persons that fits everything
    published, the atom model's exact audit passes what is published, and every range the
    report gives lies inside the exact range."""
    rng = np.random.default_rng(seed)
    cfg = random_config(rng)
    tables, members = random_people(rng, cfg, (2, 4), 12)
    persons = persons_from(members)
    with grouped(cfg, int(rng.integers(1, 4))):
        prot = protect(tables, cfg, persons=persons)
        hidden, _, certificates, _ = certify(tables, cfg, persons, primary_hidden(tables, cfg), keep=True)
    assert prot.audit.ok
    check_certificates(tables, cfg, persons, hidden, certificates)
    exact = audit(prot, cfg, exact_ranges=True)  # the atom model: every combination of indicators
    assert exact.ok, exact.failures[:3]
    reference = {(r.level, r.code, r.field): (r.min, r.max) for r in exact.ranges}
    for r in prot.audit.ranges:
        low, high = reference[(r.level, r.code, r.field)]
        assert low <= r.min < r.max <= high, (r, low, high)


def test_a_certificate_that_does_not_fit_is_caught():
    """The check above can fail: a certificate whose partner's change is dropped (its wijk
    publishes a field the change moves) and one in which a cell it changes is published
    again no longer fit."""
    for seed in range(40):
        rng = np.random.default_rng(seed)
        cfg = random_config(rng)
        tables, members = random_people(rng, cfg, (3, 4), 12)
        persons = persons_from(members)
        with grouped(cfg, 2):
            hidden, _, certificates, _ = certify(tables, cfg, persons, primary_hidden(tables, cfg), keep=True)
        assert check_certificates(tables, cfg, persons, hidden, certificates) == len(certificates)
        wijk_of = {b: tables["wijk"]["code"].tolist().index(p) for b, p in enumerate(tables["buurt"]["parent"])}
        paired = [c for c in certificates if len(c.steps) == 1 and c.steps[0].b >= 0 and (
            (c.change[("buurt", c.steps[0].a)] != 0) & ~hidden["wijk"][wijk_of[c.steps[0].a]]).any()]
        if paired:
            break
    cert = paired[0]
    broken = dataclasses.replace(cert, steps=[dataclasses.replace(s, b_old=None, b_new=None) for s in cert.steps])
    with pytest.raises(AssertionError):
        check_certificates(tables, cfg, persons, hidden, [broken])
    lv, row = next(k for k, d in cert.change.items() if k != cert.cell[:2] and (d != 0).any())
    republished = {k: h.copy() for k, h in hidden.items()}
    republished[lv][row] &= cert.change[(lv, row)] == 0
    with pytest.raises(AssertionError):
        check_certificates(tables, cfg, persons, republished, [cert])


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 2 ** 32 - 1))
def test_two_thresholds_by_changes(seed):
    """Threshold 5, then 10 with the first file known (and the other way round): the two
    files merged pass the atom model's exact audit; the certificates of the second keep
    every cell the first published."""
    rng = np.random.default_rng(seed)
    cfg5 = random_config(rng)
    cfg10 = dataclasses.replace(cfg5, disclosure=dataclasses.replace(cfg5.disclosure, min_count=10)).validate()
    tables, members = random_people(rng, cfg5, (2, 4), 12)
    persons = persons_from(members)
    for first_cfg, second_cfg in ((cfg5, cfg10), (cfg10, cfg5)):
        with grouped(first_cfg, int(rng.integers(1, 4))):
            first = protect(tables, first_cfg, persons=persons)
            known = known_cells(safe_tables(first, first_cfg), first_cfg.disclosure, tables, second_cfg)
            second = protect(tables, second_cfg, persons=persons, known=known)
            hidden = {lv: (second.reasons[lv] != "").to_numpy() for lv in LEVELS}
            _, _, certificates, _ = certify(tables, second_cfg, persons, primary_hidden(tables, second_cfg),
                                         known.cells, known.min_count, keep=True)
        assert first.audit.ok and second.audit.ok
        check_certificates(tables, second_cfg, persons, hidden, certificates, known.min_count, known.cells)
        assert any(c.locked for c in certificates)
        both = {lv: first.reasons[lv].where(second.reasons[lv] != "", "") for lv in LEVELS}
        low = cfg5 if cfg5.disclosure.min_count < cfg10.disclosure.min_count else cfg10
        check = audit(Protection(tables=tables, reasons=both), low, exact_ranges=True)
        assert check.ok, check.failures[:3]
        alone = audit(second, second_cfg, exact_ranges=True)
        assert alone.ok, alone.failures[:3]


def test_fifty_indicators_on_the_real_losser_buurten():
    """The benchmark's 50 indicators in 7 themes on the 13 real Losser buurten: every
    certificate is a table of persons that fits everything published (checked by this
    file's own counting), every hidden cell has one, and the run is the same twice."""
    import fifty
    import nl_data

    from steunstructuur_plugin.core.count.aggregate import aggregate
    from steunstructuur_plugin.core.protect.changes import persons_of

    cfg = fifty.fifty_config()
    b = nl_data.nl_buurten()
    b = b[b["gemeentecode"] == "GM0168"].reset_index(drop=True)
    records = fifty.fifty_records(b)
    areas = fifty.areas_of(b)
    tables = aggregate(records, cfg, areas)
    persons = persons_of(records, cfg, areas)
    start = primary_hidden(tables, cfg)
    hidden, shown, certificates, _ = certify(tables, cfg, persons, start, keep=True)
    assert check_certificates(tables, cfg, persons, hidden, certificates) == len(certificates) > 100
    for lv in LEVELS:
        assert (hidden[lv] >= start[lv]).all()
        assert {(r, f) for r, f in zip(*np.nonzero(hidden[lv]))} == {(r, f) for (l_, r, f) in shown if l_ == lv}
    again = certify(tables, cfg, persons, start)[0]
    assert all(np.array_equal(hidden[lv], again[lv]) for lv in LEVELS)
    assert sum(int(h.sum()) for h in hidden.values()) == 641
    assert DisclosureConfig().min_count == 5


def test_protection_reports_progress_and_stops_when_asked():
    """The run's progress moves while the certificates are found, and a cancel (the
    callback raising, as the pipeline's does) stops protection there."""
    import fifty
    import nl_data

    from steunstructuur_plugin.core.count.aggregate import aggregate
    from steunstructuur_plugin.core.errors import Cancelled
    from steunstructuur_plugin.core.protect.changes import persons_of

    cfg = fifty.fifty_config()
    b = nl_data.nl_buurten()
    b = b[b["gemeentecode"] == "GM0050"].reset_index(drop=True)
    records = fifty.fifty_records(b)
    tables = aggregate(records, cfg, fifty.areas_of(b))
    persons = persons_of(records, cfg, fifty.areas_of(b))
    seen = []
    protect(tables, cfg, persons=persons, progress=seen.append)
    assert len(seen) >= 3 and seen == sorted(seen) and 0 <= seen[0] and seen[-1] < 1

    def cancel(done):
        if done > 0.3:
            raise Cancelled("cancelled")
    with pytest.raises(Cancelled):
        protect(tables, cfg, persons=persons, progress=cancel)
