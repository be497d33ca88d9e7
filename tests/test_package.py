"""`make package`: a zip that passes the plugins.qgis.org upload rules."""

import configparser
import os
import re
import subprocess
import zipfile

import pytest
from conftest import ROOT
from i18n_strings import source_strings


@pytest.fixture(scope="module")
def package_zip():
    proc = subprocess.run(["make", "-s", "package"], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    path = proc.stdout.strip().splitlines()[-1]
    return os.path.join(ROOT, path)


def test_zip_contents(package_zip):
    with zipfile.ZipFile(package_zip) as zf:
        names = zf.namelist()
        assert all(n.startswith("steunstructuur_plugin/") for n in names)
        for required in ("__init__.py", "plugin.py", "metadata.txt", "LICENSE", "core/pipeline.py",
                         "processing/provider.py", "gui/dock.py", "i18n/steunstructuur_nl.qm",
                         "resources/data/buurten_losser.gpkg", "resources/data/ATTRIBUTION.md",
                         "resources/icons/steunstructuur.svg"):
            assert f"steunstructuur_plugin/{required}" in names, required
        assert not [n for n in names if n.endswith(".pyc") or "__pycache__" in n or "/.git" in n]
        assert not [n for n in names if re.search(r"(^|/)(ui_.*\.py|resources_rc\.py)$", n)]
        meta = zf.read("steunstructuur_plugin/metadata.txt").decode("utf-8")
        assert "GNU GENERAL PUBLIC LICENSE" in zf.read("steunstructuur_plugin/LICENSE").decode()
    cp = configparser.ConfigParser()
    cp.read_string(meta)
    g = cp["general"]
    for key in ("name", "description", "about", "version", "qgisMinimumVersion", "author", "email",
                "tracker", "repository", "tags"):
        assert g.get(key, "").strip(), key
    assert g["qgisMinimumVersion"] == "3.22"
    assert g["hasProcessingProvider"] == "yes"
    assert re.fullmatch(r"\d+\.\d+\.\d+", g["version"])
    assert os.path.basename(package_zip) == f"steunstructuur_plugin-{g['version']}.zip"


def test_no_generated_files_committed():
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True).stdout.split()
    if not tracked:
        pytest.skip("not a git checkout")
    assert not [t for t in tracked if t.endswith((".qm", ".pyc")) or re.search(r"ui_.*\.py$|_rc\.py$", t)]


def test_dutch_translation_is_complete():
    import xml.etree.ElementTree as ET

    ts = ET.parse(os.path.join(ROOT, "i18n", "steunstructuur_nl.ts")).getroot()
    translated = {m.findtext("source"): m.findtext("translation") for m in ts.iter("message")}
    missing = {s: where for s, where in source_strings().items() if not translated.get(s)}
    assert not missing, f"add to i18n/steunstructuur_nl.ts: {missing}"
    assert translated["not shown (privacy)"] == "niet getoond (privacy)"
