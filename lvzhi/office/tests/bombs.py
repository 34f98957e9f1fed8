"""Zip-based office files for tests: real ones, and bombs that are small on disk and huge
unpacked, built without ever holding (or compressing) the unpacked bytes: a part is one
compressed copy of a unit, repeated (deflate blocks ended with a full flush can be chained)."""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import docx
import openpyxl


@dataclass(frozen=True)
class Deflated:
    """A zip member's raw deflate data with its CRC-32 and unpacked size."""

    data: bytes
    crc: int
    size: int


def repeated(prefix: bytes, unit: bytes, times: int, suffix: bytes) -> Deflated:
    """``prefix + unit * times + suffix``, deflated from one compressed copy of each piece."""

    def block(data: bytes, final: bool = False) -> bytes:
        c = zlib.compressobj(9, zlib.DEFLATED, -15)
        return c.compress(data) + c.flush(zlib.Z_FINISH if final else zlib.Z_FULL_FLUSH)

    crc = zlib.crc32(prefix)
    for _ in range(times):
        crc = zlib.crc32(unit, crc)
    crc = zlib.crc32(suffix, crc)
    data = block(prefix) + block(unit) * times + block(suffix, final=True)
    return Deflated(data, crc, len(prefix) + len(unit) * times + len(suffix))


def zip_bytes(members: Iterable[tuple[str, bytes | Deflated]]) -> bytes:
    """A zip archive (no zip64: under 4 GB a member) of plain or pre-deflated members."""
    out, directory = io.BytesIO(), []
    for name, content in members:
        if isinstance(content, bytes):
            content = Deflated(zlib.compress(content, 6)[2:-4], zlib.crc32(content), len(content))
        encoded, offset = name.encode(), out.tell()
        sizes = (content.crc, len(content.data), content.size)
        out.write(struct.pack("<4s5H3I2H", b"PK\x03\x04", 20, 0, 8, 0, 0, *sizes, len(encoded), 0))
        out.write(encoded + content.data)
        directory.append(
            struct.pack(
                "<4s6H3I5H2I", b"PK\x01\x02", 20, 20, 0, 8, 0, 0, *sizes, len(encoded), 0, 0, 0, 0, 0, offset
            )
            + encoded
        )
    start = out.tell()
    for entry in directory:
        out.write(entry)
    size = out.tell() - start
    out.write(struct.pack("<4s4H2IH", b"PK\x05\x06", 0, 0, len(directory), len(directory), size, start, 0))
    return out.getvalue()


def _parts(data: bytes) -> list[tuple[str, bytes]]:
    archive = zipfile.ZipFile(io.BytesIO(data))
    return [(name, archive.read(name)) for name in archive.namelist()]


def template_docx() -> bytes:
    return (Path(docx.__file__).parent / "templates" / "default.docx").read_bytes()


def docx_with_body(body_unit: bytes, times: int, *, extra_members: int = 0) -> bytes:
    """A .docx whose body is ``body_unit`` (paragraph XML) repeated ``times`` times."""
    parts = _parts(template_docx())
    members: list[tuple[str, bytes | Deflated]] = []
    for name, content in parts:
        if name == "word/document.xml":
            head, sep, tail = content.partition(b"<w:body>")
            members.append((name, repeated(head + sep, body_unit, times, tail)))
        else:
            members.append((name, content))
    members += [(f"customXml/item{i}.xml", b"<x/>") for i in range(extra_members)]
    return zip_bytes(members)


def paragraph(text: str) -> bytes:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>".encode()


def docx_bomb(unpacked_mb: int) -> bytes:
    """A .docx whose document part unpacks to about ``unpacked_mb`` MB, about 270 times its
    packed size."""
    unit = paragraph("第一条 本条例所称养犬管理。") * 4000
    return docx_with_body(unit, unpacked_mb * 1024 * 1024 // len(unit))


def xlsx_with_rows(row_unit: bytes, times: int) -> bytes:
    """An .xlsx whose first sheet is a header row (代表编号, 姓名) and ``row_unit`` (row XML)
    repeated ``times`` times."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["代表编号", "姓名"])
    buffer = io.BytesIO()
    wb.save(buffer)
    members: list[tuple[str, bytes | Deflated]] = []
    for name, content in _parts(buffer.getvalue()):
        if name == "xl/worksheets/sheet1.xml":
            content = re.sub(rb"<dimension [^>]*/>", b"", content)  # no claim on the sheet's size
            head, sep, tail = content.partition(b"</row>")
            members.append((name, repeated(head + sep, row_unit, times, tail)))
        else:
            members.append((name, content))
    return zip_bytes(members)


def xlsx_bomb(unpacked_mb: int) -> bytes:
    """An .xlsx whose sheet unpacks to about ``unpacked_mb`` MB, about 300 times its packed size."""
    unit = b'<row><c t="inlineStr"><is><t>D0001</t></is></c></row>' * 4000
    return xlsx_with_rows(unit, unpacked_mb * 1024 * 1024 // len(unit))
