"""Cross-check against τ-ARGUS (pytauargus, test venv only) on real buurt hierarchies.

τ-ARGUS protects one table at a time, so the comparison is per indicator: the buurt,
wijk and gemeente counts of one indicator form a wijk × buurt table (modular,
``MOD(1,5,1,1,1)``: its safest setting) and, separately, a one-dimensional hierarchical
table gemeente > wijk > buurt (``OPT(1)``).  Our protection of the same indicator alone
must pass our audit and hide no more cells than τ-ARGUS; the numbers are printed.
"""

import os
import sys
from dataclasses import replace

import pytest
from conftest import ROOT, SECRET

from steunstructuur_plugin.core.count.aggregate import aggregate
from steunstructuur_plugin.core.place.locate import locate
from steunstructuur_plugin.core.protect import protect
from steunstructuur_plugin.core.read.registrations import ImportReport, prepare_records, read_table
from steunstructuur_plugin.demo.synthetic import generate, write_csv

sys.path.insert(0, os.path.join(ROOT, "benchmarks"))
from tau import hidden_modular, hidden_optimal, pattern_passes_audit  # noqa: E402


def _tables(csv_path, cfg, areas):
    report = ImportReport()
    records = locate(prepare_records(read_table(csv_path, cfg, report), cfg, SECRET, report), cfg, areas, report)
    return aggregate(records, cfg, areas)


def _ours(tables, cfg, field):
    prot = protect(tables, cfg)
    hidden = set()
    for level in ("buurt", "wijk", "gemeente"):
        t, r = prot.tables[level], prot.reasons[level]
        for code in t.loc[r[field] != "", "code"]:
            hidden.add(("gemeente",) if level == "gemeente" else (level, code))
    return prot, hidden


@pytest.fixture(scope="module")
def cases(demo_input, demo_cfg, losser_areas, uden_areas, tmp_path_factory):
    uden_csv = write_csv(generate(uden_areas, seed=11), str(tmp_path_factory.mktemp("uden") / "uden.csv"))
    return {"Losser": _tables(demo_input[0], demo_cfg, losser_areas),
            "Uden": _tables(uden_csv, demo_cfg, uden_areas)}


@pytest.mark.parametrize("place", ["Losser", "Uden"])
@pytest.mark.parametrize("indicator", ["armoede", "jeugd", "wmo"])
def test_hides_no_more_than_tau_argus_and_passes_audit(cases, demo_cfg, place, indicator, tmp_path, capsys):
    tables = cases[place]
    field = f"{indicator}_n"
    cfg = replace(demo_cfg, indicators={indicator: demo_cfg.indicators[indicator]}, overlaps=[])
    one = {lv: t[["code", "name", "parent", "denominator", field]].copy() for lv, t in tables.items()}
    prot, ours = _ours(one, cfg, field)
    assert prot.audit.ok, prot.audit.failures
    mod = hidden_modular(one["buurt"], field, str(tmp_path / "mod"))
    opt = hidden_optimal(one["buurt"], field, str(tmp_path / "opt"))
    primaries = sum(int(((t[field] >= 1) & (t[field] < 5)).sum()) for t in one.values())
    with capsys.disabled():
        print(f"\n{place} {field}: primary {primaries}; hidden: ours {len(ours)}, "
              f"τ-ARGUS MOD {len(mod)} "
              f"(our audit: {'pass' if pattern_passes_audit(one, cfg, field, mod) else 'FAIL'}), "
              f"τ-ARGUS OPT {len(opt)} (our audit: {'pass' if pattern_passes_audit(one, cfg, field, opt) else 'FAIL'})")
    assert len(ours) <= len(mod)
    # every primary cell of ours is one that τ-ARGUS also calls unsafe
    assert primaries <= len(mod)


def test_full_configuration_with_linked_cells_passes_audit(cases, demo_cfg):
    """With all indicators, the overlap and stacking counts τ-ARGUS cannot protect jointly."""
    for place, tables in cases.items():
        prot = protect(tables, demo_cfg)
        assert prot.audit.ok, (place, prot.audit.failures)
        loss = prot.loss()
        assert loss["cells_hidden"] == loss["by_reason"]["primary"] + loss["by_reason"]["inherited"] \
            + loss["by_reason"]["secondary"]
