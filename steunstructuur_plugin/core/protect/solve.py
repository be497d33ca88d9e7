"""Solving the attacker's problems: LPs (HiGHS via scipy) and, where an LP's optimum
splits persons into fractions, integer programs (scipy's ``milp``).

In: constraint rows and components.  Out: whole-number minima and maxima per target.
"""

import time
from typing import Optional, Tuple

import numpy as np
import pandas as pd

#: a solver's value this close to an integer is that integer (HiGHS's integrality
#: tolerance is 1e-6; constraints have integer coefficients and right-hand sides)
_INT_TOL = 1e-6


#: Integer programs that look for tables end after a number of branch-and-bound nodes,
#: not after a time. HiGHS is deterministic, so the same registrations give the same
#: suppression on every machine and at any load: two runs that hid different cells, both
#: published, would tell an attacker more than either. Their seconds are a backstop only.
#: (The exact solves below, which need the optimum, keep a time limit and err towards
#: hiding when it runs out.)

#: seconds HiGHS may spend on one stacked integer program before it is split up; a
#: single cell's program that still does not finish keeps the best table found
#: (an inner range: the verdict errs towards hiding)
_MILP_SECONDS = 20.0


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
        self._by_column = self._marked = None

    def target_matrix(self, targets):
        """One row per target: the variables its cell sums."""
        import scipy.sparse as sp
        cols = [t.cols for t in targets]
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

    def local(self, variables: np.ndarray, targets) -> dict:
        """A relaxation for the targets, as :meth:`component` returns it: only
        ``variables`` and the constraints among them alone (a constraint that also holds
        another variable is left out, so the range it gives is at least as wide as the
        exact one)."""
        import scipy.sparse as sp
        # only the rows that hold one of the variables are read (per column, from a CSC
        # copy made once): on all NL the others are nearly all of them
        if self._by_column is None:
            self._by_column = (self.a_eq.tocsc(), self.a_ub.tocsc())
            self._marked = np.zeros(self.nv, dtype=bool)
        vars_c = np.unique(variables[self.hi[variables] > 0])
        mark = self._marked
        mark[vars_c] = True
        try:  # the mark is cleared whatever happens: a stale one would keep rows of other variables
            parts = []
            eq_col, ub_col = self._by_column
            for a, b, by_col in ((self.a_eq, self.b_eq, eq_col), (self.a_ub, self.b_ub, ub_col)):
                rows = np.unique(by_col[:, vars_c].indices)
                sub = a[rows]
                col, nz = sub.indices, sub.data != 0
                row_of = np.repeat(np.arange(len(rows)), np.diff(sub.indptr))
                inside = np.bincount(row_of, weights=nz & mark[col], minlength=len(rows))
                outside = np.bincount(row_of, weights=nz & ~mark[col] & (self.hi[col] > 0), minlength=len(rows))
                held = (outside == 0) & (inside > 0)  # a constraint among the variables alone
                entry = held[row_of] & mark[col]
                renumber = np.cumsum(held) - 1
                at = (renumber[row_of[entry]], np.searchsorted(vars_c, col[entry]))
                part = sp.csr_matrix((sub.data[entry], at), shape=(int(held.sum()), len(vars_c)))
                parts.append((part, b[rows[held]]))
            objective = np.zeros((len(targets), len(vars_c)))
            for i, t in enumerate(targets):
                cols = t.cols[mark[t.cols]]
                objective[i, np.searchsorted(vars_c, cols)] = 1.0
        finally:
            mark[vars_c] = False
        return {"targets": targets, "A_eq": parts[0][0], "b_eq": parts[0][1], "A_ub": parts[1][0],
                "b_ub": parts[1][1], "c": objective, "lo": self.lo[vars_c], "hi": self.hi[vars_c]}

    def _group(self):
        if self._var_by is None:
            self._var_by = pd.Series(np.arange(self.nv)).groupby(self.comp).indices
            self._eq_by = pd.Series(np.arange(len(self.eq_comp))).groupby(self.eq_comp).indices
            self._ub_by = pd.Series(np.arange(len(self.ub_comp))).groupby(self.ub_comp).indices

    def component_size(self, c) -> int:
        """The variables of component ``c`` (those not fixed at zero)."""
        self._group()
        return int((self.hi[self._var_by[c]] > 0).sum())

    def component(self, c, targets, fix=None) -> dict:
        """Component ``c`` as a problem for the exact LP per target.  ``fix`` (free, values):
        a restriction in which every variable not ``free`` keeps its value (``values`` must
        meet the constraints: the true table); those variables leave the problem and their
        part moves to the right-hand sides."""
        self._group()
        vars_c = self._var_by[c]
        vars_c = vars_c[self.hi[vars_c] > 0]  # atoms fixed at zero are left out
        er = self._eq_by.get(c, np.zeros(0, dtype=np.int64))
        ur = self._ub_by.get(c, np.zeros(0, dtype=np.int64))
        a_eq, b_eq, a_ub, b_ub = self.a_eq[er], self.b_eq[er], self.a_ub[ur], self.b_ub[ur]
        if fix is not None:
            free, values = fix
            held = vars_c[~free[vars_c]]
            b_eq = b_eq - a_eq[:, held] @ values[held]
            b_ub = b_ub - a_ub[:, held] @ values[held]
            vars_c = vars_c[free[vars_c]]
        local = np.full(self.nv, -1, dtype=np.int64)
        local[vars_c] = np.arange(len(vars_c))
        objective = np.zeros((len(targets), len(vars_c)))
        for i, t in enumerate(targets):
            cols = local[t.cols]
            objective[i, cols[cols >= 0]] = 1.0
        sub_eq, sub_ub = a_eq[:, vars_c], a_ub[:, vars_c]
        keep_eq = np.diff(sub_eq.indptr) > 0  # rows of only zero (or held) variables hold trivially
        keep_ub = np.diff(sub_ub.indptr) > 0
        return {"targets": targets, "A_eq": sub_eq[keep_eq], "b_eq": b_eq[keep_eq],
                "A_ub": sub_ub[keep_ub], "b_ub": b_ub[keep_ub], "c": objective,
                "lo": self.lo[vars_c], "hi": self.hi[vars_c], "cols": vars_c}


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


