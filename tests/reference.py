"""An independent, plain-Python reference count used as ground truth in tests.

Deliberately written without pandas and without the plugin's code paths: csv module,
dicts and sets.  Persons are counted in the buurt where most of their distinct valid categories
are (ties: lowest code), as the README documents.
"""

import csv
import datetime
from collections import Counter, defaultdict


def _day(text):
    """A date as the demo writes it (dd-mm-yyyy) or ISO; None for an empty one."""
    text = text.strip()
    if not text:
        return None
    fmt = "%Y-%m-%d" if text[4:5] == "-" else "%d-%m-%Y"
    return datetime.datetime.strptime(text, fmt).date()


def reference_states(csv_path, cfg, known_buurten, peildatum=None):
    """Per person key: (home buurt, set of indicators), from the rows active on
    ``peildatum`` (ISO; None: every row): start on or before it, end empty or on or
    after it.  The home buurt holds most of the person's distinct categories (ties: the
    lowest code)."""
    on = datetime.date.fromisoformat(peildatum) if peildatum else None
    cat_to_inds = defaultdict(set)
    for ind, cats in cfg.indicators.items():
        for c in cats:
            cat_to_inds[c].add(ind)
    person_inds = defaultdict(set)
    person_buurten = defaultdict(lambda: defaultdict(set))
    with open(csv_path, encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh, delimiter=";"):
            key = row[cfg.source.person_key].strip()
            cat = row[cfg.source.category].strip().lower()
            code = row[cfg.source.buurtcode].strip().upper()
            if not key or cat not in cat_to_inds or code not in known_buurten:
                continue
            if on is not None:
                start, end = _day(row[cfg.source.start_date]), _day(row[cfg.source.end_date])
                if start is None or start > on or (end is not None and end < on):
                    continue
            person_inds[key] |= cat_to_inds[cat]
            person_buurten[key][code].add(cat)
    return {key: (sorted(person_buurten[key].items(), key=lambda kv: (-len(kv[1]), kv[0]))[0][0], inds)
            for key, inds in person_inds.items()}


def _fields_of(inds, cfg):
    """The count fields a person in ``inds`` counts in: indicators, overlaps, stacking."""
    fields = [f"{i}_n" for i in inds]
    for a, b in cfg.overlaps:
        if a in inds and b in inds:
            fields.append(f"{a}_x_{b}_n")
    if len(inds) >= 2:
        fields.append("stapeling_2plus_n")
    if len(inds) >= 3:
        fields.append("stapeling_3plus_n")
    return fields


def reference_counts(csv_path, cfg, known_buurten, wijk_of, gemeente_of, peildatum=None):
    """``peildatum`` (ISO): only rows whose start date is on or before it and whose end
    date is empty or on or after it count."""
    counts = {"buurt": defaultdict(Counter), "wijk": defaultdict(Counter), "gemeente": defaultdict(Counter)}
    for best, inds in reference_states(csv_path, cfg, known_buurten, peildatum).values():
        fields = _fields_of(inds, cfg)
        for level, code in (("buurt", best), ("wijk", wijk_of[best]), ("gemeente", gemeente_of[best])):
            for f in fields:
                counts[level][code][f] += 1
    return counts


def reference_flows(csv_path, cfg, known_buurten, wijk_of, gemeente_of, dates):
    """Per (peildatum, level, code, column) the persons counted (as :func:`reference_counts`) and,
    from the second peildatum on, its inflow and outflow, by the README's definitions: a
    buurt's inflow at t counts the persons in the indicator there at t and not at the
    peildatum before (they entered it, or moved in while in it), its outflow the other way
    round; a wijk's and a gemeente's flows are the sums of their buurten's."""
    out = Counter()
    states = [reference_states(csv_path, cfg, known_buurten, d) for d in dates]

    def add(date, buurt, column):
        for level, code in (("buurt", buurt), ("wijk", wijk_of[buurt]), ("gemeente", gemeente_of[buurt])):
            out[(date, level, code, column)] += 1
    for t, date in enumerate(dates):
        for b, inds in states[t].values():
            for f in _fields_of(inds, cfg):
                add(date, b, f)
        if t == 0:
            continue
        before, now = states[t - 1], states[t]
        for x in cfg.indicators:
            for key in set(before) | set(now):
                was = before[key][0] if key in before and x in before[key][1] else None
                is_ = now[key][0] if key in now and x in now[key][1] else None
                if is_ is not None and is_ != was:
                    add(date, is_, f"{x}_instroom_n")
                if was is not None and was != is_:
                    add(date, was, f"{x}_uitstroom_n")
    return out


