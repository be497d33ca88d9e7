"""The plugin's toolbelt: where its files are and which version it is.

In: nothing but the plugin's own folder.  Out: the resources path (inside the installed
plugin folder, or beside the package in a source checkout) and the version, read from
``metadata.txt``, the one place it is written.  Pure Python: core may use it.
"""

import configparser
import os

PLUGIN_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
#: the installed plugin folder holds resources/ and metadata.txt; a checkout has them beside
_ROOT = PLUGIN_DIR if os.path.isdir(os.path.join(PLUGIN_DIR, "resources")) else os.path.dirname(PLUGIN_DIR)


def resources_path(*parts: str) -> str:
    """A path inside the plugin's ``resources`` folder."""
    return os.path.join(_ROOT, "resources", *parts)


def plugin_version() -> str:
    """The version in ``metadata.txt``."""
    meta = configparser.ConfigParser(interpolation=None)
    meta.read(os.path.join(_ROOT, "metadata.txt"), encoding="utf-8")
    return meta.get("general", "version")
