"""Counting unique persons (or households).

In: located records and the configuration's indicators and overlaps.  Out: count tables
per buurt, wijk and gemeente (:mod:`.aggregate`): each indicator, each overlap pair, the
stacking counts (2+ and 3+ indicators) and the denominators; each person counted once, in
one home buurt.  The records are dropped once counted.
"""