# --------------------------------------------------------------------------- integer attacker
def atom_fields(indicators, overlaps):
    """Atoms (every non-empty set of indicators: nobody shares a category here) and, per
    count field in the plugin's output order, the atoms it sums.  Written from the README's
    definitions, not from the plugin's code."""
    from itertools import combinations

    inds = list(indicators)
    atoms = [frozenset(c) for k in range(1, len(inds) + 1) for c in combinations(inds, k)]
    fields = {f"{i}_n": [j for j, a in enumerate(atoms) if i in a] for i in inds}
    for a, b in overlaps:
        fields[f"{a}_x_{b}_n"] = [j for j, s in enumerate(atoms) if a in s and b in s]
    if len(inds) >= 2:
        fields["stapeling_2plus_n"] = [j for j, s in enumerate(atoms) if len(s) >= 2]
    if len(inds) >= 3:
        fields["stapeling_3plus_n"] = [j for j, s in enumerate(atoms) if len(s) >= 3]
    return atoms, fields


def exhaustive_integer_ranges(published, parent, fields, n_atoms, lob):
    """Every hidden cell's integer range by exhaustive search over whole persons.

    ``published``: {(level, code): {field: value or None}} for one gemeente, whose own
    figures are all published (they bound every atom); ``parent``: code -> parent code for
    buurten and wijken; ``fields``: {field: atoms it sums}; hidden cells (None) are at
    least ``lob``.  Enumerates every integer split of every buurt into atoms that fits
    its published figures, combines buurten into wijken and wijken into the gemeente by
    dynamic programming over the sums (each state keeps, per hidden cell, the least
    and greatest value it takes on the ways to reach that state), and keeps what fits every
    published figure.  Returns {(level, code, field): (min, max)}."""
    from itertools import product

    names = list(fields)
    gem = [c for (lv, c) in published if lv == "gemeente"]
    assert len(gem) == 1
    top = published[("gemeente", gem[0])]
    assert all(v is not None for v in top.values()), "the gemeente bounds the search"
    cap = [min(top[f] for f in names if j in fields[f]) for j in range(n_atoms)]

    def fits(values, vec):
        return all((vec[i] >= lob) if values[f] is None else (vec[i] == values[f]) for i, f in enumerate(names))

    def fvec(atoms):
        return tuple(sum(atoms[j] for j in fields[f]) for f in names)

    def merge(into, cells):
        for cell, (lo, hi) in cells.items():
            was = into.get(cell)
            into[cell] = (lo, hi) if was is None else (min(was[0], lo), max(was[1], hi))

    def bound_of(level, code):
        """Per field, what the area's figure can be at most: its own published figure,
        else its parent's bound less the published figures of its siblings (every figure
        is a sum of non-negative atoms)."""
        vals = published[(level, code)]
        if level == "gemeente":
            return [vals[f] for f in names]
        up = bound_of("wijk" if level == "buurt" else "gemeente", parent[code])
        sib = [c for (lv, c) in published if lv == level and c != code and parent[c] == parent[code]]
        return [vals[f] if vals[f] is not None
                else up[i] - sum(published[(level, c)][f] or 0 for c in sib)
                for i, f in enumerate(names)]

    def combine(children, own):
        """DP over children: each child is a list of (sum vector, {cell: (min, max)})
        options; a state keeps per hidden cell the least and greatest value it takes on
        the ways to reach the state (all that the ranges need)."""
        bound = bound_of(own["_level"], own["_code"])
        pub = [i for i, f in enumerate(names) if own[f] is not None]
        states = {tuple(0 for _ in names): {}}
        for k, options in enumerate(children):
            last = k == len(children) - 1
            if last:  # the last child must make up the published figures exactly
                by_pub = {}
                for vec, ccells in options:
                    by_pub.setdefault(tuple(vec[i] for i in pub), []).append((vec, ccells))
            nxt = {}
            for s, cells in states.items():
                if last:
                    options = by_pub.get(tuple(own[names[i]] - s[i] for i in pub), [])
                for vec, ccells in options:
                    t = tuple(a + b for a, b in zip(s, vec))
                    if any(t[i] > bound[i] for i in range(len(names))):
                        continue  # beyond a published figure: no completion
                    into = nxt.setdefault(t, {})
                    merge(into, cells)
                    merge(into, ccells)
            states = nxt
        out = []
        for s, cells in states.items():
            if fits(own, s):
                cells = dict(cells)
                for i, f in enumerate(names):
                    if own[f] is None:
                        cells[(own["_level"], own["_code"], f)] = (s[i], s[i])
                out.append((s, cells))
        return out

    def own(level, code):
        d = dict(published[(level, code)])
        d["_level"], d["_code"] = level, code
        return d

    wijk_options = []
    for w in sorted(c for (lv, c) in published if lv == "wijk"):
        buurt_options = []
        for b in sorted(c for (lv, c) in published if lv == "buurt" and parent[c] == w):
            vals = published[("buurt", b)]
            wb = bound_of("wijk", w)
            own_cap = [min([cap[j]] + [wb[i] for i, f in enumerate(names) if j in fields[f]]
                           + [vals[f] for f in names if j in fields[f] and vals[f] is not None])
                       for j in range(n_atoms)]
            opts = []
            for atoms in product(*(range(c + 1) for c in own_cap)):
                vec = fvec(atoms)
                if fits(vals, vec):
                    opts.append((vec, {("buurt", b, f): (vec[i], vec[i]) for i, f in enumerate(names)
                                       if vals[f] is None}))
            buurt_options.append(opts)
        wijk_options.append(combine(buurt_options, own("wijk", w)))
    final = combine(wijk_options, own("gemeente", gem[0]))
    ranges = {}
    for _s, cells in final:
        merge(ranges, cells)
    return ranges


