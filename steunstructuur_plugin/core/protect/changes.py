"""Protection by changing persons: a certificate for every hidden cell, and the cells it needs hidden.

In: the persons counted (per person, or household, its buurt and the indicators it is in:
:class:`Persons`, in memory only, inside protection), the true count tables, the
configuration and the cells the rules hide (primary suppression).  Out: the cells hidden
in the end and, per hidden cell, the values the certificates show it takes (a part of
the attacker's range).

A *certificate* of a hidden cell is a second table of whole persons, made from the real
one by changing a few persons, that fits everything published (every published count of
every buurt, wijk and gemeente; zeros stay zero; every hidden cell stays at least the lowest
value a hidden cell can have) and gives the cell another value, one at least ``min_count``
(or 0 when zeros are hidden).  The attacker cannot rule out either table, however he
combines the figures, so the cell's whole-number range holds both values: it is neither
one value nor inside ``1..min_count-1``.  That holds for the exact attacker of the README
(all levels, additivity, how the figures relate, zeros, whole numbers) without modelling
him: a table of real persons meets every relation between the figures by itself.

The changes one person can make in a buurt: switch an indicator on or off, move from one
indicator to another of the same theme (or group), leave, or arrive (as a person of a kind
that lives in the gemeente).  Each changes a set of count fields by +1 or -1 (its
*footprint*).  Two buurten of one wijk making exactly opposite changes leave every wijk
and gemeente figure as it is; across two wijken the two wijk figures change too; one
buurt alone changes its wijk and gemeente.  A change is allowed when every field it
changes is hidden in every area it changes (or hidden now, at a cost), no published zero
would rise, and no hidden cell falls below its lowest value.

Protection hides, for each hidden cell in turn, what its cheapest certificate needs (a
buurt cell costs 1, a wijk cell 4, a gemeente cell 16), so that the certificates decide
what is hidden, not a rule that then has to be audited.  Hiding more never spoils a
certificate found earlier (it changes only fields hidden then), so every certificate
stays valid to the end; a cell hidden for a certificate is certified by it (it changes,
and it is at least ``min_count``).  A step's search keeps its runners-up (other persons);
the steps after it take those that still cost nothing, each checked again against the
table as changed, before searching anew.  The work is a few numpy operations per cell and
candidate partner, with no linear or integer program: a gemeente of 111 buurten with 50
indicators takes seconds.  Everything is deterministic (ties go to the lower row).
"""

import itertools
from collections import deque
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional, Tuple

import numpy as np
import pandas as pd

from ..config import AnalysisConfig
from ..count.aggregate import DIVISION, _field_flags, _units
from ..place.areas import AreaTable
from .model import _RANK, _Tree

#: what hiding one more cell costs, per level
_WEIGHT = {"buurt": 1, "wijk": 4, "gemeente": 16, DIVISION: 4}

#: partners in other wijken tried for a buurt's cell, buurten of a wijk for a wijk's cell,
#: and buurten of a gemeente for a gemeente's cell (those with the most persons in the field)
_OTHER_WIJK_PARTNERS, _WIJK_BUURTEN, _GEMEENTE_BUURTEN = 8, 4, 8

#: runners-up of a step's search kept for the steps after it (see :meth:`_Certifier.search`)
_SPARE, _SCAN = 12, 48

_BIG = 1 << 40
_POP8 = np.array([bin(i).count("1") for i in range(256)], dtype=np.int64)
_MIX = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93],
                dtype=np.uint64)


@dataclass
class Persons:
    """The units counted, in memory only: per unit its buurt (a row of the area table,
    -1 when outside it) and the indicators it is in (units x indicators, in the
    configuration's order).  It never leaves protection."""

    buurt: np.ndarray
    member: np.ndarray


def persons_of(records: pd.DataFrame, cfg: AnalysisConfig, areas: AreaTable) -> Persons:
    """The :class:`Persons` of located records, each unit in its home buurt as counted."""
    home, member, buurten = _units(records, cfg)
    where = pd.Index(buurten).get_indexer(areas.frame["code"])
    row_of = np.full(len(buurten), -1, dtype=np.int64)
    row_of[where[where >= 0]] = np.flatnonzero(where >= 0)
    return Persons(row_of[home] if len(home) else np.zeros(0, dtype=np.int64), member)


