"""Writing the output (#17 items 1-4): an input is never overwritten, an earlier output
survives a kill at every moment of the write and a full disk, and two runs cannot write
one output at once."""

import hashlib
import os
import shutil
import subprocess
import sys

import pytest
from conftest import ROOT, SECRET

from steunstructuur_plugin.core.pipeline import audit_file, run
from steunstructuur_plugin.core.publish.geopackage import OutputError, output_lock
from steunstructuur_plugin.core.publish.seal import SEALED, check_seal, seal_secret


def _digest(path):
    return hashlib.sha256(open(path, "rb").read()).hexdigest()


def _intact(path, digest):
    """``path`` is the earlier output, byte for byte, sealed, and passes the export gate."""
    assert _digest(path) == digest
    assert check_seal(path, seal_secret())[0] == SEALED
    assert audit_file(path)[0].ok


@pytest.fixture()
def earlier(tmp_path, demo_input, losser_areas, demo_cfg):
    out = str(tmp_path / "uitvoer.gpkg")
    run(demo_input[0], losser_areas, demo_cfg, out, secret=SECRET)
    return out, _digest(out)


def test_an_output_that_is_an_input_is_refused(tmp_path, demo_input, losser_areas, demo_cfg):
    """Item 1: OUTPUT equal to the registrations CSV, or to the areas GeoPackage, used to
    delete that file; a name without .gpkg was written as <name>.csv.gpkg."""
    from steunstructuur_plugin.core.place.areas import area_table_from_layer, load_area_layer

    csv_path = str(tmp_path / "registraties.csv")
    shutil.copy(demo_input[0], csv_path)
    gpkg = str(tmp_path / "buurten.gpkg")
    shutil.copy(os.path.join(ROOT, "resources", "data", "buurten_losser.gpkg"), gpkg)
    areas = area_table_from_layer(load_area_layer(gpkg, "buurten"), demo_cfg.areas)
    before = {p: _digest(p) for p in (csv_path, gpkg)}
    with pytest.raises(OutputError, match=r"registraties\.csv: the output must be a GeoPackage file ending in \.gpkg"):
        run(csv_path, areas, demo_cfg, csv_path, secret=SECRET)
    with pytest.raises(OutputError, match=r"buurten\.gpkg: is the area layer's file; choose another output file"):
        run(csv_path, areas, demo_cfg, gpkg, secret=SECRET)
    link = str(tmp_path / "ook_buurten.gpkg")
    os.symlink(gpkg, link)
    with pytest.raises(OutputError, match="is the area layer's file"):
        run(csv_path, areas, demo_cfg, link, secret=SECRET)
    assert {p: _digest(p) for p in before} == before
    assert sorted(os.listdir(tmp_path)) == ["buurten.gpkg", "ook_buurten.gpkg", "registraties.csv"]


def test_a_second_run_to_the_same_output_is_refused(earlier, demo_input, losser_areas, demo_cfg):
    """Item 4: two runs to one output both reported success and left a mix."""
    out, digest = earlier
    with output_lock(out):  # a first run holds the output
        with pytest.raises(OutputError, match="another Steunstructuur run is writing this output"):
            run(demo_input[0], losser_areas, demo_cfg, out, secret=SECRET)
    _intact(out, digest)
    # in another process too, and the lock goes with the process when it is killed
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sys, time; sys.path.insert(0, sys.argv[1]);"
        "from steunstructuur_plugin.core.publish.geopackage import output_lock\n"
        "with output_lock(sys.argv[2]):\n    print('held', flush=True); time.sleep(60)"), ROOT, out],
        stdout=subprocess.PIPE, text=True, env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(OutputError, match="another Steunstructuur run"):
            run(demo_input[0], losser_areas, demo_cfg, out, secret=SECRET)
    finally:
        holder.kill()
        holder.wait()
    result = run(demo_input[0], losser_areas, demo_cfg, out, secret=SECRET)
    assert result.output == out and not os.path.exists(out + ".lock")