def milp_integer_ranges(published, parent, fields, n_atoms, lob, bound=10_000, areas_of=None, unpublished=()):
    """The same ranges as :func:`exhaustive_integer_ranges` by integer programming (scipy's
    ``milp``), for hierarchies too big to enumerate; atoms are at most ``bound``.  Built from
    the same plain description, not from the plugin's matrices.  ``areas_of``: buurtcode ->
    the codes of further areas it lies in (an own division's).  ``unpublished``: the
    (level, code, field) of hidden cells no output publishes: at least 0, not ``lob``."""
    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, milp

    names = list(fields)
    buurten = sorted(c for (lv, c) in published if lv == "buurt")
    col = {b: i * n_atoms for i, b in enumerate(buurten)}
    nv = len(buurten) * n_atoms
    under = {}
    for b in buurten:
        w = parent[b]
        for code in (b, w, parent[w], *((areas_of or {}).get(b, ()))):
            under.setdefault(code, []).append(b)
    rows, lo, hi = [], [], []
    for (level, code), vals in published.items():
        for f in names:
            row = np.zeros(nv)
            for b in under[code]:
                row[[col[b] + j for j in fields[f]]] = 1.0
            rows.append(row)
            v = vals[f]
            lo.append((0 if (level, code, f) in unpublished else lob) if v is None else v)
            hi.append(np.inf if v is None else v)
    cons = LinearConstraint(np.array(rows), np.array(lo, dtype=float), np.array(hi, dtype=float))
    out = {}
    for (level, code), vals in published.items():
        for f in names:
            if vals[f] is not None:
                continue
            c = np.zeros(nv)
            for b in under[code]:
                c[[col[b] + j for j in fields[f]]] = 1.0
            ends = []
            for sign in (1.0, -1.0):
                r = milp(sign * c, constraints=cons, integrality=np.ones(nv), bounds=Bounds(0, bound),
                         options={"mip_rel_gap": 0})
                assert r.status == 0, r.message
                ends.append(int(round(sign * r.fun)))
            out[(level, code, f)] = tuple(ends)
    return out
