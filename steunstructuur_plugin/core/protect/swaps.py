"""Tables of whole persons for the grouped model, found by swapping atoms between buurten.

In: the true table of the grouped model's variables per buurt (:meth:`.structure.Structure.occupied`,
known inside protection only), the true counts, which cells are hidden, and the cells to show safe.
Out: per cell the highest and lowest value it takes in the tables found (NaN: none changes it).

A *swap* changes, in one group, some persons of buurt ``b1`` from atom ``p`` to atom ``q``
and as many persons of a buurt ``b2`` of the same wijk from ``q`` to ``p``.  When ``p`` and
``q`` look the same to the chain (the same units and values of the figures it carries) the
links still hold, so the result is again a table of whole persons; the wijk and gemeente
totals stay as they are (what ``b1`` gains ``b2`` loses).  What changes are the fields
where ``p`` and ``q`` differ, in ``b1`` and ``b2``: a swap is allowed only where all of
those are hidden in both, and every hidden cell stays at least the lowest value a hidden
cell can have.  Each table found is checked once more against every published figure of
the two buurten before it counts.  So every value recorded is one the attacker cannot rule
out: the cell's true range holds it (``tests/core/protect/test_structure.py``).

A *switch* turns one indicator on for a person of ``b1`` and one off for a person of
``b2`` (again invisible to the chain) when the two change every field by exactly opposite
amounts.  Swaps and switches cannot change the figures carried by the chain (a theme's
union when the theme is one group, stacking, figures across groups): for those cells, and
those no swap reaches, an *exchange* is a small integer program over all the variables of
a pair of buurten (:class:`_Exchange`), checked in the same way.
"""

import weakref
from typing import Dict, List, Optional, Tuple

import numpy as np

from .model import UNBOUNDED, _Tree
from .structure import Structure

#: partners tried per cell for swaps (the buurten of its wijk, by code)
_PARTNERS = 12

#: pairs of buurten tried per cell for an exchange, and the nodes (and backstop seconds)
#: of each one's integer program (deterministic, see .solve)
_EXCHANGE_PAIRS = 3
_EXCHANGE_NODES, _EXCHANGE_SECONDS = 50, 10.0


class _Groups:
    """Per group of the structure: its atoms (variables), their chain keys, and the
    fields its atoms touch; per field, the group whose atoms alone make it (-1: the chain
    or several groups)."""

    def __init__(self, struct: Structure):
        walk = struct.walk
        pattern = struct.pattern
        self.atoms = [np.asarray(a, dtype=np.int64) for a in walk.atoms_of]
        self.keys = [walk.key_ids(g) for g in range(len(self.atoms))]
        self.sub = [pattern[:, a] for a in self.atoms]
        owner = np.full(struct.nv, -1, dtype=np.int64)
        for g, a in enumerate(self.atoms):
            owner[a] = g
        self.masks = [np.asarray(grp.masks, dtype=np.int64) for grp in walk.groups]
        self._toggles: Dict[int, tuple] = {}
        self.field_group = np.full(pattern.shape[0], -1, dtype=np.int64)
        for f in range(pattern.shape[0]):
            gs = np.unique(owner[pattern[f]])
            if len(gs) == 1 and gs[0] >= 0:
                self.field_group[f] = gs[0]

    def toggles(self, g: int):
        """Group ``g``'s switches of one indicator in an atom (on or off) that the chain
        does not see: (from atom, to atom, change of every field), in atom rows."""
        if g not in self._toggles:
            masks, keys = self.masks[g], self.keys[g]
            row = {int(mk): r for r, mk in enumerate(masks)}
            frm, to = [], []
            for r, mk in enumerate(masks):
                for i in range(int(masks.max()).bit_length()):
                    r2 = row.get(int(mk) ^ (1 << i))
                    if r2 is not None and keys[r2] == keys[r]:
                        frm.append(r)
                        to.append(r2)
            frm, to = np.array(frm, dtype=np.int64), np.array(to, dtype=np.int64)
            sub = self.sub[g].astype(np.int8)
            self._toggles[g] = (frm, to, (sub[:, to] - sub[:, frm]).T.copy())
        return self._toggles[g]

    def toggle(self, g: int, f: int, sign: int, y1, y2, pub1, pub2, banned):
        """A switch in ``b1`` that changes field ``f`` by ``sign`` and one in ``b2`` with
        the opposite change of every field, neither touching a field published there, each
        from an atom the buurt has a person in; the fewest fields changed first.
        ((from, to) in b1, (from, to) in b2), or None."""
        frm, to, delta = self.toggles(g)
        if not len(frm):
            return None
        ok1 = (delta[:, f] == sign) & (y1[frm] >= 1) & ~(delta[:, pub1] != 0).any(axis=1)
        ok2 = (delta[:, f] == -sign) & (y2[frm] >= 1) & ~(delta[:, pub2] != 0).any(axis=1)
        c1, c2 = np.flatnonzero(ok1), np.flatnonzero(ok2)
        if not len(c1) or not len(c2):
            return None
        other = {}
        for u in c2:
            other.setdefault((-delta[u]).tobytes(), int(u))
        for t in c1[np.argsort((delta[c1] != 0).sum(axis=1), kind="stable")]:
            u = other.get(delta[t].tobytes())
            if u is not None:
                move = ((int(frm[t]), int(to[t])), (int(frm[u]), int(to[u])))
                if move not in banned:
                    return move
        return None


