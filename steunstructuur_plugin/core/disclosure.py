"""Disclosure control: primary and secondary suppression, rounding and the disclosure audit.

The cells are the count fields of the buurt, wijk and gemeente tables.  The attacker we
defend against knows every published figure, the analysis configuration, that buurten add
up to their wijk and wijken to their gemeente, and - when zeros are published - that every
hidden cell is at least 1.  We model that knowledge exactly: every person (or household)
of a buurt falls in one *atom*, the set of indicators they are in.  Each count field is a
sum of atoms (``armoede_n`` = atoms containing armoede, ``armoede_x_jeugd_n`` = atoms
containing both, ``stapeling_2plus_n`` = atoms of two or more indicators), a wijk's atoms
are the sums of its buurten's atoms, and atoms that the configured categories cannot
produce are zero (indicators that share categories).  Counts are whole numbers, and so
are the attacker's: his range for a hidden cell is the whole numbers it can take in a
table of whole persons per atom that fits everything published.  Linear programming over
the atoms bounds it (the real-valued maximum rounded down, the minimum up); where an LP's
optimum splits persons into fractions, an integer program (HiGHS branch and bound) gives
the whole-number optimum.  That is every hidden cell's exact range, through the
hierarchy, through linked cells (A, B, A∩B, stacking) and across indicators.

* primary: ``1 <= n < min_count`` is suppressed (and 0 when zeros are not published);
* inheritance: an overlap or stacking count of an area whose indicator is suppressed is
  suppressed too (zeros excepted: a published zero reveals nothing about its parts), as
  are fields that the configuration makes identical (two indicators: 2+ stacking is
  their overlap);
* secondary, first per additive group (a wijk and its buurten, a gemeente and its
  wijken): the smallest published non-zero sibling is suppressed until the hidden cells
  of the group cannot be recomputed or narrowed into ``1..min_count-1``; the parent only
  when no sibling is left;
* audit and repair: the audit computes every hidden cell's range over whole numbers; a
  cell whose range holds one value or lies inside ``1..min_count-1`` fails.  Most cells
  are shown safe by tables of whole persons the attacker cannot rule out: the real one,
  the real one with people moved between two buurten (:func:`_pair_moves`, no LP) and
  the whole-number points of a few LPs over all cells at once (:func:`_certify`); the
  rest get their exact minimum and maximum (an LP each, an integer program where the
  LP's optimum is fractional).  Next to a failing cell the
  cheapest linked published cell (a buurt before a wijk before a gemeente, the smallest
  count first, then the code) is suppressed, until the audit passes.  Every choice is
  deterministic.
* rounding (optional): published counts are rounded to a multiple of ``rounding_base``
  after suppression; rates are computed from the unrounded counts (CBS practice), so the
  audit treats the unrounded counts as known to the attacker.

The published status per value is ``published``, ``rounded`` or ``suppressed``; the
reason for a suppression (primary, inherited, secondary) stays in the analyst's audit
report, because publishing it would tell which hidden cells are small.
"""

from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

import numpy as np
import pandas as pd

from .aggregate import LEVELS
from .config import AnalysisConfig
from .registrations import normalise_category

PUBLISHED, SUPPRESSED, ROUNDED = "published", "suppressed", "rounded"
PRIMARY, INHERITED, SECONDARY = "primary", "inherited", "secondary"
_REASONS = ("", PRIMARY, INHERITED, SECONDARY)
_CODE = {r: i for i, r in enumerate(_REASONS)}
_RANK = {"buurt": 0, "wijk": 1, "gemeente": 2}
_PARENT = {"buurt": "wijk", "wijk": "gemeente"}
_CHILD = {parent: child for child, parent in _PARENT.items()}
#: an attacker's maximum at or above this is reported as unbounded
UNBOUNDED = 1e6
#: copies of one audit block solved in a single LP, up to this many variables
_BATCH_VARIABLES = 40000
#: rounds of all-cells-at-once LPs that show cells safe before the exact LP per cell
_CERTIFY_ROUNDS = 8
#: tables from moving people between two buurten (:func:`_pair_moves`) are tried first
#: for configurations of up to this many atoms (3 indicators have 7)
_MOVE_MAX_ATOMS = 8
#: ... evaluated for this many pairs of buurten at a time (bounds the memory)
_MOVE_PAIRS_AT_ONCE = 5000
#: ... between the open buurten of a wijk (or of a gemeente) of at most this many
_MOVE_GROUP_MAX = 1000
#: ... ended early when a round shows fewer than this share of the open cells safe
_CERTIFY_MIN_GAIN = 0.05
#: a value this far beyond a limit counts as beyond it (LP tolerances are ~1e-7)
_CERT_MARGIN = 1e-3
#: a solver's value this close to an integer is that integer (HiGHS's integrality
#: tolerance is 1e-6; constraints have integer coefficients and right-hand sides)
_INT_TOL = 1e-6
#: seconds HiGHS may spend on one stacked integer program before it is split up; a
#: single cell's program that still does not finish keeps the best table found
#: (an inner range: the verdict errs towards hiding)
_MILP_SECONDS = 20.0
#: hidden cells of a gemeente up to which unneeded secondary cells are tried again
_PRUNE_MAX_CELLS = 120


# ----------------------------------------------------------------------------- results
@dataclass
class AuditResult:
    ok: bool
    cells_checked: int = 0
    failures: List[dict] = field(default_factory=list)
    ranges: List[dict] = field(default_factory=list)
    lp_solved: int = 0
    #: integer programs solved where an LP's optimum split persons into fractions
    milp_solved: int = 0
    #: what is wrong with a file besides its cells (edited, unexplained columns, ...)
    problems: List[str] = field(default_factory=list)
    #: of a file audit: the seal of the content that was audited (:mod:`.seal`)
    content_seal: str = ""

    def finish(self, ranges) -> "AuditResult":
        """Set the ranges (sorted: buurt, wijk, gemeente; code; field) and the verdict."""
        self.ranges = sorted(ranges, key=lambda r: (_RANK[r["level"]], r["code"], r["col"]))
        self.failures = [r for r in self.ranges if r["fails"]]
        self.cells_checked = len(self.ranges)
        self.ok = not self.failures and not self.problems
        return self

    def summary(self) -> str:
        if self.ok:
            state = "passed"
        else:
            parts = [f"{len(self.failures)} cell(s)"] if self.failures or not self.problems else []
            parts += [f"{len(self.problems)} problem(s) with the file"] if self.problems else []
            state = "FAILED for " + " and ".join(parts)
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
        """Information loss: cells hidden (per reason and level) and units hidden in buurten."""
        out = {"cells_hidden": 0, "units_hidden": 0, "cells_total": 0,
               "by_reason": {PRIMARY: 0, INHERITED: 0, SECONDARY: 0},
               "by_level": {level: 0 for level in self.reasons}}
        for level, reasons in self.reasons.items():
            codes = reasons.to_numpy()
            hid = codes != ""
            out["cells_total"] += codes.size
            out["cells_hidden"] += int(hid.sum())
            out["by_level"][level] = int(hid.sum())
            if level == "buurt":
                vals = self.tables[level][list(reasons.columns)].to_numpy()
                out["units_hidden"] += int(vals[hid].sum())
            for r in (PRIMARY, INHERITED, SECONDARY):
                out["by_reason"][r] += int((codes == r).sum())
        return out


# ----------------------------------------------------------------------------- the model
def field_atoms(cfg: AnalysisConfig) -> Tuple[List[Tuple[str, ...]], np.ndarray]:
    """The possible indicator combinations (atoms) and which count field sums which atom.

    A combination S is possible when the categories that only belong to indicators of S
    together reach every indicator of S; e.g. with ``armoede = bijstand ∪ schuld`` and
    ``schuld = schuld``, nobody can be in schuld without being in armoede."""
    inds = list(cfg.indicators)
    index = {ind: i for i, ind in enumerate(inds)}
    cat_mask: Dict[str, int] = {}
    for ind, cats in cfg.indicators.items():
        for cat in normalise_category(pd.Series(list(cats), dtype=object)):
            cat_mask[cat] = cat_mask.get(cat, 0) | (1 << index[ind])
    masks = set(cat_mask.values())
    atoms = []
    for s in range(1, 1 << len(inds)):
        reach = 0
        for mk in masks:
            if mk & ~s == 0:
                reach |= mk
        if reach == s:
            atoms.append(s)
    fields = cfg.count_fields()
    pattern = np.zeros((len(fields), len(atoms)), dtype=bool)
    sizes = np.array([bin(s).count("1") for s in atoms])
    amask = np.array(atoms)
    for j, f in enumerate(fields):
        if f == "stapeling_2plus_n":
            pattern[j] = sizes >= 2
        elif f == "stapeling_3plus_n":
            pattern[j] = sizes >= 3
        elif f.endswith("_n") and f[:-2] in index:
            pattern[j] = (amask >> index[f[:-2]]) & 1 == 1
        else:
            for a, b in cfg.overlaps:
                if cfg.overlap_field(a, b) == f:
                    both = (1 << index[a]) | (1 << index[b])
                    pattern[j] = amask & both == both
    names = [tuple(ind for ind in inds if s >> index[ind] & 1) for s in atoms]
    return names, pattern


class _Tree:
    """Row indices linking buurt -> wijk -> gemeente."""

    def __init__(self, tables: Dict[str, pd.DataFrame]):
        w_index = {c: i for i, c in enumerate(tables["wijk"]["code"])}
        g_index = {c: i for i, c in enumerate(tables["gemeente"]["code"])}
        self.b_w = np.array([w_index.get(p, -1) for p in tables["buurt"]["parent"]], dtype=np.int64)
        self.w_g = np.array([g_index.get(p, -1) for p in tables["wijk"]["parent"]], dtype=np.int64)
        self.b_g = np.where(self.b_w >= 0, self.w_g[np.maximum(self.b_w, 0)], -1)
        self.n = {level: len(tables[level]) for level in LEVELS}
        self.codes = {level: tables[level]["code"].to_numpy(dtype=object) for level in LEVELS}

    def parent_rows(self, level: str) -> np.ndarray:
        return self.b_w if level == "buurt" else self.w_g


