"""The one reading layer: every command reads the package's files through `PackageFiles`.

`validate`, `load`, `records`, `cite`, `export`, `diff`, `hash`, `release`, `build`
and the docs hooks all open files here, so one set of rules protects them all:

- a path is judged as a string first (URLs, absolute paths, `..`, `~`, `$X` are
  refused unopened), then resolved: nothing outside the package, symlinks included;
- only regular files are read: a directory, a named pipe, a device or a socket is
  refused without blocking (opened with `O_NONBLOCK`, checked with `fstat`);
- the size limit is checked before reading and again while reading;
- each file is read once per `PackageFiles` and its sha256 is computed as it is read;
- a zip bundle is read the same way, member by member, never unpacked to disk: the
  member count, name lengths and the bytes *actually* inflated are limited, and
  duplicate, conflicting, encrypted, linked or oddly compressed members are refused.

A refusal is a `FileRefusedError` naming the path and the reason in one line; the
validator turns it into a problem (`unsafe-path`, `file-missing`, `file-too-large`),
the other commands into that one line and exit 2. JSON is parsed strictly by
`parse_json`: no NaN or Infinity, no duplicate keys, bounded depth, no lone surrogates.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from shangdang_data._files import DESCRIPTOR_NAME, unsafe_path_reason
from shangdang_data.problems import BundleError, FileRefusedError, JsonError, PackageNotFoundError, Refusal

#: Files larger than this are refused before they are read (a setting, not metadata).
MAX_BYTES = 50 * 1024 * 1024
#: JSON nested deeper than this is refused before it is parsed (the descriptor needs 5 levels).
MAX_JSON_DEPTH = 64
#: Limits for a zip bundle: members, bytes inflated in all, length of a member's name.
MAX_ZIP_MEMBERS = 10_000
MAX_ZIP_BYTES = 500 * 1024 * 1024
MAX_MEMBER_NAME = 255
_CHUNK = 1 << 20
_ZIP_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA}


@dataclass(frozen=True, slots=True)
class FileData:
    """A file's bytes as read, with their size and sha256 (computed while reading)."""

    path: str
    content: bytes
    sha256: str
    #: The number of bytes read (kept when the content is released).
    size: int

    def released(self) -> FileData:
        """The same record without its bytes: size and sha256 only (for a large table once it is parsed)."""
        return FileData(self.path, b"", self.sha256, self.size)


class _Reader:
    """Reads a file in chunks, hashing as it goes, refusing it once it passes the limit."""

    def __init__(self, path: str, limit: int) -> None:
        self.path, self.limit = path, limit
        self.digest = hashlib.sha256()
        self.parts: list[bytes] = []
        self.size = 0

    def feed(self, chunk: bytes) -> None:
        self.size += len(chunk)
        if self.size > self.limit:
            raise FileRefusedError(self.path, Refusal.TOO_LARGE, too_large(self.limit, more=True))
        self.digest.update(chunk)
        self.parts.append(chunk)

    def result(self) -> FileData:
        return FileData(self.path, b"".join(self.parts), self.digest.hexdigest(), self.size)


def too_large(limit: int, size: int | None = None, *, more: bool = False) -> str:
    """The message for a file over the size limit."""
    found = f"is more than {limit:,} bytes" if more or size is None else f"is {size:,} bytes"
    return (
        f"{found}, over the {limit:,}-byte limit, so it was not read: split the table, "
        "or raise the limit (`--max-bytes`) if the size is intended"
    )


_KINDS = {
    stat.S_IFDIR: "a folder",
    stat.S_IFIFO: "a named pipe",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
    stat.S_IFLNK: "a symbolic link",
}


def _not_regular(path: str, mode: int) -> FileRefusedError:
    kind = _KINDS.get(stat.S_IFMT(mode), "not a regular file")
    return FileRefusedError(path, Refusal.NOT_A_FILE, f"is {kind}, not a regular file: it was not read")


