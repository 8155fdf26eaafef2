"""Uploaded files, read in memory: plain files, gzip, and zips of them, within the limits.

Nothing here opens a path: names only pick the format and appear in messages. Zips are
checked before anything is expanded (member count, declared sizes, names, nesting,
encryption, compression) and expanded bytes are counted while reading, because a zip's
declared sizes are whatever its author wrote. One budget covers the whole request: every
byte that unzipping or gunzipping produces counts against ``max_zip_expanded_bytes``.
"""

from __future__ import annotations

import io
import re
import stat
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from storyfuse.errors import InputError, LimitExceeded
from storyfuse.ingest import ReadConfig, is_folder_doc, read_bytes, unique_ids
from storyfuse.ingest.decode import describe_size, gunzip, is_gzip
from storyfuse.model import Article, ReadResult, Rejection
from storyfuse.web.config import WebConfig
from storyfuse.web.limits import check_count

_ZIP_MAGIC = b"PK\x03\x04"
_CHUNK = 65536
_DRIVE = re.compile(r"^[A-Za-z]:")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_SUPPORTED_COMPRESSION = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)


@dataclass(frozen=True, slots=True)
class Upload:
    """One uploaded file: the name the client gave and its bytes."""

    name: str
    data: bytes


@dataclass(slots=True)
class _Budget:
    """Expanded bytes left for this request (zip members and gunzipped files together)."""

    left: int
    limit: int
    rejected: list[Rejection] = field(default_factory=list)

    def spend(self, n: int, where: str) -> None:
        self.left -= n
        if self.left < 0:
            raise LimitExceeded(where, f"uploads expand to more than the {describe_size(self.limit)} limit")


def read_uploads(uploads: Sequence[Upload], config: WebConfig) -> ReadResult:
    """Articles from every upload; unusable files become rejections, limits raise.

    Raises :class:`LimitExceeded` (413) or :class:`InputError` (422) for a zip that must not be
    expanded at all, so that a bad archive is refused as a whole, with its reason.
    """
    budget = _Budget(config.max_zip_expanded_bytes, config.max_zip_expanded_bytes)
    files = [file for n, upload in enumerate(uploads, 1) for file in _expand(upload, n, config, budget)]
    names = [file.name for file in files]
    if len(set(names)) < len(names):
        files = [Upload(f"{n}/{file.name}", file.data) for n, file in enumerate(files, 1)]
    ids = unique_ids([file.name for file in files])
    articles: list[Article] = []
    rejected = list(budget.rejected)
    read_config = ReadConfig(max_bytes=config.max_request_bytes)
    for file in files:
        result = read_bytes(file.name, file.data, read_config, ids[file.name])
        articles += result.articles
        rejected += result.rejected
        check_count("articles", len(articles), config.max_articles, "uploads")
    return ReadResult(tuple(articles), tuple(rejected))


def safe_name(name: str, n: int) -> str:
    """The upload's base name without folders or control characters (``upload-N`` if none)."""
    base = PurePosixPath(_CONTROL.sub("", name).replace("\\", "/")).name.strip()
    return base if base not in ("", ".", "..") else f"upload-{n}"


def _expand(upload: Upload, n: int, config: WebConfig, budget: _Budget) -> Iterator[Upload]:
    name = safe_name(upload.name, n)
    if name.lower().endswith(".zip"):
        yield from _unzip(Upload(name, upload.data), config, budget)
    else:
        yield _gunzipped(Upload(name, upload.data), budget)


def _gunzipped(file: Upload, budget: _Budget) -> Upload:
    """Gunzip here, not in the reader, so the bytes count against the request's budget."""
    if not is_gzip(file.data):
        return file
    try:
        data = gunzip(file.data, file.name, max(budget.left, 0))
    except InputError as exc:
        if "limit" in exc.reason:
            raise LimitExceeded(file.name, f"expands to more than the {describe_size(budget.limit)} "
                                           f"limit for uploads") from None
        raise
    budget.spend(len(data), file.name)
    return Upload(file.name, data)


def _unzip(upload: Upload, config: WebConfig, budget: _Budget) -> Iterator[Upload]:
    if not upload.data.startswith(_ZIP_MAGIC):
        raise InputError(upload.name, "not a zip archive")
    try:
        archive = zipfile.ZipFile(io.BytesIO(upload.data))
    except (zipfile.BadZipFile, ValueError, EOFError) as exc:
        raise InputError(upload.name, f"unreadable zip archive ({exc})") from None
    with archive:
        members = archive.infolist()
        check_zip(upload.name, members, config, budget.left)
        for info in members:
            where = f"{upload.name}/{info.filename}"
            if info.is_dir() or _skipped(info.filename):
                continue
            if stat.S_ISLNK(info.external_attr >> 16):
                budget.rejected.append(Rejection(where, "symbolic link, not a file"))
                continue
            data = _read_member(archive, info, where, budget)
            if data.startswith(_ZIP_MAGIC):
                raise InputError(where, "zip inside a zip; upload the inner files instead")
            yield _gunzipped(Upload(where, data), budget)


def check_zip(name: str, members: Sequence[zipfile.ZipInfo], config: WebConfig, budget: int) -> None:
    """Refuse the archive before expanding anything: count, declared size, names, nesting."""
    check_count("zip members", len(members), config.max_zip_members, name)
    declared = sum(info.file_size for info in members)
    if declared > budget:
        raise LimitExceeded(name, f"declares {describe_size(declared)} uncompressed, over the "
                                  f"{describe_size(config.max_zip_expanded_bytes)} limit for uploads")
    for info in members:
        where = f"{name}/{info.filename}"
        reason = unsafe_member_name(info.filename)
        if reason:
            raise InputError(name, f"member {info.filename!r}: {reason}")
        if info.filename.lower().endswith(".zip"):
            raise InputError(where, "zip inside a zip; upload the inner files instead")
        if info.flag_bits & 0x1:
            raise InputError(where, "encrypted zip member")
        if info.compress_type not in _SUPPORTED_COMPRESSION:
            raise InputError(where, "unsupported zip compression (only stored and deflated)")


def unsafe_member_name(name: str) -> str | None:
    """Why a member name could escape a folder if extracted (we never extract; we still refuse)."""
    if name.startswith(("/", "\\")) or _DRIVE.match(name):
        return "absolute path"
    if ".." in re.split(r"[/\\]", name):
        return "'..' in path"
    if _CONTROL.search(name):
        return "control character in name"
    return None


def _skipped(name: str) -> bool:
    """What a folder walk skips too: hidden files, macOS metadata, the folder's own README etc."""
    parts = PurePosixPath(name).parts
    if any(part.startswith(".") or part == "__MACOSX" for part in parts):
        return True
    return is_folder_doc(parts[-1])


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, where: str, budget: _Budget) -> bytes:
    """The member's bytes, counted chunk by chunk against the budget (not its declared size)."""
    out = bytearray()
    try:
        with archive.open(info) as member:
            while chunk := member.read(_CHUNK):
                budget.spend(len(chunk), where)
                out += chunk
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError, ValueError) as exc:
        raise InputError(where, f"corrupt zip member ({exc})") from None
    return bytes(out)
