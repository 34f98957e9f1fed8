"""The zip guard: real documents and workbooks pass; bombs are refused from the directory, in
milliseconds and without unpacking anything."""

from __future__ import annotations

import io
import struct
import time
import tracemalloc
import zipfile
import zlib

import docx
import openpyxl
import pytest

from lvzhi.office.tests.bombs import (
    docx_bomb,
    docx_with_body,
    paragraph,
    template_docx,
    xlsx_bomb,
    zip_bytes,
)
from lvzhi.office.zipguard import ZipLimits, ZipRefused, check, open_capped, open_checked

DEFAULT = ZipLimits()


def _refusal(data: bytes, limits: ZipLimits = DEFAULT) -> ZipRefused:
    with pytest.raises(ZipRefused) as info:
        open_checked(data, limits)
    return info.value


def _long_docx() -> bytes:
    """A long regulation as Word writes it: 650 articles, one paragraph each."""
    document = docx.Document()
    for n in range(1, 651):
        document.add_paragraph(
            f"第{n}条　本条例所称养犬管理，是指对犬只的登记、免疫、饲养、经营和收容的管理。" * 3
        )
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _roster_xlsx(rows: int) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    for n in range(rows):
        ws.append([f"D{n:05d}", "王建国", "男", "汉族", "中共党员", "江澜市教育局局长", "东区", "东区代表团"])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("make", [template_docx, _long_docx, lambda: _roster_xlsx(5000)])
def test_real_documents_and_workbooks_pass(make) -> None:
    with open_checked(make(), DEFAULT) as archive:
        assert archive.namelist()


@pytest.mark.parametrize("bomb", [docx_bomb, xlsx_bomb])
def test_a_bomb_is_refused_from_its_directory_without_unpacking(bomb) -> None:
    data = bomb(1024)  # 1 GB unpacked, about 4 MB on disk
    assert len(data) < 8 * 1024 * 1024
    tracemalloc.start()
    started = time.perf_counter()
    refusal = _refusal(data)
    seconds = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert refusal.what == "ratio" and refusal.limit == 200 and refusal.found > 200
    assert refusal.member in ("word/document.xml", "xl/worksheets/sheet1.xml")
    assert seconds < 0.5 and peak < 2 * 1024 * 1024  # the directory only


def test_total_unpacked_size_is_limited_whatever_the_ratio() -> None:
    data = docx_with_body(paragraph("第一条 测试。"), 40000)  # about 1.6 MB unpacked, ratio < 200
    with open_checked(data, DEFAULT):
        pass
    refusal = _refusal(data, ZipLimits(max_bytes=1024 * 1024))
    assert refusal.what == "bytes" and refusal.limit == 1024 * 1024 and refusal.found > 1024 * 1024


def test_the_number_of_members_is_limited() -> None:
    data = docx_with_body(paragraph("第一条 测试。"), 3, extra_members=1000)
    refusal = _refusal(data)
    assert refusal.what == "members" and refusal.limit == 1000 and refusal.found > 1000


def test_small_members_may_compress_as_well_as_they_like() -> None:
    data = zip_bytes([("a.xml", b"<x/>" * 200_000)])  # 800 KB of one pattern: a ratio over 400
    with open_checked(data, DEFAULT) as archive:
        assert archive.getinfo("a.xml").file_size // archive.getinfo("a.xml").compress_size > 200


def test_not_a_zip() -> None:
    assert _refusal(b"this is not a zip file").what == "unreadable"
    assert _refusal(b"PK\x03\x04 broken").what == "unreadable"


def test_a_capped_read_stops_at_its_cap() -> None:
    data = docx_with_body(paragraph("第一条 测试。"), 40000)
    with open_checked(data, DEFAULT) as archive:
        with open_capped(archive, "word/document.xml", 10**7) as stream:
            assert len(stream.read()) == archive.getinfo("word/document.xml").file_size
        with pytest.raises(ZipRefused) as info, open_capped(archive, "word/document.xml", 100_000) as stream:
            while stream.read(65536):
                pass
        assert info.value.what == "bytes" and info.value.limit == 100_000
        with pytest.raises(KeyError):
            open_capped(archive, "word/missing.xml", 100)


def _understated(data: bytes, declared: int, crc: int | None = None) -> bytes:
    """``data`` (a one-member archive) with the member's declared unpacked size (and CRC)
    changed in both its local header and the directory."""
    raw = bytearray(data)
    local, central = raw.find(b"PK\x03\x04"), raw.find(b"PK\x01\x02")
    struct.pack_into("<I", raw, local + 22, declared)
    struct.pack_into("<I", raw, central + 24, declared)
    if crc is not None:
        struct.pack_into("<I", raw, local + 14, crc)
        struct.pack_into("<I", raw, central + 16, crc)
    return bytes(raw)


def test_a_directory_that_understates_a_size_is_caught_while_unpacking_with_a_cap() -> None:
    """A member that declares 1,000 bytes but holds 10 MB passes the directory check, and its
    CRC can be forged to match its first 1,000 bytes; zipfile's ``read`` would still unpack all
    10 MB before cutting. The capped pass stops after 64 KB."""
    content = b"A" * 10_000_000
    forged = _understated(zip_bytes([("word/document.xml", content)]), 1000, zlib.crc32(content[:1000]))
    archive = zipfile.ZipFile(io.BytesIO(forged))
    check(archive, DEFAULT)  # 1,000 bytes declared: nothing to refuse in the directory
    tracemalloc.start()
    assert len(archive.read("word/document.xml")) == 1000  # what zipfile itself does ...
    _current, unguarded = tracemalloc.get_traced_memory()
    tracemalloc.reset_peak()
    refusal = _refusal(forged)
    _current, guarded = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert unguarded > 10_000_000  # ... it unpacked everything first
    assert refusal.what == "unreadable" and refusal.limit == 1000 and refusal.member == "word/document.xml"
    assert guarded < 1024 * 1024


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: _understated(data, 1000),  # a size that does not match (and so the CRC)
        lambda data: data.replace(b"PK\x03\x04", b"PK\x03\x05", 1),  # no local header
        lambda data: _understated(data, 20_000, 0),  # declares more than it holds
    ],
)
def test_damaged_members_are_refused(damage) -> None:
    data = zip_bytes([("word/document.xml", b"<w:document/>" * 1000)])
    assert _refusal(damage(data)).what == "unreadable"


def test_members_packed_otherwise_than_office_packs_are_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_BZIP2) as archive:
        archive.writestr("word/document.xml", b"<w:document/>")
    assert _refusal(buffer.getvalue()).what == "unreadable"
