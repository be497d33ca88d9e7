"""The dock's background work as QgsTasks: QGIS stays responsive, Cancel stops it.

Each task runs core/ in ``run`` (a worker thread: no widgets touched there) and hands its
result, or the error's message, to ``on_done`` in ``finished`` (the main thread).
"""

from qgis.core import QgsTask

from ..core.errors import SteunstructuurError
from ..core.pipeline import Cancelled, audit_file, run
from ..core.read.registrations import mapping_source
from ..i18n import tr


class AggregateTask(QgsTask):
    """Runs the pipeline in the background; results are picked up in ``finished``."""

    def __init__(self, input_path, areas, cfg, output, secret, on_done, register=None, division=None):
        super().__init__(tr("Steunstructuur: aggregating registrations"), QgsTask.CanCancel)
        self.args = (input_path, areas, cfg, output, secret)
        self.register = register
        self.division = division
        self.on_done = on_done
        self.result = None
        self.error = None

    def run(self):
        input_path, areas, cfg, output, secret = self.args

        def progress(pct, msg):
            self.setProgress(pct)
            return not self.isCanceled()

        try:
            self.result = run(input_path, areas, cfg, output, secret=secret, progress=progress,
                              register=self.register, division=self.division)
            return True
        except Cancelled:
            return True  # the task did what was asked; QGIS would call a False one "failed"
        except Exception as exc:  # reported in the message bar, never raised into QGIS
            self.error = str(exc)
        return False

    def finished(self, ok):
        self.on_done(self, ok)


class _ResultTask(QgsTask):
    """A core call in the background whose result (or error message) ``on_done`` picks up
    in ``finished``; Cancel discards the result.  Subclasses give ``work`` and the errors
    that are reported in the message bar (``errors``)."""

    errors = (SteunstructuurError, ValueError, OSError)

    def __init__(self, description, on_done):
        super().__init__(description, QgsTask.CanCancel)
        self.on_done = on_done
        self.result = None
        self.error = None

    def work(self):
        raise NotImplementedError

    def run(self):
        try:
            self.result = self.work()
            return not self.isCanceled()
        except self.errors as exc:  # reported in the message bar
            self.error = str(exc)
        return False

    def finished(self, ok):
        self.on_done(self, ok)


class AuditTask(_ResultTask):
    """The disclosure audit of a GeoPackage in the background: on national data it takes a
    minute, and QGIS must stay responsive.  Cancel discards the result."""

    errors = (SteunstructuurError, ValueError, RuntimeError, OSError)

    def __init__(self, path, on_done):
        super().__init__(tr("Steunstructuur: disclosure audit"), on_done)
        self.path = path

    def work(self):
        return audit_file(self.path)


class SourceTask(_ResultTask):
    """Reads what the field-mapping dialog needs (:func:`..core.read.registrations.mapping_source`) in
    the background: the category column of 3 million rows takes seconds, and QGIS froze
    for 13.6 s reading it in the main thread.  Cancel discards the result."""

    def __init__(self, path, category, on_done):
        super().__init__(tr("Steunstructuur: reading the categories of the registrations"), on_done)
        self.path, self.category = path, category

    def work(self):
        return mapping_source(self.path, self.category)