_GROUPS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def groups_of(struct: Structure) -> _Groups:
    """The :class:`_Groups` of a grouped structure, made once per structure (every audit
    of one protection asks for them, and the switches are worked out once)."""
    if struct.walk not in _GROUPS:
        _GROUPS[struct.walk] = _Groups(struct)
    return _GROUPS[struct.walk]


def swap_tables(tree: _Tree, struct: Structure, table: np.ndarray, values, hidden, lob: float, m: int,
                targets) -> Optional[Tuple[np.ndarray, np.ndarray]]:
    """(highest, lowest) value per target over the tables found (NaN: none changes it).

    ``table``: buurten x variables, the true table; ``targets``: the cells to show.  First
    swaps and switches, one person at a time (:func:`_swap`, buurt cells of fields one
    group makes); for the cells still open a small integer program per pair of buurten
    (:class:`_Exchange`).  Every table found also records the other hidden cells of the
    areas it changes."""
    if struct.walk is None or table is None:
        return None
    groups = groups_of(struct)
    found: Dict[tuple, list] = {}  # (level, row, field) -> [highest, lowest]

    def safe(key):
        v = values[key[0]][key[1], key[2]]
        hi, lo = found.get(key, (v, v))
        return (hi >= m or lo <= 0) and hi - lo >= 1

    def record(changes):
        for lv, r, fields in changes:
            for f in np.flatnonzero(hidden[lv][r]):
                entry = found.setdefault((lv, r, f), [values[lv][r, f]] * 2)
                entry[0], entry[1] = max(entry[0], fields[f]), min(entry[1], fields[f])

    def wants(v0):
        """(need, direction) pairs that would show a cell with true value ``v0`` safe."""
        out = [(1 if v0 >= m or v0 <= 0 else m - v0, 1)]
        if lob <= 0 < v0 < m or v0 >= m:
            out.append((1 if v0 >= m else v0, -1))
        return out

    vb, hb = values["buurt"], hidden["buurt"]
    open_b = np.flatnonzero(hb.any(axis=1) & (tree.b_w >= 0))
    open_b = open_b[np.argsort(tree.codes["buurt"][open_b], kind="stable")]
    by_wijk = {int(w): open_b[tree.b_w[open_b] == w] for w in np.unique(tree.b_w[open_b])}
    for t in targets:
        b1, f = t.cell.row, t.cell.col
        g = int(groups.field_group[f])
        if t.cell.level != "buurt" or g < 0 or tree.b_w[b1] < 0 or safe(t.cell):
            continue
        partners = [int(b) for b in by_wijk.get(int(tree.b_w[b1]), ()) if b != b1 and hb[b, f]][:_PARTNERS]
        for need, sign in wants(vb[b1, f]):
            got = _swap(groups, g, f, b1, partners, need, sign, table, vb, hb, lob)
            if got is not None:
                record(("buurt", b, n) for b, n in zip(*got))
            if safe(t.cell):
                break
    ex = _Exchange(tree, struct, table, values, hidden, lob)
    for t in targets:
        if safe(t.cell):
            continue
        lv, row, f = t.cell
        v0 = values[lv][row, f]
        for need, sign in wants(v0):
            # one exchange after another, each from the table the last one left: a cell
            # may need persons from more than one partner
            ex.fresh()
            for b1, b2 in ex.pairs(t.cell, open_b):
                left = need - sign * (ex.value(lv, row)[f] - v0)
                if left < 1:
                    break
                got = ex.solve(b1, b2, f, left, sign)
                if got is not None:
                    record(got)
            if safe(t.cell):
                break
    nt = len(targets)
    high, low = np.full(nt, np.nan), np.full(nt, np.nan)
    for i, t in enumerate(targets):
        if t.cell in found:
            high[i], low[i] = found[t.cell]
    return high, low


