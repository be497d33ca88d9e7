"""``python -m steunstructuur_plugin.demo --out out/demo``: the Losser demo."""

import sys

from . import main

sys.exit(main())
