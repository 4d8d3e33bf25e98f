"""What a user's file really is, and its text in the encoding it was saved in.

Data files and model files come from Excel, SPSS, text editors and web forms on Windows, macOS and Linux, in
UTF-8 (with or without a byte-order mark), UTF-16 (Excel's "Unicode text") or the Windows code page of a Western
European or Indonesian installation (Windows-1252, a superset of the printable Latin-1). :func:`decode_text` reads
each of them correctly or stops with one line that names the file, the line and the byte; it never guesses a code
page that could turn letters into other letters ("mojibake") silently: a file that is neither valid UTF-8 nor
valid Windows-1252 is an error. :func:`describe` names what a file seems to be (an Excel workbook, an SPSS file, a
PDF, an HTML page ...) so that a file with the wrong extension gets a message a user can act on.

References: the byte-order marks and the UTF-8/UTF-16 encoding forms are those of The Unicode Standard 15.0, §3.10 and
§23.8; Windows-1252 is Microsoft's code page 1252 (Python's ``cp1252`` codec, which leaves 0x81, 0x8D, 0x8F, 0x90
and 0x9D undefined).
"""
from __future__ import annotations

import codecs
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass

from .errors import SurveysemError

#: byte-order marks, longest first (the UTF-32 LE mark starts with the UTF-16 LE mark)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8 with byte-order mark"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)

#: leading bytes of formats a survey file is often confused with; a text file cannot start with any of them
_SIGNATURES = (
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole2",
     "an old-style Excel workbook (.xls, Excel 97-2003), a password-protected Excel file or another Microsoft "
     "Office document"),
    (b"$FL2", "sav", "an SPSS data file (.sav)"),
    (b"$FL3", "zsav", "a compressed SPSS data file (.zsav)"),
    (b"%PDF", "binary", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "binary", "a PNG image"),
    (b"\xff\xd8\xff", "binary", "a JPEG image"),
    (b"GIF87a", "binary", "a GIF image"),
    (b"GIF89a", "binary", "a GIF image"),
    (b"\x1f\x8b", "binary", "a gzip-compressed file"),
    (b"7z\xbc\xaf\x27\x1c", "binary", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "binary", "a RAR archive"),
    (b"\xfd7zXZ\x00", "binary", "an xz-compressed file"),
    (b"PAR1", "binary", "a Parquet file"),
    (b"SQLite format 3\x00", "binary", "an SQLite database"),
    (b"\x7fELF", "binary", "a program (ELF executable)"),
    (b"{\\rtf", "binary", "an RTF document (rich text)"),
)

#: a well-formed UTF-8 multi-byte sequence (Unicode 15.0, table 3-7, without the overlong/surrogate edge cases)
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")

#: control characters a text file may hold without being called binary
_TEXT_CONTROLS = frozenset("\t\n\r\x0c\x1a")


@dataclass(frozen=True)
class FileKind:
    """What a file seems to be.

    ``kind`` is ``"text"``, ``"xlsx"`` (an Office Open XML workbook), ``"ole2"``, ``"sav"``, ``"zsav"``,
    ``"zip"`` or ``"binary"``; ``description`` names it for a message ("an SPSS data file (.sav)");
    for text, ``text`` and ``encoding`` hold the decoded content and the codec's name.
    """

    kind: str
    description: str
    text: str | None = None
    encoding: str | None = None


def describe(raw: bytes, where: str, error: type[SurveysemError] = SurveysemError, controls: bool = True) -> FileKind:
    """Classify the bytes of a file; decode them when they are text.

    Raises ``error`` (one line naming ``where``, the line and the byte) when the file is text in an encoding that
    is neither UTF-8, UTF-16/32 with a byte-order mark, nor Windows-1252.
    """
    for magic, kind, text in _SIGNATURES:
        if raw.startswith(magic):
            return FileKind(kind, text)
    if raw.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _describe_zip(raw)
    try:
        text, encoding = decode_text(raw, where, error, controls)
    except _Binary as exc:
        return FileKind("binary", exc.description)
    return FileKind("text", describe_text(text), text, encoding)


