"""Protection that holds together with an earlier output of the same population
(issue #19, the first step): the attacker has every figure both files publish.

A gemeente publishes the same registrations with min_count 5 (for the council) and 10 (for
a partner).  Each file passes its own audit, but a wijk total of one file minus buurten of
the other can give a small count.  ``protect(..., known=known_cells(earlier, ...))`` hides
more in the new file until the audit holds with the earlier file's figures published too.
The check is an independent one: the exact audit of the two files merged (every figure
either publishes), as the attacker would read them."""

import dataclasses

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from tables import hierarchy_tables

from steunstructuur_plugin.core.config import AnalysisConfig, DisclosureConfig
from steunstructuur_plugin.core.protect import audit_published, known_cells, protect, safe_tables

CFG5 = AnalysisConfig(indicators={"armoede": ["bijstand"], "jeugd": ["jeugdzorg"]}, overlaps=[("armoede", "jeugd")],
                      stacking="off").validate()
CFG10 = dataclasses.replace(CFG5, disclosure=DisclosureConfig(min_count=10)).validate()
FIELDS = CFG5.count_fields()


def random_tables(seed):
    """1-3 wijken of 2-5 buurten, counts from small to a few dozen (overlap at most both)."""
    rng = np.random.default_rng(seed)
    buurten = {}
    for w in range(int(rng.integers(1, 4))):
        for k in range(int(rng.integers(2, 6))):
            a, j = (int(rng.choice([0, 1, 2, 3, 4, 6, 7, 8, 9, 12, 16, 25])) for _ in range(2))
            both = int(rng.integers(0, min(a, j) + 1))
            buurten[f"BU0856{w:02d}{k:02d}"] = {"armoede_n": a, "jeugd_n": j, "armoede_x_jeugd_n": both}
    return hierarchy_tables(buurten, FIELDS)


def numeric(safe):
    """Published tables as an attacker reads them from the file: hidden counts NaN."""
    return {lv: t.assign(**{f: pd.to_numeric(t[f], errors="coerce").astype(float) for f in FIELDS})
            for lv, t in safe.items()}


def merged(first, second):
    """What an attacker holding both files knows: every count either publishes."""
    out = {}
    for level, t in first.items():
        t = t.copy()
        for f in FIELDS:
            t[f] = pd.to_numeric(first[level][f], errors="coerce").astype(float).fillna(
                pd.to_numeric(second[level][f], errors="coerce").astype(float))
        out[level] = t
    return out


def published(tables, cfg, earlier=None, earlier_cfg=None):
    known = known_cells(earlier, earlier_cfg.disclosure, tables, cfg) if earlier is not None else None
    prot = protect(tables, cfg, known=known)
    assert prot.audit.ok
    return safe_tables(prot, cfg)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 2 ** 32 - 1))
@example(19)
@example(22)
@example(25)
def test_two_thresholds_on_the_same_registrations_disclose_nothing_together(seed):
    tables = random_tables(seed)
    five = published(tables, CFG5)
    # the threshold-10 file made after the threshold-5 one, and the other way round
    ten = published(tables, CFG10, earlier=five, earlier_cfg=CFG5)
    assert audit_published(merged(five, ten), CFG5, exact_ranges=True).ok
    assert audit_published(numeric(ten), CFG10, exact_ranges=True).ok  # and on its own
    ten_first = published(tables, CFG10)
    five_after = published(tables, CFG5, earlier=ten_first, earlier_cfg=CFG10)
    assert audit_published(merged(five_after, ten_first), CFG5, exact_ranges=True).ok
    assert audit_published(numeric(five_after), CFG5, exact_ranges=True).ok


@pytest.mark.parametrize("seed", [19, 22, 25])
def test_without_the_earlier_file_the_two_thresholds_disclose(seed):
    """The attack of #19, on these seeds (4 of the first 33): each file alone passes,
    together they pin or narrow a small count (seed 25: BU08560001 armoede 2); the new
    file then hides more, never fewer."""
    tables = random_tables(seed)
    five, ten = published(tables, CFG5), published(tables, CFG10)
    together = audit_published(merged(five, ten), CFG5, exact_ranges=True)
    assert not together.ok
    assert all(1 <= r.min and r.max <= 4 or r.min == r.max for r in together.failures)
    joint = published(tables, CFG10, earlier=five, earlier_cfg=CFG5)
    for level in ("buurt", "wijk", "gemeente"):
        for f in FIELDS:
            alone_hidden = ten[level][f].isna().to_numpy()
            joint_hidden = joint[level][f].isna().to_numpy()
            assert (joint_hidden >= alone_hidden).all()
    assert sum(int(joint[lv][f].isna().sum()) for lv in joint for f in FIELDS) > \
        sum(int(ten[lv][f].isna().sum()) for lv in ten for f in FIELDS)