def _values(tables, fields) -> Dict[str, np.ndarray]:
    return {level: tables[level][fields].to_numpy(dtype=np.float64) for level in LEVELS}


def _codes(reasons: Dict[str, pd.DataFrame], fields) -> Dict[str, np.ndarray]:
    return {level: np.vectorize(_CODE.__getitem__, otypes=[np.int8])(reasons[level][fields].to_numpy(dtype=object))
            if len(reasons[level]) else np.zeros((0, len(fields)), dtype=np.int8) for level in LEVELS}


def _frames(codes: Dict[str, np.ndarray], tables, fields) -> Dict[str, pd.DataFrame]:
    names = np.array(_REASONS, dtype=object)
    return {level: pd.DataFrame(names[codes[level]], index=tables[level].index, columns=fields)
            for level in LEVELS}


# ----------------------------------------------------------------------------- protection
def _lower_bound(cfg: AnalysisConfig) -> int:
    """What an attacker knows of every hidden cell: at least 1 when zeros are published."""
    return 1 if cfg.disclosure.publish_zero else 0


def primary(tables: Dict[str, pd.DataFrame], cfg: AnalysisConfig) -> Dict[str, pd.DataFrame]:
    fields = cfg.count_fields()
    return _frames(_primary_codes(_values(tables, fields), cfg), tables, fields)


def _primary_codes(values, cfg) -> Dict[str, np.ndarray]:
    m = int(cfg.disclosure.min_count)
    out = {}
    for level, v in values.items():
        small = (v >= 1) & (v < m)
        if not cfg.disclosure.publish_zero:
            small |= v == 0
        out[level] = np.where(small, _CODE[PRIMARY], 0).astype(np.int8)
    return out


def _links(cfg: AnalysisConfig, pattern: np.ndarray) -> List[Tuple[int, List[int]]]:
    """(derived field, fields it derives from), as column indices, for inheritance."""
    fields = cfg.count_fields()
    col = {f: j for j, f in enumerate(fields)}
    links = [(col[cfg.overlap_field(a, b)], [col[f"{a}_n"], col[f"{b}_n"]]) for a, b in cfg.overlaps]
    if "stapeling_3plus_n" in col:
        links.append((col["stapeling_3plus_n"], [col["stapeling_2plus_n"]]))
    # fields the configuration makes identical are one cell: hide them together
    for i in range(len(fields)):
        for j in range(len(fields)):
            if i != j and np.array_equal(pattern[i], pattern[j]):
                links.append((j, [i]))
    return links


def _inherit(values, codes, links) -> bool:
    changed = False
    for level in LEVELS:
        v, c = values[level], codes[level]
        for derived, parents in links:
            hide = (c[:, parents] != 0).any(axis=1) & (c[:, derived] == 0) & (v[:, derived] != 0)
            if hide.any():
                c[hide, derived] = _CODE[INHERITED]
                changed = True
    return changed


def _protect_groups(values, codes, tree: _Tree, cfg, gemeenten=None) -> bool:
    """One pass of the group rule over every additive group (of the gemeente rows
    ``gemeenten``, or all); True when it hid something."""
    m = int(cfg.disclosure.min_count)
    lo = _lower_bound(cfg)
    changed = False
    for level, parent_level in _PARENT.items():
        v, c = values[level], codes[level]
        pv, pc = values[parent_level], codes[parent_level]
        prow = tree.parent_rows(level)
        codes_l = tree.codes[level]
        # a candidate with no hidden child costs one cell more: its children would give it away
        extra = np.zeros(v.shape, dtype=np.int8)
        if level in _CHILD:
            child = _CHILD[level]
            crow = tree.parent_rows(child)
            has_hidden = np.zeros(v.shape, dtype=bool)
            ok = crow >= 0
            np.logical_or.at(has_hidden, crow[ok], codes[child][ok] != 0)
            extra = (~has_hidden).astype(np.int8)
        order = np.argsort(prow, kind="stable")
        starts = np.flatnonzero(np.r_[True, prow[order][1:] != prow[order][:-1]])
        group_gem = tree.w_g if parent_level == "wijk" else np.arange(tree.n["gemeente"])
        for g, idx in zip(prow[order][starts], np.split(order, starts[1:])):
            if g < 0 or (gemeenten is not None and group_gem[g] not in gemeenten):
                continue
            hid_any = c[idx] != 0
            touched = hid_any.any(axis=0) | (pc[g] != 0)
            for f in np.flatnonzero(touched):
                vals = v[idx, f]
                hid = hid_any[:, f].copy()
                if pc[g, f] != 0:
                    # the parent is hidden: it must not follow from fully published children
                    if not hid.any() and pv[g, f] != 0:
                        cand = [j for j in np.argsort(vals, kind="stable") if vals[j] > 0]
                        if cand:
                            c[idx[cand[0]], f] = _CODE[SECONDARY]
                            changed = True
                    continue
                while True:
                    k = int(hid.sum())
                    s = float(vals[hid].sum())
                    if k >= 2 and s - (k - 1) * lo >= m:
                        break
                    order_c = sorted((extra[idx[j], f], vals[j], codes_l[idx[j]], j) for j in range(len(idx))
                                     if not hid[j] and vals[j] > 0)
                    if not order_c:
                        pc[g, f] = _CODE[SECONDARY]
                        changed = True
                        break
                    pick = next((j for _, val, _, j in order_c if k + 1 >= 2 and s + val - k * lo >= m),
                                order_c[0][3])
                    hid[pick] = True
                    c[idx[pick], f] = _CODE[SECONDARY]
                    changed = True
    return changed


def protect(tables: Dict[str, pd.DataFrame], cfg: AnalysisConfig, max_rounds: int = 200) -> Protection:
    """Primary, inherited and secondary suppression, repaired until the audit passes."""
    fields = cfg.count_fields()
    _, pattern = field_atoms(cfg)
    tree = _Tree(tables)
    values = _values(tables, fields)
    codes = _primary_codes(values, cfg)
    links = _links(cfg, pattern)
    _settle(values, codes, links, tree, cfg)
    pending = None  # gemeente rows to (re-)audit; None = all
    check = None  # cells to (re-)audit; None = all hidden cells
    all_ranges: Dict[Tuple[str, int, int], dict] = {}
    tally = AuditResult(ok=True)  # LPs and integer programs solved
    for _ in range(max_rounds):
        result = _audit_arrays(tree, pattern, values, codes, fields, cfg, gemeenten=pending, verdict_only=True,
                               only=check)
        _count(tally, (result.lp_solved, result.milp_solved))
        for r in result.ranges:
            all_ranges[(r["level"], r["row"], r["col"])] = r
        if result.ok:
            break
        before = {lv: c != 0 for lv, c in codes.items()}
        touched = _repair(result.failures, values, codes, tree)
        if not touched:
            break
        _settle(values, codes, links, tree, cfg, touched)
        pending = sorted(touched)
        # Hiding more never makes a safe cell unsafe: the tables that showed it safe
        # still fit what is published (a newly hidden cell keeps its true value, at least
        # 1).  So only the failing cells and the newly hidden ones are checked again.
        check = {(f["level"], f["row"], f["col"]) for f in result.failures}
        for lv, c in codes.items():
            check.update((lv, int(r), int(f)) for r, f in zip(*np.nonzero((c != 0) & ~before[lv])))
    if result.ok:
        _prune(tree, pattern, values, codes, fields, cfg, all_ranges, tally)
    prot = Protection(tables=tables, reasons=_frames(codes, tables, fields))
    prot.audit = AuditResult(ok=True, lp_solved=tally.lp_solved, milp_solved=tally.milp_solved).finish(
        all_ranges.values())
    return prot


def _rows_of(tree: _Tree, g: int) -> Dict[str, np.ndarray]:
    """The buurt, wijk and gemeente rows of gemeente row ``g``."""
    return {"buurt": np.flatnonzero(tree.b_g == g), "wijk": np.flatnonzero(tree.w_g == g),
            "gemeente": np.array([g])}


def _neighbourhood(tree: _Tree, level: str, row: int) -> Dict[str, set]:
    """An area, its parent, its siblings and its children (rows per level)."""
    out = {lv: set() for lv in LEVELS}
    out[level].add(row)
    if level in _PARENT:
        p = int(tree.parent_rows(level)[row])
        if p >= 0:
            out[_PARENT[level]].add(p)
            out[level].update(np.flatnonzero(tree.parent_rows(level) == p).tolist())
    if level in _CHILD:
        out[_CHILD[level]].update(np.flatnonzero(tree.parent_rows(_CHILD[level]) == row).tolist())
    return out