@dataclass
class PackageFiles:
    """Safe, cached read access to the files of one package: a folder, or a zip bundle (`ZipFiles`).

    Paths are written as in the descriptor (`data/indicators.csv`), relative to the
    folder that holds `datapackage.json`.
    """

    #: The folder holding the descriptor.
    root: Path
    #: The descriptor's file name (`datapackage.json`, or another name given explicitly).
    descriptor_name: str = DESCRIPTOR_NAME
    max_bytes: int = MAX_BYTES
    _cache: dict[str, FileData] = field(default_factory=dict, repr=False)

    @property
    def location(self) -> str:
        """Where the package is, for messages."""
        return str(self.root)

    def fresh(self) -> PackageFiles:
        """The same package with nothing read yet (for a long-lived caller that wants today's bytes)."""
        return PackageFiles(self.root, self.descriptor_name, self.max_bytes)

    def read(self, path: str) -> FileData:
        """The file at `path`, read once; `FileRefusedError` if it may not or cannot be read."""
        if path not in self._cache:
            self._cache[path] = self._read(path)
        return self._cache[path]

    def forget(self, path: str) -> None:
        """Drop a file's bytes from the cache (a large table, once parsed)."""
        self._cache.pop(path, None)

    def exists(self, path: str) -> bool:
        """True if `path` is a file that could be read (used for optional files: LICENSE, CHANGELOG.md)."""
        try:
            self._locate(path)
        except FileRefusedError:
            return False
        return True

    def writable(self, path: str) -> Path:
        """Where to write `path`: refused like a read if it is unsafe, leads outside, or is not a regular file."""
        try:
            return Path(self._locate(path))
        except FileRefusedError as error:
            if error.refusal is not Refusal.MISSING:
                raise
            return Path(os.path.realpath(os.path.join(os.path.realpath(self.root), path)))

    def _locate(self, path: str) -> str:
        """The real path of `path`, if it is a safe relative path that stays inside the package."""
        reason = unsafe_path_reason(path)
        if reason is not None:
            raise FileRefusedError(str(path), Refusal.UNSAFE_PATH, reason)
        root = os.path.realpath(self.root)
        real = os.path.realpath(os.path.join(root, path))
        if os.path.commonpath([root, real]) != root:
            message = "leads outside the package (a link?): copy the file into the package instead"
            raise FileRefusedError(path, Refusal.UNSAFE_PATH, message)
        try:
            mode = os.stat(real).st_mode
        except FileNotFoundError:
            raise FileRefusedError(path, Refusal.MISSING, "does not exist") from None
        except OSError as error:
            raise FileRefusedError(path, Refusal.UNREADABLE, _os_reason(error)) from None
        if not stat.S_ISREG(mode):
            raise _not_regular(path, mode)
        return real

    def _read(self, path: str) -> FileData:
        real = self._locate(path)
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
        try:
            descriptor = os.open(real, flags)
        except FileNotFoundError:
            raise FileRefusedError(path, Refusal.MISSING, "does not exist") from None
        except OSError as error:
            raise FileRefusedError(path, Refusal.UNREADABLE, _os_reason(error)) from None
        try:
            info = os.fstat(descriptor)
            if not stat.S_ISREG(info.st_mode):  # replaced between the stat and the open
                raise _not_regular(path, info.st_mode)
            if info.st_size > self.max_bytes:
                raise FileRefusedError(path, Refusal.TOO_LARGE, too_large(self.max_bytes, info.st_size))
            reader = _Reader(path, self.max_bytes)
            while chunk := os.read(descriptor, _CHUNK):
                reader.feed(chunk)
            return reader.result()
        except OSError as error:
            raise FileRefusedError(path, Refusal.UNREADABLE, _os_reason(error)) from None
        finally:
            os.close(descriptor)


def _os_reason(error: OSError) -> str:
    return f"cannot be read ({error.strerror or error}): check its permissions"


