"""One pass over the bytes of a delimited text file, before pandas reads it.

In:  the path (or the bytes) of a CSV, its delimiter and the number of fields of its
     header, and the encoding the user configured (empty: decide here).
Out: a :class:`FileScan`: the encoding to read the file with, the lines whose bytes are
     not UTF-8 in a file that is UTF-8 elsewhere, and whether the file is *regular*:
     every record has the header's number of fields (or one more, empty), no NUL byte,
     no quote left open at the end.

pandas' fast C parser pads a short row with empty fields, silently drops what lies
beyond the header in the first row of a chunk, and cuts a value at a NUL byte.  Only a
regular file is read by it; any other is read by the slower row-by-row reader, which
reports each bad row by its line.  The scan is vectorised with numpy and reads the file
in blocks, so that it costs about as much as reading the file once more.

Encodings, decided per file:
- a UTF-8 BOM, or bytes that are all valid UTF-8: UTF-8;
- a UTF-16 BOM, or the zero bytes of UTF-16 text: UTF-16 (Excel's "Unicode text");
- UTF-8 with some lines holding single bytes that are not UTF-8 (an export edited in an
  old Windows program): UTF-8, and those bytes are read as cp1252; the report names the
  lines;
- bytes beyond ASCII none of which forms UTF-8: cp1252 (Windows-1252).
A configured encoding is used as it is; a byte it cannot decode is an error naming the line.
"""

import codecs
from dataclasses import dataclass, field
from typing import List

import numpy as np

from ...i18n import tr
from ..errors import SteunstructuurError

BLOCK = 1 << 22
#: the lines named in a report; the rest is counted
MAX_LINES = 20
#: a name for ``bytes.decode(errors=...)``: a byte that is not UTF-8 is read as cp1252
CP1252_FALLBACK = "steunstructuur-cp1252"


def _cp1252_fallback(exc: UnicodeDecodeError):
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    bad = exc.object[exc.start:exc.end]
    # the five bytes cp1252 leaves undefined are read as Latin-1, as browsers do
    return "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in bad), exc.end


codecs.register_error(CP1252_FALLBACK, _cp1252_fallback)


class EncodingError(SteunstructuurError, ValueError):
    """A byte the configured encoding cannot decode (the message names the line)."""


@dataclass
class FileScan:
    encoding: str = "utf-8"
    #: the decode ``errors`` argument: strict, or the cp1252 fallback of a mixed file
    errors: str = "strict"
    cp1252_lines: List[int] = field(default_factory=list)
    cp1252_line_count: int = 0
    regular: bool = True
    has_nul: bool = False
    #: whether the fields were counted (not for UTF-16: on the decoded text instead)
    counted: bool = True

    @property
    def chunkable(self) -> bool:
        """Whether pandas' C parser may read the file from disk as it is: regular, and not
        UTF-8 with lines of cp1252 bytes (those are decoded whole, byte by byte)."""
        return self.regular and not (self.errors == CP1252_FALLBACK and self.encoding != "cp1252")


def ascii_compatible(encoding: str) -> bool:
    """Whether the encoding writes delimiters, quotes and newlines as their ASCII bytes."""
    try:
        return ';,\t|"\r\n'.encode(encoding) == b';,\t|"\r\n' and not encoding.lower().startswith("utf-16")
    except (LookupError, UnicodeError):
        return False


def bom_encoding(head: bytes) -> str:
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if len(head) >= 4:  # UTF-16 without BOM: every other byte of ASCII text is zero
        half = len(head) // 2
        if head[1::2].count(0) > 0.6 * half and head[0::2].count(0) < 0.1 * half:
            return "utf-16-le"
        if head[0::2].count(0) > 0.6 * half and head[1::2].count(0) < 0.1 * half:
            return "utf-16-be"
    return ""