# ---------------------------------------------------------------------------- bit sets
def _pack(bits: np.ndarray) -> np.ndarray:
    """rows x n bool -> rows x words uint64 (field i is bit i % 64 of word i // 64)."""
    n, nf = bits.shape
    words = max(1, (nf + 63) // 64)
    pad = np.zeros((n, words * 64), dtype=bool)
    pad[:, :nf] = bits
    return np.packbits(pad, axis=1, bitorder="little").view("<u8").astype(np.uint64).reshape(n, words)


def _unpack(words: np.ndarray, nf: int) -> np.ndarray:
    n = words.shape[0]
    raw = np.ascontiguousarray(words.astype("<u8")).view(np.uint8).reshape(n, 8 * words.shape[1])
    return np.unpackbits(raw, axis=1, bitorder="little")[:, :nf].astype(bool)


def _popcount(words: np.ndarray) -> np.ndarray:
    raw = np.ascontiguousarray(words.astype("<u8")).view(np.uint8).reshape(words.shape[0], 8 * words.shape[1])
    return _POP8[raw].sum(axis=1)


def _hash(pos: np.ndarray, neg: np.ndarray) -> np.ndarray:
    """A 64-bit key of a change (the fields it raises and lowers); equal changes have equal
    keys, and every match on a key is checked on the fields themselves."""
    h = np.zeros(pos.shape[0], dtype=np.uint64)
    with np.errstate(over="ignore"):
        for w in range(pos.shape[1]):
            h = (h ^ pos[:, w]) * _MIX[(2 * w) % 4] + np.uint64(w + 1)
            h = (h ^ neg[:, w]) * _MIX[(2 * w + 1) % 4]
            h ^= h >> np.uint64(29)
    return h


# ----------------------------------------------------------------- one gemeente's persons
class _Gemeente:
    """The kinds of persons of one gemeente (distinct combinations of indicators) and the
    changes each kind can make: per change, the kind it starts from (``src``), the fields
    it raises and lowers (packed), and what the person becomes (``to``: a variant row of
    ``member_to``, or -1 for leaving)."""

    def __init__(self, owner: "_Certifier", buurten: np.ndarray):
        self.owner = owner
        self.buurten = buurten
        sel = np.isin(owner.persons.buurt, buurten)
        # the kinds of its persons (distinct rows, found on their packed bits: far fewer
        # than persons, so each kind's fields are worked out once), and the makers (a kind
        # for each field nobody here is in, so that a person of it can arrive)
        member = owner.persons.member[sel]
        packed = np.ascontiguousarray(_pack(member))
        rows = packed.view(np.dtype((np.void, packed.dtype.itemsize * packed.shape[1]))).ravel()
        _, first, of_person = np.unique(rows, return_index=True, return_inverse=True)
        base = member[first]
        have = owner.flags(base).any(axis=0)
        makers = owner.makers(have)
        kinds, inv = np.unique(np.vstack([base, makers]), axis=0, return_inverse=True)
        inv = inv.ravel()[:len(base)][of_person.ravel()]
        self.kinds = kinds
        self.flags = owner.flags(kinds)
        self.flags_p = _pack(self.flags)
        nk = len(kinds)
        self.count: Dict[int, Tuple[np.ndarray, np.ndarray]] = {}
        key = owner.persons.buurt[sel] * nk + inv.ravel()
        k, n = np.unique(key, return_counts=True)
        self.count_keys, self.count_n = k, n.astype(np.int64)  # buurt * kinds + kind -> persons
        for b in buurten:
            lo, hi = np.searchsorted(k, [b * nk, (b + 1) * nk])
            self.count[int(b)] = (k[lo:hi] - b * nk, n[lo:hi].astype(np.int64))
        src, to = owner.variants(kinds)
        into = to >= 0
        delta = np.zeros((len(src), owner.nf), dtype=np.int8)
        delta[into] = owner.flags(owner.member_to[to[into]]).astype(np.int8) - self.flags[src[into]].astype(np.int8)
        delta[~into] = -self.flags[src[~into]].astype(np.int8)
        keep = (delta != 0).any(axis=1)
        order = np.argsort(src[keep], kind="stable")
        self.src, self.to = src[keep][order], to[keep][order]
        self.pos, self.neg = _pack(delta[keep][order] > 0), _pack(delta[keep][order] < 0)
        self.key, self.key_inv = _hash(self.pos, self.neg), _hash(self.neg, self.pos)
        #: the key of a person of each kind leaving (what matches one arriving)
        self.key_leave = _hash(np.zeros_like(self.flags_p), self.flags_p)
        self.start = np.searchsorted(self.src, np.arange(nk + 1))
        self._index: Dict[int, tuple] = {}
        self._joint: Dict[tuple, tuple] = {}

    def available(self, bs, kinds: np.ndarray, taken: Dict[tuple, int]) -> np.ndarray:
        """How many persons of each kind (-1: anybody arriving, unlimited) each buurt of
        ``bs`` (one, or one per kind) has left in the certificate being built."""
        bs = np.asarray(bs, dtype=np.int64)
        key = bs * len(self.kinds) + np.maximum(kinds, 0)
        at = np.minimum(np.searchsorted(self.count_keys, key), max(len(self.count_keys) - 1, 0))
        out = np.where(self.count_keys[at] == key, self.count_n[at], 0) if len(self.count_keys) else np.zeros(len(key))
        out = np.where(kinds >= 0, out, _BIG).astype(np.int64)
        for (b, kind), used in taken.items():
            out[(bs == b) & (kinds == kind)] -= used
        return out

    def joint_index(self, buurten: Tuple[int, ...]):
        """The changes of several buurten in one index sorted by key: (keys, rows, buurt)."""
        if buurten not in self._joint:
            parts = [self.index(b) for b in buurten]
            keys = np.concatenate([p[1] for p in parts]) if parts else np.zeros(0, dtype=np.uint64)
            rows = np.concatenate([p[2] for p in parts]) if parts else np.zeros(0, dtype=np.int64)
            owner = np.repeat(np.asarray(buurten, dtype=np.int64), [len(p[1]) for p in parts])
            order = np.argsort(keys, kind="stable")
            if len(self._joint) > 64:
                self._joint.clear()
            self._joint[buurten] = (keys[order], rows[order], owner[order])
        return self._joint[buurten]

    def index(self, b: int):
        """Buurt ``b``'s changes (of the kinds it has), sorted by key, for matching."""
        if b not in self._index:
            have = self.count[b][0]
            rows = (np.concatenate([np.arange(self.start[k], self.start[k + 1]) for k in have])
                    if len(have) else np.zeros(0, dtype=np.int64))
            order = np.argsort(self.key[rows], kind="stable")
            self._index[b] = (rows, self.key[rows][order], rows[order])
        return self._index[b]


@dataclass
class _Step:
    """Part of a certificate: buurt ``a`` makes a change (raising ``pos`` and lowering
    ``neg``) ``times`` times; buurt ``b`` (-1: none) the opposite one.  Per side the kind of
    person taken (``a_kind``, ``b_kind``: -1 when a person arrives) and, as indicators,
    the person before (``a_old``: None when arriving) and after (``a_new``: None when
    leaving)."""

    a: int
    b: int
    pos: np.ndarray
    neg: np.ndarray
    times: int
    a_kind: int
    b_kind: int
    a_old: Optional[np.ndarray]
    a_new: Optional[np.ndarray]
    b_old: Optional[np.ndarray] = None
    b_new: Optional[np.ndarray] = None

    def __post_init__(self):
        # copies, not views: a view would keep a whole gemeente's changes in memory
        for name in ("pos", "neg", "a_old", "a_new", "b_old", "b_new"):
            value = getattr(self, name)
            if value is not None:
                setattr(self, name, np.array(value, copy=True))


@dataclass
class _Side:
    """One buurt's candidate changes for a step of a search: per change the fields it
    raises and lowers, the key of the opposite change, the kind it takes and what the
    person becomes (as :class:`_Gemeente` rows; ``-2 - kind`` for an arrival), and its
    cost, whether it is ruled out and how often it fits in the buurt itself; ``parts``:
    the same for other areas, as asked."""

    a: int
    pos: np.ndarray
    neg: np.ndarray
    want: np.ndarray
    frm: np.ndarray
    to: np.ndarray
    cost: np.ndarray
    bad: np.ndarray
    times: np.ndarray
    parts: dict = field(default_factory=dict)


@dataclass
class Certificate:
    """A table of whole persons that shows ``cell`` safe: the changes from the real table
    (:class:`_Step`) and what they do to each area's fields (level, row -> change)."""

    cell: tuple
    steps: List[_Step]
    change: Dict[Tuple[str, int], np.ndarray]
    cost: int
    #: whether it keeps the locked cells (published by earlier outputs) as they are
    locked: bool = False


# ------------------------------------------------------------------------- the search
class _Certifier:
    def __init__(self, tables, cfg: AnalysisConfig, persons: Persons, hidden: Dict[str, np.ndarray],
                 locked: Optional[Dict[str, np.ndarray]] = None, unpublished: Optional[Dict[str, np.ndarray]] = None):
        self.cfg = cfg
        self.fields = cfg.count_fields()
        self.nf = len(self.fields)
        self.tree = tree = _Tree(tables)
        self.values = {lv: tables[lv][self.fields].to_numpy(dtype=np.int64) for lv in tree.levels}
        self.m = int(cfg.disclosure.min_count)  # the highest threshold a certificate reaches
        self.lob = 1 if cfg.disclosure.publish_zero else 0
        self.persons = persons
        if (tree.b_w < 0).any() or (tree.w_g < 0).any():
            raise ValueError("every buurt needs its wijk and every wijk its gemeente")
        #: cells the model holds that no output publishes: always hidden, at least 0 (not
        #: ``lob``), and certified only when they lie inside 1..m-1
        self.unpub = {lv: (np.asarray(unpublished[lv], dtype=bool) if unpublished and lv in unpublished
                           else np.zeros(self.values[lv].shape, dtype=bool)) for lv in tree.levels}
        self.hidden = {lv: np.asarray(h, dtype=bool) | self.unpub[lv] for lv, h in hidden.items()}
        #: per cell the lowest value a table may give it
        self.lobs = {lv: np.where(self.unpub[lv], 0, self.lob).astype(np.int64) for lv in tree.levels}
        self.hidden_p = {lv: _pack(h) for lv, h in self.hidden.items()}
        # a published zero can never be hidden (an attacker takes every hidden cell to be at
        # least 1), so no change may raise it
        self.zero_p = {lv: _pack((self.values[lv] == 0) & ~self.hidden[lv]) for lv in tree.levels}
        self.locked = locked
        self.locked_p = {lv: _pack(locked[lv]) for lv in tree.levels} if locked is not None else None
        #: per buurt its own area (-1: none, or no division)
        self.b_o = tree.b_o if tree.divided else np.full(tree.n["buurt"], -1, dtype=np.int64)
        self.kids_w = pd.Series(np.arange(tree.n["buurt"])).groupby(tree.b_w).indices
        self.kids_g = pd.Series(np.arange(tree.n["buurt"])).groupby(tree.b_g).indices
        self._variants_setup()
        self._gemeente: Dict[int, _Gemeente] = {}
        self._spare: List[tuple] = []

    # -- kinds of persons and their changes
    def _variants_setup(self) -> None:
        cfg = self.cfg
        inds = list(cfg.indicators)
        col = {ind: j for j, ind in enumerate(inds)}
        self.k = len(inds)
        domains = [[col[i] for i in members] for members in cfg.theme_members().values()]
        inside = {i for d in domains for i in d}
        from .structure import indicator_groups  # the groups of linked indicators

        domains += [[col[i] for i in g if col[i] not in inside] for g in indicator_groups(cfg)]
        self.moves = [(a, b) for d in domains for a in d for b in d if a != b]
        masks = {}
        for ind, cats in cfg.indicator_categories().items():
            for cat in cats:
                masks[cat] = masks.get(cat, 0) | 1 << col[ind]
        self.category_masks = np.array([[bool(mk >> i & 1) for i in range(self.k)]
                                        for mk in sorted(set(masks.values()))], dtype=bool).reshape(-1, self.k)
        self.simple_categories = bool((self.category_masks.sum(axis=1) == 1).all())
        self.member_to = np.zeros((0, self.k), dtype=bool)
        self._maker_of: Dict[int, Optional[np.ndarray]] = {}
        pseudo = set(cfg.reach_pseudo())  # distances to provisions (reach): no registration
        self.real = np.array([ind not in pseudo for ind in inds], dtype=bool)

    def makers(self, have: np.ndarray) -> np.ndarray:
        """For every count field nobody has (``have`` False), a combination of indicators
        the categories can make and the field counts (:meth:`_maker`)."""
        out = []
        for f in np.flatnonzero(~have):
            maker = self._maker(int(f))
            if maker is not None and not any((maker == m).all() for m in out):
                out.append(maker)
        return np.array(out, dtype=bool).reshape(-1, self.k)

    def _maker(self, f: int) -> Optional[np.ndarray]:
        """The smallest combination of the indicators field ``f`` is made of (its
        definition's terms, the units stacking counts over, and the indicators sharing a
        category with those) that the categories can make and ``f`` counts."""
        if f not in self._maker_of:
            from ..count.expressions import expression_terms

            cfg, col = self.cfg, {ind: j for j, ind in enumerate(self.cfg.indicators)}
            name = self.fields[f]
            if name.startswith("stapeling_"):
                terms = [u[0] for u in cfg.stacking_units()[:3]]
            else:
                pair = next(((a, b) for a, b in cfg.overlaps if cfg.overlap_field(a, b) == name), None)
                terms = [t for n in (pair or [name[:-2]]) for t in expression_terms(cfg.definition(n))]
            near = {col[t] for t in terms}
            near |= {int(j) for mask in self.category_masks if mask[sorted(near)].any() for j in np.flatnonzero(mask)}
            if not self.real[sorted(near)].any():  # a distance alone: with a registration's indicator
                near.add(int(np.flatnonzero(self.real)[0]))
            near = sorted(near)[:14]
            found = None
            for size in range(1, len(near) + 1):
                combos = np.array(list(itertools.combinations(near, size)), dtype=np.int64)
                member = np.zeros((len(combos), self.k), dtype=bool)
                np.put_along_axis(member, combos, True, axis=1)
                member = member[self.possible(member)]
                hit = np.flatnonzero(self.flags(member)[:, f]) if len(member) else []
                if len(hit):
                    found = member[hit[0]]
                    break
            self._maker_of[f] = found
        return self._maker_of[f]

    def flags(self, member: np.ndarray) -> np.ndarray:
        """kinds x count fields: which fields count a person of each kind."""
        if not len(member):
            return np.zeros((0, self.nf), dtype=bool)
        flags = _field_flags(member, self.cfg)
        return np.column_stack([flags[f] for f in self.fields])

    def possible(self, member: np.ndarray) -> np.ndarray:
        """Whether the categories can make each combination (a category of two indicators
        puts a person in both: :func:`.model._possible`), with an indicator of a
        registration (with reach, nobody is counted for a distance alone)."""
        counted = member[:, self.real].any(axis=1)
        if self.simple_categories:
            return counted
        reach = np.zeros(member.shape, dtype=bool)
        for mask in self.category_masks:
            fits = ~(mask[None, :] & ~member).any(axis=1)
            reach |= fits[:, None] & mask[None, :]
        return counted & (reach == member).all(axis=1)

    def variants(self, kinds: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
        """Per change of a kind: the kind, and the row of ``member_to`` it becomes (-1:
        the person leaves).  The variants are appended to ``member_to``."""
        src, new = [np.arange(len(kinds))], [None]
        for i in range(self.k):
            v = kinds.copy()
            v[:, i] ^= True
            src.append(np.arange(len(kinds)))
            new.append(v)
        for a, b in self.moves:
            ok = np.flatnonzero(kinds[:, a] & ~kinds[:, b])
            v = kinds[ok].copy()
            v[:, a], v[:, b] = False, True
            src.append(ok)
            new.append(v)
        stacked = np.vstack([v for v in new[1:]]) if len(new) > 1 else np.zeros((0, self.k), dtype=bool)
        base = len(self.member_to)
        to = np.r_[np.full(len(kinds), -1), base + np.arange(len(stacked))]
        src = np.concatenate(src)
        ok = np.r_[np.ones(len(kinds), dtype=bool), self.possible(stacked)]
        self.member_to = np.vstack([self.member_to, stacked])
        return src[ok], to[ok]

    def gemeente(self, g: int) -> _Gemeente:
        """Gemeente row ``g``'s kinds and changes (one gemeente at a time: gemeenten share
        no figure, and the memory stays that of one)."""
        if g not in self._gemeente:
            self._gemeente.clear()
            self.member_to = self.member_to[:0]
            self._gemeente[g] = _Gemeente(self, self.kids_g[g])
        return self._gemeente[g]

    def _member(self, gem: _Gemeente, kind: int, to: int):
        """The indicators of a person before (``kind``) or after (``to``) a change."""
        if to is None:
            return gem.kinds[kind] if kind >= 0 else None
        if to >= 0:
            return self.member_to[to]
        return gem.kinds[-2 - to] if to <= -2 else None

    # -- cost and room of changes in one area
    def _area(self, lv: str, row: int, pos, neg, sign: int, change: dict):
        """For changes raising ``pos`` and lowering ``neg`` (times ``sign``) in one area:
        the cost of hiding what they change, whether they are ruled out (a published zero
        rises, a locked cell changes), and how many times each fits."""
        up, down = (pos, neg) if sign > 0 else (neg, pos)
        both = pos | neg
        cost = _popcount(both & ~self.hidden_p[lv][row][None, :]) * _WEIGHT[lv]
        bad = (up & self.zero_p[lv][row][None, :]).any(axis=1)
        if self.locked_p is not None and self.use_locks:
            bad |= (both & self.locked_p[lv][row][None, :]).any(axis=1)
        value = self.values[lv][row] + change.get((lv, row), 0)
        spare = value - self.lobs[lv][row]
        tight = spare < self.m
        room = np.full(len(pos), self.m, dtype=np.int64)
        if tight.any():
            near = (down & _pack(tight[None, :])).any(axis=1)
            if near.any():
                lowered = _unpack(down[near], self.nf)
                room[near] = np.where(lowered, spare[None, :], self.m).min(axis=1)
        return cost, bad, np.minimum(room, self.m)

    def _areas(self, a: int, b: int) -> List[Tuple[str, int, int]]:
        """The areas a change in ``a`` (+) and the opposite one in ``b`` (-1: none) change."""
        t = self.tree
        out = [("buurt", a, 1)]
        if b >= 0:
            out.append(("buurt", b, -1))
            if t.b_w[a] != t.b_w[b]:
                out += [("wijk", int(t.b_w[a]), 1), ("wijk", int(t.b_w[b]), -1)]
            out += self._own_areas(a, b)
        else:
            out += [("wijk", int(t.b_w[a]), 1), ("gemeente", int(t.b_g[a]), 1)] + self._own_areas(a, b)
        return out

    def _own_areas(self, a: int, b: int) -> List[Tuple[str, int, int]]:
        """The own areas a change in ``a`` (+) and the opposite one in ``b`` (-1: none) change:
        none when both lie in the same area (or outside the division)."""
        oa, ob = int(self.b_o[a]), int(self.b_o[b]) if b >= 0 else -1
        if oa == ob:
            return []
        return [(DIVISION, o, sign) for o, sign in ((oa, 1), (ob, -1)) if o >= 0]

    def _side_a(self, gem: _Gemeente, a: int, f: int, sign: int, change: dict, taken: dict) -> "_Side":
        """Buurt ``a``'s changes that move field ``f`` by ``sign``: its own (a person
        switches, moves or leaves) and arrivals of every kind of the gemeente, with what
        they cost and how often they fit in ``a`` itself (the same for every partner)."""
        rows = gem.index(a)[0]
        word, bit = divmod(f, 64)
        pick = (gem.pos if sign > 0 else gem.neg)[rows, word] >> np.uint64(bit) & np.uint64(1)
        rows = rows[pick.astype(bool)]
        pos, neg, want = gem.pos[rows], gem.neg[rows], gem.key_inv[rows]
        frm, to = gem.src[rows], gem.to[rows]
        if sign > 0:  # a person of a kind with f arrives
            kinds = np.flatnonzero(gem.flags[:, f])
            pos = np.vstack([pos, gem.flags_p[kinds]])
            neg = np.vstack([neg, np.zeros((len(kinds), neg.shape[1]), dtype=np.uint64)])
            want = np.r_[want, gem.key_leave[kinds]]
            frm = np.r_[frm, np.full(len(kinds), -1)]
            to = np.r_[to, -2 - kinds]
        times = np.minimum(gem.available(a, frm, taken), self.m)
        cost, bad, room = self._area("buurt", a, pos, neg, 1, change)
        return _Side(a, pos, neg, want, frm, to, cost, bad | (times < 1), np.minimum(times, room))

    def _part(self, side: "_Side", lv: str, row: int, sign: int, change: dict):
        """What ``side``'s changes cost in one more area (once per step and area)."""
        key = (lv, row, sign)
        if key not in side.parts:
            side.parts[key] = self._area(lv, row, side.pos, side.neg, sign, change)
        return side.parts[key]

    def _best(self, gem: _Gemeente, side: "_Side", change: dict, beat: Optional[int] = None):
        """The cheapest change of ``side.a`` alone (its wijk and gemeente change too):
        (score, cost, step) or None; None too when none can score below ``beat``."""
        a = side.a
        cost, bad, times = side.cost, side.bad, side.times
        for lv, row, sign in self._areas(a, -1)[1:]:  # besides a itself: its wijk, gemeente and own area
            c, no, room = self._part(side, lv, row, sign, change)
            cost, bad, times = cost + c, bad | no, np.minimum(times, room)
        ok = np.flatnonzero(~bad & (times >= 1))
        if not len(ok) or (beat is not None and int(cost[ok].min()) * 1000 - self.m >= beat):
            return None
        score = cost[ok] * 1000 - times[ok]

        def alone(j, ok=ok, score=score, cost=cost, times=times):
            i = ok[j]
            return (int(score[j]), int(cost[i]),
                    _Step(a, -1, side.pos[i], side.neg[i], int(times[i]), int(side.frm[i]), -1,
                          self._member(gem, int(side.frm[i]), None), self._member(gem, 0, int(side.to[i]))))
        return self._keep_spare(score, np.ones(len(ok), dtype=bool), alone,
                                (np.where(side.frm[ok] >= 0, a * len(gem.kinds) + side.frm[ok], -1),))

    def _best_many(self, gem: _Gemeente, side: "_Side", partners: List[int], change: dict, taken: dict,
                   beat: Optional[int] = None):
        """The cheapest change of ``side.a`` with the opposite one in one of ``partners``
        (buurten): (score, cost, step) or None; None too when none can score below
        ``beat``.  All partners at once: per partner only the matching of keys."""
        a, t = side.a, self.tree
        pos, neg, frm, to = side.pos, side.neg, side.frm, side.to
        # per partner the cost, exclusion and room of a's changes: its wijk's cells
        # change too when the partner lies in another wijk
        shape = (len(partners), len(pos))
        cost, bad = np.broadcast_to(side.cost, shape).copy(), np.broadcast_to(side.bad, shape).copy()
        times = np.broadcast_to(side.times, shape).copy()
        near = np.asarray(partners, dtype=np.int64)
        # a partner in a's wijk and own area changes no other area: a's own figures hold for it
        other = np.flatnonzero((t.b_w[near] != t.b_w[a]) | (self.b_o[near] != self.b_o[a]))
        for p in other:
            b = partners[p]
            c, no, k = side.cost, side.bad, side.times
            for lv, row, sign in self._areas(a, b)[2:]:  # besides the two buurten: wijken and own areas between them
                c2, no2, room = self._part(side, lv, row, sign, change)
                c, no, k = c + c2, no | no2, np.minimum(k, room)
            cost[p], bad[p], times[p] = c, no, k
        usable = ~bad & (times >= 1)
        if not usable.any() or (beat is not None and int(cost[usable].min()) * 1000 - self.m >= beat):
            return None
        order_p = np.argsort(np.asarray(partners), kind="stable")
        sorted_p = np.asarray(partners, dtype=np.int64)[order_p]
        best = None
        # a partner makes the opposite change from its own: a match on the key, checked
        # exactly, in the index of the wijk's buurten (or the gemeente's), made once
        same = all(t.b_w[b] == t.b_w[a] for b in partners)
        pool = tuple(int(x) for x in (self.kids_w[t.b_w[a]] if same else gem.buurten))
        keys, rows_b, owner_b = gem.joint_index(pool)
        ok = np.flatnonzero(usable.any(axis=0))
        want = side.want[ok]
        lo, hi = np.searchsorted(keys, want, "left"), np.searchsorted(keys, want, "right")
        hit = np.flatnonzero(hi > lo)
        if len(hit):
            n = (hi - lo)[hit]
            at = np.repeat(lo[hit] - np.cumsum(n) + n, n) + np.arange(int(n.sum()))
            ia, ib, bs = np.repeat(ok[hit], n), rows_b[at], owner_b[at]
            owner = np.minimum(np.searchsorted(sorted_p, bs), len(sorted_p) - 1)
            partner = sorted_p[owner] == bs
            owner = order_p[owner]
            keep = partner & usable[owner, ia]
            keep[keep] = (gem.pos[ib[keep]] == neg[ia[keep]]).all(axis=1) & (
                gem.neg[ib[keep]] == pos[ia[keep]]).all(axis=1)
            ia, ib, bs, owner = ia[keep], ib[keep], bs[keep], owner[keep]
            if len(ia):
                cb, no, room = self._buurten(bs, gem.pos[ib], gem.neg[ib], change)
                tb = np.minimum(np.minimum(times[owner, ia], room), gem.available(bs, gem.src[ib], taken))
                good = ~no & (tb >= 1)
                if good.any():
                    score = np.where(good, (cost[owner, ia] + cb) * 1000 - tb, _BIG)

                    def matched(j, ia=ia, ib=ib, bs=bs, owner=owner, score=score, cb=cb, tb=tb):
                        i, k, b = ia[j], ib[j], int(bs[j])
                        return (int(score[j]), int(cost[owner[j], i] + cb[j]),
                                _Step(a, b, pos[i], neg[i], int(tb[j]), int(frm[i]), int(gem.src[k]),
                                      self._member(gem, int(frm[i]), None), self._member(gem, 0, int(to[i])),
                                      self._member(gem, int(gem.src[k]), None),
                                      self._member(gem, 0, int(gem.to[k]))))
                    nk = len(gem.kinds)
                    best = self._keep_spare(score, good, matched, (
                        np.where(frm[ia] >= 0, a * nk + frm[ia], -1), bs * nk + gem.src[ib]))
        # a's person leaves for a partner (the change only lowers fields): it gains the same person
        leave = np.flatnonzero((to == -1) & usable.any(axis=0))
        if len(leave):
            p_, i_ = np.nonzero(usable[:, leave])
            i_ = leave[i_]
            bs = np.asarray(partners, dtype=np.int64)[p_]
            cb, no, room = self._buurten(bs, neg[i_], pos[i_], change)
            tb = np.minimum(times[p_, i_], room)
            good = ~no & (tb >= 1)
            if good.any():
                score = np.where(good, (cost[p_, i_] + cb) * 1000 - tb, _BIG)

                def leaving(j, i_=i_, p_=p_, bs=bs, score=score, cb=cb, tb=tb):
                    i, b = i_[j], int(bs[j])
                    return (int(score[j]), int(cost[p_[j], i] + cb[j]),
                            _Step(a, b, pos[i], neg[i], int(tb[j]), int(frm[i]), -1,
                                  gem.kinds[frm[i]], None, None, gem.kinds[frm[i]]))
                found = self._keep_spare(score, good, leaving, (a * len(gem.kinds) + frm[i_],))
                if best is None or found[0] < best[0]:
                    best = found
        return best

    def _keep_spare(self, score: np.ndarray, good: np.ndarray, make: Callable[[int], tuple],
                    takes: Optional[Tuple[np.ndarray, ...]] = None) -> tuple:
        """The best candidate (lowest score, then lowest position) as ``make(j)`` gives it;
        up to ``_SPARE`` good runners-up go to ``self._spare`` for the step after (see
        :meth:`search`), made only when used.  ``takes``: per candidate the person it
        takes on each side (buurt * kinds + kind, or -1 for nobody); a runner-up taking a
        person one before it took is left out (most have only that one)."""
        order = np.argsort(score, kind="stable")[:_SCAN]
        order = order[good[order]]
        seen: set = set()
        kept = []
        for j in order:
            if takes is not None:
                who = {int(w[j]) for w in takes if w[j] >= 0}
                if who & seen:
                    continue
                seen |= who
            kept.append(int(j))
            if len(kept) > _SPARE:
                break
        self._spare.extend((int(score[j]), j, make) for j in kept[1:])
        return make(kept[0])

    def _buurten(self, bs: np.ndarray, pos, neg, change: dict):
        """:meth:`_area` for changes each in its own buurt (``bs``, one per change)."""
        hid, zero = self.hidden_p["buurt"][bs], self.zero_p["buurt"][bs]
        both = pos | neg
        cost = _popcount(both & ~hid)
        bad = (pos & zero).any(axis=1)
        if self.locked_p is not None and self.use_locks:
            bad |= (both & self.locked_p["buurt"][bs]).any(axis=1)
        each, inv = np.unique(bs, return_inverse=True)
        value = self.values["buurt"][each].copy()
        for i, b in enumerate(each):
            if ("buurt", int(b)) in change:
                value[i] += change[("buurt", int(b))]
        spare = value - self.lobs["buurt"][each]
        tight = _pack(spare < self.m)[inv]
        room = np.full(len(bs), self.m, dtype=np.int64)
        near = (neg & tight).any(axis=1)
        if near.any():
            lowered = _unpack(neg[near], self.nf)
            room[near] = np.where(lowered, spare[inv[near]], self.m).min(axis=1)
        return cost, bad, np.minimum(room, self.m)

    def _tiers(self, gem: _Gemeente, lv: str, row: int, f: int) -> List[List[Tuple[int, List[int]]]]:
        """The buurten to change and their partners (``[-1]``: none), cheapest kinds first:
        partners in the wijk, the buurt alone, partners in other wijken (those whose wijk
        hides the field first, then the most persons in the field)."""
        t = self.tree
        vf = self.values["buurt"][:, f]

        def most(cands: np.ndarray, n: int, wijk_first: bool = False) -> List[int]:
            keys = (cands, -vf[cands]) + ((~self.hidden["wijk"][t.b_w[cands], f],) if wijk_first else ())
            return [int(b) for b in cands[np.lexsort(keys)[:n]]]  # the last key sorts first
        in_wijk = t.b_w[gem.buurten] == (t.b_w[row] if lv == "buurt" else row if lv == "wijk" else -1)
        own, others = gem.buurten[in_wijk], gem.buurten[~in_wijk]
        if lv == "buurt":
            return [[(row, [int(b) for b in own if b != row])], [(row, [-1])],
                    [(row, most(others, _OTHER_WIJK_PARTNERS, True))]]
        if lv == "wijk":
            inside = most(own, _WIJK_BUURTEN)
            outside = most(others, _OTHER_WIJK_PARTNERS, True)
            return [[(a, [-1]) for a in inside], [(a, outside) for a in inside]]
        if lv == DIVISION:  # an own area's cell: its buurten alone, or with a partner outside it
            in_area = self.b_o[gem.buurten] == row
            inside = most(gem.buurten[in_area], _WIJK_BUURTEN)
            outside = most(gem.buurten[~in_area], _OTHER_WIJK_PARTNERS, True)
            return [[(a, [-1]) for a in inside], [(a, outside) for a in inside]]
        return [[(a, [-1]) for a in most(gem.buurten, _GEMEENTE_BUURTEN)]]

    def search(self, lv: str, row: int, f: int, sign: int, need: int) -> Optional[Certificate]:
        """The cheapest certificate (greedily, step by step) that moves cell (lv, row, f)
        by at least ``need`` in the direction ``sign``."""
        t = self.tree
        g = int(t.gem[lv][row])
        gem = self.gemeente(g)
        tiers = self._tiers(gem, lv, row, f)
        change: Dict[Tuple[str, int], np.ndarray] = {}
        taken: Dict[tuple, int] = {}
        steps, got, cost, trial = [], 0, 0, []
        try:
            while got < need:
                best, sides = None, {}
                self._spare = []
                for tier in tiers:
                    for a, partners in tier:
                        if not partners:
                            continue
                        if a not in sides:
                            sides[a] = self._side_a(gem, a, f, sign, change, taken)
                        beat = None if best is None else best[0]
                        found = (self._best(gem, sides[a], change, beat) if partners == [-1] else
                                 self._best_many(gem, sides[a], partners, change, taken, beat))
                        if found is not None and (best is None or found[0] < best[0]):
                            best = found
                        if best is not None and best[1] == 0 and best[2].times >= need - got:
                            break
                    if best is not None and best[1] == 0:
                        break
                if best is None:
                    return None
                step = best[2]
                step.times = min(step.times, need - got)
                got += step.times
                cost += best[1]
                steps.append(step)
                self._apply(step, change, taken, trial)
                # the runners-up of this step's search that still cost nothing, each checked
                # again after the steps before it, before a search of its own
                for _score, j, make in sorted(self._spare, key=lambda c: c[0]):
                    if got >= need:
                        break
                    spare = make(j)[2]
                    c, ruled_out, times = self._recheck(gem, spare, change, taken)
                    if c == 0 and not ruled_out and times >= 1:
                        spare.times = min(times, need - got)
                        got += spare.times
                        steps.append(spare)
                        self._apply(spare, change, taken, trial)
            return Certificate((lv, row, f), steps, change, cost, bool(self.use_locks and self.locked_p is not None))
        finally:
            for lv_, row_, newly in reversed(trial):  # the hiding of a trial is undone
                self.hidden[lv_][row_] &= ~newly
                self.hidden_p[lv_][row_] = _pack(self.hidden[lv_][row_][None, :])[0]

    def _recheck(self, gem: _Gemeente, step: _Step, change: dict, taken: dict) -> Tuple[int, bool, int]:
        """What ``step`` costs now, whether it is ruled out, and how often it fits, over
        every area it changes (as the search scores it, for one step alone)."""
        times = self.m
        for b, kind in ((step.a, step.a_kind), (step.b, step.b_kind)):
            if b >= 0 and kind >= 0:
                times = min(times, int(gem.available(b, np.array([kind]), taken)[0]))
        if times < 1:  # its person was taken by a step before
            return 0, True, 0
        cost, ruled_out = 0, False
        pos, neg = step.pos[None, :], step.neg[None, :]
        for lv, row, sign in self._areas(step.a, step.b):
            c, no, room = self._area(lv, row, pos, neg, sign, change)
            cost, ruled_out, times = cost + int(c[0]), ruled_out or bool(no[0]), min(times, int(room[0]))
        return cost, ruled_out, times

    def _apply(self, step: _Step, change: dict, taken: dict, trial: list) -> None:
        delta = (_unpack(step.pos[None, :], self.nf)[0].astype(np.int64)
                 - _unpack(step.neg[None, :], self.nf)[0].astype(np.int64)) * step.times
        for lv, row, sign in self._areas(step.a, step.b):
            change[(lv, row)] = change.get((lv, row), 0) + sign * delta
            newly = (change[(lv, row)] != 0) & ~self.hidden[lv][row]
            if newly.any():
                trial.append((lv, row, newly))
                self.hide(lv, row, newly)
        for b, kind in ((step.a, step.a_kind), (step.b, step.b_kind)):
            if b >= 0 and kind >= 0:
                taken[(b, kind)] = taken.get((b, kind), 0) + step.times

    def hide(self, lv: str, row: int, mask: np.ndarray) -> None:
        self.hidden[lv][row] |= mask
        self.hidden_p[lv][row] = _pack(self.hidden[lv][row][None, :])[0]

    def certify(self, lv: str, row: int, f: int, locks: bool, m: int) -> Optional[Certificate]:
        """The cheapest certificate of a hidden cell for threshold ``m``: up to ``m`` when
        it is below (or down to 0 when zeros are hidden), else one step up or down.
        ``locks``: keep the locked cells (published by earlier outputs) as they are."""
        self.use_locks = locks
        v = int(self.values[lv][row, f])
        lob = int(self.lobs[lv][row, f])
        if v >= m or (lob == 0 and v == 0):  # any other value shows it (an unpublished cell: it needs none)
            tries = [(1, 1), (-1, 1)] if v > 0 else [(1, 1)]
        else:  # up to the threshold, or down to 0 where a hidden cell may be 0
            tries = [(1, m - v)] + ([(-1, v)] if lob == 0 else [])
        best = None
        for sign, need in tries:
            found = self.search(lv, row, f, sign, need)
            if found is not None and (best is None or found.cost < best.cost):
                best = found
            if best is not None and best.cost == 0:
                break
        return best

    def shows(self, value: int, other: int, m: int, unpublished: bool = False) -> bool:
        """Whether two values of a cell show it safe for threshold ``m`` (an unpublished
        cell: one of them is 0 or at least ``m``)."""
        if unpublished:
            return max(value, other) >= m or min(value, other) < 1
        return other != value and (max(value, other) >= m or (self.lob == 0 and min(value, other) < 1))


def certify(tables: Dict[str, pd.DataFrame], cfg: AnalysisConfig, persons: Persons, hidden: Dict[str, np.ndarray],
            known: Optional[Dict[str, np.ndarray]] = None, joint_min: Optional[int] = None,
            progress: Optional[Callable[[float], object]] = None, keep: bool = False,
            unpublished: Optional[Dict[str, np.ndarray]] = None
            ) -> Tuple[Dict[str, np.ndarray], Dict[tuple, Tuple[int, int]], List[Certificate], set]:
    """Hide more until every hidden cell has a certificate (see the module's docstring).

    ``hidden``: level -> areas x count fields, what the rules hide.  ``known``: the same
    shape, the cells earlier outputs of this population published, and ``joint_min`` the
    lowest threshold of those outputs.  Two attackers are then defended against: one with
    this output alone (threshold ``min_count``), and one with every file, who knows the
    known cells (threshold ``joint_min``): a cell that is not known also needs a
    certificate that keeps the known cells as they are.  One certificate serves both
    where it can.  Returns the cells hidden, per hidden cell the lowest and highest value
    the certificates for this output alone give it (with its true value), the
    certificates, and the cells without a certificate that keeps the known cells.  A cell
    without a certificate for this output alone has no range entry.  The search is
    greedy over a few kinds of changes, so it may find none where the exact attacker
    still cannot pin a cell: :func:`.rules.protect` gives such cells the exact audit.
    ``progress(done)`` (0..1) every 64 hidden cells; it may raise to stop.  ``keep``: return
    the certificates (for tests; protection needs only what they show).  ``unpublished``
    (level -> areas x count fields): cells the model holds that no output shows (a
    buurt's flows, a piece of a buurt): hidden throughout, free to change down to 0, and
    certified only when they lie inside ``1..min_count-1``, by a table that gives them 0
    or at least ``min_count`` (a pinned 0, or a pinned 7, tells no small count)."""
    work = _Certifier(tables, cfg, persons, hidden, known, unpublished)
    m_own = work.m
    m_joint = min(int(joint_min), m_own) if joint_min is not None else m_own
    tree = work.tree
    gem_of = tree.gem
    small = {lv: (work.values[lv] >= 1) & (work.values[lv] < m_own) for lv in tree.levels}
    # an unpublished cell of 0 or at least m_own tells nothing, whatever its range
    idle = {lv: work.unpub[lv] & ~small[lv] for lv in tree.levels}
    order = sorted((int(gem_of[lv][r]), _RANK[lv], not small[lv][r, f], tree.codes[lv][r], int(f), lv, int(r))
                   for lv in tree.levels for r, f in zip(*np.nonzero(work.hidden[lv] & ~idle[lv])))
    own: Dict[tuple, Tuple[int, int]] = {}  # shown for this output alone
    joint: set = set()  # shown with the known cells kept
    certificates: List[Certificate] = []

    def wanted(cell) -> bool:
        return known is not None and not known[cell[0]][cell[1], cell[2]] and cell not in joint

    def record(cert: Certificate, locked: bool) -> None:
        if keep:
            certificates.append(cert)
        for (lv2, r2), delta in cert.change.items():
            newly = (delta != 0) & ~work.hidden[lv2][r2]
            work.hide(lv2, r2, delta != 0)
            for f2 in np.flatnonzero(delta != 0):
                cell = (lv2, r2, int(f2))
                a = int(work.values[lv2][r2, f2])
                b = a + int(delta[f2])
                unpub = bool(work.unpub[lv2][r2, f2])
                if work.shows(a, b, m_own, unpub):
                    lo, hi = own.get(cell, (a, a))
                    own[cell] = (min(lo, b), max(hi, b))
                if locked and wanted(cell) and work.shows(a, b, m_joint, unpub):
                    joint.add(cell)
                if newly[f2] and wanted(cell):  # hidden for this output alone: needs one with the known kept too
                    queue.append(cell)

    queue = deque((lv, r, f) for *_, f, lv, r in order)
    done = 0
    while queue:
        lv, r, f = cell = queue.popleft()
        if progress is not None and done % 64 == 0:
            progress(min(done / max(len(order), 1), 0.99))
        done += 1
        if wanted(cell):  # one certificate for both attackers where it can, else one for each
            cert = work.certify(lv, r, f, True, m_own if cell not in own else m_joint)
            if cert is None and cell not in own:
                cert = work.certify(lv, r, f, True, m_joint)
            if cert is not None:
                record(cert, True)
        if cell not in own:
            cert = work.certify(lv, r, f, False, m_own)
            if cert is not None:
                record(cert, False)
    missing = {c for lv in tree.levels
               for c in ((lv, int(r), int(f)) for r, f in zip(*np.nonzero(work.hidden[lv] & ~idle[lv]))) if wanted(c)}
    return work.hidden, {k: v for k, v in own.items() if work.hidden[k[0]][k[1], k[2]]}, certificates, missing