@dataclass
class ZipFiles(PackageFiles):
    """The files of a package inside a zip bundle, read member by member with limits, never unpacked."""

    archive: Path = Path()
    #: The folder inside the zip that holds the descriptor ("" or `shangdang-data-0.1.0/`).
    prefix: str = ""
    _members: dict[str, zipfile.ZipInfo] = field(default_factory=dict, repr=False)
    _inflated: int = 0

    @property
    def location(self) -> str:
        """The zip, and the folder in it, for messages."""
        return f"{self.archive}!/{self.prefix}" if self.prefix else str(self.archive)

    def writable(self, path: str) -> Path:
        """Nothing inside a zip bundle can be written: `ShangdangError`."""
        from shangdang_data.problems import ShangdangError

        raise ShangdangError(f"{self.location}: a package inside a zip cannot be written to; unpack it first")

    def fresh(self) -> ZipFiles:
        """The same bundle with nothing read yet."""
        return ZipFiles(self.root, self.descriptor_name, self.max_bytes, archive=self.archive, prefix=self.prefix)

    def _locate(self, path: str) -> str:
        reason = unsafe_path_reason(path)
        if reason is not None:
            raise FileRefusedError(str(path), Refusal.UNSAFE_PATH, reason)
        name = str(PurePosixPath(self.prefix, path)) if self.prefix else str(PurePosixPath(path))
        members = self._members or _index(self.archive)
        self._members = members
        if name not in members:
            if any(other.startswith(name + "/") for other in members):
                raise FileRefusedError(path, Refusal.NOT_A_FILE, "is a folder in the zip, not a file")
            raise FileRefusedError(path, Refusal.MISSING, f"is not in the zip bundle {self.archive.name}")
        return name

    def _read(self, path: str) -> FileData:
        name = self._locate(path)
        member = self._members[name]
        if member.file_size > self.max_bytes:
            raise FileRefusedError(path, Refusal.TOO_LARGE, too_large(self.max_bytes, member.file_size))
        limit = min(self.max_bytes, MAX_ZIP_BYTES - self._inflated)
        reader = _Reader(path, limit)
        try:
            with zipfile.ZipFile(self.archive) as bundle, bundle.open(member) as stream:
                while chunk := stream.read(_CHUNK):
                    reader.feed(chunk)
        except FileRefusedError:
            raise
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError) as error:
            detail = " ".join(str(error).split())[:120] or type(error).__name__
            raise FileRefusedError(path, Refusal.UNREADABLE, f"cannot be read from the zip ({detail})") from None
        self._inflated += reader.size
        return reader.result()


def _bad_zip(archive: Path, detail: str) -> BundleError:
    return BundleError(f"{archive}: {detail}; refused")


def _index(archive: Path) -> dict[str, zipfile.ZipInfo]:
    """The zip's file members by name, after refusing everything a safe reader should not follow."""
    try:
        with zipfile.ZipFile(archive) as bundle:
            infos = bundle.infolist()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as error:
        raise _bad_zip(archive, f"not a readable zip bundle ({' '.join(str(error).split())[:120]})") from None
    if len(infos) > MAX_ZIP_MEMBERS:
        raise _bad_zip(archive, f"holds {len(infos):,} members, more than the {MAX_ZIP_MEMBERS:,} allowed")
    members: dict[str, zipfile.ZipInfo] = {}
    folders: set[str] = set()
    for info in infos:
        name = info.filename
        if len(name) > MAX_MEMBER_NAME:
            raise _bad_zip(archive, f"a member name is {len(name)} characters long, over {MAX_MEMBER_NAME}")
        if "\\" in name or "\x00" in name or name.startswith("/") or ":" in name or ".." in name.split("/"):
            raise _bad_zip(archive, f"unsafe member path {name!r}")
        if info.is_dir():
            folders.add(name.rstrip("/"))
            continue
        if name in members:
            raise _bad_zip(archive, f"two members are named {name!r}")
        if info.flag_bits & 0x1:
            raise _bad_zip(archive, f"member {name!r} is encrypted")
        if info.compress_type not in _ZIP_METHODS:
            raise _bad_zip(archive, f"member {name!r} uses compression method {info.compress_type}, not supported")
        if stat.S_ISLNK(info.external_attr >> 16):
            raise _bad_zip(archive, f"member {name!r} is a symbolic link")
        members[name] = info
    for name in members:
        parts = PurePosixPath(name).parents
        folders.update(str(p) for p in parts if str(p) != ".")
    clash = sorted(set(members) & folders)
    if clash:
        raise _bad_zip(archive, f"{clash[0]!r} is both a file and a folder")
    return members


