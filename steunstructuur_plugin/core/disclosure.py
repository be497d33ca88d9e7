"""Disclosure control: primary and secondary suppression and the disclosure audit.

Cells are the count fields of the buurt, wijk and gemeente tables.  The attacker we
defend against knows every published figure, that buurten add up to their wijk and
wijken to their gemeente, that an overlap ``a_x_b`` is at most each of ``a`` and ``b``,
and, when zeros are published, that every hidden cell is at least 1.

* primary: ``1 <= n < min_count`` is suppressed (and 0 when zeros are not published);
* inheritance: an overlap or stacking count of an area whose indicator is suppressed is
  suppressed too (zeros excepted: a published zero reveals nothing about its parts);
* secondary: per additive group (a wijk and its buurten, a gemeente and its wijken) the
  hidden cells must not be recomputable or narrowed into ``1..min_count-1``; the
  smallest published non-zero sibling is suppressed until they are, the parent when no
  sibling is left;
* audit: linear programming over everything published gives, for each hidden cell, the
  minimum and maximum an attacker can derive.  Cells whose range has width 0 or lies
  inside ``1..min_count-1`` fail; protection repeats until the audit passes.

Statuses per value: ``published`` or ``suppressed`` (the reason, primary or secondary,
stays in the analyst's audit report).
"""

from dataclasses import dataclass, field
from typing import Dict, List, Tuple

import numpy as np
import pandas as pd

from .aggregate import LEVELS
from .config import AnalysisConfig

PUBLISHED, SUPPRESSED = "published", "suppressed"
PRIMARY, SECONDARY, INHERITED = "primary", "secondary", "inherited"
_PARENT_LEVEL = {"buurt": "wijk", "wijk": "gemeente"}


@dataclass
class AuditResult:
    ok: bool
    cells_checked: int = 0
    failures: List[dict] = field(default_factory=list)
    ranges: List[dict] = field(default_factory=list)

    def summary(self) -> str:
        state = "passed" if self.ok else f"FAILED for {len(self.failures)} cell(s)"
        return f"disclosure audit {state}: {self.cells_checked} suppressed cells checked"


@dataclass
class Protection:
    """Counts with the reason each cell is hidden ('' = published)."""

    tables: Dict[str, pd.DataFrame]
    reasons: Dict[str, pd.DataFrame]  # level -> frame of reasons per count field
    audit: AuditResult = None

    def hidden(self, level: str, fld: str) -> pd.Series:
        return self.reasons[level][fld] != ""

    def loss(self) -> dict:
        out = {"cells_hidden": 0, "units_hidden": 0, "by_reason": {PRIMARY: 0, SECONDARY: 0, INHERITED: 0}}
        for level, reasons in self.reasons.items():
            for fld in reasons.columns:
                hid = reasons[fld] != ""
                out["cells_hidden"] += int(hid.sum())
                if level == "buurt":
                    out["units_hidden"] += int(self.tables[level].loc[hid, fld].sum())
                for r in reasons.loc[hid, fld]:
                    out["by_reason"][r] += 1
        return out


def _lower_bound(cfg: AnalysisConfig) -> int:
    return 1 if cfg.disclosure.publish_zero else 0


def primary(tables: Dict[str, pd.DataFrame], cfg: AnalysisConfig) -> Dict[str, pd.DataFrame]:
    m = int(cfg.disclosure.min_count)
    fields = cfg.count_fields()
    reasons = {}
    for level, t in tables.items():
        r = pd.DataFrame("", index=t.index, columns=fields)
        for f in fields:
            n = t[f]
            small = (n >= 1) & (n < m)
            if not cfg.disclosure.publish_zero:
                small |= n == 0
            r.loc[small, f] = PRIMARY
        reasons[level] = r
    return reasons


def _links(cfg: AnalysisConfig) -> List[Tuple[str, List[str]]]:
    """(derived field, fields it derives from) for inheritance within one area."""
    links = [(cfg.overlap_field(a, b), [f"{a}_n", f"{b}_n"]) for a, b in cfg.overlaps]
    fields = cfg.count_fields()
    if "stapeling_2plus_n" in fields:
        ov = [cfg.overlap_field(a, b) for a, b in cfg.overlaps]
        # with exactly two indicators, 2+ stacking *is* their overlap: hide them together
        if len(cfg.indicators) == 2 and ov:
            links.append(("stapeling_2plus_n", ov))
            links.append((ov[0], ["stapeling_2plus_n"]))
    if "stapeling_3plus_n" in fields:
        links.append(("stapeling_3plus_n", ["stapeling_2plus_n"]))
    return links


