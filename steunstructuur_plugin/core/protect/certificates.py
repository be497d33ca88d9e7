"""Tables of whole persons the attacker cannot rule out, found in bulk: they show most
hidden cells safe without an exact solve per cell.

In: the constraint system, the true table (inside protection) and the cells to show.
Out: per cell the lowest and highest value such tables give it, and which cells are
left for the exact solve.
"""

from typing import Dict, Optional, Tuple

import numpy as np

from ..count.aggregate import DIVISION
from .model import UNBOUNDED, _Tree
from .solve import _INT_TOL, _lp_arguments, _milp, _System, _whole_split

#: rounds of all-cells-at-once LPs that show cells safe before the exact LP per cell
_CERTIFY_ROUNDS = 8


#: tables from moving people between two buurten (:func:`_pair_moves`) are tried first
#: for configurations of up to this many atoms (3 indicators have 7)
_MOVE_MAX_ATOMS = 8


#: ... evaluated for this many pairs of buurten at a time (bounds the memory)
_MOVE_PAIRS_AT_ONCE = 5000


#: ... between the open buurten of a wijk (or of a gemeente) of at most this many
_MOVE_GROUP_MAX = 1000


#: nodes (and backstop seconds) for the integer program that stands in for a certificate
#: LP whose point splits persons into fractions (the grouped model's LPs mostly do);
#: deterministic (see .solve) as long as the backstop is never reached: HiGHS checks it
#: only now and then, and its root node alone can take long (a program of 12,604 columns
#: 45-50 s; one of 46,210 ran into a backstop of 60 s at 85 s, so the same registrations
#: hid 2,389 or 2,399 cells depending on the machine's load)
_CERTIFY_MILP_NODES, _CERTIFY_MILP_SECONDS = 20, 300.0
#: ... only up to this many columns (a fixed size, so the choice is the same everywhere;
#: the root of a larger one may not end well inside the backstop)
_CERTIFY_MILP_MAX_COLUMNS = 15000


#: ... ended early when a round shows fewer than this share of the open cells safe
_CERTIFY_MIN_GAIN = 0.05




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
    b1, b2 = _move_pairs(tree, open_b, hidden, wanted)
    if not len(b1):
        return None
    bits = 1 << np.arange(nf)
    pub_b = (~hidden["buurt"] * bits).sum(axis=1)
    pub_w = (~hidden["wijk"] * bits).sum(axis=1)
    w1, w2 = tree.b_w[b1], tree.b_w[b2]
    cross = w1 != w2
    fixed = pub_b[b1] | pub_b[b2] | np.where(cross, pub_w[w1] | pub_w[w2], 0)
    # an own division: a pair in two areas changes both areas' figures (those of a buurt
    # outside the division, none), as a pair in two wijken changes the wijken's
    if tree.divided:
        pub_o = np.r_[(~hidden[DIVISION] * bits).sum(axis=1), 0]  # the last: outside the division
        o1, o2 = tree.b_o[b1], tree.b_o[b2]
        cross_o = o1 != o2
        fixed |= np.where(cross_o, pub_o[o1] | pub_o[o2], 0)
        vo = np.vstack([values[DIVISION], np.full((1, nf), np.inf)])  # no limit outside the division
    else:
        o1 = o2 = np.full(len(b1), -1)
        cross_o = np.zeros(len(b1), dtype=bool)

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
    found = {lv: [] for lv in tree.levels}  # (rows, lowest, highest) per level

    def record(lv, rows, low, high):
        if len(rows):
            found[lv].append((rows, low, high))

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
            z1, z2, co = o1[sel], o2[sel], cross_o[sel]
            # b1 gains t*d: its atoms where d < 0 and hidden fields where df < 0 limit t;
            # b2 loses t*d: its atoms where d > 0 and hidden fields where df > 0
            t1 = np.minimum(_room(atoms[x1], -d), _room(np.where(hb[x1], vb[x1] - lob, np.inf), -df))
            t2 = np.minimum(_room(atoms[x2], d), _room(np.where(hb[x2], vb[x2] - lob, np.inf), df))
            if c.any():  # two wijken: their hidden figures change too (published ones cannot)
                t1[c] = np.minimum(t1[c], _room(vw[y1[c]] - lob, -df))
                t2[c] = np.minimum(t2[c], _room(vw[y2[c]] - lob, df))
            if co.any():  # two own areas: the same for theirs
                t1[co] = np.minimum(t1[co], _room(vo[z1[co]] - lob, -df))
                t2[co] = np.minimum(t2[co], _room(vo[z2[co]] - lob, df))
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
            if co.any():
                k1, k2 = co & (z1 >= 0), co & (z2 >= 0)
                record(DIVISION, z1[k1], vo[z1[k1]] + down[k1], vo[z1[k1]] + up[k1])
                record(DIVISION, z2[k2], vo[z2[k2]] - up[k2], vo[z2[k2]] - down[k2])
            # moves from the whole wijk at once: only pairs that change no wijk or own area
            pr, mv = np.nonzero(go & ~(c | co)[:, None])
            gathered.append((x1[pr], k[mv], t1[pr, mv], np.minimum(t2[pr, mv], UNBOUNDED)))
    if gathered:
        rows, low, high = _from_the_whole_wijk(gathered, ids, p, vb)
        record("buurt", rows, low, high)
    return _extremes(found, values)


