"""Protecting: disclosure control of the count tables.

In: the buurt, wijk and gemeente count tables (:mod:`..count`) and the configuration.
Out: a :class:`Protection` (which cells are hidden, and why, for the analyst only), its
:class:`AuditResult`, and the safe tables that may be published (suppressed counts NULL,
optional rounding, rates, a status per value).

The attacker we defend against knows every published figure, the configuration, that
buurten add up to their wijk and wijken to their gemeente, that zeros are published, that
counts are whole numbers, and these rules.  The modules, in the order the work is done:

* :mod:`.model`: what the attacker sees: every person of a buurt falls in one *atom*, the
  set of indicators they are in; each count field is a sum of atoms, a wijk's atoms are
  the sums of its buurten's; the result types;
* :mod:`.structure`: the attacker's variables of a buurt: the atoms up to 10 indicators;
  beyond that the grouped model, exact too, whose size follows the published figures
  (groups of linked indicators, a chain that carries stacking and cross-group figures);
* :mod:`.rules`: primary suppression (``1 <= n < min_count``; 0 too when zeros are not
  published), inheritance (an overlap or stacking count of an area whose indicator is
  hidden; fields the configuration makes identical), the group rule per additive group
  (a wijk and its buurten, a gemeente and its wijken), repair next to a failing cell
  until the audit passes, and pruning of secondary cells a hidden parent made unneeded;
  every choice deterministic;
* :mod:`.attacker`: every hidden cell's range over whole numbers from everything published;
  a cell whose range holds one value or lies inside ``1..min_count-1`` fails;
* :mod:`.certificates`: tables of whole persons the attacker cannot rule out (the real one,
  people moved between buurten, whole-number LP points) show most cells safe in bulk;
* :mod:`.solve`: LPs (HiGHS) for the rest, and integer programs where an LP's optimum splits
  persons into fractions: the exact whole-number range;
* :mod:`.publish`: rounding (optional, after suppression; rates from the unrounded counts),
  rates and statuses (``published``, ``rounded``, ``suppressed``: the reason for a
  suppression stays in the analyst's report, as publishing it would tell which hidden cells
  are small), and the check that published tables are what the plugin can have written;
* :mod:`.report`: the analyst's plain-text audit report.
"""

from .attacker import audit, audit_published
from .model import (
                    INHERITED,
                    PRIMARY,
                    PUBLISHED,
                    ROUNDED,
                    SECONDARY,
                    SUPPRESSED,
                    UNBOUNDED,
                    AuditResult,
                    Protection,
                    field_atoms,
)
from .publish import check_published, published_columns, rate_names, round_to_base, safe_tables
from .report import audit_report
from .rules import known_cells, primary, protect
from .structure import Structure, indicator_groups

__all__ = ["INHERITED", "PRIMARY", "PUBLISHED", "ROUNDED", "SECONDARY", "SUPPRESSED", "UNBOUNDED", "AuditResult",
           "Protection", "Structure", "audit", "audit_published", "audit_report", "check_published", "field_atoms",
           "indicator_groups", "known_cells", "primary", "protect", "published_columns", "rate_names", "round_to_base",
           "safe_tables"]
