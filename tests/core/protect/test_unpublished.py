"""Cells the attacker's model holds but no output publishes (``UNPUBLISHED``: a flow model's
buurt flows beside published wijk flows, a piece of a buurt in an own area): at least 0,
and failing only when the published figures narrow them into 1..min_count-1.

On random tables of two indicators and their overlap, with random hidden and unpublished
cells, every cell's exact range from the audit equals an integer program built from the
README's definitions (``tests/reference.py``), and so does its verdict; and a buurt's
outflow that a published wijk inflow of 0 gives back is found."""

import numpy as np
import pandas as pd
from flow_cases import areas_of, dates_of, one_indicator, published, random_case, records_of, reference_fields
from reference import atom_fields, milp_integer_ranges

from steunstructuur_plugin.core.config import AnalysisConfig, SourceConfig
from steunstructuur_plugin.core.count.aggregate import aggregate
from steunstructuur_plugin.core.protect import audit_published, protect
from steunstructuur_plugin.core.protect.changes import persons_of
from steunstructuur_plugin.core.read.registrations import SERIES_DATES
from steunstructuur_plugin.core.series.flows import flow_model, flow_records, split_flows

BUURTEN = [("B1", "W1"), ("B2", "W1"), ("B3", "W1"), ("B4", "W2"), ("B5", "W2")]


def _areas():
    return areas_of(BUURTEN)


def _random_records(rng, n):
    """``n`` persons, each with a registration of bijstand or jeugdzorg or both, in a
    random buurt of :data:`BUURTEN`."""
    person = np.repeat(np.arange(n), 2)
    cats = np.where(rng.random(2 * n) < 0.5, "bijstand", "jeugdzorg")
    keep = rng.random(2 * n) < 0.75
    keep[::2] |= ~keep[1::2]  # everyone has a registration
    return pd.DataFrame({"person": person[keep], "category": cats[keep],
                         "buurtcode": np.array([b for b, _w in BUURTEN])[rng.integers(0, 5, n)][person[keep]]})


def _reference(tables, fields, hide, unpub, ref_fields, n_atoms, bound):
    """The integer program's range of every hidden cell (``tests/reference.py``), from the
    tables as published (``hide`` NULL) with ``unpub`` unpublished; and those unpublished
    cells as (level, code, field)."""
    known = {(lv, code): {f: (None if hide[lv][i, j] else int(t[f].iloc[i])) for j, f in enumerate(fields)}
             for lv, t in tables.items() for i, code in enumerate(t["code"])}
    parent = dict(zip(tables["buurt"]["code"], tables["buurt"]["parent"]))
    parent.update(zip(tables["wijk"]["code"], tables["wijk"]["parent"]))
    gone = {(lv, code, f) for lv, t in tables.items() for i, code in enumerate(t["code"])
            for j, f in enumerate(fields) if unpub[lv][i, j]}
    return milp_integer_ranges(known, parent, ref_fields, n_atoms, 1, bound=bound, unpublished=gone), gone


def test_unpublished_cells_have_the_exact_range_and_verdict():
    cfg = AnalysisConfig(indicators={"armoede": ["bijstand"], "jeugd": ["jeugdzorg"]},
                         overlaps=[("armoede", "jeugd")]).validate()
    fields = cfg.count_fields()
    atoms, ref_fields = atom_fields(list(cfg.indicators), cfg.overlaps)
    assert list(ref_fields) == fields
    rng = np.random.default_rng(7)
    compared = unpublished_failed = unpublished_passed = 0
    for _case in range(25):
        records = _random_records(rng, int(rng.integers(15, 45)))
        tables = aggregate(records, cfg, _areas())
        hide, unpub = {}, {}
        for level, t in tables.items():
            v = t[fields].to_numpy()
            small = (v >= 1) & (v <= 4)
            extra = (v >= 1) & (rng.random(v.shape) < 0.2)
            # unpublished: cells no output shows, whatever their value (0 too), below the gemeente
            unpub[level] = (rng.random(v.shape) < 0.25) & (level != "gemeente")
            hide[level] = ((small | extra) & (level != "gemeente")) | unpub[level]
        got = audit_published(published(tables, fields, hide), cfg, exact_ranges=True, unpublished=unpub)
        mine = {(r.cell.level, r.code, r.field): r for r in got.ranges}
        ref, gone = _reference(tables, fields, hide, unpub, ref_fields, len(atoms), 200)
        assert set(ref) == set(mine)
        for cell, (lo, hi) in ref.items():
            r = mine[cell]
            assert (r.min, r.max) == (float(lo), float(hi)), cell
            inside = lo >= 1 and hi <= 4
            expected = inside if cell in gone else (inside or lo == hi)
            assert r.fails == expected, (cell, lo, hi)
            if cell in gone:
                unpublished_failed += r.fails
                unpublished_passed += not r.fails
            compared += 1
    assert compared > 400 and unpublished_failed >= 5 and unpublished_passed >= 100