def _move_pairs(tree: _Tree, open_b, hidden, wanted) -> Tuple[np.ndarray, np.ndarray]:
    """Ordered pairs of open buurten to move people between: within a wijk, and across
    wijken of one gemeente when both wijken hide a figure; one of the two in a wijk of
    ``wanted``.  A group of more than _MOVE_GROUP_MAX buurten is left to the LPs (its
    pairs grow as its square)."""
    wijk_hidden = hidden["wijk"].any(axis=1)
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
    if not firsts:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return np.concatenate(firsts), np.concatenate(seconds)


def _room(slack, change):
    """Per pair and move: how far ``t`` can go before a value with ``slack`` (pairs x
    entries) hits its limit, where ``change`` (moves x entries) takes from it."""
    with np.errstate(divide="ignore", invalid="ignore"):
        q = np.where(change[None] > 0, slack[:, None, :] / change[None], np.inf)
    return q.min(axis=2)


def _from_the_whole_wijk(gathered, ids: Dict[bytes, int], p: np.ndarray, vb: np.ndarray):
    """Moving from all the other buurten of its wijk at once: a buurt takes in a move up to
    its own limit, and the others give up to the sum of theirs (each a whole number of
    times).  ``gathered``: (b1, move id, what b1 takes, what b2 gives) per pair within a
    wijk.  Returns the buurt rows and the lowest and highest values of their fields."""
    g_b, g_k, g_take, g_give = (np.concatenate(x) for x in zip(*gathered))
    key, inverse = np.unique(g_b * len(ids) + g_k, return_inverse=True)
    take = np.full(len(key), np.inf)
    np.minimum.at(take, inverse, g_take)
    t = np.minimum(take, np.bincount(inverse, weights=g_give, minlength=len(key)))
    moves = np.array([np.frombuffer(v) for v in ids]) @ p.T  # move id -> field changes
    moves[np.abs(moves) < 1e-9] = 0.0
    rows, step = key // len(ids), t[:, None] * moves[key % len(ids)]
    return rows, vb[rows] + np.minimum(step, 0), vb[rows] + np.maximum(step, 0)


def _extremes(found, values):
    """(highest, lowest) value per level and cell over the tables found (NaN: none)."""
    out = {0: {}, 1: {}}
    for lv in found:
        out[0][lv], out[1][lv] = np.full(values[lv].shape, np.nan), np.full(values[lv].shape, np.nan)
        if found[lv]:
            rows, low, high = (np.concatenate(x) for x in zip(*found[lv]))
            order = np.argsort(rows, kind="stable")
            rows = rows[order]
            starts = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])
            out[0][lv][rows[starts]] = np.fmax.reduceat(high[order], starts, axis=0)
            out[1][lv][rows[starts]] = np.fmin.reduceat(low[order], starts, axis=0)
    return out


def _past(high, low, m: int) -> np.ndarray:
    """Whether the tables found reach ``m`` (or 0) for each cell."""
    return (high >= m - _INT_TOL) | (low <= _INT_TOL)


def shown_safe(high, low, m: int) -> np.ndarray:
    """Whether the highest and lowest values found for each cell (over tables of whole
    persons that fit everything published) show it safe: one reaches ``m`` (or 0) and
    they differ."""
    return _past(high, low, m) & (high - low >= 1 - _INT_TOL)


def _certify(system: _System, targets, truth, solved, m: int, reached=None,
             integer_points: bool = False) -> Tuple[int, np.ndarray]:
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
    t_comp = system.comp[[t.cols[0] for t in targets]]
    if truth is not None:
        high, low = truth.astype(np.float64), truth.astype(np.float64).copy()
    else:
        high, low = np.full(nt, -np.inf), np.full(nt, np.inf)
    if reached is not None:  # the tables of :func:`_pair_moves`
        high, low = np.fmax(high, reached[0]), np.fmin(low, reached[1])

    def still_open():
        past = _past(high, low, m)
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
            if not len(cols):  # every variable fixed at zero: no LP, every cell there is 0
                rows = np.isin(t_comp, comps)
                high[rows], low[rows] = np.maximum(high[rows], 0.0), np.minimum(low[rows], 0.0)
                continue
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
            if integer_points and len(whole) < len(comps) and len(objective) <= _CERTIFY_MILP_MAX_COLUMNS:
                # the LP split persons into fractions: the same problem over whole numbers
                # (HiGHS branch and bound); any table it finds, best or not, is whole
                found = _milp(objective, a_eq, b_eq, a_ub, b_ub, bounds[:, 0], bounds[:, 1], _CERTIFY_MILP_SECONDS,
                              _CERTIFY_MILP_NODES)
                lp += 1
                if found is not None and found.x is not None:
                    x[cols] = found.x[:nv]
                    whole = _whole_components(system, cols, found.x[:nv], a_eq0, b_eq, a_ub0, b_ub0, bounds[:nv])
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
            solved[t.cell] = (float(lo_), float(hi_), False)
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
