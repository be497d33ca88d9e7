"""The disclosure audit: what the attacker can derive, every hidden cell's range over whole numbers.

In: the tables (true counts inside protection, or published ones from a file) and the
hidden cells.  Out: an :class:`.model.AuditResult` with each cell's range and verdict.
The constraints are built here; :mod:`.certificates` shows most cells safe without a
solve per cell, :mod:`.solve` solves the rest exactly.
"""

from typing import Dict, Tuple

import numpy as np
import pandas as pd

from ..config import AnalysisConfig
from ..count.aggregate import LEVELS
from .certificates import _MOVE_MAX_ATOMS, _certify, _pair_moves
from .model import (
    _CODE,
    _PARENT,
    _REASONS,
    SECONDARY,
    UNBOUNDED,
    AuditResult,
    Cell,
    CellRange,
    Protection,
    Target,
    _codes,
    _count,
    _lower_bound,
    _Tree,
    _values,
    field_atoms,
)
from .solve import _INT_TOL, _Rows, _solve_stacked, _System

#: copies of one audit block solved in a single LP, up to this many variables
_BATCH_VARIABLES = 40000


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
        targets.append(Target(Cell("buurt", int(r), int(f)), atom_base[r] + atoms_of[f]))
    for lv in ("wijk", "gemeente"):
        for r, f in zip(*np.nonzero(hidden[lv])):
            targets.append(Target(Cell(lv, int(r), int(f)), np.array([yvar[lv][r, f]])))

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
        labels.update({t.cell: int(comp[t.cols[0]]) for t in targets})
        return None
    system = _System(a_eq, b_eq, a_ub, b_ub, low_bound, high_bound, comp)
    if focus is not None:
        near = {comp[t.cols[0]] for t in targets if t.cell.row in focus.get(t.cell.level, ())}
        targets = [t for t in targets if comp[t.cols[0]] in near]
    if only is not None:
        targets = [t for t in targets if t.cell in only]

    result = AuditResult(ok=True)
    solved = {}
    if truth and any(values[t.cell.level][t.cell.row, t.cell.col] < lob for t in targets):
        truth = False  # a hidden cell below what the attacker assumes: not a feasible table
    if not exact_ranges:
        truth_values = np.array([values[t.cell.level][t.cell.row, t.cell.col] for t in targets]) if truth else None
        reached = None
        if truth and targets and na <= _MOVE_MAX_ATOMS and not any(r.any() for r in ranged.values()):
            # only moves that change a cell checked: those with a buurt in its wijk
            wanted = np.zeros(tree.n["wijk"], dtype=bool)
            for t in targets:
                lv, row = t.cell.level, t.cell.row
                w = tree.b_w[row] if lv == "buurt" else row if lv == "wijk" else -1
                if w >= 0:
                    wanted[w] = True
            moved = _pair_moves(tree, pattern, values, hidden, open_b, high_bound[:len(open_b) * na], lob, wanted)
            if moved is not None:
                reached = tuple(np.array([moved[k][t.cell.level][t.cell.row, t.cell.col] for t in targets])
                                for k in (0, 1))
        lp, open_ = _certify(system, targets, truth_values, solved, m, reached)
        result.lp_solved += lp
        targets = [t for t, o in zip(targets, open_) if o]
    def solve(targets, into, directions=("min", "max")):
        by_comp: Dict[int, list] = {}
        for t in targets:
            by_comp.setdefault(int(comp[t.cols[0]]), []).append(t)
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
            vmax = highs[t.cell][1]
            true = values[t.cell.level][t.cell.row, t.cell.col]
            if vmax >= m - _INT_TOL and abs(vmax - true) <= _INT_TOL:
                again.append(t)
            else:
                solved[t.cell] = (float(true) if np.isfinite(vmax) else float("nan"), vmax, False)
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
        ranges.append(CellRange(
            cell=Cell(level, row, col), field=fields[col], code=tree.codes[level][row],
            gemeente_row=int(gem[row]) if gem is not None else row,
            min=float(round(vmin, 6)) if np.isfinite(vmin) else vmin,
            max=float("inf") if vmax >= UNBOUNDED else float(round(vmax, 6)),
            fails=bool(width0 or inside or infeasible), exact=bool(is_exact),
            reason=reason_names[codes[level][row, col]] if with_reasons else ""))
    return result.finish(ranges)
