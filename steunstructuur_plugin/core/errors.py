"""The one base class of every error the plugin raises for a user to read.

The dock, the Processing algorithms and the exports catch :class:`SteunstructuurError`
(with ``OSError`` for the file system); each stage's own class (configuration, source,
areas, output, disclosure, export, cancel) derives from it, and from the built-in class
it had before, so that older callers keep working.
"""


class SteunstructuurError(Exception):
    """An error of the plugin; its message names the file, row, column or key at fault."""


class Cancelled(SteunstructuurError):
    """The user cancelled a run (the progress callback returned False)."""
