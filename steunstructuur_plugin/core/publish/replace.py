"""Files that replace earlier ones only when complete.

In: the final paths of the files one job writes (a GeoPackage, a PDF of fifty maps, one
PNG per map). Out: for each a temporary path in the same folder, with the same extension
(so QGIS and Qt pick the same format), hidden from file dialogs by a leading dot. The job
writes there; :meth:`Replacing.commit` moves every file into place (``os.replace``, atomic
on one file system) and anything else (an error, a cancel, a crash of the job) removes the
temporary files and leaves every earlier file of those names as it was.
"""

import os
import uuid
from typing import Dict, List


def remove_stale_parts(final: str) -> int:
    """Remove the temporary files a killed job left for ``final`` (only while holding the
    output's lock: then no other job is writing them). The number removed."""
    folder, base = os.path.split(os.path.abspath(final))
    stem, ext = os.path.splitext(base)
    n = 0
    for name in os.listdir(folder or "."):
        if name.startswith(f".{stem}.") and name.endswith(f".part{ext}") and len(name) == len(stem) + len(ext) + 15:
            try:
                os.remove(os.path.join(folder, name))
                n += 1
            except OSError:
                pass
    return n


class Replacing:
    """``with Replacing() as files: write(files.path(final)); ...; files.commit()``"""

    def __init__(self):
        self.temps: Dict[str, str] = {}
        self.committed = False

    def path(self, final: str) -> str:
        """The temporary path to write ``final`` to (the same one when asked again)."""
        final = os.path.abspath(final)
        if final not in self.temps:
            folder, base = os.path.split(final)
            stem, ext = os.path.splitext(base)
            self.temps[final] = os.path.join(folder, f".{stem}.{uuid.uuid4().hex[:8]}.part{ext}")
        return self.temps[final]

    def commit(self) -> List[str]:
        """Move every written file into place; the final paths, in the order asked for.
        A temporary path nothing was written to is an error (the job skipped a file)."""
        missing = [final for final, tmp in self.temps.items() if not os.path.isfile(tmp)]
        if missing:
            raise OSError(f"{missing[0]}: was not written")
        for final, tmp in self.temps.items():
            os.replace(tmp, final)
        self.committed = True
        return list(self.temps)

    def discard(self) -> None:
        for tmp in self.temps.values():
            if os.path.exists(tmp):
                os.remove(tmp)

    def __enter__(self) -> "Replacing":
        return self

    def __exit__(self, *_exc) -> None:
        if not self.committed:
            self.discard()