def test_a_buurt_outflow_given_back_by_a_published_wijk_inflow_fails():
    """Flows published for the wijk only: B1 has 10 persons in armoede in January and 8 in
    February, nobody in the wijk enters it; so nobody entered in B1, and 2 left: a count
    of 2 no output shows, worked out all the same.  With one person entering B2 and one
    leaving it (B2 stays as it was) the outflow of B1 is 2 or 3: still inside 1..4, still
    found; with four of each, B1's inflow could be 0..4 and its outflow 2..6: safe."""
    def run(entering, leaving):
        dates = ["2024-01-01", "2024-02-01"]
        cfg = AnalysisConfig(source=SourceConfig(start_date="start", end_date="end", reference_dates=dates),
                             indicators={"armoede": ["bijstand"]}, stacking="off").validate()
        stays = ([(f"a{i}", "B1", "2023-06-01", None) for i in range(8)]
                 + [(f"b{i}", "B1", "2023-06-01", "2024-01-20") for i in range(2)]
                 + [(f"c{i}", b, "2023-06-01", None) for i, b in enumerate(["B2"] * 6 + ["B3"] * 7 + ["B4"] * 9
                                                                              + ["B5"] * 8)]
                 + [(f"d{i}", b, "2024-01-10", None) for i, b in enumerate(entering)]
                 + [(f"e{i}", b, "2023-06-01", "2024-01-20") for i, b in enumerate(leaving)])
        records = pd.DataFrame({"person": [s[0] for s in stays], "category": "bijstand",
                                "buurtcode": [s[1] for s in stays],
                                SERIES_DATES[0]: pd.to_datetime([s[2] for s in stays]),
                                SERIES_DATES[1]: pd.to_datetime([s[3] for s in stays])})
        model = flow_model(cfg)
        start, end = (records[c].to_numpy(dtype="datetime64[ns]") for c in SERIES_DATES)
        tables = aggregate(flow_records(records, model, start, end), model.config, _areas())
        assert split_flows(tables, model)["2024-02-01"]["buurt"].set_index("code").loc[
            "B1", ["armoede_n", "armoede_instroom_n", "armoede_uitstroom_n"]].tolist() == [8, 0, 2]
        fields = model.config.count_fields()
        flows = np.array([f.startswith(("in", "uit")) for f in fields])
        unpub = {lv: np.tile(flows, (len(t), 1)) & (lv == "buurt") for lv, t in tables.items()}
        got = audit_published(published(tables, fields, unpub), model.config, exact_ranges=True,
                              unpublished=unpub)
        return {r.field: (r.min, r.max, r.fails) for r in got.ranges if r.code == "B1"}
    assert run([], [])["uit0_t1_n"] == (2.0, 2.0, True)
    assert run(["B2"], ["B2"])["uit0_t1_n"] == (2.0, 3.0, True)
    assert run(["B2"] * 4, ["B2"] * 4)["uit0_t1_n"] == (2.0, 6.0, False)


def test_unpublished_buurt_flows_in_the_grouped_model_have_the_exact_range():
    """The flow model of 11 peildata (the grouped model's chain) with the buurt flows
    unpublished: every hidden and unpublished cell's exact range equals the integer
    program's from the definitions."""
    rng = np.random.default_rng(5)
    dates, stays = random_case(rng, 11)
    model = flow_model(one_indicator(dates))
    records = records_of(stays)
    four = areas_of([("B1", "W1"), ("B2", "W1"), ("B3", "W2"), ("B4", "W2")])
    tables = aggregate(flow_records(records, model, *dates_of(records)), model.config, four)
    fields = model.config.count_fields()
    flows = np.array([f.startswith(("in", "uit")) for f in fields])
    unpub = {lv: np.tile(flows, (len(t), 1)) & (lv == "buurt") for lv, t in tables.items()}
    hide = {lv: unpub[lv] | ((t[fields].to_numpy() >= 1) & (t[fields].to_numpy() <= 4) & (lv != "gemeente"))
            for lv, t in tables.items()}
    got = audit_published(published(tables, fields, hide), model.config, exact_ranges=True, unpublished=unpub)
    mine = {(r.cell.level, r.code, r.field): (r.min, r.max) for r in got.ranges}
    atoms, ref_fields = reference_fields(11)
    ref, gone = _reference(tables, fields, hide, unpub, ref_fields, len(atoms), 60)
    assert set(ref) == set(mine) and len(gone) == 4 * 20
    for cell, (lo, hi) in ref.items():
        assert mine[cell] == (float(lo), float(hi)), cell