def decode_text(raw: bytes, where: str, error: type[SurveysemError] = SurveysemError,
                controls: bool = True) -> tuple[str, str]:
    """Decode a text file: byte-order mark → its UTF; else UTF-8; else UTF-16 without mark; else Windows-1252.

    Returns ``(text, encoding)`` with the byte-order mark removed. Line ends are left as they are. A text holding NUL
    is binary; so is one where more than 1 % of the characters are other control characters, unless ``controls`` is
    false (model files: their parser names each control character with its line).

    Raises
    ------
    _Binary
        (internal) when the bytes are not text; :func:`read_text` turns it into ``error``.
    error
        Text that is valid in none of these encodings, naming the line and the first offending byte.
    """
    for bom, codec, name in _BOMS:
        if raw.startswith(bom):
            try:
                text = raw[len(bom):].decode(codec)
            except UnicodeDecodeError as exc:
                pos = exc.start + len(bom)
                raise error(f"the file starts with a {name} byte-order mark but byte {pos} is not valid {name}",
                            where=f"{where}, line {_line_of(raw, pos)}",
                            fix="Save the file again as UTF-8 (e.g. Excel: Save As > CSV UTF-8)") from None
            _check_controls(text, controls)
            return text, name
    if b"\x00" in raw:
        utf16 = _utf16_without_bom(raw)
        if utf16 is None:
            raise _Binary("a binary file (it contains NUL bytes), not text")
        _check_controls(utf16, controls)
        return utf16, "UTF-16 (no byte-order mark)"
    try:
        text = raw.decode("utf-8")
        encoding = "UTF-8"
    except UnicodeDecodeError as utf8_error:
        pos = utf8_error.start
        if utf8_error.end == len(raw) and "unexpected end" in utf8_error.reason:
            raise error("the file ends in the middle of a UTF-8 character, so it seems to be cut off",
                        where=f"{where}, line {_line_of(raw, pos)}",
                        fix="Export or copy the complete file again") from None
        mixed = _UTF8_SEQUENCE.search(raw)
        if mixed is not None:
            raise error(
                f"the file mixes UTF-8 text (line {_line_of(raw, mixed.start())}) with another encoding (byte "
                f"0x{raw[pos]:02x} at byte {pos}), so some letters cannot be read correctly",
                where=f"{where}, line {_line_of(raw, pos)}",
                fix="Save the whole file again as UTF-8 (e.g. Excel: Save As > CSV UTF-8)") from None
        try:
            text = raw.decode("cp1252")
            encoding = "Windows-1252"
        except UnicodeDecodeError as exc:
            raise error(
                f"the file is neither UTF-8 nor Windows-1252 text (byte 0x{raw[pos]:02x} at byte {pos}; byte "
                f"0x{raw[exc.start]:02x} is undefined in Windows-1252)",
                where=f"{where}, line {_line_of(raw, pos)}",
                fix="Save the file as UTF-8 (e.g. Excel: Save As > CSV UTF-8; a text editor: Save with Encoding > "
                    "UTF-8)") from None
    _check_controls(text, controls)
    return text, encoding


def read_text(path, where: str | None = None, error: type[SurveysemError] = SurveysemError,
              what: str = "file", controls: bool = False) -> tuple[str, str]:
    """Read a text file in any encoding :func:`decode_text` accepts; one-line ``error`` for anything else.

    ``what`` names the file's role in messages ("model file"). Control characters other than NUL are left to the
    caller unless ``controls`` (see :func:`decode_text`).
    """
    from pathlib import Path

    path = Path(path)
    where = where or str(path)
    if not path.exists():
        raise error(f"{what} {str(path)!r} does not exist")
    if path.is_dir():
        raise error(f"{what} {str(path)!r} is a folder, not a file")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise error(f"cannot read the {what} ({exc.strerror or exc})", where=where) from None
    kind = describe(raw, where, error, controls)
    if kind.kind != "text":
        raise error(f"the {what} is not text: it seems to be {kind.description}", where=where,
                    fix="Give a plain-text file (UTF-8)")
    assert kind.text is not None and kind.encoding is not None  # describe() sets both for kind "text"
    return kind.text, kind.encoding


