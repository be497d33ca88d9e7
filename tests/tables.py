"""Count tables for tests, as ``aggregate`` makes them: buurten given, wijken and the
gemeente summed from their codes."""

import pandas as pd


def hierarchy_tables(buurten, fields):
    """buurten: {buurtcode: {field: n}}; one wijk per code[2:8], one gemeente per code[2:6]."""
    rows = [dict(code=c, name="", parent="WK" + c[2:8], denominator=1000.0, **v) for c, v in buurten.items()]
    b = pd.DataFrame(rows)
    w = b.groupby("parent", as_index=False)[fields + ["denominator"]].sum().rename(columns={"parent": "code"})
    w["parent"], w["name"] = "GM" + w["code"].str[2:6], ""
    g = w.groupby("parent", as_index=False)[fields + ["denominator"]].sum().rename(columns={"parent": "code"})
    g["parent"], g["name"] = "", ""
    cols = ["code", "name", "parent", "denominator"] + fields
    return {"buurt": b[cols], "wijk": w[cols], "gemeente": g[cols]}