def _prune(tree: _Tree, pattern, values, codes, fields, cfg, all_ranges, tally: AuditResult) -> None:
    """Publish again the secondary cells a hidden parent made unnecessary.

    A lone hidden buurt first gets a sibling as partner; when its wijk is hidden later
    (as a partner at the gemeente level), the wijk may protect it on its own.  Each such
    secondary cell under a hidden parent is published again if the audit still passes
    without it: all candidates of an independent component at once, and when that fails
    one by one (largest counts first, then the code: deterministic), each against the
    components around it.  Components share no figure, so each step audits all of them
    together.  Only in gemeenten with at most ``_PRUNE_MAX_CELLS`` hidden cells: in big
    ones the one-by-one tries take many steps, and they keep their partners."""
    cands = []
    for level, parent in _PARENT.items():
        prow = tree.parent_rows(level)
        ok = prow >= 0
        sec = (codes[level] == _CODE[SECONDARY]) & ok[:, None]
        under = np.zeros_like(sec)
        under[ok] = codes[parent][prow[ok]] != 0
        gem = tree.b_g if level == "buurt" else tree.w_g
        for r, f in zip(*np.nonzero(sec & under)):
            cands.append((-values[level][r, f], tree.codes[level][r], f, level, int(r), int(gem[r])))
    by_gem: Dict[int, list] = {}
    for cand in sorted(cands):
        by_gem.setdefault(cand[5], []).append(cand[2:5])
    by_gem = {g: cells for g, cells in by_gem.items()
              if sum(int((codes[lv][rows] != 0).sum()) for lv, rows in _rows_of(tree, g).items())
              <= _PRUNE_MAX_CELLS}
    if not by_gem:
        return

    # Gemeenten share no figure, and neither do the independent components of the
    # current pattern: publishing a candidate changes only the component it is hidden in.
    # So every component decides on its own candidates, all components in one audit.
    label: Dict[Tuple[str, int, int], int] = {}
    _audit_arrays(tree, pattern, values, codes, fields, cfg, gemeenten=sorted(by_gem), labels=label)
    by_comp: Dict[int, list] = {}
    for g, cells in by_gem.items():
        for f, level, r in cells:
            by_comp.setdefault(label[(level, r, f)], []).append((f, level, r))

    def failing(result) -> set:
        """The components (of the pattern before pruning) holding a failing cell."""
        return {label[(fl["level"], fl["row"], fl["col"])] for fl in result.failures}

    # all of a component's candidates at once; components without a candidate stay as
    # they are, so only the cells of the others are audited
    changing = {cell for cell, c in label.items() if c in by_comp}
    for cells in by_comp.values():
        for f, level, r in cells:
            codes[level][r, f] = 0
    result = _audit_arrays(tree, pattern, values, codes, fields, cfg, gemeenten=sorted(by_gem), verdict_only=True,
                           only=changing)
    _count(tally, (result.lp_solved, result.milp_solved))
    bad = failing(result)
    # Every pattern tried from here hides more than this one, so a cell safe now stays
    # safe (the tables that showed it still fit).  Only the cells failing now and the
    # candidates hidden again need checking.
    kept = {(rg["level"], rg["row"], rg["col"]): rg for rg in result.ranges if not rg["fails"]}
    at_risk = {(fl["level"], fl["row"], fl["col"]) for fl in result.failures}
    at_risk |= {(level, r, f) for c in bad for f, level, r in by_comp[c]}
    for c in bad:
        for f, level, r in by_comp[c]:
            codes[level][r, f] = _CODE[SECONDARY]
    # then one by one (largest count first), the i-th candidate of every such component
    # in the same audit, each checked against the components around it
    queue = {c: by_comp[c] for c in sorted(bad) if len(by_comp[c]) > 1}
    gem_of = {"buurt": tree.b_g, "wijk": tree.w_g, "gemeente": np.arange(tree.n["gemeente"])}
    for i in range(max((len(cells) for cells in queue.values()), default=0)):
        step = {c: cells[i] for c, cells in queue.items() if i < len(cells)}
        focus = {lv: set() for lv in LEVELS}
        for f, level, r in step.values():
            codes[level][r, f] = 0
            for lv, rows in _neighbourhood(tree, level, r).items():
                focus[lv] |= rows
        gems = sorted({int(gem_of[level][r]) for f, level, r in step.values()})
        result = _audit_arrays(tree, pattern, values, codes, fields, cfg, gemeenten=gems, focus=focus,
                               verdict_only=True, only=at_risk)
        _count(tally, (result.lp_solved, result.milp_solved))
        for c in failing(result):
            # only a component with a candidate in this step can have changed; were it
            # another, all its candidates are hidden again
            for f, level, r in [step[c]] if c in step else by_comp[c]:
                codes[level][r, f] = _CODE[SECONDARY]
    # the components that went one by one are audited once more as they end up (a
    # failure there is not expected: it hides the component's candidates again; should
    # even that fail, protect() returns a failing audit and nothing is written)
    for _ in range(3 if bad else 0):
        check = {(lv, int(r), int(f)) for lv in LEVELS for r, f in zip(*np.nonzero(codes[lv] != 0))
                 if (lv, int(r), int(f)) in at_risk}
        gems = sorted({int(gem_of[lv][r]) for lv, r, f in check})
        result = _audit_arrays(tree, pattern, values, codes, fields, cfg, gemeenten=gems, verdict_only=True,
                               only=check)
        _count(tally, (result.lp_solved, result.milp_solved))
        kept.update({(rg["level"], rg["row"], rg["col"]): rg for rg in result.ranges})
        if result.ok:
            break
        for c in failing(result):
            for f, level, r in by_comp[c]:
                codes[level][r, f] = _CODE[SECONDARY]
    for key in changing:
        all_ranges.pop(key, None)
    for key, rg in kept.items():
        if codes[key[0]][key[1], key[2]] != 0:
            all_ranges[key] = rg


def _settle(values, codes, links, tree: _Tree, cfg, gemeenten=None) -> None:
    """Inheritance and the group rule, repeated until neither hides anything more.
    ``gemeenten``: only their groups can have changed (gemeenten share no figure)."""
    while _inherit(values, codes, links) | _protect_groups(values, codes, tree, cfg, gemeenten):
        pass


def _repair(failures, values, codes, tree: _Tree) -> set:
    """Hide the cheapest published cell linked to each failing cell; the gemeenten touched.

    Linked means: another field of the same area, a sibling, the parent or a child in
    the same field.  The search walks through hidden cells (that is how an attacker's
    reasoning travels) and stops at the nearest distance that has a published non-zero
    cell; among those a buurt goes before a wijk before a gemeente, then the smallest
    count, then the code."""
    from collections import deque

    kids = {lv: pd.Series(np.arange(tree.n[c])).groupby(tree.parent_rows(c)).indices for lv, c in _CHILD.items()}

    def neighbours(cell):
        lv, r, f = cell
        nf = values[lv].shape[1]
        out = [(lv, r, g) for g in range(nf) if g != f]
        if lv in _PARENT:
            p = tree.parent_rows(lv)[r]
            if p >= 0:
                out.append((_PARENT[lv], p, f))
                out += [(lv, s, f) for s in kids[_PARENT[lv]].get(p, ()) if s != r]
        if lv in _CHILD:
            out += [(_CHILD[lv], c, f) for c in kids[lv].get(r, ())]
        return out

    touched = set()
    for fail in failures:
        start = (fail["level"], fail["row"], fail["col"])
        seen, queue, cands, depth_found = {start}, deque([(start, 0)]), [], None
        while queue:
            cell, d = queue.popleft()
            if depth_found is not None and d >= depth_found:
                break
            for nb in neighbours(cell):
                if nb in seen:
                    continue
                seen.add(nb)
                lv, r, f = nb
                if codes[lv][r, f] != 0:
                    queue.append((nb, d + 1))
                elif values[lv][r, f] > 0:
                    cands.append((_RANK[lv], values[lv][r, f], tree.codes[lv][r], f, lv, r))
                    depth_found = d + 1
        if not cands:
            continue
        _, _, _, f_, lv, r_ = min(cands, key=lambda t: t[:4])
        codes[lv][r_, f_] = _CODE[SECONDARY]
        touched.add(int(fail["gemeente_row"]))
    return touched


# ----------------------------------------------------------------------------- audit
def audit(prot: Protection, cfg: AnalysisConfig, exact_ranges: bool = False) -> AuditResult:
    """Attacker's range for every hidden cell of a protection (exact counts known).

    ``exact_ranges``: solve the exact minimum and maximum of every hidden cell; otherwise
    cells shown safe by :func:`_certify` get a range the attacker cannot narrow further
    (``exact`` False), and only the others are solved exactly."""
    fields = cfg.count_fields()
    _, pattern = field_atoms(cfg)
    tree = _Tree(prot.tables)
    return _audit_arrays(tree, pattern, _values(prot.tables, fields), _codes(prot.reasons, fields), fields, cfg,
                         exact_ranges=exact_ranges)