class _Exchange:
    """One small integer program per pair of buurten: ``b1`` takes ``d`` (whole persons
    per variable of the structure) and ``b2`` gives it, or ``b1`` alone changes when its
    wijk and gemeente hide what changes.  ``d`` keeps the links and every figure published
    for the areas it changes; every hidden cell of those stays at least ``lob``."""

    def __init__(self, tree: _Tree, struct: Structure, table, values, hidden, lob: float):
        import scipy.sparse as sp

        self.tree, self.table, self.values, self.hidden, self.lob = tree, table, values, hidden, lob
        self.p = sp.csr_matrix(struct.pattern.astype(np.float64))
        self.links = sp.csr_matrix(struct.links.astype(np.float64))
        self.nv = struct.nv
        self.fresh()

    def fresh(self) -> None:
        """Start again from the true table."""
        self._rows: Dict[int, np.ndarray] = {}
        self._values: Dict[Tuple[str, int], np.ndarray] = {}

    def row(self, b: int) -> np.ndarray:
        """Buurt ``b``'s variables in the current table."""
        return self._rows.get(b, self.table[b])

    def value(self, lv: str, r: int) -> np.ndarray:
        """The fields of an area in the current table."""
        return self._values.get((lv, r), self.values[lv][r])

    def pairs(self, cell, open_b) -> List[Tuple[int, Optional[int]]]:
        """Pairs (b1, b2 or None) whose exchange can change ``cell``, in the order tried: b1
        under it, b2 beside it (in its wijk for a buurt, in another wijk of its gemeente for
        a wijk), at most ``_EXCHANGE_PAIRS``; for a buurt then also partners in another
        wijk of its gemeente when both wijken hide the field (the buurt's own wijk may
        hold nobody to exchange with: a wijk of empty buurten).  A buurt's partners with
        the most persons in the field come first (:meth:`_most`): a cell of 1 that needs 4
        more persons took them from the first three buurten by code, of 1, 1 and 2."""
        tree, hid = self.tree, self.hidden
        lv, row, f = cell
        b_w, b_g = tree.b_w, tree.b_g
        hb = hid["buurt"][:, f]
        hw = hid["wijk"][np.maximum(b_w, 0), f]
        alone_ok = hw & hid["gemeente"][np.maximum(b_g, 0), f]
        if lv == "buurt":
            side = self._most([int(b) for b in open_b if b != row and b_w[b] == b_w[row] and hb[b]], f)
            out = [(row, b) for b in side[:_EXCHANGE_PAIRS]] + ([(row, None)] if alone_ok[row] else [])
            far = self._most([int(b) for b in open_b if b_w[b] != b_w[row] and b_g[b] == b_g[row] and hb[b]
                              and hw[b]], f) if hw[row] else []
            return out[:_EXCHANGE_PAIRS] + [(row, b) for b in far[:_EXCHANGE_PAIRS]]
        if lv == "wijk":
            under = [int(b) for b in open_b if b_w[b] == row and hb[b]]
            side = [int(b) for b in open_b if b_w[b] != row and b_g[b] == tree.w_g[row] and hb[b]
                    and hid["wijk"][b_w[b], f]]
            out = [(b1, b2) for b1 in under[:2] for b2 in side[:_EXCHANGE_PAIRS]]
            return (out + [(b1, None) for b1 in under[:2] if alone_ok[b1]])[:_EXCHANGE_PAIRS]
        under = [int(b) for b in open_b if b_g[b] == row and hb[b] and hid["wijk"][b_w[b], f]]
        return [(b1, None) for b1 in under[:_EXCHANGE_PAIRS]]

    def _most(self, buurten: List[int], f: int) -> List[int]:
        return most_persons_first(buurten, self.values["buurt"][:, f], self.tree.codes["buurt"])

    def _areas(self, b1: int, b2: Optional[int]) -> List[Tuple[str, int, int]]:
        """The areas an exchange changes, each with the sign of its change."""
        tree = self.tree
        out = [("buurt", b1, 1)]
        if b2 is None:
            return out + [("wijk", int(tree.b_w[b1]), 1), ("gemeente", int(tree.b_g[b1]), 1)]
        out.append(("buurt", b2, -1))
        if tree.b_w[b1] != tree.b_w[b2]:
            out += [("wijk", int(tree.b_w[b1]), 1), ("wijk", int(tree.b_w[b2]), -1)]
            if tree.b_g[b1] != tree.b_g[b2]:
                out += [("gemeente", int(tree.b_g[b1]), 1), ("gemeente", int(tree.b_g[b2]), -1)]
        return out

    def solve(self, b1: int, b2: Optional[int], f: int, need: float, sign: int):
        """Change field ``f`` of ``b1`` (and of the areas above it) by ``sign`` up to
        ``need``; the changed areas and their new fields in a checked table, or None."""
        import scipy.sparse as sp

        from .solve import _milp

        areas = self._areas(b1, b2)
        fixed = np.zeros(self.p.shape[0], dtype=bool)
        for lv, r, _ in areas:
            fixed |= ~self.hidden[lv][r]
        if fixed[f]:
            return None
        rows, rhs = [], []
        for lv, r, s in areas:  # hidden cells stay at least lob: -s * P d <= v - lob
            h = np.flatnonzero(self.hidden[lv][r])
            rows.append(-s * self.p[h])
            rhs.append(self.value(lv, r)[h] - self.lob)
        rows.append(sign * self.p[[f]])
        rhs.append(np.array([float(need)]))
        a_ub, b_ub = sp.vstack(rows, format="csr"), np.concatenate(rhs)
        a_eq = sp.vstack([self.links, self.p[np.flatnonzero(fixed)]], format="csr")
        lo = -self.row(b1)
        hi = self.row(b2) if b2 is not None else np.full(self.nv, float(UNBOUNDED))
        c = -sign * self.p[[f]].toarray().ravel()
        res = _milp(c, a_eq, np.zeros(a_eq.shape[0]), a_ub, b_ub, lo, hi, _EXCHANGE_SECONDS, _EXCHANGE_NODES)
        if res is None or res.x is None:
            return None
        d = np.round(res.x)
        change = self.p @ d
        if sign * change[f] < 1:
            return None
        out = []
        for lv, r, s in areas:  # the check, in whole numbers
            new = self.value(lv, r) + s * change
            pub = ~self.hidden[lv][r]
            if (new[pub] != self.values[lv][r, pub]).any() or (new[~pub] < self.lob).any():
                return None
            out.append((lv, r, new))
        rows = {b1: self.row(b1) + d}
        if b2 is not None:
            rows[b2] = self.row(b2) - d
        if (self.links @ d != 0).any() or any((x < 0).any() for x in rows.values()):
            return None
        self._rows.update(rows)
        self._values.update({(lv, r): new for lv, r, new in out})
        return out