def is_zip(location: str | Path) -> bool:
    """True if `location` is a regular file that starts like a zip (checked without following a pipe)."""
    path = Path(location)
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return False
        with path.open("rb") as stream:
            return stream.read(4) in (b"PK\x03\x04", b"PK\x05\x06")
    except OSError:
        return False


def open_package(location: str | Path | None) -> PackageFiles:
    """The files of the package at `location`: a folder, its `datapackage.json`, or a zip bundle.

    None means the package shipped with shangdang-data. In a zip, the shallowest
    `datapackage.json` is the descriptor.
    """
    from shangdang_data._files import descriptor_path

    if location is not None and is_zip(location):
        archive = Path(location)
        members = _index(archive)
        found = sorted(
            (name for name in members if PurePosixPath(name).name == DESCRIPTOR_NAME),
            key=lambda name: (name.count("/"), name),
        )
        if not found:
            raise PackageNotFoundError(f"{archive}: the bundle holds no {DESCRIPTOR_NAME}")
        prefix = str(PurePosixPath(found[0]).parent)
        files = ZipFiles(archive.parent.absolute(), archive=archive, prefix="" if prefix == "." else prefix)
        files._members = members
        return files
    path = descriptor_path(location)
    return PackageFiles(path.parent.absolute(), path.name)


# --- strict JSON ---------------------------------------------------------------------------------------------------

_STRINGS = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKETS = re.compile(r"[\[\]{}]")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _line_column(text: str, position: int) -> tuple[int, int]:
    line = text.count("\n", 0, position) + 1
    return line, position - (text.rfind("\n", 0, position) + 1) + 1


def _depth_error(text: str, limit: int) -> JsonError | None:
    """A `JsonError` at the first bracket nested deeper than `limit`, found without recursion."""
    bare = _STRINGS.sub(lambda m: " " * len(m.group()), text)
    depth = 0
    for match in _BRACKETS.finditer(bare):
        depth += 1 if match.group() in "[{" else -1
        if depth > limit:
            line, column = _line_column(text, match.start())
            return JsonError(f"nested more than {limit} levels deep at line {line}, column {column}", line, column)
    return None


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise ValueError(f"the key {key!r} appears twice in one object")
        found[key] = value
    return found


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number (JSON has no NaN or Infinity)")


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def parse_json(text: str, *, max_depth: int = MAX_JSON_DEPTH) -> Any:
    """Parse JSON strictly; `JsonError` (with line and column where known) for anything a lenient parser lets by.

    Refused: invalid JSON, nesting deeper than `max_depth`, `NaN`/`Infinity`, a key
    repeated in one object (`json` would keep the last silently), and `\\ud800`-style
    escapes that leave a lone surrogate (text no UTF-8 file can hold).
    """
    problem = _depth_error(text, max_depth)
    if problem is not None:
        raise problem
    try:
        value = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constant)
    except json.JSONDecodeError as error:
        raise JsonError(
            f"not valid JSON: {error.msg} at line {error.lineno}, column {error.colno} "
            "(a missing comma, quote or bracket near there, or one too many)",
            error.lineno,
            error.colno,
        ) from None
    except ValueError as error:  # raised by the hooks above
        raise JsonError(f"not strict JSON: {error}", None, None) from None
    if _SURROGATE_ESCAPE.search(text):
        for string in _strings(value):
            try:
                string.encode("utf-8")
            except UnicodeEncodeError:
                raise JsonError(
                    f"not strict JSON: the text {string[:30]!r} holds a lone surrogate escape (\\ud800-\\udfff), "
                    "which no UTF-8 file can hold",
                    None,
                    None,
                ) from None
    return value