def audit_published(safe: Dict[str, pd.DataFrame], cfg: AnalysisConfig, exact_ranges: bool = False) -> AuditResult:
    """Audit published tables as an attacker sees them: NULL counts are the hidden cells.

    This is what ``steunstructuur:audit`` runs on a GeoPackage: it needs nothing but the
    published figures and the configuration.  With rounding, counts that a rate and its
    denominator pin down to one integer are recovered first, as an attacker would."""
    fields = cfg.count_fields()
    _, pattern = field_atoms(cfg)
    tree = _Tree(safe)
    values, codes, spread = {}, {}, {}
    base = int(cfg.disclosure.rounding_base)
    for level in LEVELS:
        t = safe[level]
        v = t[fields].apply(pd.to_numeric, errors="coerce").to_numpy(dtype=np.float64)
        hid = np.isnan(v)
        half = np.zeros_like(v)
        if base >= 2:
            v, pinned = _unround(t, v, fields)
            half = np.where(pinned | hid, 0.0, base // 2)
        values[level] = np.where(hid, 0.0, v)
        codes[level] = np.where(hid, _CODE[SECONDARY], 0).astype(np.int8)
        spread[level] = half
    return _audit_arrays(tree, pattern, values, codes, fields, cfg, with_reasons=False, spread=spread,
                         truth=False, exact_ranges=exact_ranges)


def _unround(t: pd.DataFrame, v: np.ndarray, fields) -> Tuple[np.ndarray, np.ndarray]:
    """Exact counts from rate x denominator where that pins one integer, and where it did."""
    out = v.copy()
    pinned_all = np.zeros(v.shape, dtype=bool)
    for j, f in enumerate(fields):
        ind = f[:-2]
        rate_col = f"{ind}_per1000"
        if rate_col not in t.columns:
            continue
        den = pd.to_numeric(t.get(f"{ind}_denominator", t["denominator"]), errors="coerce").to_numpy(dtype=float)
        rate = pd.to_numeric(t[rate_col], errors="coerce").to_numpy(dtype=float)
        lo = np.ceil((rate - 0.05) * den / 1000.0 - 1e-9)
        hi = np.floor((rate + 0.05) * den / 1000.0 + 1e-9)
        pinned = np.isfinite(rate) & (lo == hi)
        out[pinned, j] = lo[pinned]
        pinned_all[:, j] = pinned
    return out, pinned_all


def _audit_arrays(tree: _Tree, pattern, values, codes, fields, cfg, gemeenten=None,
                  with_reasons: bool = True, spread=None, focus=None, exact_ranges: bool = False,
                  truth: bool = True, verdict_only: bool = False, only=None, labels=None) -> AuditResult:
    """The attacker's minimum and maximum of every hidden cell, by linear programming.

    Variables are the atoms of every buurt with a hidden cell and the hidden wijk and
    gemeente cells; published figures are constants.  Constraints: a buurt's published
    fields fix sums of its atoms, hidden cells are at least 1 when zeros are published,
    and every wijk and gemeente figure is the sum of its children.  The system falls
    apart into small independent components (a published total separates what is below
    it); each component is solved for each of its hidden cells, with many such problems
    stacked block-diagonally into one LP per direction.
    ``spread`` (level -> half-widths) marks published values known only within +-spread
    (rounded counts): they become bounded variables instead of constants.
    ``focus`` (level -> area rows) solves only the components holding a hidden cell of
    those areas: after one cell is published, the components without a cell of its area,
    parent, siblings or children have the same constraints as before.  ``only``: the
    (level, row, col) cells to check; None = every hidden cell.  ``verdict_only``: only
    whether each cell is safe matters (see the end), not its range.  ``labels``: a dict
    to fill with the independent component of every hidden cell, (level, row, col) ->
    label, instead of solving anything."""
    import scipy.sparse as sp
    from scipy.sparse.csgraph import connected_components

    m = int(cfg.disclosure.min_count)
    lob = float(_lower_bound(cfg))
    nf, na = pattern.shape
    spread = spread or {level: np.zeros_like(values[level]) for level in LEVELS}
    if gemeenten is None:
        sel = {level: np.ones(tree.n[level], dtype=bool) for level in LEVELS}
    else:
        g = np.asarray(list(gemeenten), dtype=np.int64)
        sel = {"buurt": np.isin(tree.b_g, g), "wijk": np.isin(tree.w_g, g),
               "gemeente": np.isin(np.arange(tree.n["gemeente"]), g)}
    hidden = {lv: (codes[lv] != 0) & sel[lv][:, None] for lv in LEVELS}
    ranged = {lv: ~hidden[lv] & (spread[lv] > 0) & sel[lv][:, None] for lv in LEVELS}
    var_cell = {lv: hidden[lv] | ranged[lv] for lv in LEVELS}
    atoms_of = [np.flatnonzero(pattern[f]) for f in range(nf)]

    # ---- variables: atoms of open buurten, then hidden/ranged wijk and gemeente cells
    open_b = np.flatnonzero(var_cell["buurt"].any(axis=1))
    atom_base = np.full(tree.n["buurt"], -1, dtype=np.int64)
    atom_base[open_b] = np.arange(len(open_b)) * na
    nv = len(open_b) * na
    low_bound = [np.zeros(nv)]
    high_bound = [np.full(nv, UNBOUNDED * 10)]
    yvar = {}
    for lv in ("wijk", "gemeente"):
        ids = np.full(values[lv].shape, -1, dtype=np.int64)
        cells = np.flatnonzero(var_cell[lv].ravel())
        ids.ravel()[cells] = nv + np.arange(len(cells))
        nv += len(cells)
        v, h, hid = values[lv].ravel()[cells], spread[lv].ravel()[cells], hidden[lv].ravel()[cells]
        low_bound.append(np.where(hid, lob, np.maximum(v - h, 0.0)))
        high_bound.append(np.where(hid, UNBOUNDED * 10, v + h))
        yvar[lv] = ids
    low_bound, high_bound = np.concatenate(low_bound), np.concatenate(high_bound)

    eq = _Rows()
    ub = _Rows()
    # ---- buurt fields as sums of atoms
    for f in range(nf):
        cols = atom_base[open_b][:, None] + atoms_of[f][None, :]
        v, h = values["buurt"][open_b, f], spread["buurt"][open_b, f]
        hid, rng_ = hidden["buurt"][open_b, f], ranged["buurt"][open_b, f]
        exact = ~hid & ~rng_
        eq.add(cols[exact], 1.0, v[exact])
        # a published zero fixes all its atoms at zero: they leave the problem
        zero = cols[exact & (v == 0)].ravel()
        high_bound[zero] = 0.0
        ub.add(cols[hid], -1.0, np.full(int(hid.sum()), -lob))
        ub.add(cols[rng_], 1.0, v[rng_] + h[rng_])
        ub.add(cols[rng_], -1.0, -(v[rng_] - h[rng_]))
    # ---- every wijk and gemeente figure is the sum of its children
    for child, parent in _PARENT.items():
        prow = tree.parent_rows(child)
        ok = (prow >= 0) & sel[child]
        for f in range(nf):
            # terms: parent (+1) and children (-1); constants move to the right-hand side
            rhs = np.zeros(tree.n[parent])
            pv = yvar[parent][:, f]
            const_p = pv < 0
            rhs[const_p] -= values[parent][const_p, f]
            ents_r, ents_c, ents_v = [np.flatnonzero(~const_p)], [pv[~const_p]], [np.ones(int((~const_p).sum()))]
            kids = np.flatnonzero(ok)
            kv = var_cell[child][kids, f]
            np.add.at(rhs, prow[kids[~kv]], values[child][kids[~kv], f])
            vk = kids[kv]
            if child == "buurt":
                cols = atom_base[vk][:, None] + atoms_of[f][None, :]
                ents_r.append(np.repeat(prow[vk], len(atoms_of[f])))
                ents_c.append(cols.ravel())
                ents_v.append(-np.ones(cols.size))
            else:
                ents_r.append(prow[vk])
                ents_c.append(yvar[child][vk, f])
                ents_v.append(-np.ones(len(vk)))
            r_, c_, v_ = (np.concatenate(x) for x in (ents_r, ents_c, ents_v))
            used = np.unique(r_)
            used = used[sel[parent][used]]
            eq.add_sparse(r_, c_, v_, rhs, used)

    a_eq, b_eq = eq.matrix(nv)
    a_ub, b_ub = ub.matrix(nv)

    # ---- targets: hidden buurt cells (sums of atoms) and hidden wijk/gemeente cells
    targets = []  # (level, row, col, var columns)
    hb_rows, hb_cols = np.nonzero(hidden["buurt"])
    for r, f in zip(hb_rows, hb_cols):
        targets.append(("buurt", int(r), int(f), atom_base[r] + atoms_of[f]))
    for lv in ("wijk", "gemeente"):
        for r, f in zip(*np.nonzero(hidden[lv])):
            targets.append((lv, int(r), int(f), np.array([yvar[lv][r, f]])))

    # ---- independent components
    edges = sp.vstack([a_eq, a_ub], format="csr")
    edges.data[:] = 1.0
    atom_links = sp.csr_matrix((np.ones(nv), (np.arange(nv), np.arange(nv))), shape=(nv, nv))
    if len(open_b):
        first = np.repeat(atom_base[open_b], na)
        allatoms = (atom_base[open_b][:, None] + np.arange(na)[None, :]).ravel()
        atom_links = atom_links + sp.csr_matrix((np.ones(len(first)), (first, allatoms)), shape=(nv, nv))
    adjacency = (edges.T @ edges + atom_links).tocsr()
    _, comp = connected_components(adjacency, directed=False)
    if labels is not None:
        labels.update({t[:3]: int(comp[t[3][0]]) for t in targets})
        return None
    system = _System(a_eq, b_eq, a_ub, b_ub, low_bound, high_bound, comp)
    if focus is not None:
        near = {comp[t[3][0]] for t in targets if t[1] in focus.get(t[0], ())}
        targets = [t for t in targets if comp[t[3][0]] in near]
    if only is not None:
        targets = [t for t in targets if t[:3] in only]

    result = AuditResult(ok=True)
    solved = {}
    if truth and any(values[t[0]][t[1], t[2]] < lob for t in targets):
        truth = False  # a hidden cell below what the attacker assumes: not a feasible table
    if not exact_ranges:
        truth_values = np.array([values[t[0]][t[1], t[2]] for t in targets]) if truth else None
        reached = None
        if truth and targets and na <= _MOVE_MAX_ATOMS and not any(r.any() for r in ranged.values()):
            # only moves that change a cell checked: those with a buurt in its wijk
            wanted = np.zeros(tree.n["wijk"], dtype=bool)
            for t in targets:
                w = tree.b_w[t[1]] if t[0] == "buurt" else t[1] if t[0] == "wijk" else -1
                if w >= 0:
                    wanted[w] = True
            moved = _pair_moves(tree, pattern, values, hidden, open_b, high_bound[:len(open_b) * na], lob, wanted)
            if moved is not None:
                reached = tuple(np.array([moved[k][t[0]][t[1], t[2]] for t in targets]) for k in (0, 1))
        lp, open_ = _certify(system, targets, truth_values, solved, m, reached)
        result.lp_solved += lp
        targets = [t for t, o in zip(targets, open_) if o]
    def solve(targets, into, directions=("min", "max")):
        by_comp: Dict[int, list] = {}
        for t in targets:
            by_comp.setdefault(int(comp[t[3][0]]), []).append(t)
        batch, size = [], 0
        for c, tlist in sorted(by_comp.items()):
            p = system.component(c, tlist)
            batch.append(p)
            size += p["c"].size
            if size >= _BATCH_VARIABLES:
                _count(result, _solve_stacked(batch, into, directions))
                batch, size = [], 0
        if batch:
            _count(result, _solve_stacked(batch, into, directions))

    if verdict_only and truth and lob >= 1 and not exact_ranges:
        # the maximum decides: at most m-1 fails; above the true value it has a width.
        # Only a maximum of m or more that equals the true value needs the minimum as well.
        highs = {}
        solve(targets, highs, ("max",))
        again = []
        for t in targets:
            vmax = highs[t[:3]][1]
            true = values[t[0]][t[1], t[2]]
            if vmax >= m - _INT_TOL and abs(vmax - true) <= _INT_TOL:
                again.append(t)
            else:
                solved[t[:3]] = (float(true) if np.isfinite(vmax) else float("nan"), vmax, False)
        solve(again, solved)
    else:
        solve(targets, solved)

    reason_names = np.array(_REASONS, dtype=object)
    ranges = []
    for (level, row, col), (vmin, vmax, is_exact) in solved.items():
        # counts are whole numbers: the attacker's range is the whole numbers inside
        # (the solved values are whole; ceil and floor also hold for a fractional bound)
        vmin = float(np.ceil(vmin - _INT_TOL)) if np.isfinite(vmin) else vmin
        vmax = float(np.floor(vmax + _INT_TOL)) if np.isfinite(vmax) else vmax
        width0 = vmax <= vmin
        inside = vmin >= 1 and vmax <= m - 1
        infeasible = not (np.isfinite(vmin) and np.isfinite(vmax) and vmin <= vmax)
        gem = {"buurt": tree.b_g, "wijk": tree.w_g}.get(level)
        rng = {"level": level, "row": row, "col": col, "field": fields[col], "code": tree.codes[level][row],
               "gemeente_row": int(gem[row]) if gem is not None else row,
               "min": float(round(vmin, 6)) if np.isfinite(vmin) else vmin,
               "max": float("inf") if vmax >= UNBOUNDED else float(round(vmax, 6)),
               "fails": bool(width0 or inside or infeasible), "exact": is_exact}
        if with_reasons:
            rng["reason"] = reason_names[codes[level][row, col]]
        ranges.append(rng)
    return result.finish(ranges)


class _Rows:
    """Sparse constraint rows collected in pieces: ``sum(coef * x[cols]) (=|<=) rhs``."""

    def __init__(self):
        self.r, self.c, self.v, self.rhs = [], [], [], []
        self.n = 0

    def add(self, cols: np.ndarray, coef: float, rhs: np.ndarray):
        """One row per line of ``cols`` (a 2-D array of variable indices)."""
        k = cols.shape[0]
        if not k:
            return
        self.r.append(np.repeat(np.arange(self.n, self.n + k), cols.shape[1]))
        self.c.append(cols.ravel())
        self.v.append(np.full(cols.size, coef))
        self.rhs.append(np.asarray(rhs, dtype=np.float64))
        self.n += k

    def add_sparse(self, rows, cols, coefs, rhs, used):
        """Rows ``used`` of a system given as (row, col, coef) entries and a full rhs."""
        if not len(used):
            return
        renum = np.full(len(rhs), -1, dtype=np.int64)
        renum[used] = np.arange(self.n, self.n + len(used))
        keep = renum[rows] >= 0
        self.r.append(renum[rows[keep]])
        self.c.append(cols[keep])
        self.v.append(coefs[keep])
        self.rhs.append(rhs[used])
        self.n += len(used)

    def matrix(self, nv):
        import scipy.sparse as sp
        if not self.n:
            return sp.csr_matrix((0, nv)), np.zeros(0)
        a = sp.csr_matrix((np.concatenate(self.v), (np.concatenate(self.r), np.concatenate(self.c))),
                          shape=(self.n, nv))
        a.sum_duplicates()
        return a, np.concatenate(self.rhs)


class _System:
    """The attacker's constraints over all variables, split into independent components."""

    def __init__(self, a_eq, b_eq, a_ub, b_ub, lo, hi, comp):
        self.a_eq, self.b_eq, self.a_ub, self.b_ub = a_eq.tocsr(), b_eq, a_ub.tocsr(), b_ub
        self.lo, self.hi, self.comp = lo, hi, comp
        self.nv = len(lo)
        # a row belongs to the component of its first variable (all its variables share it)
        self.eq_comp = comp[self.a_eq.indices[self.a_eq.indptr[:-1]]] if self.a_eq.shape[0] else np.zeros(0, int)
        self.ub_comp = comp[self.a_ub.indices[self.a_ub.indptr[:-1]]] if self.a_ub.shape[0] else np.zeros(0, int)
        self._var_by = self._eq_by = self._ub_by = None

    def target_matrix(self, targets):
        """One row per target: the variables its cell sums."""
        import scipy.sparse as sp
        cols = [t[3] for t in targets]
        rows = np.repeat(np.arange(len(cols)), [len(c) for c in cols])
        data = np.concatenate(cols) if cols else np.zeros(0, dtype=np.int64)
        return sp.csr_matrix((np.ones(len(data)), (rows, data)), shape=(len(cols), self.nv))

    def restricted(self, comps):
        """Constraints, bounds and variable indices of the components ``comps``."""
        mask = np.zeros(self.comp.max() + 1 if self.nv else 1, dtype=bool)
        mask[list(comps)] = True
        cols = np.flatnonzero(mask[self.comp] & (self.hi > 0))  # atoms fixed at zero are left out
        er, ur = np.flatnonzero(mask[self.eq_comp]), np.flatnonzero(mask[self.ub_comp])
        a_eq, a_ub = self.a_eq[er][:, cols], self.a_ub[ur][:, cols]
        keep_eq, keep_ub = np.diff(a_eq.indptr) > 0, np.diff(a_ub.indptr) > 0  # rows of zero atoms hold
        return (a_eq[keep_eq], self.b_eq[er][keep_eq], a_ub[keep_ub], self.b_ub[ur][keep_ub],
                np.column_stack([self.lo[cols], self.hi[cols]]), cols)

    def component(self, c, targets) -> dict:
        """Component ``c`` as a problem for the exact LP per target."""
        if self._var_by is None:
            self._var_by = pd.Series(np.arange(self.nv)).groupby(self.comp).indices
            self._eq_by = pd.Series(np.arange(len(self.eq_comp))).groupby(self.eq_comp).indices
            self._ub_by = pd.Series(np.arange(len(self.ub_comp))).groupby(self.ub_comp).indices
        vars_c = self._var_by[c]
        vars_c = vars_c[self.hi[vars_c] > 0]  # atoms fixed at zero are left out
        local = np.full(self.nv, -1, dtype=np.int64)
        local[vars_c] = np.arange(len(vars_c))
        er = self._eq_by.get(c, np.zeros(0, dtype=np.int64))
        ur = self._ub_by.get(c, np.zeros(0, dtype=np.int64))
        objective = np.zeros((len(targets), len(vars_c)))
        for i, t in enumerate(targets):
            cols = local[t[3]]
            objective[i, cols[cols >= 0]] = 1.0
        sub_eq, sub_ub = self.a_eq[er][:, vars_c], self.a_ub[ur][:, vars_c]
        keep_eq = np.diff(sub_eq.indptr) > 0  # rows of only zero atoms hold trivially
        keep_ub = np.diff(sub_ub.indptr) > 0
        return {"targets": targets, "A_eq": sub_eq[keep_eq], "b_eq": self.b_eq[er][keep_eq],
                "A_ub": sub_ub[keep_ub], "b_ub": self.b_ub[ur][keep_ub], "c": objective,
                "lo": self.lo[vars_c], "hi": self.hi[vars_c]}


_CIRCUITS: Dict[Tuple[bytes, int], np.ndarray] = {}


def _circuits(pattern: np.ndarray, published: int) -> np.ndarray:
    """The elementary moves of atoms that leave the fields in ``published`` (a bit mask
    of field indices) unchanged: every vector of the null space of those rows with a
    minimal support (a circuit), scaled to the smallest vector of whole persons, in both
    signs.  Cached per configuration and mask."""
    key = (pattern.tobytes() + bytes(pattern.shape), published)
    if key not in _CIRCUITS:
        from itertools import combinations

        nf, na = pattern.shape
        rows = pattern[[f for f in range(nf) if published >> f & 1]].astype(np.float64)
        rows = rows if len(rows) else np.zeros((1, na))  # nothing published: any atom moves alone
        out = []
        for k in range(1, na + 1):
            for support in combinations(range(na), k):
                sub = rows[:, support]
                if np.linalg.matrix_rank(sub) != k - 1:
                    continue
                vec = np.linalg.svd(sub)[2][-1]
                if np.abs(vec).min() < 1e-9:
                    continue
                whole = _whole_vector(vec / np.abs(vec).min())
                if whole is None:
                    continue
                d = np.zeros(na)
                d[list(support)] = whole
                out += [d + 0.0, -d + 0.0]  # + 0.0: no negative zeros (moves are told apart by their bytes)
        _CIRCUITS[key] = np.array(out).reshape(-1, na)
    return _CIRCUITS[key]


def _whole_vector(vec: np.ndarray, largest: int = 24) -> Optional[np.ndarray]:
    """``vec`` times the smallest whole number (up to ``largest``) that makes every entry
    whole, or None (a circuit of a 0/1 matrix has small rational entries)."""
    for k in range(1, largest + 1):
        scaled = vec * k
        if np.all(np.abs(scaled - np.round(scaled)) < 1e-7):
            return np.round(scaled)
    return None


def _pair_moves(tree: _Tree, pattern, values, hidden, open_b, atom_hi, lob: float, wanted):
    """Tables the attacker cannot rule out, found without an LP: the real table with some
    people moved from one buurt to another.

    Start from the real table, with each open buurt's true fields split into whole
    persons per atom (any split that adds up).  Move ``t`` times (a whole number) an
    elementary move ``d`` of whole persons (see :func:`_circuits`) into buurt ``b1`` and
    out of buurt ``b2``: every table found is one of whole persons, as the attacker knows
    the real one is.  The wijk and gemeente
    totals stay as they are when both buurten lie in one wijk; when they lie in two wijken
    of one gemeente the two wijk figures change by opposite amounts, so those must be
    hidden.  Every figure published for ``b1``, ``b2`` (and for their wijken) is left
    unchanged by the choice of ``d``; ``t`` is as large as the atoms (at least 0) and the
    hidden cells (at least ``lob``) of both buurten and wijken allow.  A buurt also takes
    one move from all the other buurten of its wijk at once, each giving up to its own
    limit.  Each such table is feasible, so every hidden cell's range holds the values
    it takes there (``test_tables_from_moving_people_fit_the_attackers_ranges``).  Only
    pairs with a buurt in a wijk of ``wanted`` are tried: other moves change no cell of
    interest.
    Returns (highest, lowest) value per level and cell (NaN: no move changes it), or
    None when the true fields have no split into atoms."""
    nf, na = pattern.shape
    p = pattern.astype(np.float64)
    bits = 1 << np.arange(nf)
    pub_b = (~hidden["buurt"] * bits).sum(axis=1)
    pub_w = (~hidden["wijk"] * bits).sum(axis=1)
    wijk_hidden = hidden["wijk"].any(axis=1)

    # ordered pairs of open buurten: within a wijk, and across wijken of one gemeente
    # when both wijken hide a figure; one of the two in a wijk of ``wanted``.  A group of
    # more than _MOVE_GROUP_MAX buurten is left to the LPs (its pairs grow as its square).
    ob = open_b[tree.b_w[open_b] >= 0]
    firsts, seconds = [], []
    for key, members, across in ((tree.b_w, ob, False), (tree.b_g, ob[wijk_hidden[tree.b_w[ob]]], True)):
        members = members[np.argsort(key[members], kind="stable")]
        group = key[members]
        starts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]]) if len(members) else []
        for bs in np.split(members, starts[1:]) if len(members) else []:
            if not 2 <= len(bs) <= _MOVE_GROUP_MAX or not wanted[tree.b_w[bs]].any():
                continue
            i1, i2 = np.repeat(bs, len(bs)), np.tile(bs, len(bs))
            w1, w2 = tree.b_w[i1], tree.b_w[i2]
            keep = (w1 != w2) & (wanted[w1] | wanted[w2]) if across else i1 != i2
            firsts.append(i1[keep])
            seconds.append(i2[keep])
    b1 = np.concatenate(firsts) if firsts else np.zeros(0, dtype=np.int64)
    b2 = np.concatenate(seconds) if seconds else np.zeros(0, dtype=np.int64)
    if not len(b1):
        return None
    w1, w2 = tree.b_w[b1], tree.b_w[b2]
    cross = w1 != w2
    fixed = pub_b[b1] | pub_b[b2] | np.where(cross, pub_w[w1] | pub_w[w2], 0)

    # the real table: each buurt's true fields split into whole persons per atom
    used = np.unique(np.r_[b1, b2])
    hi = np.zeros((tree.n["buurt"], na))
    hi[open_b] = np.asarray(atom_hi).reshape(-1, na)
    split = _whole_split(p, values["buurt"][used], hi[used])
    if split is None:
        return None
    atoms = np.zeros((tree.n["buurt"], na))
    atoms[used] = split

    vb, vw = values["buurt"], values["wijk"]
    hb = hidden["buurt"]
    found = {lv: [] for lv in LEVELS}  # (rows, lowest, highest) per level

    def record(lv, rows, low, high):
        if len(rows):
            found[lv].append((rows, low, high))

    def room(slack, change):
        """Per pair and move: how far ``t`` can go before a value with ``slack`` (pairs x
        entries) hits its limit, where ``change`` (moves x entries) takes from it."""
        with np.errstate(divide="ignore", invalid="ignore"):
            q = np.where(change[None] > 0, slack[:, None, :] / change[None], np.inf)
        return q.min(axis=2)

    ids: Dict[bytes, int] = {}
    gathered = []  # (b1, move id, what b1 takes, what b2 gives) of pairs within a wijk
    for mask in np.unique(fixed):
        d = _circuits(pattern, int(mask))
        if not len(d):
            continue
        df = d @ p.T  # per move the change of every field of b1 (of b2: the opposite)
        df[np.abs(df) < 1e-9] = 0.0  # exactly 0 for the fields the move leaves alone
        k = np.array([ids.setdefault(v.tobytes(), len(ids)) for v in d])
        sel_all = np.flatnonzero(fixed == mask)
        for at in range(0, len(sel_all), _MOVE_PAIRS_AT_ONCE):
            sel = sel_all[at:at + _MOVE_PAIRS_AT_ONCE]
            x1, x2, y1, y2, c = b1[sel], b2[sel], w1[sel], w2[sel], cross[sel]
            # b1 gains t*d: its atoms where d < 0 and hidden fields where df < 0 limit t;
            # b2 loses t*d: its atoms where d > 0 and hidden fields where df > 0
            t1 = np.minimum(room(atoms[x1], -d), room(np.where(hb[x1], vb[x1] - lob, np.inf), -df))
            t2 = np.minimum(room(atoms[x2], d), room(np.where(hb[x2], vb[x2] - lob, np.inf), df))
            if c.any():  # two wijken: their hidden figures change too (published ones cannot)
                t1[c] = np.minimum(t1[c], room(vw[y1[c]] - lob, -df))
                t2[c] = np.minimum(t2[c], room(vw[y2[c]] - lob, df))
            # whole persons: a move goes a whole number of times (atoms and moves are whole)
            t1, t2 = np.floor(t1 + _INT_TOL), np.floor(t2 + _INT_TOL)
            t = np.minimum(t1, t2)
            go = np.isfinite(t) & (t >= 1)
            step = np.where(go, t, 0.0)[:, :, None] * df[None]  # pairs x moves x fields
            up, down = step.max(axis=1), step.min(axis=1)
            record("buurt", x1, vb[x1] + down, vb[x1] + up)
            record("buurt", x2, vb[x2] - up, vb[x2] - down)
            record("wijk", y1[c], vw[y1[c]] + down[c], vw[y1[c]] + up[c])
            record("wijk", y2[c], vw[y2[c]] - up[c], vw[y2[c]] - down[c])
            within = go & ~c[:, None]
            pr, mv = np.nonzero(within)
            gathered.append((x1[pr], k[mv], t1[pr, mv], np.minimum(t2[pr, mv], UNBOUNDED)))
    # Moving from all the other buurten of its wijk at once: a buurt takes in a move up
    # to its own limit, and the others give up to the sum of theirs
    if gathered:
        g_b, g_k, g_take, g_give = (np.concatenate(x) for x in zip(*gathered))
        key, inverse = np.unique(g_b * len(ids) + g_k, return_inverse=True)
        take = np.full(len(key), np.inf)
        np.minimum.at(take, inverse, g_take)
        t = np.minimum(take, np.bincount(inverse, weights=g_give, minlength=len(key)))
        moves = np.array([np.frombuffer(v) for v in ids]) @ p.T  # move id -> field changes
        moves[np.abs(moves) < 1e-9] = 0.0
        rows, step = key // len(ids), t[:, None] * moves[key % len(ids)]
        record("buurt", rows, vb[rows] + np.minimum(step, 0), vb[rows] + np.maximum(step, 0))
    out = {0: {}, 1: {}}
    for lv in LEVELS:
        out[0][lv], out[1][lv] = np.full(values[lv].shape, np.nan), np.full(values[lv].shape, np.nan)
        if found[lv]:
            rows, low, high = (np.concatenate(x) for x in zip(*found[lv]))
            order = np.argsort(rows, kind="stable")
            rows = rows[order]
            starts = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])
            out[0][lv][rows[starts]] = np.fmax.reduceat(high[order], starts, axis=0)
            out[1][lv][rows[starts]] = np.fmin.reduceat(low[order], starts, axis=0)
    return out