def most_persons_first(buurten, counts, codes) -> List[int]:
    """``buurten`` (rows) with the most persons in a field (``counts``, per buurt row) first,
    then by code: the partners most likely to have persons to give.  The exchanges, the
    repair that hides in a partner and the last cells' program take partners in this order."""
    return sorted((int(b) for b in buurten), key=lambda b: (-counts[b], codes[b]))


def _swap(groups: _Groups, g: int, f: int, b1: int, partners: List[int], need: float, sign: int, table, vb, hb,
          lob: float):
    """Change field ``f`` of buurt ``b1`` by ``sign`` up to ``need`` times with swaps in
    group ``g`` from the partners (one after another).  Returns (rows, their new fields)
    of a checked table, or None when no swap was possible."""
    sub, keys, atoms = groups.sub[g], groups.keys[g], groups.atoms[g]
    touch = sub.any(axis=1)  # the fields this group's atoms make
    y = {b1: table[b1, atoms].copy()}
    moved = 0
    for b2 in partners:
        if moved >= need:
            break
        y[b2] = table[b2, atoms].copy()
        fixed = (~hb[b1] | ~hb[b2]) & touch
        if fixed[f]:
            continue
        # atoms that look the same on every fixed field and to the chain may be swapped
        sig = np.vstack([sub[fixed], keys[None, :]]).T
        _, cls = np.unique(sig, axis=0, return_inverse=True)
        has = sub[f] if sign > 0 else ~sub[f]  # b1's persons go from atoms without to atoms with
        banned = set()
        while moved < need:
            # the same two atoms swapped in both buurten, else one indicator switched in
            # each (on or off) with opposite changes of the fields
            pick = _pick(cls, has, y[b1], y[b2], sub, banned)
            if pick is not None:
                (p, q), key = pick, pick
                move = ((p, q), (q, p))
            else:
                move = groups.toggle(g, f, sign, y[b1], y[b2], ~hb[b1], ~hb[b2], banned)
                if move is None:
                    break
                key = move
            (a, b), (c, d) = move
            _apply(y[b1], a, b, 1)
            _apply(y[b2], c, d, 1)
            ok = all(_hidden_ok(vb[b] + (sub @ (y[b] - table[b, atoms])), hb[b], lob) for b in (b1, b2))
            if not ok:  # a hidden field would drop below its lowest value: undo, try another
                _apply(y[b1], a, b, -1)
                _apply(y[b2], c, d, -1)
                banned.add(key)
                continue
            moved += 1
    if not moved:
        return None
    rows = [b for b in y if not np.array_equal(y[b], table[b, atoms])]
    new = [vb[b] + sub @ (y[b] - table[b, atoms]) for b in rows]
    total = sum(n - vb[b] for b, n in zip(rows, new))
    for b, n in zip(rows, new):  # the check: whole persons, published fields unchanged
        if (y[b] < 0).any() or (n[~hb[b]] != vb[b][~hb[b]]).any() or not _hidden_ok(n, hb[b], lob):
            return None
    if np.abs(total).max() > 0:  # the wijk's totals stay
        return None
    return rows, new


def _apply(y, a: int, b: int, times: int) -> None:
    """``times`` persons go from atom ``a`` to atom ``b``."""
    y[a] -= times
    y[b] += times


def _pick(cls, has, y1, y2, sub, banned) -> Optional[Tuple[int, int]]:
    """An atom ``p`` without the field (``b1`` has one) and ``q`` with it (``b2`` has one)
    of one class, changing the fewest other fields; None when there is none."""
    ps = np.flatnonzero(~has & (y1 >= 1))
    qs = np.flatnonzero(has & (y2 >= 1))
    if not len(ps) or not len(qs):
        return None
    same = cls[ps][:, None] == cls[qs][None, :]
    if not same.any():
        return None
    pi, qi = np.nonzero(same)
    differ = (sub[:, ps[pi]] != sub[:, qs[qi]]).sum(axis=0)
    order = np.lexsort((qs[qi], ps[pi], differ))
    for k in order:
        pair = (int(ps[pi[k]]), int(qs[qi[k]]))
        if pair not in banned:
            return pair
    return None


def _hidden_ok(fields, hidden_row, lob: float) -> bool:
    return bool((fields[hidden_row] >= lob).all())

