"""Property tests: row order and exact duplicates never change a count."""


import pandas as pd
from conftest import SECRET
from hypothesis import given, settings
from hypothesis import strategies as st

from steunstructuur_plugin.core.count.aggregate import aggregate
from steunstructuur_plugin.core.place.locate import locate
from steunstructuur_plugin.core.read.registrations import ImportReport, drop_duplicates, prepare_records, read_table
from steunstructuur_plugin.demo.config import demo_config

CATS = ["bijstand", "schuldhulp", "minimaregeling", "jeugdzorg", "wmo_hulpmiddel", "onbekend"]
BUURTEN = ["BU01680001", "BU01680002", "BU01680101", "BU01680102", "BU01680401", "BU99999999"]

row = st.tuples(st.integers(1, 25), st.sampled_from(CATS), st.sampled_from(BUURTEN))


def _tables(rows, tmp_path, name, areas):
    cfg = demo_config()
    text = "bsn;voorziening;buurtcode\n" + "".join(f"{p:09d};{c};{b}\n" for p, c, b in rows)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    rep = ImportReport()
    recs = locate(prepare_records(read_table(str(path), cfg, rep), cfg, SECRET, rep), cfg, areas, rep)
    drop_duplicates(recs, rep)
    assert rep.reconciles()
    return aggregate(recs, cfg, areas), rep


@settings(max_examples=40, deadline=None)
@given(rows=st.lists(row, min_size=1, max_size=60), seed=st.integers(0, 2**31 - 1),
       dup=st.lists(st.integers(0, 59), max_size=10))
def test_reorder_and_duplicates_do_not_change_counts(tmp_path_factory, losser_areas, rows, seed, dup):
    tmp = tmp_path_factory.mktemp("prop")
    base, rep = _tables(rows, tmp, "a.csv", losser_areas)
    shuffled = pd.Series(range(len(rows))).sample(frac=1, random_state=seed).tolist()
    extra = [rows[i % len(rows)] for i in dup]
    other, rep2 = _tables([rows[i] for i in shuffled] + extra, tmp, "b.csv", losser_areas)
    fields = demo_config().count_fields()
    for level in ("buurt", "wijk", "gemeente"):
        pd.testing.assert_frame_equal(base[level][fields], other[level][fields])
    assert rep2.rows_counted == rep.rows_counted
    valid = [r for r in extra if r[1] != "onbekend" and r[2] != "BU99999999"]
    assert rep2.rows_duplicate == rep.rows_duplicate + len(valid)  # an exact copy of a valid row
    assert rep2.rows_rejected == rep.rows_rejected + len(extra) - len(valid)  # rejected again, same reason
