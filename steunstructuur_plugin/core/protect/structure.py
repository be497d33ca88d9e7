"""How persons make up the published counts: the attacker's variables of one buurt.

In: the configuration.  Out: a :class:`Structure`: the variables of a buurt (whole numbers
of persons, at least 0), which of them each count field sums (``pattern``), and the
equalities that tie them together within the buurt (``links``).

Up to :data:`ATOM_MODEL_MAX` indicators the variables are the *atoms* (:func:`.model.field_atoms`):
one per combination of indicators a person can be in, 2^K - 1 at most.  Beyond that the
model follows the published figures instead (the *grouped* model):

* indicators are grouped: those that share a category, or form one stacking unit, are
  always one group (at most :data:`MAX_GROUP_INDICATORS`); the indicators of a published
  theme, an expression or an overlap pair join one group while it stays within that size.
  A group's variables are its own atoms (persons by the combination of the group's
  indicators they are in);
* without stacking and without figures across groups, groups share nothing: a person in
  two groups can be seen as two persons, one in each, and every table of the groups'
  atoms is a table of persons;
* stacking (persons by how many stacking units they are in, summed over groups) and the
  figures across groups (an overlap of two themes, ``armoede AND NOT werk``) are carried
  by a chain from group to group: per group, transition variables count the persons
  arriving in a *state* (units so far, capped at 3, and the values of the parts of
  cross-group figures seen so far) who take a *key* here (the group's units and parts
  of those figures that their atom has); a link ties the persons taking a key to the
  group's atoms with that key, another says that those leaving a group in a state arrive
  at the next in it.  The stacking counts and the cross-group figures sum the transitions
  where they are reached.

The grouped model is exact, not a bound: every table of whole numbers that meets the
links is a table of whole persons (follow each person along the chain and give them one
of the group's atoms with their key), and every table of persons is one of these.
So an attacker solving it learns exactly what one solving the atom model learns
(``tests/core/protect/test_structure.py`` checks the ranges are equal).  Its size is the
sum over groups, not the product: the benchmark's 50 indicators in 7 themes of 6 to 8
need 1,081 atoms and 43 chain variables per buurt, instead of 2^50.
"""

import weakref
from dataclasses import dataclass, field
from typing import List, Optional, Tuple

import numpy as np

from ..config import AnalysisConfig, ConfigError
from ..count.expressions import evaluate, expression_terms
from .model import _possible, field_atoms

#: up to this many indicators the audit's variables are the atoms of all of them
ATOM_MODEL_MAX = 10

#: indicators in one group of the grouped model (2^10 - 1 atoms per buurt)
MAX_GROUP_INDICATORS = 10

_STACKING = ("stapeling_2plus_n", "stapeling_3plus_n")


@dataclass(frozen=True)
class Structure:
    """The variables of one buurt: ``pattern`` (fields x variables, bool) says which
    variables each count field sums; each row of ``links`` (links x variables, -1/0/1)
    is an equality ``links @ x == 0`` within the buurt.  ``persons``: every variable is
    a number of persons of one atom (no links), so tables can be changed by moving
    persons between buurten (:func:`.certificates._pair_moves`)."""

    pattern: np.ndarray
    links: np.ndarray
    persons: bool
    #: what each variable counts, for reports and tests
    names: Tuple[str, ...]
    #: the grouped model's map from persons to the variables they occupy (:meth:`occupied`)
    walk: Optional["_Walk"] = field(default=None, compare=False, repr=False)

    @property
    def nv(self) -> int:
        return self.pattern.shape[1]

    def occupied(self, member: np.ndarray) -> Optional[Tuple[np.ndarray, np.ndarray]]:
        """For persons x indicators (bool, in the configuration's order): the variables
        each person occupies, as (person rows, variables); summed per buurt that is the
        buurt's true table of variables.  None for the atom model (its tables are split
        from the counts, :func:`.solve._whole_split`)."""
        return None if self.walk is None else self.walk.occupied(member)