def _inherit(tables, reasons, cfg) -> bool:
    changed = False
    for level, t in tables.items():
        r = reasons[level]
        for derived, parents in _links(cfg):
            hide = np.zeros(len(t), dtype=bool)
            for p in parents:
                hide |= (r[p] != "").to_numpy()
            hide &= (r[derived] == "").to_numpy() & (t[derived] != 0).to_numpy()
            if hide.any():
                r.loc[hide, derived] = INHERITED
                changed = True
    return changed


def _groups(tables, level):
    """parent code -> child row indices, for the level below ``parent level``."""
    t = tables[level]
    return t.groupby("parent", sort=True).indices


def _protect_groups(tables, reasons, cfg) -> bool:
    """One pass of the group rule over every additive group; True when it hid something."""
    m = int(cfg.disclosure.min_count)
    lo = _lower_bound(cfg)
    changed = False
    for level in ("buurt", "wijk"):
        parent_level = _PARENT_LEVEL[level]
        t, r = tables[level], reasons[level]
        pt, pr = tables[parent_level], reasons[parent_level]
        pindex = {c: i for i, c in enumerate(pt["code"])}
        codes = t["code"].to_numpy()
        for parent_code, idx in _groups(tables, level).items():
            pi = pindex.get(parent_code)
            if pi is None:
                continue
            for f in cfg.count_fields():
                vals = t[f].to_numpy()[idx]
                hid = (r[f].to_numpy()[idx] != "")
                parent_hidden = pr.at[pi, f] != ""
                if parent_hidden:
                    # the parent is hidden: it must not follow from fully published children
                    if not hid.any() and pt.at[pi, f] != 0:
                        cand = [j for j in np.argsort(vals, kind="stable") if vals[j] > 0]
                        if cand:
                            r.at[idx[cand[0]], f] = SECONDARY
                            changed = True
                    continue
                if not hid.any():
                    continue
                while True:
                    k = int(hid.sum())
                    s = int(vals[hid].sum())
                    if k >= 2 and s - (k - 1) * lo >= m:
                        break
                    order = sorted((vals[j], codes[idx[j]], j) for j in range(len(idx)) if not hid[j] and vals[j] > 0)
                    if not order:
                        pr.at[pi, f] = SECONDARY
                        changed = True
                        break
                    pick = next((j for v, _, j in order if k + 1 >= 2 and s + v - k * lo >= m), order[0][2])
                    hid[pick] = True
                    r.at[idx[pick], f] = SECONDARY
                    changed = True
    return changed


def protect(tables: Dict[str, pd.DataFrame], cfg: AnalysisConfig, max_rounds: int = 50) -> Protection:
    """Primary, inherited and secondary suppression, repeated until the audit passes."""
    reasons = primary(tables, cfg)
    prot = Protection(tables=tables, reasons=reasons)
    for _ in range(max_rounds):
        changed = _inherit(tables, reasons, cfg)
        changed |= _protect_groups(tables, reasons, cfg)
        if changed:
            continue
        prot.audit = audit(prot, cfg)
        if prot.audit.ok:
            return prot
        if not _repair(prot, cfg):
            break
    prot.audit = audit(prot, cfg)
    return prot


def _repair(prot: Protection, cfg: AnalysisConfig) -> bool:
    """Hide one more cell next to each failing cell: the smallest published non-zero
    sibling, or the parent when there is none."""
    changed = False
    for fail in prot.audit.failures:
        level, f, code = fail["level"], fail["field"], fail["code"]
        t, r = prot.tables[level], prot.reasons[level]
        row = int(np.flatnonzero(t["code"].to_numpy() == code)[0])
        parent = t.at[row, "parent"]
        sib = t.index[(t["parent"] == parent) & (r[f] == "") & (t[f] > 0)]
        if len(sib) and level in _PARENT_LEVEL:
            pick = min(sib, key=lambda i: (t.at[i, f], t.at[i, "code"]))
            r.at[pick, f] = SECONDARY
            changed = True
        elif level in _PARENT_LEVEL:
            pl = _PARENT_LEVEL[level]
            pt = prot.tables[pl]
            pi = int(np.flatnonzero(pt["code"].to_numpy() == parent)[0])
            if prot.reasons[pl].at[pi, f] == "":
                prot.reasons[pl].at[pi, f] = SECONDARY
                changed = True
    return changed