KILLER = r"""
import os, sys, time
sys.path.insert(0, sys.argv[1]); sys.path.insert(0, os.path.join(sys.argv[1], "tests"))
from qgis.core import QgsApplication
app = QgsApplication([], False); app.initQgis()
from conftest import SECRET
from steunstructuur_plugin.core import pipeline
from steunstructuur_plugin.core.place.areas import area_table_from_layer, load_area_layer
from steunstructuur_plugin.core.config import AnalysisConfig
from steunstructuur_plugin.core.publish import geopackage, replace
csv_path, cfg_path, gpkg, out, moment = sys.argv[2:7]
cfg = AnalysisConfig.load(cfg_path)
areas = area_table_from_layer(load_area_layer(gpkg, "buurten"), cfg.areas)

def pause(name):
    if name == moment:
        print(name, flush=True)
        time.sleep(120)

real_writer, real_check = geopackage._writer, geopackage._check_written
real_seal, real_replace = geopackage.write_seal, os.replace
def writer(path, layer, *a, **k):
    pause("layer " + layer)
    return real_writer(path, layer, *a, **k)
def check(*a):
    pause("check")
    return real_check(*a)
def seal(*a):
    pause("seal")
    return real_seal(*a)
def move(*a):
    pause("replace")
    return real_replace(*a)
geopackage._writer, geopackage._check_written, geopackage.write_seal = writer, check, seal
replace.os.replace = move
pipeline.run(csv_path, areas, cfg, out, secret=SECRET)
print("done", flush=True)
"""


@pytest.mark.parametrize("moment", ["layer buurt", "layer wijk", "layer gemeente", "layer metadata", "check",
                                    "seal", "replace"])
def test_a_kill_while_writing_keeps_the_earlier_output(earlier, demo_input, moment, tmp_path):
    """Item 2: kill -9 during the write left no file or a half-written one. The writing
    process is killed at each step of the write; the earlier output is there, complete,
    sealed and unchanged, and the next run cleans up what the killed one left."""
    out, digest = earlier
    gpkg = os.path.join(ROOT, "resources", "data", "buurten_losser.gpkg")
    proc = subprocess.Popen([sys.executable, "-c", KILLER, ROOT, demo_input[0], demo_input[1], gpkg, out, moment],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    try:
        line = proc.stdout.readline().strip()
        assert line == moment, (line, proc.stderr.read()[-2000:] if proc.poll() is not None else "")
    finally:
        proc.kill()
        proc.wait()
    _intact(out, digest)
    with output_lock(out):  # the next run to this output removes the killed run's temporary file
        pass
    assert sorted(os.listdir(os.path.dirname(out))) == ["uitvoer.gpkg"]


@pytest.fixture()
def small_disk(tmp_path):
    """A 2 MiB file system of its own (tmpfs), unmounted afterwards."""
    mnt = tmp_path / "klein"
    mnt.mkdir()
    proc = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mnt)], capture_output=True, text=True)
    if proc.returncode != 0:
        pytest.fail(f"cannot mount a small file system for the disk-full test (needs root): {proc.stderr}")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], check=False)


def test_a_full_disk_fails_clearly_and_keeps_the_earlier_output(small_disk, demo_input, losser_areas, demo_cfg):
    """Item 3: with little space left the GeoPackage lacked layers and the run said ok."""
    out = str(small_disk / "uitvoer.gpkg")
    run(demo_input[0], losser_areas, demo_cfg, out, secret=SECRET)
    digest = _digest(out)
    st = os.statvfs(small_disk)
    free = st.f_bavail * st.f_frsize
    with open(small_disk / "vol", "wb") as fh:  # leave less room than one more output needs
        fh.write(b"\0" * max(free - os.path.getsize(out) // 3, 0))
    with pytest.raises(OutputError, match=r"uitvoer\.gpkg: .*(disk full|No space left).*an earlier file"):
        run(demo_input[0], losser_areas, demo_cfg, out, secret=SECRET)
    _intact(out, digest)
    assert sorted(os.listdir(small_disk)) == ["uitvoer.gpkg", "vol"]