def _milp(c, a_eq, b_eq, a_ub, b_ub, lo, hi, seconds: float = _MILP_SECONDS, nodes: Optional[int] = None):
    """scipy ``milp`` (HiGHS branch and bound) over whole numbers: minimise ``c @ x``
    subject to ``a_eq @ x == b_eq``, ``a_ub @ x <= b_ub`` and ``lo <= x <= hi``; the
    result (``x`` holds the best table found, also when time ran out), or None when
    HiGHS gives nothing back.

    Every ``x`` returned is checked against the constraints and bounds: the HiGHS of
    scipy 1.10 can return, after its presolve, a point below a bound (seen on
    problems without objective) and can call such problems infeasible.  Then, and when it
    says infeasible, the problem is solved again without presolve; a point that still
    does not fit is dropped (``x`` None, not a table)."""
    res = _milp_once(c, a_eq, b_eq, a_ub, b_ub, lo, hi, seconds, True, nodes)
    if res is not None and (res.status == 2 or (res.x is not None and not _fits(res.x, a_eq, b_eq, a_ub, b_ub,
                                                                                   lo, hi))):
        res = _milp_once(c, a_eq, b_eq, a_ub, b_ub, lo, hi, seconds, False, nodes)
        if res is not None and res.x is not None and not _fits(res.x, a_eq, b_eq, a_ub, b_ub, lo, hi):
            res.x, res.status = None, 4
    return res


#: integer programs that ended on their backstop seconds rather than their node limit
#: (HiGHS's "time limit reached" after at least those seconds): what they found may
#: differ on a faster or slower machine, so the run says so (:func:`backstop_hits`)
_BACKSTOP = {"hits": 0}


def backstop_hits() -> int:
    """How many integer programs so far ended on their backstop seconds."""
    return _BACKSTOP["hits"]