# ----------------------------------------------------------------------------- audit
def audit(prot: Protection, cfg: AnalysisConfig) -> AuditResult:
    """Attacker's range for every hidden cell, by linear programming per gemeente."""
    from scipy.optimize import linprog

    m = int(cfg.disclosure.min_count)
    lo = _lower_bound(cfg)
    tables, reasons = prot.tables, prot.reasons
    fields = cfg.count_fields()
    result = AuditResult(ok=True)

    # gemeente of every row at every level
    gm_of = {
        "gemeente": tables["gemeente"]["code"].to_numpy(),
        "wijk": tables["wijk"]["parent"].to_numpy(),
    }
    wijk_gm = dict(zip(tables["wijk"]["code"], tables["wijk"]["parent"]))
    gm_of["buurt"] = np.array([wijk_gm.get(p, "") for p in tables["buurt"]["parent"]], dtype=object)

    for gm in tables["gemeente"]["code"]:
        # variables: hidden cells of this gemeente
        var = {}
        for level in LEVELS:
            rows = np.flatnonzero(gm_of[level] == gm)
            for f in fields:
                rr = reasons[level][f].to_numpy()
                for i in rows[rr[rows] != ""]:
                    var[(level, f, int(i))] = len(var)
        if not var:
            continue
        n = len(var)
        a_eq, b_eq, a_ub, b_ub = [], [], [], []

        def term(level, f, i, row, sign):
            """Add cell (level, f, i) to a constraint row; return its constant part."""
            key = (level, f, i)
            if key in var:
                row[var[key]] += sign
                return 0.0
            return sign * float(tables[level].at[i, f])

        for level in ("buurt", "wijk"):
            pl = _PARENT_LEVEL[level]
            t = tables[level]
            pcodes = {c: i for i, c in enumerate(tables[pl]["code"])}
            rows = np.flatnonzero(gm_of[level] == gm)
            groups = pd.Series(rows).groupby(t["parent"].to_numpy()[rows]).apply(list)
            for parent, idx in groups.items():
                pi = pcodes.get(parent)
                if pi is None:
                    continue
                for f in fields:
                    row = np.zeros(n)
                    const = term(pl, f, pi, row, -1.0)
                    for i in idx:
                        const += term(level, f, int(i), row, 1.0)
                    if row.any():
                        a_eq.append(row)
                        b_eq.append(-const)
        for a, b in cfg.overlaps:
            ov = cfg.overlap_field(a, b)
            for level in LEVELS:
                for i in np.flatnonzero(gm_of[level] == gm):
                    for part in (f"{a}_n", f"{b}_n"):
                        row = np.zeros(n)
                        const = term(level, ov, int(i), row, 1.0) + term(level, part, int(i), row, -1.0)
                        if row.any():
                            a_ub.append(row)
                            b_ub.append(-const)
        bounds = [(lo, None)] * n
        kw = dict(A_eq=np.array(a_eq) if a_eq else None, b_eq=np.array(b_eq) if b_eq else None,
                  A_ub=np.array(a_ub) if a_ub else None, b_ub=np.array(b_ub) if b_ub else None,
                  bounds=bounds, method="highs")
        for (level, f, i), j in var.items():
            c = np.zeros(n)
            c[j] = 1.0
            low = linprog(c, **kw)
            high = linprog(-c, **kw)
            vmin = low.fun if low.status == 0 else float("-inf")
            vmax = -high.fun if high.status == 0 else float("inf")
            result.cells_checked += 1
            rng = {"level": level, "field": f, "code": tables[level].at[i, "code"],
                   "reason": reasons[level].at[i, f], "min": vmin, "max": vmax}
            result.ranges.append(rng)
            width0 = abs(vmax - vmin) < 1e-6
            inside = vmin >= 1 - 1e-6 and vmax <= m - 1 + 1e-6
            infeasible = low.status == 2 or high.status == 2  # never trust a model that cannot hold
            if width0 or inside or infeasible:
                result.failures.append(rng)
    result.ok = not result.failures
    return result


def safe_tables(prot: Protection, cfg: AnalysisConfig) -> Dict[str, pd.DataFrame]:
    """The published tables: suppressed counts NULL, rates, and a status per value."""
    min_den = float(cfg.disclosure.min_denominator)
    out = {}
    for level, t in prot.tables.items():
        r = prot.reasons[level]
        dens = ["denominator"] + [c for c in t.columns if c.endswith("_denominator")]
        safe = t[["code", "name", "parent"] + dens].copy()
        inhabitants = pd.to_numeric(safe["denominator"], errors="coerce")
        for f in cfg.count_fields():
            hidden = r[f] != ""
            safe[f] = t[f].astype("Int64").where(~hidden, pd.NA)
            safe[f"{f[:-2]}_status"] = np.where(hidden, SUPPRESSED, PUBLISHED)
        for ind in cfg.indicators:
            n = safe[f"{ind}_n"].astype("Float64")
            den = pd.to_numeric(safe.get(f"{ind}_denominator", safe["denominator"]), errors="coerce")
            # the minimum applies to inhabitants: a small area's rates are hidden whatever the denominator
            ok = n.notna() & den.notna() & (den > 0) & ~(inhabitants < min_den)
            rate = (n / den * 1000.0).round(1)
            safe[f"{ind}_per1000"] = rate.where(ok, pd.NA)
        out[level] = safe
    return out