def describe_text(text: str) -> str:
    """Name a decoded text by its first characters: an HTML page, XML, JSON or (delimited) plain text."""
    head = text.lstrip()[:2000].lower()
    if head.startswith(("<!doctype html", "<html")) or "<table" in head[:500] or "<html" in head[:500]:
        return "an HTML page (web exports saved with an .xls name often are)"
    if head.startswith("<?xml") and "urn:schemas-microsoft-com:office:spreadsheet" in head:
        return "an Excel 2003 XML spreadsheet"
    if head.startswith("<"):
        return "an XML or HTML file"
    if head.startswith(("{", "[")):
        return "a JSON file"
    first = head.split("\n", 1)[0]
    for delim, name in ((";", "semicolon"), ("\t", "tab"), (",", "comma"), ("|", "pipe")):
        if first.count(delim) >= 1:
            return f"{name}-separated text (a CSV file)"
    return "plain text"


def _describe_zip(raw: bytes) -> FileKind:
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as z:
            names = set(z.namelist())
            mimetype = z.read("mimetype").decode("ascii", "replace").strip() if "mimetype" in names else ""
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, RuntimeError, NotImplementedError):
        return FileKind("zip", "a damaged ZIP archive (a damaged .xlsx workbook?)")
    if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
        if "xl/workbook.bin" in names and "xl/workbook.xml" not in names:
            return FileKind("zip", "an Excel binary workbook (.xlsb)")
        return FileKind("xlsx", "an Excel workbook (.xlsx)")
    if "word/document.xml" in names:
        return FileKind("zip", "a Word document (.docx)")
    if any(n.startswith("ppt/") for n in names):
        return FileKind("zip", "a PowerPoint presentation (.pptx)")
    if "spreadsheet" in mimetype:
        return FileKind("zip", "an OpenDocument spreadsheet (.ods)")
    if mimetype:
        return FileKind("zip", f"an OpenDocument file ({mimetype})")
    return FileKind("zip", "a ZIP archive")


class _Binary(Exception):
    def __init__(self, description: str):
        super().__init__(description)
        self.description = description


def _utf16_without_bom(raw: bytes) -> str | None:
    """UTF-16 text saved without a byte-order mark: NUL in every other byte of mostly-ASCII text."""
    if len(raw) < 4 or len(raw) % 2:
        return None
    even, odd = raw[0::2], raw[1::2]
    n = len(odd)
    for zeros, codec in ((odd.count(0), "utf-16-le"), (even.count(0), "utf-16-be")):
        if zeros >= 0.9 * n:
            try:
                text = raw.decode(codec)
            except UnicodeDecodeError:
                return None
            return None if "\x00" in text else text
    return None


def _check_controls(text: str, controls: bool = True) -> None:
    """Call a decoded file binary when NUL or (``controls``) many other control characters make it unreadable."""
    if "\x00" in text:
        raise _Binary("a binary file (it contains NUL characters), not text")
    if not controls:
        return
    n = sum(1 for ch in text if ch < " " and ch not in _TEXT_CONTROLS)
    n += sum(1 for ch in text if "\x7f" <= ch <= "\x9f")
    if n > 8 and n > 0.01 * len(text):
        raise _Binary(f"a binary file ({n} control characters in {len(text)}), not text")


def _line_of(raw: bytes, pos: int) -> int:
    return raw.count(b"\n", 0, pos) + 1


def control_character(text: str) -> tuple[int, str] | None:
    """Position and name of the first control, format or line/paragraph-separator character (tab excepted).

    Used where such characters must not appear (model statements): ``(index, "U+000C FORM FEED")``.
    """
    for i, ch in enumerate(text):
        if ch == "\t":
            continue
        cat = unicodedata.category(ch)
        if cat in ("Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"):
            return i, f"U+{ord(ch):04X} {_char_name(ch)}"
    return None


_CONTROL_NAMES = {
    "\x0b": "VERTICAL TAB", "\x0c": "FORM FEED", "\x1c": "FILE SEPARATOR", "\x1d": "GROUP SEPARATOR",
    "\x1e": "RECORD SEPARATOR", "\x1f": "UNIT SEPARATOR", "\x85": "NEXT LINE", "\x00": "NUL", "\x1a": "SUBSTITUTE",
    "\x7f": "DELETE", "\x08": "BACKSPACE", "\x1b": "ESCAPE",
}


def _char_name(ch: str) -> str:
    return _CONTROL_NAMES.get(ch, "") or unicodedata.name(ch, "control character")