def _milp_once(c, a_eq, b_eq, a_ub, b_ub, lo, hi, seconds: float, presolve: bool, nodes: Optional[int] = None):
    from scipy.optimize import Bounds, LinearConstraint, milp

    cons = []
    if a_eq is not None and a_eq.shape[0]:
        cons.append(LinearConstraint(a_eq, b_eq, b_eq))
    if a_ub is not None and a_ub.shape[0]:
        cons.append(LinearConstraint(a_ub, -np.inf, b_ub))
    options = {"time_limit": seconds, "mip_rel_gap": 0.0, "presolve": presolve}
    if nodes is not None:
        options["node_limit"] = int(nodes)
    started = time.perf_counter()
    try:
        res = milp(c, constraints=cons, integrality=np.ones(len(c)), bounds=Bounds(lo, hi), options=options)
    except ValueError:
        return None
    if res.status == 1 and time.perf_counter() - started >= 0.95 * seconds:
        _BACKSTOP["hits"] += 1
    return res


def _fits(x, a_eq, b_eq, a_ub, b_ub, lo, hi) -> bool:
    """Whether ``x`` rounded is a point of whole numbers that meets every constraint and bound."""
    xr = np.round(x)
    if np.abs(x - xr).max(initial=0.0) > 1e-5 or (xr < np.asarray(lo) - _INT_TOL).any() \
            or (xr > np.asarray(hi) + _INT_TOL).any():
        return False
    eq = a_eq is None or not a_eq.shape[0] or np.abs(a_eq @ xr - b_eq).max() <= _INT_TOL
    return eq and (a_ub is None or not a_ub.shape[0] or (a_ub @ xr - b_ub).max() <= _INT_TOL)


def _lp_arguments(a_eq, b_eq, a_ub, b_ub, bounds, presolve: bool = True) -> dict:
    """scipy ``linprog`` arguments (HiGHS); empty constraint blocks are left out.  Without
    ``presolve``: HiGHS's dual simplex straight away (the bulk LPs of the export gate,
    many small stacked parts, solve in about half the time without it)."""
    kw = dict(bounds=bounds, method="highs")
    if not presolve:
        kw.update(method="highs-ds", options={"presolve": False})
    if a_eq.shape[0]:
        kw.update(A_eq=a_eq, b_eq=b_eq)
    if a_ub.shape[0]:
        kw.update(A_ub=a_ub, b_ub=b_ub)
    return kw


def _stack(copies):
    """Block-diagonal arguments for one solve of many problems: one copy of a component
    per (problem, target index) in ``copies``, each with that target's objective."""
    import scipy.sparse as sp

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


def _solve_stacked(problems, solved, directions=("min", "max"), whole: bool = True) -> Tuple[int, int]:
    """Min and max over whole persons of every target: one copy of its component per
    target, all copies of all problems stacked block-diagonally into one LP per
    direction.  Where the LP's optimum in a copy is a table of whole persons it is the
    whole-number optimum too; the copies it splits into fractions are solved again as
    integer programs (:func:`_solve_whole`).  With only "max" in ``directions`` the min is
    left NaN.  With ``whole`` False the fractional optima are kept as they are (bounds
    of the whole-number range, not exact).  Returns the number of LPs and of integer
    programs solved."""
    from scipy.optimize import linprog

    for p in problems:
        if not p["c"].shape[1]:  # every variable fixed at zero (published zeros): the cells are 0
            for t in p["targets"]:
                solved[t.cell] = (0.0, 0.0, True)
    problems = [p for p in problems if p["c"].shape[1]]
    if not problems:
        return 0, 0
    c, a_eq, b_eq, a_ub, b_ub, lo, hi = _stack([(p, i) for p in problems for i in range(p["c"].shape[0])])
    kw = _lp_arguments(a_eq, b_eq, a_ub, b_ub, np.column_stack([lo, hi]))
    runs = {d: linprog(c if d == "min" else -c, **kw) for d in ("min", "max") if d in directions}
    if any(r.status != 0 for r in runs.values()) and len(problems) > 1:
        # an inconsistent component (e.g. edited figures) must not fail its neighbours
        parts = [_solve_stacked([p], solved, directions, whole) for p in problems]
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
                    ends[(t.cell, d)] = (float("nan"), True)
                    continue
                x = r.x[sl]
                xr = np.round(x)
                is_whole = (np.abs(x - xr) <= _INT_TOL).all() and _meets(eq, p["b_eq"], ub, p["b_ub"], xr)
                if is_whole:
                    ends[(t.cell, d)] = (float(c[sl] @ xr), True)
                elif whole:
                    fractional.append((p, i, d))
                else:
                    ends[(t.cell, d)] = (float(c[sl] @ x), False)
            off += n
    milps = _solve_whole(fractional, ends) if fractional else 0
    for p in problems:
        for t in p["targets"]:
            vmin = ends.get((t.cell, "min"), (float("nan"), True))
            vmax = ends.get((t.cell, "max"), (float("nan"), True))
            solved[t.cell] = (vmin[0], vmax[0], vmin[1] and vmax[1])
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
    c, a_eq, b_eq, a_ub, b_ub, lo, hi = _stack(copies)
    res = _milp(sign * c, a_eq, b_eq, a_ub, b_ub, lo, hi)
    if (res is None or res.status != 0) and len(items) > 1:
        return 1 + sum(_solve_whole([it], ends) for it in items)
    off = 0
    for p, i, d in items:
        n = p["c"].shape[1]
        key = (p["targets"][i].cell, d)
        if res is not None and res.x is not None:
            xr = np.round(res.x[off:off + n])
            ends[key] = (float(p["c"][i] @ xr), res.status == 0)
        else:
            ends[key] = (float("nan"), res is not None and res.status == 2)  # 2: no table at all
        off += n
    return 1