def test_protection_leaves_no_unpublished_cell_inside_1_to_4():
    """Protection with unpublished cells (certificates, :mod:`.protect.changes`): on random
    tables where a wijk's figure often gives an unpublished buurt cell back, no hidden cell is pinned or
    narrowed into 1..4 and no unpublished one into 1..4, by an integer program built from
    the definitions; unpublished cells count as no published cell in the loss."""
    cfg = AnalysisConfig(indicators={"armoede": ["bijstand"], "jeugd": ["jeugdzorg"]},
                         overlaps=[("armoede", "jeugd")]).validate()
    fields = cfg.count_fields()
    atoms, ref_fields = atom_fields(list(cfg.indicators), cfg.overlaps)
    rng = np.random.default_rng(11)
    checked = small_unpublished = given_back = 0
    for _case in range(20):
        records = _random_records(rng, int(rng.integers(20, 50)))
        areas = _areas()
        tables = aggregate(records, cfg, areas)
        # per wijk and field often one buurt unpublished: the wijk's published figure then
        # gives it back, unless protection hides more
        unpub = {lv: np.zeros((len(t), len(fields)), dtype=bool) for lv, t in tables.items()}
        wijk_of = tables["buurt"]["parent"].to_numpy()
        for w in np.unique(wijk_of):
            rows = np.flatnonzero(wijk_of == w)
            for j in range(len(fields)):
                if rng.random() < 0.7:
                    unpub["buurt"][rng.choice(rows), j] = True
        # the rules' suppression alone (counts of 1..4 hidden) would give some of them back
        rules = {lv: ((t[fields].to_numpy() >= 1) & (t[fields].to_numpy() <= 4)) | unpub[lv]
                 for lv, t in tables.items()}
        given_back += sum(bool(unpub[r.cell.level][r.cell.row, r.cell.col]) for r in audit_published(
            published(tables, fields, rules), cfg, unpublished=unpub, exact_ranges=True).failures)
        prot = protect(tables, cfg, persons=persons_of(records, cfg, areas), unpublished=unpub)
        assert prot.audit.ok
        hide = {lv: prot.reasons[lv][fields].to_numpy() != "" for lv in tables}
        for lv in tables:
            assert (prot.reasons[lv][fields].to_numpy()[unpub[lv]] == "unpublished").all()
        loss = prot.loss()
        assert loss["cells_total"] == sum(int((~unpub[lv]).sum()) for lv in tables)
        assert loss["cells_hidden"] == sum(int((hide[lv] & ~unpub[lv]).sum()) for lv in tables)
        ref, gone = _reference(tables, fields, hide, unpub, ref_fields, len(atoms), 200)
        for cell, (lo, hi) in ref.items():
            inside = lo >= 1 and hi <= 4
            assert not inside and (cell in gone or lo < hi), (cell, lo, hi)
            checked += 1
        small_unpublished += sum(1 <= int(tables[lv][f].iloc[i]) <= 4 for lv, t in tables.items()
                                 for i in range(len(t)) for j, f in enumerate(fields) if unpub[lv][i, j])
    assert checked > 450 and small_unpublished > 70 and given_back == 52


def test_no_unpublished_cell_protects_as_without():
    """An all-False mask is no unpublished cell: the same protection as without one (an
    outside review found the certificates' route refusing more with earlier outputs)."""
    cfg = AnalysisConfig(indicators={"armoede": ["bijstand"], "jeugd": ["jeugdzorg"]},
                         overlaps=[("armoede", "jeugd")]).validate()
    rng = np.random.default_rng(3)
    n = 40
    records = pd.DataFrame({"person": np.arange(n), "category": np.where(rng.random(n) < 0.5, "bijstand", "jeugdzorg"),
                            "buurtcode": np.array([b for b, _w in BUURTEN])[rng.integers(0, 5, n)]})
    areas = _areas()
    tables = aggregate(records, cfg, areas)
    none = {lv: np.zeros((len(t), len(cfg.count_fields())), dtype=bool) for lv, t in tables.items()}
    plain = protect(tables, cfg, persons=persons_of(records, cfg, areas))
    masked = protect(tables, cfg, persons=persons_of(records, cfg, areas), unpublished=none)
    assert all(plain.reasons[lv].equals(masked.reasons[lv]) for lv in tables)
    assert plain.loss()["cells_hidden"] == masked.loss()["cells_hidden"] > 0
