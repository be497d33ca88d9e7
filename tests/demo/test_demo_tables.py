"""The demo's published tables, value for value, as a fixed reference: a change to the code
layout (or anything else) that changes one published figure, status or rate fails here.
Regenerate ``tests/data/demo_tables.csv`` only for a change that is meant to alter them."""

import io
import os

import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
GOLDEN = os.path.join(os.path.dirname(HERE), "data", "demo_tables.csv")


def tables_csv(safe) -> str:
    frames = []
    for level, table in safe.items():
        table = table.copy()
        table.insert(0, "level", level)
        frames.append(table)
    buf = io.StringIO()
    pd.concat(frames).to_csv(buf, sep=";", index=False, lineterminator="\n")
    return buf.getvalue()


def test_demo_tables_are_the_reference_tables(demo_run):
    result, _gpkg = demo_run
    with open(GOLDEN, encoding="utf-8", newline="") as fh:
        golden = fh.read().replace("\r\n", "\n")
    assert tables_csv(result.safe) == golden