#: nodes (and backstop seconds) HiGHS may spend looking for one table with a cell in a range
_WITNESS_NODES, _WITNESS_SECONDS = 2000, 60.0


def _table_with(p: dict, i: int, low: float, high: float, seconds: float = _WITNESS_SECONDS,
                nodes: int = _WITNESS_NODES, point: bool = False):
    """A table of whole persons that fits problem ``p`` (:meth:`_System.component`) and
    gives its ``i``-th target a value in ``low..high``: that value, or None when HiGHS
    finds none in ``nodes`` (none exists, or the search was cut off).  With ``point``:
    (value, the table over ``p``'s variables), or (None, None)."""
    import scipy.sparse as sp

    row = sp.csr_matrix(p["c"][i][None, :])
    a_ub = sp.vstack([p["A_ub"], row, -row], format="csr")
    b_ub = np.r_[p["b_ub"], high if np.isfinite(high) else 1e9, -low]
    res = _milp(np.zeros(p["c"].shape[1]), p["A_eq"], p["b_eq"], a_ub, b_ub, p["lo"], p["hi"], seconds, nodes)
    if res is None or res.x is None:  # _milp returns only points that fit
        return (None, None) if point else None
    x = np.round(res.x)
    return (float(p["c"][i] @ x), x) if point else float(p["c"][i] @ x)


def _witnesses(p: dict, truth, m: int, lob: float, seconds: float = _WITNESS_SECONDS,
               nodes: int = _WITNESS_NODES) -> Tuple[dict, int]:
    """Per target of ``p``, two tables of whole persons the attacker cannot rule out that
    show it safe: one where the cell is at least ``m`` (or 0, when zeros are hidden) and
    one where it differs.  The true table is the first when it qualifies (``truth``: the
    true value per target, or None), and the second when it differs from the first.
    ``nodes`` and ``seconds``: for each integer program.  Returns ``{cell: (lowest, highest)}`` of the values
    found (equal when no second table was found: the cell then fails, which errs towards
    hiding) and the number of integer programs solved."""
    out, solved = {}, 0
    for i, t in enumerate(p["targets"]):
        first = truth[i] if truth is not None and (truth[i] >= m or (lob <= 0 and truth[i] <= 0)) else None
        if first is None:
            first = _table_with(p, i, m, np.inf, seconds, nodes)
            solved += 1
            if first is None and lob <= 0:
                first = _table_with(p, i, 0, 0, seconds, nodes)
                solved += 1
        if first is None:
            v = truth[i] if truth is not None else float("nan")
            out[t.cell] = (v, v)
            continue
        if truth is not None and truth[i] != first:
            out[t.cell] = (min(first, truth[i]), max(first, truth[i]))
            continue
        second = _table_with(p, i, first + 1, np.inf, seconds, nodes)
        solved += 1
        if second is None and first - 1 >= lob:
            second = _table_with(p, i, lob, first - 1, seconds, nodes)
            solved += 1
        out[t.cell] = (first, first) if second is None else (min(first, second), max(first, second))
    return out, solved
