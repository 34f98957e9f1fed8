"""Checks on an uploaded zip-based office file (.docx, .xlsx) before a library unpacks it.

A .docx or .xlsx is a zip archive of XML parts. A small upload can expand enormously (a
"decompression bomb": 1 MB on disk, gigabytes of XML), and whatever reads it then spends
memory and time in proportion to the unpacked size. :func:`open_checked` refuses such a file in
two steps:

1. From the archive's central directory alone, before anything is unpacked (:func:`check`):
   more members than ``max_members``; a member larger than ``ratio_floor`` that expands more
   than ``max_ratio`` times its packed size (ordinary Word and Excel parts expand 5-80 times,
   bombs hundreds or thousands of times); declared sizes adding up to more than ``max_bytes``.
2. Then each member is unpacked in 64 KB pieces that are counted and dropped
   (:func:`verify`), refusing one that would unpack to more than its directory entry declares
   (a directory can lie: Python's :mod:`zipfile` stops returning data at the declared size, but
   ``ZipFile.read`` unpacks everything that is there before cutting it, and python-docx and
   openpyxl read parts that way), that is damaged, encrypted or packed with a method Office does
   not use. Unpacking is capped at the declared sizes, which step 1 bounded, so this costs at most
   one pass over ``max_bytes``.

:func:`open_capped` reads one member as a stream that refuses to go past a cap of its own, for
readers that stream a part (the law-text engine's .docx reader).

Django-free: plain data in, :class:`ZipRefused` out; callers turn it into their own messages.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from dataclasses import dataclass
from typing import IO

__all__ = ["ZipLimits", "ZipRefused", "check", "open_capped", "open_checked", "verify"]


@dataclass(frozen=True)
class ZipLimits:
    """Limits on one archive; the defaults are generous for real documents and workbooks."""

    max_members: int = 1000
    max_bytes: int = 50 * 1024 * 1024  # all members, unpacked
    max_ratio: int = 200
    ratio_floor: int = 1024 * 1024  # smaller members may compress as well as they like


class ZipRefused(ValueError):
    """The archive breaks a limit, or cannot be read safely.

    ``what`` is ``"members"``, ``"bytes"`` (unpacked size), ``"ratio"`` or ``"unreadable"``
    (not a zip archive; a damaged, encrypted or oddly packed member; a member that unpacks to
    more than it declares); ``limit`` and ``found`` are the numbers compared and ``member``
    names the part concerned, where there is one."""

    def __init__(self, what: str, *, limit: int = 0, found: int = 0, member: str = "") -> None:
        self.what, self.limit, self.found, self.member = what, limit, found, member
        super().__init__(f"{what}: {found} > {limit}" + (f" ({member})" if member else ""))


def check(archive: zipfile.ZipFile, limits: ZipLimits) -> None:
    """Refuse ``archive`` if its directory breaks ``limits``; nothing is unpacked."""
    members = archive.infolist()
    if len(members) > limits.max_members:
        raise ZipRefused("members", limit=limits.max_members, found=len(members))
    for info in members:
        if info.file_size > limits.ratio_floor:
            ratio = info.file_size // max(info.compress_size, 1)
            if ratio > limits.max_ratio:
                raise ZipRefused("ratio", limit=limits.max_ratio, found=ratio, member=info.filename)
    total = sum(info.file_size for info in members)
    if total > limits.max_bytes:
        raise ZipRefused("bytes", limit=limits.max_bytes, found=total)


_CHUNK = 64 * 1024
_LOCAL_HEADER = struct.Struct("<4s5H3I2H")


def _verify_member(source: IO[bytes], info: zipfile.ZipInfo) -> None:
    name = info.filename
    if info.flag_bits & 0x1 or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise ZipRefused("unreadable", member=name)  # encrypted, or packed as Office never packs
    source.seek(info.header_offset)
    header = source.read(_LOCAL_HEADER.size)
    if len(header) != _LOCAL_HEADER.size or header[:4] != b"PK\x03\x04":
        raise ZipRefused("unreadable", member=name)
    fields = _LOCAL_HEADER.unpack(header)
    source.seek(info.header_offset + _LOCAL_HEADER.size + fields[-2] + fields[-1])
    if info.compress_type == zipfile.ZIP_STORED:
        if info.compress_size != info.file_size:
            raise ZipRefused("unreadable", member=name)
        return  # zipfile reads a stored member in pieces bounded by its size
    inflater, left, pending, out, crc = zlib.decompressobj(-15), info.compress_size, b"", 0, 0
    while True:
        if not pending:
            if left <= 0:
                break
            pending = source.read(min(_CHUNK, left))
            left -= len(pending)
            if not pending:
                break
        piece = inflater.decompress(pending, _CHUNK)
        pending = inflater.unconsumed_tail
        out += len(piece)
        if out > info.file_size:  # more than the directory declares: a lie, whatever its CRC
            raise ZipRefused("unreadable", limit=info.file_size, found=out, member=name)
        crc = zlib.crc32(piece, crc)
        if inflater.eof:
            break
    if not inflater.eof or out != info.file_size or crc != info.CRC:
        raise ZipRefused("unreadable", member=name)


def verify(archive: zipfile.ZipFile, source: IO[bytes]) -> None:
    """Unpack every member of ``archive`` (read from ``source``) in 64 KB pieces that are
    counted and dropped; refuse one that unpacks to more than its declared size, is damaged,
    encrypted, or packed with a method other than deflate."""
    try:
        for info in archive.infolist():
            _verify_member(source, info)
    except (zlib.error, OSError, ValueError, struct.error) as exc:
        if isinstance(exc, ZipRefused):
            raise
        raise ZipRefused("unreadable") from exc


def open_checked(data: bytes | IO[bytes], limits: ZipLimits) -> zipfile.ZipFile:
    """The archive in ``data`` (bytes or a seekable binary file), checked with :func:`check`
    and then :func:`verify`. Raises :class:`ZipRefused`."""
    source = io.BytesIO(data) if isinstance(data, bytes | bytearray) else data
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise ZipRefused("unreadable") from exc
    try:
        check(archive, limits)
        verify(archive, source)
    except ZipRefused:
        archive.close()
        raise
    return archive


class _CappedReader(io.RawIOBase):
    """A member's decompressed bytes, refusing to deliver more than ``cap`` of them."""

    def __init__(self, stream: IO[bytes], cap: int, name: str) -> None:
        self._stream, self._cap, self._name, self._read = stream, cap, name, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        want = min(len(buffer), self._cap - self._read + 1)
        chunk = self._stream.read(want)
        self._read += len(chunk)
        if self._read > self._cap:
            raise ZipRefused("bytes", limit=self._cap, found=self._read, member=self._name)
        buffer[: len(chunk)] = chunk
        return len(chunk)

    def close(self) -> None:
        self._stream.close()
        super().close()


def open_capped(archive: zipfile.ZipFile, name: str, cap: int) -> IO[bytes]:
    """Stream member ``name``; reading past ``cap`` decompressed bytes raises :class:`ZipRefused`
    (``what="bytes"``). Raises :class:`KeyError` when there is no such member."""
    return io.BufferedReader(_CappedReader(archive.open(name), cap, name), buffer_size=64 * 1024)