def _whole_split(p: np.ndarray, fields: np.ndarray, hi: np.ndarray) -> Optional[np.ndarray]:
    """Per row of ``fields`` (a buurt's true figures), whole numbers of persons per atom
    that add up to them (``p``: fields x atoms), within ``hi``; None when there is none.
    An LP vertex first; the rows it splits into fractions get an integer program."""
    import scipy.sparse as sp
    from scipy.optimize import linprog

    na = p.shape[1]
    rows = len(fields)
    bounds = np.column_stack([np.zeros(rows * na), hi.ravel()])
    lp = linprog(np.zeros(rows * na), A_eq=sp.kron(sp.identity(rows, format="csr"), sp.csr_matrix(p), format="csr"),
                 b_eq=fields.ravel(), bounds=bounds, method="highs")
    if lp.status != 0:
        return None
    x = lp.x.reshape(rows, na)
    frac = np.flatnonzero(~(np.abs(x - np.round(x)) <= _INT_TOL).all(axis=1))
    if len(frac):
        k = len(frac)
        sub = sp.kron(sp.identity(k, format="csr"), sp.csr_matrix(p), format="csr")
        whole = _milp(np.zeros(k * na), sub, fields[frac].ravel(), None, None, hi[frac].ravel() * 0.0,
                      hi[frac].ravel())
        if whole is None or whole.status != 0:
            return None
        x[frac] = whole.x.reshape(k, na)
    x = np.round(x)
    if not np.array_equal(x @ p.T, fields):
        return None
    return x


