"""Byte checks, run before any parser sees a file.

Files are read through the reading layer (`shangdang_data.reading`), the same one
every command uses: it refuses unsafe paths unopened, links outside the package,
anything that is not a regular file, and files over the size limit, before
reading them. Its refusals become problems here; then the bytes are checked:
empty, UTF-16, NUL, UTF-8 BOM and UTF-8 itself. Only files that pass reach the
JSON and CSV parsers.
"""

from __future__ import annotations

import re
from collections.abc import Generator

from shangdang_data.checks import CheckContext, shorten
from shangdang_data.problems import FileRefusedError, Problem, Refusal, Rule
from shangdang_data.reading import FileData

UTF8_BOM = b"\xef\xbb\xbf"
NUL = b"\x00"
#: CSV files larger than this have their UTF-8 checked by polars while it parses them (multi-threaded),
#: not by a separate Python decode; the problem reported is the same.
UTF8_IN_PARSER = 8 * 1024 * 1024
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")

RESAVE_AS_UTF8 = (
    "re-save it as UTF-8: in WPS or LibreOffice choose the encoding UTF-8 when saving as CSV; in Excel use "
    "File > Save As > 'CSV UTF-8 (Comma delimited)' and then remove the byte-order mark it adds; "
    "or run `iconv -f GB18030 -t UTF-8 OLD.csv > NEW.csv`"
)
REMOVE_BOM = (
    "save it as 'UTF-8' rather than 'UTF-8 with BOM' (VS Code: the encoding in the status bar; Notepad++: "
    "Encoding > UTF-8), or delete the first three bytes"
)


def line_of(data: bytes, offset: int) -> int:
    """The 1-based line of byte `offset`."""
    return data.count(b"\n", 0, offset) + 1


def refusal_problem(ctx: CheckContext, refused: FileRefusedError, what: str, missing: tuple[Rule, str]) -> Problem:
    """The problem for a file the reading layer refused: `unsafe-path` (located in the descriptor),
    `file-too-large`, or the caller's rule for a missing or unreadable file."""
    path = refused.path
    if refused.refusal is Refusal.UNSAFE_PATH:
        message = f"{what}: path {shorten(repr(path))} {refused.reason}. It was not opened."
        return Problem(Rule.UNSAFE_PATH, ctx.descriptor_file, ctx.descriptor_line(path), None, message)
    if refused.refusal is Refusal.TOO_LARGE:
        return Problem(Rule.FILE_TOO_LARGE, path, None, None, refused.reason)
    rule, message = missing
    return Problem(rule, path, None, None, message if refused.refusal is Refusal.MISSING else refused.reason)


def read_file(
    ctx: CheckContext, path: str, what: str, missing: tuple[Rule, str]
) -> Generator[Problem, None, FileData | None]:
    """The file at `path` through the reading layer, or None after the problem that says why not."""
    try:
        data = ctx.files.read(path)
    except FileRefusedError as refused:
        yield refusal_problem(ctx, refused, what, missing)
        return None
    ctx.data[path] = data
    return data


def check_file(ctx: CheckContext, path: str, what: str, *, csv: bool = False) -> Generator[Problem, None, bytes | None]:
    """Check one file the descriptor names, from its path to its bytes; return its content if usable.

    The content is returned without its BOM; the file as read, BOM included, is kept in
    `ctx.data[path]`. A `csv` file over `UTF8_IN_PARSER` bytes has its UTF-8 checked by
    the CSV parser, which reads it anyway (see `check_utf8`).
    """
    data = yield from read_file(
        ctx, path, what, (Rule.FILE_MISSING, f"file not found ({what}): add it or fix the path")
    )
    if data is None:
        return None
    return (yield from check_bytes(path, data.content, utf8=not (csv and data.size > UTF8_IN_PARSER)))


def check_bytes(file: str, data: bytes, *, utf8: bool = True) -> Generator[Problem, None, bytes | None]:
    """Empty, UTF-16, NUL, BOM and (unless `utf8` is False) UTF-8 checks; return the content without BOM or None."""
    if not data or data.isspace():
        what = "empty (0 bytes)" if not data else "blank (only spaces or empty lines)"
        yield Problem(Rule.EMPTY_FILE, file, None, None, f"the file is {what}: restore its content")
        return None
    if data.startswith(UTF16_BOMS):
        yield Problem(
            Rule.ENCODING,
            file,
            None,
            None,
            "the file is UTF-16 (Excel's 'Unicode Text'), not UTF-8: " + RESAVE_AS_UTF8.replace("GB18030", "UTF-16"),
        )
        return None
    nul = data.find(NUL)
    if nul >= 0:
        yield Problem(
            Rule.NUL_BYTE,
            file,
            line_of(data, nul),
            None,
            f"the file contains {data.count(NUL)} NUL byte(s), first on line {line_of(data, nul)}: "
            "it is binary or damaged; restore it from version control and redo the edit in a text editor",
        )
        return None
    content = data
    if data.startswith(UTF8_BOM):
        yield Problem(Rule.BOM, file, 1, None, f"the file starts with a UTF-8 byte-order mark: {REMOVE_BOM}")
        content = data[len(UTF8_BOM) :]
    if utf8:
        problem = check_utf8(file, content)
        if problem is not None:
            yield problem
            return None
    return content


def check_utf8(file: str, content: bytes) -> Problem | None:
    """An `encoding` problem at the first byte that is not UTF-8, or None if the content is UTF-8."""
    try:
        content.decode("utf-8")
    except UnicodeDecodeError as error:
        return Problem(Rule.ENCODING, file, line_of(content, error.start), None, describe_encoding(content, error))
    return None


def describe_encoding(data: bytes, error: UnicodeDecodeError) -> str:
    """Why `data` is not UTF-8, naming GB18030/GBK when it reads as Chinese in that encoding."""
    bad = data[error.start : error.start + 2].hex(" ").upper()
    found = f"byte(s) {bad} on line {line_of(data, error.start)} are not UTF-8"
    try:
        decoded = data.decode("gb18030")
    except UnicodeDecodeError:
        return f"the file is not UTF-8: {found}; re-save it as UTF-8"
    line = line_of(data, error.start)
    sample = decoded.split("\n")[line - 1] if _CJK.search(decoded) else ""
    if not sample:
        return f"the file is not UTF-8: {found}; re-save it as UTF-8"
    return (
        f"the file is not UTF-8: {found}; it reads as GB18030/GBK, the encoding Excel and WPS use on Chinese "
        f"Windows (line {line}: {shorten(sample.strip(), 30)!r}); {RESAVE_AS_UTF8}"
    )