def structure(cfg: AnalysisConfig, grouped=None) -> Structure:
    """The audit's variables for ``cfg``: the atom model up to :data:`ATOM_MODEL_MAX`
    indicators, else the grouped model (``grouped`` forces one or the other)."""
    if grouped is None:
        grouped = len(cfg.indicators) > ATOM_MODEL_MAX
    if not grouped:
        names, pattern = field_atoms(cfg)
        out = Structure(pattern, np.zeros((0, pattern.shape[1]), dtype=np.int8), True,
                        tuple("+".join(n) for n in names))
    else:
        out = _grouped(cfg)
    for f, row in zip(cfg.count_fields(), out.pattern):
        if not row.any():  # e.g. "a AND NOT b" where a and b have the same categories
            raise ConfigError(f"'{f[:-2]}' can never count anyone: the categories of its indicators rule it out")
    return out


def indicator_groups(cfg: AnalysisConfig) -> List[List[str]]:
    """The indicators in groups.  Indicators that share a category, or form one stacking
    unit, are always one group (more than :data:`MAX_GROUP_INDICATORS` of them is a
    configuration error naming what links them).  The indicators of a published theme, an
    expression or an overlap pair join one group too when it stays within that size;
    otherwise the figure links groups through the chain (see the module's docstring).  A
    configuration's ``audit_groups`` (a flow model's peildata) are joined first and then
    only what must be: categories and stacking units."""
    inds = list(cfg.indicators)
    parent = {ind: ind for ind in inds}
    size = {ind: 1 for ind in inds}
    why = {ind: [] for ind in inds}

    def root(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def join(names, reason, always):
        roots = sorted({root(n) for n in names}, key=inds.index)
        if len(roots) < 2 or (not always and sum(size[r] for r in roots) > MAX_GROUP_INDICATORS):
            return
        for r in roots[1:]:
            parent[r] = roots[0]
            size[roots[0]] += size[r]
            why[roots[0]] += why[r]
        why[roots[0]].append(reason)

    for group in cfg.audit_groups:  # the configuration's own grouping first (a flow model's peildata)
        join(group, "one audit group", True)
    by_cat = {}
    for ind, cats in cfg.indicator_categories().items():
        for cat in cats:
            by_cat.setdefault(cat, []).append(ind)
    for cat, members in by_cat.items():
        join(members, f"category '{cat}'", True)
    for unit in cfg.stacking_units():
        join(unit, "one stacking unit", True)
    for name in cfg.map_indicators() if not cfg.audit_groups else ():  # the audit groups are the groups
        join(expression_terms(cfg.definition(name)), f"'{name}'", False)
    for a, b in cfg.overlaps if not cfg.audit_groups else ():
        join(expression_terms(cfg.definition(a)) + expression_terms(cfg.definition(b)), f"{a} x {b}", False)
    groups = {}
    for ind in inds:
        groups.setdefault(root(ind), []).append(ind)
    for r, members in groups.items():
        if len(members) > MAX_GROUP_INDICATORS:
            raise ConfigError(
                f"the disclosure audit links {len(members)} indicators ({', '.join(members[:4])}, ...) through "
                f"{', '.join(sorted(set(why[r]))[:5])}; at most {MAX_GROUP_INDICATORS} indicators may share "
                "categories or form one theme that stacking counts over")
    return list(groups.values())


class _Group:
    """One group's atoms: which indicators each holds, its fields, its stacking units and
    the values of the predicates the chain carries for it."""

    def __init__(self, cfg: AnalysisConfig, members: List[str], where: dict, units):
        self.members = members
        self.masks = _possible(cfg, members)
        self.member = np.zeros((len(self.masks) + 1, len(where)), dtype=bool)  # the last row: not in it
        for r, s in enumerate(self.masks):
            for i, ind in enumerate(members):
                self.member[r, where[ind]] = bool(s >> i & 1)
        self.taken = np.zeros(len(self.member), dtype=np.int64)
        for unit in units:
            if unit[0] in members:
                self.taken += self.member[:, [where[ind] for ind in unit]].any(axis=1)
        self.predicates: List[object] = []  # trees over the group's indicators

    def value(self, tree, where):
        return np.asarray(evaluate(tree, lambda ind: self.member[:, where[ind]]), dtype=bool) & np.ones(
            len(self.member), dtype=bool)

    def keys(self, where) -> List[tuple]:
        """Per atom (and last: not in the group) what the chain sees of it: the units it
        takes and the values of the group's predicates."""
        values = [self.value(p, where) for p in self.predicates]
        return [(int(self.taken[r]),) + tuple(bool(v[r]) for v in values) for r in range(len(self.member))]


def _split(tree, group_of):
    """``tree`` with every largest part over one group's indicators replaced by
    ``("p", group, part)``: the cross-group formula over group predicates."""
    groups = {group_of[t] for t in expression_terms(tree)}
    if len(groups) == 1:
        return ("p", groups.pop(), tree)
    return (tree[0],) + tuple(_split(sub, group_of) for sub in tree[1:])


def _formula(tree, value):
    """The cross-group formula with each ``("p", group, index)`` replaced by ``value``."""
    if tree[0] == "p":
        return value(tree[1], tree[2])
    if tree[0] == "not":
        return not _formula(tree[1], value)
    a, b = _formula(tree[1], value), _formula(tree[2], value)
    return (a and b) if tree[0] == "and" else (a or b)


def _grouped(cfg: AnalysisConfig) -> Structure:
    fields = cfg.count_fields()
    col = {f: j for j, f in enumerate(fields)}
    where = {ind: i for i, ind in enumerate(cfg.indicators)}
    stacked = "stapeling_2plus_n" in col
    units = cfg.stacking_units() if stacked else []
    groups = [_Group(cfg, members, where, units) for members in indicator_groups(cfg)]
    group_of = {ind: g for g, grp in enumerate(groups) for ind in grp.members}
    defs = {f"{name}_n": cfg.definition(name) for name in cfg.map_indicators()}
    for a, b in cfg.overlaps:
        defs[cfg.overlap_field(a, b)] = ("and", defs[f"{a}_n"], defs[f"{b}_n"])
    local, cross = {}, {}  # field -> (group, tree); field -> formula with predicate indices
    for f, tree in defs.items():
        formula = _split(tree, group_of)
        if formula[0] == "p":
            local[f] = formula[1:]
            continue

        def index(node):
            if node[0] == "p":
                preds = groups[node[1]].predicates
                if node[2] not in preds:
                    preds.append(node[2])
                return ("p", node[1], preds.index(node[2]))
            return (node[0],) + tuple(index(sub) for sub in node[1:])
        cross[f] = index(formula)
    columns, names, link_rows, atoms_of = [], [], [], []
    walk = _Walk(groups, where)
    for g, grp in enumerate(groups):
        mine = {f: grp.value(tree, where) for f, (h, tree) in local.items() if h == g}
        atoms_of.append([])
        for r, s in enumerate(grp.masks):
            column = np.zeros(len(fields), dtype=bool)
            for f, v in mine.items():
                column[col[f]] = v[r]
            atoms_of[g].append(len(columns))
            columns.append(column)
            names.append("+".join(ind for i, ind in enumerate(grp.members) if s >> i & 1))
    chain = [g for g, grp in enumerate(groups) if grp.predicates or (stacked and grp.taken.max() > 0)]
    if len(chain) == 1:  # stacking within one group: its atoms know their units
        grp = groups[chain[0]]
        for r, var in enumerate(atoms_of[chain[0]]):
            for f, k in (("stapeling_2plus_n", 2), ("stapeling_3plus_n", 3)):
                if f in col and grp.taken[r] >= k:
                    columns[var][col[f]] = True
    elif chain:
        _Chain(groups, chain, atoms_of, cross, 3 if "stapeling_3plus_n" in col else 2, stacked, where).build(
            fields, col, columns, names, link_rows, walk.steps)
    pattern = np.column_stack(columns) if columns else np.zeros((len(fields), 0), dtype=bool)
    links = np.zeros((len(link_rows), len(columns)), dtype=np.int8)
    for r, row in enumerate(link_rows):
        for var, coef in row:
            links[r, var] += coef
    walk.atoms_of = atoms_of
    return Structure(pattern, links, not len(link_rows), tuple(names), walk)


class _Walk:
    """Which variables of the grouped model a person occupies: their atom in every group
    they are in, and along the chain the transition from the state they arrive in to the
    key they take (the same walk :class:`_Chain` builds the variables from)."""

    def __init__(self, groups, where):
        self.groups, self.where = groups, where
        self.atoms_of: List[List[int]] = []
        #: per chain position: (group, keys per atom row, {(state, key): variable},
        #: {(state, key): next state}, the state nobody has arrived in yet)
        self.steps: List[tuple] = []

    def key_ids(self, g: int) -> np.ndarray:
        """Per atom of group ``g``: a number for what the chain sees of it (atoms with the
        same number can be swapped without touching the chain)."""
        for h, keys, _, _, _ in self.steps:
            if h == g:
                ids = {k: i for i, k in enumerate(sorted(set(keys)))}
                return np.array([ids[k] for k in keys[:-1]], dtype=np.int64)
        return np.zeros(len(self.atoms_of[g]), dtype=np.int64)

    def occupied(self, member: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
        n = len(member)
        rows, out = [], []
        atom_row = []
        for g, grp in enumerate(self.groups):
            cols = [self.where[ind] for ind in grp.members]
            mask = member[:, cols].astype(np.int64) @ (1 << np.arange(len(cols), dtype=np.int64))
            lookup = np.full(1 << len(cols), len(grp.masks), dtype=np.int64)  # not possible, or 0: not in it
            lookup[np.asarray(grp.masks, dtype=np.int64)] = np.arange(len(grp.masks))
            r = lookup[mask]
            if ((mask > 0) & (r == len(grp.masks))).any():
                raise ValueError("a person's indicators are a combination the categories cannot make")
            inside = np.flatnonzero(r < len(grp.masks))
            rows.append(inside)
            out.append(np.asarray(self.atoms_of[g], dtype=np.int64)[r[inside]])
            atom_row.append(r)
        states = [self.steps[0][4]] if self.steps else []
        state = np.zeros(n, dtype=np.int64)
        for g, keys, var_of, next_of, _ in self.steps:
            key_list = sorted(set(keys))
            key_id = np.array([key_list.index(k) for k in keys], dtype=np.int64)[atom_row[g]]
            combo, inverse = np.unique(state * len(key_list) + key_id, return_inverse=True)
            var = np.full(len(combo), -1, dtype=np.int64)
            nxt_states: List[tuple] = []
            nxt = np.zeros(len(combo), dtype=np.int64)
            for i, c in enumerate(combo):
                pair = (states[c // len(key_list)], key_list[c % len(key_list)])
                var[i] = var_of.get(pair, -1)
                if next_of[pair] not in nxt_states:
                    nxt_states.append(next_of[pair])
                nxt[i] = nxt_states.index(next_of[pair])
            v = var[inverse]
            taken = np.flatnonzero(v >= 0)
            rows.append(taken)
            out.append(v[taken])
            state, states = nxt[inverse], nxt_states
        return np.concatenate(rows), np.concatenate(out)


class _Chain:
    """The transition variables and links that carry, from group to group, how many
    stacking units a person is in so far (capped) and the predicates a figure of a later
    group needs (see the module's docstring)."""

    def __init__(self, groups, chain, atoms_of, cross, cap, stacked, where):
        self.groups, self.chain, self.atoms_of, self.cross = groups, chain, atoms_of, cross
        self.cap, self.stacked, self.where = cap, stacked, where
        # the last chain position at which each predicate (group, index) is used
        self.last = {}
        for formula in cross.values():
            used = _predicates(formula)
            end = max(chain.index(g) for g, _ in used)
            for p in used:
                self.last[p] = max(self.last.get(p, -1), end)

    def carried(self, q) -> List[tuple]:
        """The predicates carried out of chain position ``q``."""
        return sorted(p for p, end in self.last.items() if self.chain.index(p[0]) <= q < end)

    def build(self, fields, col, columns, names, link_rows, steps) -> None:
        arriving = {}  # state -> variables of persons leaving the previous group in it
        carried_in: List[tuple] = []
        for q, g in enumerate(self.chain):
            grp = self.groups[g]
            keys = grp.keys(self.where)
            nobody = keys[-1]  # what the chain sees of a person not in the group
            neutral_in = (0,) + tuple(self._neutral(p) for p in carried_in)
            out = self.carried(q)
            neutral_out = (0,) + tuple(self._neutral(p) for p in out)
            ending = {f: formula for f, formula in self.cross.items()
                      if max(self.chain.index(h) for h, _ in _predicates(formula)) == q}
            taking, starting, leaving = {}, {}, {}
            var_of, next_of = {}, {}
            steps.append((g, keys, var_of, next_of, neutral_in))
            for state in [neutral_in] + sorted(set(arriving) - {neutral_in}):
                for key in sorted(set(keys)):
                    if state == neutral_in and key == nobody:
                        next_of[state, key] = neutral_out
                        continue  # nobody counted yet, and nothing here: not needed
                    var = len(columns)
                    column = np.zeros(len(fields), dtype=bool)

                    def value(h, i, state=state, key=key):
                        return key[1 + i] if h == g else state[1 + carried_in.index((h, i))]
                    for f, formula in ending.items():
                        column[col[f]] = _formula(formula, value)
                    columns.append(column)
                    names.append(f"chain {q}: {state} then {key}")
                    taking.setdefault(key, []).append(var)
                    starting.setdefault(state, []).append(var)
                    nxt = (min(self.cap, state[0] + key[0]),) + tuple(value(*p) for p in out)
                    var_of[state, key], next_of[state, key] = var, nxt
                    if nxt != neutral_out:
                        leaving.setdefault(nxt, []).append(var)
            for key, vs in taking.items():  # persons taking this key are the atoms with it
                if key != nobody:
                    atoms = [self.atoms_of[g][r] for r, k in enumerate(keys[:-1]) if k == key]
                    link_rows.append([(v, 1) for v in vs] + [(v, -1) for v in atoms])
            for state, previous in arriving.items():  # who leaves in a state arrives in it
                if state != neutral_in:
                    link_rows.append([(v, 1) for v in previous] + [(v, -1) for v in starting.get(state, [])])
            arriving, carried_in = leaving, out
        if self.stacked:
            for state, vs in arriving.items():
                for f, k in (("stapeling_2plus_n", 2), ("stapeling_3plus_n", 3)):
                    if f in col and state[0] >= k:
                        for v in vs:
                            columns[v][col[f]] = True

    def _neutral(self, p) -> bool:
        """A predicate's value for a person not in its group."""
        g, i = p
        return bool(self.groups[g].value(self.groups[g].predicates[i], self.where)[-1])


def _predicates(formula) -> set:
    if formula[0] == "p":
        return {(formula[1], formula[2])}
    out = set()
    for sub in formula[1:]:
        out |= _predicates(sub)
    return out


class _Groups:
    """Per group of the structure: its atoms (variables) and the fields they make; per
    field, the group whose atoms alone make it (-1: the chain or several groups)."""

    def __init__(self, struct: Structure):
        walk = struct.walk
        pattern = struct.pattern
        self.atoms = [np.asarray(a, dtype=np.int64) for a in walk.atoms_of]
        self.sub = [pattern[:, a] for a in self.atoms]
        owner = np.full(struct.nv, -1, dtype=np.int64)
        for g, a in enumerate(self.atoms):
            owner[a] = g
        self.field_group = np.full(pattern.shape[0], -1, dtype=np.int64)
        for f in range(pattern.shape[0]):
            gs = np.unique(owner[pattern[f]])
            if len(gs) == 1 and gs[0] >= 0:
                self.field_group[f] = gs[0]


_GROUPS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def groups_of(struct: Structure) -> _Groups:
    """The :class:`_Groups` of a grouped structure, made once per structure (every audit
    of a file asks for them)."""
    if struct.walk not in _GROUPS:
        _GROUPS[struct.walk] = _Groups(struct)
    return _GROUPS[struct.walk]