def _milp(c, a_eq, b_eq, a_ub, b_ub, lo, hi, seconds: float = _MILP_SECONDS):
    """scipy ``milp`` (HiGHS branch and bound) over whole numbers: minimise ``c @ x``
    subject to ``a_eq @ x == b_eq``, ``a_ub @ x <= b_ub`` and ``lo <= x <= hi``; the
    result (``x`` holds the best table found, also when time ran out), or None when
    HiGHS gives nothing back."""
    from scipy.optimize import Bounds, LinearConstraint, milp

    cons = []
    if a_eq is not None and a_eq.shape[0]:
        cons.append(LinearConstraint(a_eq, b_eq, b_eq))
    if a_ub is not None and a_ub.shape[0]:
        cons.append(LinearConstraint(a_ub, -np.inf, b_ub))
    try:
        return milp(c, constraints=cons, integrality=np.ones(len(c)), bounds=Bounds(lo, hi),
                    options={"time_limit": seconds, "mip_rel_gap": 0.0})
    except ValueError:
        return None


def _certify(system: _System, targets, truth, solved, m: int, reached=None) -> Tuple[int, np.ndarray]:
    """Show hidden cells safe with a few LPs for all cells at once instead of two per cell.

    A hidden cell is safe when its attacker range (over whole persons) is not inside
    ``1..m-1`` and has a width.  Every table of whole persons that fits everything
    published is one the attacker cannot rule out, so one such table where the cell is at
    least ``m`` (or 0) and two where it differs prove it safe: its true range holds both
    values.  The tables: the real one (``truth``: the true value of every target, when
    known), those of :func:`_pair_moves` (``reached``: the highest and lowest value each
    target takes in them), and per round one LP over all components that lifts as many
    open cells as it can to ``m`` (maximise ``sum(s)`` with ``s <= cell`` and ``s <= m``:
    a cell gains nothing beyond the limit, so it leaves the slack to the others) and one
    that pushes down the cells that only lack a width.  An LP's point counts only in the
    components where it is a table of whole persons (:func:`_whole_components`): a point
    with fractions of persons proves nothing about whole ones.  Rounds repeat while they
    show enough cells safe.  A shown cell's ``min`` and ``max`` are values the attacker
    cannot exclude (its true range is at least that wide) and its ``exact`` is False.
    Returns the number of LPs solved and which targets are left for the exact solve."""
    import scipy.sparse as sp
    from scipy.optimize import linprog

    nt = len(targets)
    if not nt:
        return 0, np.zeros(0, dtype=bool)
    tmat = system.target_matrix(targets)
    t_comp = system.comp[[t[3][0] for t in targets]]
    if truth is not None:
        high, low = truth.astype(np.float64), truth.astype(np.float64).copy()
    else:
        high, low = np.full(nt, -np.inf), np.full(nt, np.inf)
    if reached is not None:  # the tables of :func:`_pair_moves`
        high, low = np.fmax(high, reached[0]), np.fmin(low, reached[1])

    def still_open():
        past = (high >= m - _INT_TOL) | (low <= _INT_TOL)
        return past, ~(past & (high - low >= 1 - _INT_TOL))

    lp = 0
    for _ in range(_CERTIFY_ROUNDS):
        past, open_ = still_open()
        before = int(open_.sum())
        if not before:
            break
        for lift in (True, False):
            past, open_ = still_open()
            want = open_ & (~past if lift else past) if truth is not None or lift else open_
            if not want.any():
                continue
            comps = np.unique(t_comp[want])
            a_eq0, b_eq, a_ub0, b_ub0, bounds, cols = system.restricted(comps)
            a_eq, a_ub, b_ub = a_eq0, a_ub0, b_ub0
            sub = tmat[want][:, cols]
            nv = len(cols)
            if lift:
                k = sub.shape[0]
                a_eq = sp.hstack([a_eq, sp.csr_matrix((a_eq.shape[0], k))], format="csr")
                a_ub = sp.vstack([sp.hstack([a_ub, sp.csr_matrix((a_ub.shape[0], k))]),
                                  sp.hstack([-sub, sp.identity(k, format="csr")])], format="csr")
                b_ub = np.r_[b_ub, np.zeros(k)]
                cap = np.column_stack([np.zeros(k), np.full(k, float(m))])
                bounds = np.vstack([bounds, cap])
                objective = np.r_[np.zeros(nv), -np.ones(k)]
            else:
                objective = np.asarray(sub.sum(axis=0)).ravel()
            point = linprog(objective, **_lp_arguments(a_eq, b_eq, a_ub, b_ub, bounds))
            lp += 1
            if point.status != 0:
                break  # an inconsistent component: the exact solve tells which
            x = np.zeros(system.nv)
            x[cols] = point.x[:nv]
            whole = _whole_components(system, cols, point.x[:nv], a_eq0, b_eq, a_ub0, b_ub0, bounds[:nv])
            x[cols] = np.round(x[cols])
            rows = np.isin(t_comp, comps[np.isin(comps, whole)])
            v = tmat[rows] @ x
            high[rows] = np.maximum(high[rows], v)
            low[rows] = np.minimum(low[rows], v)
        else:
            if before - int(still_open()[1].sum()) >= _CERTIFY_MIN_GAIN * before:
                continue
        break
    open_ = still_open()[1]
    for t, o, lo_, hi_ in zip(targets, open_, low, high):
        if not o:
            solved[t[:3]] = (float(lo_), float(hi_), False)
    return lp, open_


