"""Install the assembled plugin folder into a QGIS profile and enable it.

    python -m steunstructuur_plugin.deploy --build build/steunstructuur_plugin \
        --profiles ~/.local/share/QGIS/QGIS3/profiles --profile default
"""

import argparse
import os
import shutil
import sys

PLUGIN_DIR = "steunstructuur_plugin"


def deploy(build: str, profiles: str, profile: str = "default") -> str:
    """Copy ``build`` into <profiles>/<profile>/python/plugins and enable it; return the target."""
    from qgis.PyQt.QtCore import QSettings

    root = os.path.join(profiles, profile)
    target = os.path.join(root, "python", "plugins", PLUGIN_DIR)
    if os.path.exists(target):
        shutil.rmtree(target)
    shutil.copytree(build, target)
    ini = os.path.join(root, "QGIS", "QGIS3.ini")
    os.makedirs(os.path.dirname(ini), exist_ok=True)
    settings = QSettings(ini, QSettings.IniFormat)
    settings.setValue(f"PythonPlugins/{PLUGIN_DIR}", True)
    settings.sync()
    return target


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", required=True)
    parser.add_argument("--profiles", required=True)
    parser.add_argument("--profile", default="default")
    args = parser.parse_args(argv)
    print(deploy(args.build, args.profiles, args.profile))
    return 0


if __name__ == "__main__":
    sys.exit(main())
