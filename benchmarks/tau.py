"""τ-ARGUS (pytauargus, test venv only) on a buurt/wijk/gemeente table of one indicator.

Shared by the cross-check test and ``make bench``.  The engine writes log files into
its working directory, so it runs inside ``workdir``."""

import contextlib
import os

import pandas as pd


def microdata(buurt: pd.DataFrame, field: str) -> pd.DataFrame:
    """One row per person, as τ-ARGUS wants microdata: buurt, wijk and a response of 1."""
    rows = buurt.loc[buurt[field] > 0, ["code", "parent", field]]
    micro = rows.loc[rows.index.repeat(rows[field])]
    return pd.DataFrame({"buurt": micro["code"].to_numpy(), "wijk": micro["parent"].to_numpy(), "een": 1.0})


def hidden_modular(buurt: pd.DataFrame, field: str, workdir: str) -> set:
    """Cells τ-ARGUS modular (``MOD(1,5,1,1,1)`` on wijk × buurt, ``FREQ(5,0)``) hides:
    ``("gemeente",)``, ``("wijk", code)`` and ``("buurt", code)``."""
    from pytauargus import protect

    os.makedirs(workdir, exist_ok=True)
    with contextlib.chdir(workdir):
        res = protect(microdata(buurt, field), ["wijk", "buurt"], response="een", safety_rules="FREQ(5,0)",
                      suppress="MOD(1,5,1,1,1)", workdir=workdir)
        df = res.tables[0].dataframe()
    hidden = df[df["status"].isin(["U", "M"])]
    cells = set()
    for wijk, code in zip(hidden["wijk"], hidden["buurt"]):
        if wijk == "Total" and code == "Total":
            cells.add(("gemeente",))
        elif code == "Total":
            cells.add(("wijk", wijk))
        else:
            cells.add(("buurt", code))  # (Total, b) and (w, b) are the same buurt
    return cells


def hidden_optimal(buurt: pd.DataFrame, field: str, workdir: str) -> set:
    """Cells τ-ARGUS optimal (``OPT(1)`` on the hierarchy gemeente > wijk > buurt) hides."""
    from pytauargus import protect

    os.makedirs(workdir, exist_ok=True)
    hrc = os.path.join(workdir, "buurt.hrc")
    with open(hrc, "w", encoding="ascii") as fh:
        for wijk, group in buurt[buurt[field] > 0].groupby("parent", sort=True):
            fh.write(wijk + "\n" + "".join("@" + code + "\n" for code in group["code"]))
    with contextlib.chdir(workdir):
        res = protect(microdata(buurt, field)[["buurt", "een"]], ["buurt"], response="een",
                      safety_rules="FREQ(5,0)", suppress="OPT(1)", hrc={"buurt": hrc}, hierleadstring="@",
                      totcode="GM", workdir=workdir)
        df = res.tables[0].dataframe()
    wijken = set(buurt["parent"])
    return {("gemeente",) if c == "GM" else (("wijk", c) if c in wijken else ("buurt", c))
            for c in df[df["status"].isin(["U", "M"])]["buurt"]}


def pattern_passes_audit(tables, cfg, field, tau_cells) -> bool:
    """Apply τ-ARGUS's pattern (its hidden cells on top of our primary ones) to our tables
    and run our audit on it: is it safe against our attacker, who also knows that a hidden
    cell is not zero when zeros are published?"""
    from steunstructuur_plugin.core.protect import Protection, audit, primary

    reasons = primary(tables, cfg)
    for level in ("buurt", "wijk", "gemeente"):
        t = tables[level]
        for i, code in enumerate(t["code"]):
            key = ("gemeente",) if level == "gemeente" else (level, code)
            if key in tau_cells and reasons[level].at[i, field] == "":
                reasons[level].at[i, field] = "secondary"
    return audit(Protection(tables=tables, reasons=reasons), cfg).ok