def _whole_components(system: _System, cols, x, a_eq, b_eq, a_ub, b_ub, bounds) -> np.ndarray:
    """The components in which the point ``x`` (over the variables ``cols``, with the
    restricted constraints) is a table of whole persons: every variable within
    ``_INT_TOL`` of a whole number, and the rounded point meets every constraint and
    bound exactly (they have whole coefficients and right-hand sides, so it does)."""
    xr = np.round(x)
    comp = system.comp[cols]
    bad = comp[np.abs(x - xr) > _INT_TOL]
    bad = np.r_[bad, comp[(xr < bounds[:, 0] - _INT_TOL) | (xr > bounds[:, 1] + _INT_TOL)]]
    for a, b, equal in ((a_eq, b_eq, True), (a_ub, b_ub, False)):
        if not a.shape[0]:
            continue
        res = a @ xr - b
        off = np.flatnonzero(np.abs(res) > _INT_TOL if equal else res > _INT_TOL)
        if len(off):
            first = a.indices[a.indptr[off]]  # a row's variables share its component
            bad = np.r_[bad, comp[first]]
    return np.setdiff1d(np.unique(comp), bad)


def _lp_arguments(a_eq, b_eq, a_ub, b_ub, bounds) -> dict:
    """scipy ``linprog`` arguments (HiGHS); empty constraint blocks are left out."""
    kw = dict(bounds=bounds, method="highs")
    if a_eq.shape[0]:
        kw.update(A_eq=a_eq, b_eq=b_eq)
    if a_ub.shape[0]:
        kw.update(A_ub=a_ub, b_ub=b_ub)
    return kw


def _stack(problems, copies=None):
    """Block-diagonal arguments for one solve of many problems: one copy of a component
    per target (``copies``: (problem, target index) pairs, default every target), each
    with that target's objective."""
    import scipy.sparse as sp

    copies = copies if copies is not None else [(p, i) for p in problems for i in range(p["c"].shape[0])]
    eqs, ubs, beq, bub, objs, lows, highs = [], [], [], [], [], [], []
    for p, i in copies:
        eqs.append(p["A_eq"])
        ubs.append(p["A_ub"])
        beq.append(p["b_eq"])
        bub.append(p["b_ub"])
        objs.append(p["c"][i])
        lows.append(p["lo"])
        highs.append(p["hi"])
    return (np.concatenate(objs), sp.block_diag(eqs, format="csr"), np.concatenate(beq),
            sp.block_diag(ubs, format="csr"), np.concatenate(bub), np.concatenate(lows), np.concatenate(highs))


def _count(result: AuditResult, solves: Tuple[int, int]) -> None:
    result.lp_solved += solves[0]
    result.milp_solved += solves[1]


def _solve_stacked(problems, solved, directions=("min", "max")) -> Tuple[int, int]:
    """Min and max over whole persons of every target: one copy of its component per
    target, all copies of all problems stacked block-diagonally into one LP per
    direction.  Where the LP's optimum in a copy is a table of whole persons it is the
    whole-number optimum too; the copies it splits into fractions are solved again as
    integer programs (:func:`_solve_whole`).  With only "max" in ``directions`` the min is
    left NaN.  Returns the number of LPs and of integer programs solved."""
    from scipy.optimize import linprog

    c, a_eq, b_eq, a_ub, b_ub, lo, hi = _stack(problems)
    kw = _lp_arguments(a_eq, b_eq, a_ub, b_ub, np.column_stack([lo, hi]))
    runs = {d: linprog(c if d == "min" else -c, **kw) for d in ("min", "max") if d in directions}
    if any(r.status != 0 for r in runs.values()) and len(problems) > 1:
        # an inconsistent component (e.g. edited figures) must not fail its neighbours
        parts = [_solve_stacked([p], solved, directions) for p in problems]
        return sum(a for a, _ in parts), sum(b for _, b in parts)
    ends = {}
    fractional = []  # (problem, target index, direction)
    off = 0
    for p in problems:
        n = p["c"].shape[1]
        eq, ub = p["A_eq"], p["A_ub"]
        for i, t in enumerate(p["targets"]):
            sl = slice(off, off + n)
            for d, r in runs.items():
                if r.status != 0:
                    ends[(t[:3], d)] = (float("nan"), True)
                    continue
                x = r.x[sl]
                xr = np.round(x)
                whole = (np.abs(x - xr) <= _INT_TOL).all() and _meets(eq, p["b_eq"], ub, p["b_ub"], xr)
                if whole:
                    ends[(t[:3], d)] = (float(c[sl] @ xr), True)
                else:
                    fractional.append((p, i, d))
            off += n
    milps = _solve_whole(fractional, ends) if fractional else 0
    for p in problems:
        for t in p["targets"]:
            vmin = ends.get((t[:3], "min"), (float("nan"), True))
            vmax = ends.get((t[:3], "max"), (float("nan"), True))
            solved[t[:3]] = (vmin[0], vmax[0], vmin[1] and vmax[1])
    return len(runs), milps


def _meets(a_eq, b_eq, a_ub, b_ub, x) -> bool:
    """Whether the whole-number point ``x`` meets the constraints exactly."""
    ok = not a_eq.shape[0] or np.abs(a_eq @ x - b_eq).max() <= _INT_TOL
    return ok and (not a_ub.shape[0] or (a_ub @ x - b_ub).max() <= _INT_TOL)


