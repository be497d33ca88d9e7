"""An independent, plain-Python reference count used as ground truth in tests.

Deliberately written without pandas and without the plugin's code paths: csv module,
dicts and sets.  Persons are counted in the buurt where most of their distinct valid categories
are (ties: lowest code), as the README documents.
"""

import csv
from collections import Counter, defaultdict


def reference_counts(csv_path, cfg, known_buurten, wijk_of, gemeente_of):
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
            person_inds[key] |= cat_to_inds[cat]
            person_buurten[key][code].add(cat)
    counts = {"buurt": defaultdict(Counter), "wijk": defaultdict(Counter), "gemeente": defaultdict(Counter)}
    for key, inds in person_inds.items():
        best = sorted(person_buurten[key].items(), key=lambda kv: (-len(kv[1]), kv[0]))[0][0]
        fields = [f"{i}_n" for i in inds]
        for a, b in cfg.overlaps:
            if a in inds and b in inds:
                fields.append(f"{a}_x_{b}_n")
        if len(inds) >= 2:
            fields.append("stapeling_2plus_n")
        if len(inds) >= 3:
            fields.append("stapeling_3plus_n")
        for level, code in (("buurt", best), ("wijk", wijk_of[best]), ("gemeente", gemeente_of[best])):
            for f in fields:
                counts[level][code][f] += 1
    return counts