class _Fields:
    """Counts the fields of each record (quotes respected) across blocks."""

    def __init__(self, delimiter: str, n_fields: int):
        self.d = ord(delimiter)
        self.n = n_fields
        self.parity = 0          # inside a quoted field at the end of the last block
        self.open_seps = 0       # delimiters of the record not yet ended
        self.open_len = 0        # its length in bytes
        self.open_last = -1      # its last byte (to see a trailing delimiter or \r)
        self.open_before_last = -1
        self.regular = True

    def _check(self, seps, length, last, before_last):
        """Vectors over records: True where the record is irregular."""
        cr = last == 13
        blank = (length == 0) | ((length == 1) & cr)
        end = np.where(cr, before_last, last)
        ok = (seps == self.n - 1) | ((seps == self.n) & (end == self.d))
        return bool((~ok & ~blank).any())

    def feed(self, block: bytes):
        if not block:
            return
        arr = np.frombuffer(block, np.uint8)
        parity = (np.cumsum(arr == 34, dtype=np.uint8) + self.parity) & 1
        outside = parity == 0
        seps = np.cumsum((arr == self.d) & outside, dtype=np.int64)
        ends = np.flatnonzero((arr == 10) & outside)
        cr = np.flatnonzero((arr == 13) & outside)
        cr = cr[cr + 1 < len(arr)]
        if len(cr) and (arr[cr + 1] != 10).any():
            self.regular = False  # a carriage return alone: the C parser ends the row there
        if len(ends):
            prev_seps = np.concatenate(([0], seps[ends[:-1]]))
            rec_seps = seps[ends] - prev_seps
            rec_seps[0] += self.open_seps
            starts = np.concatenate(([0], ends[:-1] + 1))
            length = ends - starts
            length[0] += self.open_len
            padded = np.concatenate(([self.open_before_last, self.open_last], arr))
            last = padded[ends + 1]          # the byte before each newline
            before_last = padded[ends]
            if self._check(rec_seps, length, last.astype(np.int64), before_last.astype(np.int64)):
                self.regular = False
            tail = arr[ends[-1] + 1:]
            self.open_seps = int(seps[-1] - seps[ends[-1]])
            self.open_len = len(tail)
            self.open_last = int(tail[-1]) if len(tail) else -1
            self.open_before_last = int(tail[-2]) if len(tail) > 1 else -1
        else:
            self.open_seps += int(seps[-1])
            self.open_len += len(arr)
            self.open_before_last = int(arr[-2]) if len(arr) > 1 else self.open_last
            self.open_last = int(arr[-1])
        self.parity = int(parity[-1])

    def finish(self):
        if self.open_len and self._check(np.array([self.open_seps]), np.array([self.open_len]),
                                         np.array([self.open_last]), np.array([self.open_before_last])):
            self.regular = False
        if self.parity:
            self.regular = False


def _blocks(source, start: int):
    """Blocks of whole lines of a path or a bytes object, from byte ``start``."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        pos = start
        while pos < len(data):
            end = data.find(b"\n", min(pos + BLOCK, len(data)))
            end = len(data) if end < 0 else end + 1
            yield data[pos:end]
            pos = end
        return
    with open(source, "rb") as fh:
        fh.seek(start)
        rest = b""
        while True:
            chunk = fh.read(BLOCK)
            if not chunk:
                if rest:
                    yield rest
                return
            chunk = rest + chunk
            cut = chunk.rfind(b"\n") + 1
            if cut == 0:
                rest = chunk
                continue
            yield chunk[:cut]
            rest = chunk[cut:]


def scan(source, delimiter: str, n_fields: int, configured: str = "") -> FileScan:
    """Scan a CSV given as a path or as its bytes (see the module's docstring)."""
    head = _head(source) if isinstance(source, str) else bytes(source[:4096])
    out = FileScan()
    bom = bom_encoding(head)
    if configured and not ascii_compatible(configured) or not configured and bom.startswith("utf-16"):
        # decoded whole elsewhere; the fields are counted on the decoded text
        out.encoding, out.regular, out.counted = configured or bom, False, False
        return out
    start = len(codecs.BOM_UTF8) if bom == "utf-8-sig" else 0
    fields = _Fields(delimiter, n_fields)
    line = 1
    utf8_seen = False
    for block in _blocks(source, start):
        fields.feed(block)
        if b"\x00" in block:
            out.has_nul = True
        if not configured and not block.isascii():
            try:
                block.decode("utf-8")
                utf8_seen = True
            except UnicodeDecodeError:
                for i, text in enumerate(block.split(b"\n")):
                    if text.isascii():
                        continue
                    try:
                        text.decode("utf-8")
                        utf8_seen = True
                    except UnicodeDecodeError:
                        out.cp1252_line_count += 1
                        if len(out.cp1252_lines) < MAX_LINES:
                            out.cp1252_lines.append(line + i)
        line += block.count(b"\n")
    fields.finish()
    out.regular = fields.regular and not out.has_nul
    if configured:
        out.encoding = configured
    elif out.cp1252_line_count and not utf8_seen and bom != "utf-8-sig":
        # nothing in the file is UTF-8: a cp1252 file, read whole as cp1252
        out.encoding, out.errors = "cp1252", CP1252_FALLBACK
        out.cp1252_lines, out.cp1252_line_count = [], 0
    else:
        out.encoding = bom or "utf-8"
        out.errors = CP1252_FALLBACK if out.cp1252_line_count else "strict"
    return out


def _head(path: str) -> bytes:
    with open(path, "rb") as fh:
        return fh.read(4096)


def decode(raw: bytes, found: FileScan, name: str) -> str:
    """The text of a file read whole, as the scan decided; a configured encoding that
    does not fit is an :class:`EncodingError` naming the line."""
    try:
        text = raw.decode(found.encoding, errors=found.errors)
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise EncodingError(tr("{path}, line {line}: a byte cannot be read as {encoding}; set the file's encoding "
                               "in the field mapping, or leave it empty to detect it").format(
            path=name, line=line, encoding=found.encoding)) from None
    except LookupError:
        raise EncodingError(tr("{path}: unknown encoding '{encoding}'").format(path=name, encoding=found.encoding)) \
            from None
    return text[1:] if text.startswith("\ufeff") else text