def _solve_whole(items, ends) -> int:
    """The whole-number optimum of each (problem, target index, direction) in ``items``:
    all of them stacked into one integer program, split into single ones when HiGHS does
    not finish it in ``_MILP_SECONDS``.  A single one that does not finish either keeps
    the best table of whole persons found (its value lies inside the attacker's range, so
    the verdict errs towards hiding; ``exact`` False), or NaN when none was found.
    Returns the number of integer programs solved."""
    copies = [(p, i) for p, i, _ in items]
    sign = np.concatenate([np.full(p["c"].shape[1], 1.0 if d == "min" else -1.0) for p, _, d in items])
    c, a_eq, b_eq, a_ub, b_ub, lo, hi = _stack(None, copies)
    res = _milp(sign * c, a_eq, b_eq, a_ub, b_ub, lo, hi)
    if (res is None or res.status != 0) and len(items) > 1:
        return 1 + sum(_solve_whole([it], ends) for it in items)
    off = 0
    for p, i, d in items:
        n = p["c"].shape[1]
        key = (p["targets"][i][:3], d)
        if res is not None and res.x is not None:
            xr = np.round(res.x[off:off + n])
            ends[key] = (float(p["c"][i] @ xr), res.status == 0)
        else:
            ends[key] = (float("nan"), res is not None and res.status == 2)  # 2: no table at all
        off += n
    return 1


# ----------------------------------------------------------------------------- publishing
def round_to_base(values: pd.Series, base: int) -> pd.Series:
    """Conventional rounding to the nearest multiple of ``base`` (halves up)."""
    v = values.astype("Float64")
    return (np.floor(v / base + 0.5) * base).astype("Int64")


def rate_names(cfg: AnalysisConfig) -> List[str]:
    """Everything that gets a rate per 1,000 inhabitants: the indicators, then the stacking
    counts (persons with 2+ and 3+ indicators)."""
    return list(cfg.indicators) + [f[:-2] for f in cfg.count_fields() if f.startswith("stapeling_")]


def safe_tables(prot: Protection, cfg: AnalysisConfig) -> Dict[str, pd.DataFrame]:
    """The published tables: suppressed counts NULL, optionally rounded, rates, a status per value."""
    min_den = float(cfg.disclosure.min_denominator)
    base = int(cfg.disclosure.rounding_base)
    out = {}
    for level, t in prot.tables.items():
        r = prot.reasons[level]
        dens = ["denominator"] + [c for c in t.columns if c.endswith("_denominator")]
        safe = t[["code", "name", "parent"] + dens].copy()
        # the minimum applies to inhabitants: a small area's rates are hidden whatever the denominator
        small = (pd.to_numeric(safe["denominator"], errors="coerce") < min_den).fillna(False).to_numpy()
        exact = {}
        for f in cfg.count_fields():
            hidden = r[f] != ""
            exact[f] = t[f].astype("Int64").where(~hidden, pd.NA)
            shown = round_to_base(exact[f], base) if base >= 2 else exact[f]
            safe[f] = shown
            safe[f"{f[:-2]}_status"] = np.where(hidden, SUPPRESSED, ROUNDED if base >= 2 else PUBLISHED)
        for ind in rate_names(cfg):
            n = exact[f"{ind}_n"].astype("Float64")
            den = pd.to_numeric(safe.get(f"{ind}_denominator", safe["denominator"]), errors="coerce")
            no_den = (den.isna() | (den <= 0)).to_numpy()
            ok = n.notna().to_numpy() & ~no_den & ~small
            rate = (n / den * 1000.0).round(1)
            safe[f"{ind}_per1000"] = rate.where(ok, pd.NA)
            safe[f"{ind}_per1000_status"] = np.select(
                [n.isna().to_numpy(), small, no_den], [SUPPRESSED, "small_area", "no_denominator"], PUBLISHED)
        out[level] = safe
    return out


def published_columns(cfg: AnalysisConfig) -> List[str]:
    """The columns of every published table, in order (:func:`safe_tables` writes them):
    what the configuration explains, and nothing else."""
    cols = ["code", "name", "parent", "denominator"] + [f"{ind}_denominator" for ind in cfg.areas.denominators]
    for f in cfg.count_fields():
        cols += [f, f"{f[:-2]}_status"]
    for ind in rate_names(cfg):
        cols += [f"{ind}_per1000", f"{ind}_per1000_status"]
    return cols


def _floats(series: pd.Series) -> np.ndarray:
    """A column as floats, NULL and anything that is not a number as NaN."""
    return pd.to_numeric(series, errors="coerce").astype("Float64").to_numpy(dtype=float, na_value=np.nan)


#: problems listed per check before the rest is only counted
_PROBLEMS_SHOWN = 20


def check_published(safe: Dict[str, pd.DataFrame], cfg: AnalysisConfig) -> List[str]:
    """What in published tables the plugin cannot have written, whatever the audit of the
    hidden cells finds: a column the configuration does not explain (or one missing),
    a count that is not a whole number, a published count from 1 to ``min_count - 1``
    (with rounding: a value whose unrounded counts all lie there, or no multiple of the
    base), a status that disagrees with its value, and a rate that does not follow from
    its count and denominator (a filled-in rate of a hidden count reveals the count).
    Each problem names the level, the area code and the column, never a value."""
    m = int(cfg.disclosure.min_count)
    base = int(cfg.disclosure.rounding_base)
    min_den = float(cfg.disclosure.min_denominator)
    expected = published_columns(cfg)
    problems: List[str] = []
    for level in LEVELS:
        t = safe[level]
        cols = [c for c in t.columns if c not in ("fid", "geom", "geometry")]
        extra = [c for c in cols if c not in expected]
        missing = [c for c in expected if c not in cols]
        problems += [f"{level}: column '{c}' is not one the configuration explains" for c in extra]
        problems += [f"{level}: column '{c}' of the configuration is missing" for c in missing]
        if missing:
            continue
        codes = t["code"].astype(str).to_numpy()
        found: List[Tuple[str, np.ndarray]] = []

        def flag(what: str, rows: np.ndarray) -> None:
            if rows.any():
                found.append((what, np.flatnonzero(rows)))

        counts = {}
        for f in cfg.count_fields():
            v = _floats(t[f])
            counts[f] = v
            shown = ~np.isnan(v)
            flag(f"'{f}' holds something other than a number", t[f].notna().to_numpy() & ~shown)
            status = t[f"{f[:-2]}_status"].astype(object).to_numpy()
            flag(f"'{f}' is not a whole number of at least 0", shown & ((v < 0) | (v != np.round(v))))
            flag(f"'{f}' disagrees with '{f[:-2]}_status'",
                 (shown & (status != (ROUNDED if base >= 2 else PUBLISHED))) | (~shown & (status != SUPPRESSED)))
            if base >= 2:
                low = np.maximum(np.ceil(v - base / 2.0), 0)  # the unrounded counts that round to v
                high = np.ceil(v + base / 2.0) - 1
                flag(f"'{f}' is not a multiple of the rounding base", shown & (v % base != 0))
                flag(f"'{f}' is published as a rounded count of 1 to {m - 1}", shown & (low >= 1) & (high <= m - 1))
            else:
                flag(f"'{f}' is published as a count of 1 to {m - 1}", shown & (v >= 1) & (v <= m - 1))
        inhabitants = _floats(t["denominator"])
        for ind in rate_names(cfg):
            n = counts[f"{ind}_n"]
            den_col = f"{ind}_denominator" if f"{ind}_denominator" in t.columns else "denominator"
            den = _floats(t[den_col])
            rate = _floats(t[f"{ind}_per1000"])
            flag(f"'{ind}_per1000' holds something other than a number", t[f"{ind}_per1000"].notna().to_numpy()
                 & np.isnan(rate))
            status = t[f"{ind}_per1000_status"].astype(object).to_numpy()
            no_den = np.isnan(den) | (den <= 0)
            small = inhabitants < min_den
            ok = ~np.isnan(n) & ~no_den & ~small
            want = np.select([np.isnan(n), small, no_den], [SUPPRESSED, "small_area", "no_denominator"], PUBLISHED)
            flag(f"'{ind}_per1000_status' disagrees with the count and denominator", status != want)
            flag(f"'{ind}_per1000' is filled in where no rate is published", ~ok & ~np.isnan(rate))
            flag(f"'{ind}_per1000' is missing where a rate is published", ok & np.isnan(rate))
            with np.errstate(divide="ignore", invalid="ignore"):
                half = base // 2 if base >= 2 else 0
                lo = (np.maximum(n - half, 0) / den * 1000.0) - 0.05 - 1e-9
                hi = ((n + half) / den * 1000.0) + 0.05 + 1e-9
            flag(f"'{ind}_per1000' does not follow from '{ind}_n' and '{den_col}'",
                 ok & ~np.isnan(rate) & ((rate < lo) | (rate > hi)))
        for what, rows in found:
            shown = ", ".join(codes[rows[:_PROBLEMS_SHOWN]])
            more = f" and {len(rows) - _PROBLEMS_SHOWN} more" if len(rows) > _PROBLEMS_SHOWN else ""
            problems.append(f"{level}: {what} in {shown}{more}")
    return problems


def audit_report(result: AuditResult, loss: Optional[dict], cfg: AnalysisConfig, list_ranges: bool = False) -> str:
    """A plain-text report for the analyst: attacker ranges, reasons and information loss;
    ``list_ranges``: every hidden cell's range, not only the failing ones."""
    m = int(cfg.disclosure.min_count)
    lines = [result.summary(), f"threshold: counts 1..{m - 1} are never published or derivable"]
    lines += [f"FILE {p}" for p in result.problems]
    if loss:
        lines.append(f"cells hidden: {loss['cells_hidden']} of {loss['cells_total']} "
                     f"(primary {loss['by_reason'][PRIMARY]}, inherited {loss['by_reason'][INHERITED]}, "
                     f"secondary {loss['by_reason'][SECONDARY]})")
        lines.append("per level: " + ", ".join(f"{k} {v}" for k, v in loss["by_level"].items()))
        lines.append(f"units hidden in buurt cells: {loss['units_hidden']}")
    for r in result.failures:
        lines.append(f"FAIL {r['level']} {r['code']} {r['field']}: attacker range {r['min']:g}..{r['max']:g}")
    if list_ranges:
        for r in result.ranges:
            if not r["fails"]:
                kind = "attacker range" if r["exact"] else "attacker range at least"
                lines.append(f"ok   {r['level']} {r['code']} {r['field']}: {kind} {r['min']:g}..{r['max']:g}")
    return "\n".join(lines)
