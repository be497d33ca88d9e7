"""Provisions (voorzieningen) and how near they are to each area.

In: the configuration's ``provisions`` section (point layers, or tables with x/y or
postcode + huisnummer) and the area table.  Out: the provisions as points by type in the
area layer's coordinate system, with an import report per file (:mod:`.provisions`), and
per buurt, wijk and gemeente the number of provisions of each type inside the area and
within each configured distance of it (:mod:`.nearby`).  Provisions are public places, not
persons: their counts are published as they are, never suppressed, and the points are
written to the output as the ``voorzieningen`` layer.
"""

from .nearby import provision_tables
from .provisions import Provisions, read_provisions

__all__ = ["Provisions", "provision_tables", "read_provisions"]