def test_an_earlier_output_of_other_counts_is_refused():
    """Another population, peildatum or definition publishes other counts for a cell:
    those two files cannot be audited together this way, and the error says so."""
    tables = random_tables(3)
    five = published(tables, CFG5)
    other = {lv: t.copy() for lv, t in tables.items()}
    shown = five["gemeente"]["armoede_n"].notna().to_numpy()
    assert shown.any()
    other["gemeente"].loc[shown, "armoede_n"] += 1
    with pytest.raises(ValueError, match="the earlier output published other counts for gemeente 'armoede_n'"):
        known_cells(five, CFG5.disclosure, other, CFG5)


def test_earlier_outputs_the_joint_audit_cannot_model_are_refused():
    """An outside review found two disclosures when one output published zeros and the
    other hid them (the attacker's lowest value of a cell hidden in both is 1 when either
    publishes zeros); such pairs, rounded outputs and counts this configuration lacks
    (an earlier overlap bounds these cells too) are refused, naming what differs."""
    tables = random_tables(17)
    five = published(tables, CFG5)
    no_zeros = dataclasses.replace(CFG5, disclosure=DisclosureConfig(publish_zero=False)).validate()
    with pytest.raises(ValueError, match="publishes zeros and this one hides them"):
        known_cells(five, CFG5.disclosure, tables, no_zeros)
    with pytest.raises(ValueError, match="the earlier output is rounded"):
        known_cells(five, DisclosureConfig(rounding_base=5), tables, CFG5)
    fewer = AnalysisConfig(indicators=CFG5.indicators, stacking="off").validate()
    with pytest.raises(ValueError, match="counts 'armoede_x_jeugd_n', which this configuration does not"):
        known_cells(five, CFG5.disclosure, {lv: t.drop(columns="armoede_x_jeugd_n") for lv, t in tables.items()},
                    fewer)


def test_two_earlier_outputs_together():
    """Threshold 10 and 7 published before, then 5: everything the three files publish
    together pins no small count."""
    tables = random_tables(22)
    cfg7 = dataclasses.replace(CFG5, disclosure=DisclosureConfig(min_count=7)).validate()
    ten = published(tables, CFG10)
    seven = published(tables, cfg7, earlier=ten, earlier_cfg=CFG10)
    known = known_cells(ten, CFG10.disclosure, tables, CFG5) | known_cells(seven, cfg7.disclosure, tables, CFG5)
    assert known.min_count == 5
    prot = protect(tables, CFG5, known=known)
    assert prot.audit.ok
    five = safe_tables(prot, CFG5)
    assert audit_published(merged(merged(five, seven), ten), CFG5, exact_ranges=True).ok


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 2 ** 32 - 1))
def test_two_thresholds_with_the_grouped_model(seed):
    """The same with the grouped model of more than 10 indicators, given the persons as
    the pipeline gives them (protection by certificates, :mod:`.changes`): the two files
    merged pass the atom model's exact audit."""
    from test_changes import persons_from
    from test_structure import grouped, random_config, random_people

    from steunstructuur_plugin.core.protect import audit
    from steunstructuur_plugin.core.protect.model import Protection

    rng = np.random.default_rng(seed)
    cfg5 = random_config(rng)
    cfg10 = dataclasses.replace(cfg5, disclosure=dataclasses.replace(cfg5.disclosure, min_count=10)).validate()
    tables, members = random_people(rng, cfg5, (2, 4), 12)
    persons = persons_from(members)
    with grouped(cfg5, int(rng.integers(1, 4))):
        first = protect(tables, cfg5, persons=persons)
        assert first.audit.ok
        five = safe_tables(first, cfg5)
        second = protect(tables, cfg10, persons=persons, known=known_cells(five, cfg5.disclosure, tables, cfg10))
        assert second.audit.ok
    # the attacker with both files: a cell is hidden only where both hide it
    both = {lv: first.reasons[lv].where(second.reasons[lv] != "", "") for lv in first.reasons}
    check = audit(Protection(tables=tables, reasons=both), cfg5, exact_ranges=True)
    assert check.ok, check.failures[:3]
