"""Provisions (voorzieningen) and how near they are to each area.

In: the configuration's ``provisions`` section (point layers, or tables with x/y or
postcode + huisnummer) and the area table.  Out: the provisions as points by type in the
area layer's coordinate system, with an import report per file (:mod:`.provisions`), and
per buurt, wijk and gemeente the number of provisions of each type inside the area and
within each configured distance of it (:mod:`.nearby`); from a published table, the buurten
where need is high and a type of provision is not near (:mod:`.gaps`).  Provisions are
public places, not persons: their counts are published as they are, never suppressed, and
the points are written to the output as the ``voorzieningen`` layer.  With reach, each
registration's distance to the nearest provision of the reach type, straight or along
roads, becomes a category the counting and the audit treat like any other
(:mod:`.distance`, :mod:`.network`); the x/y never leave memory.
"""

from .gaps import help_missing, provision_column
from .nearby import provision_tables
from .provisions import Provisions, read_provisions

__all__ = ["Provisions", "help_missing", "provision_column", "provision_tables", "read_provisions"]
