"""Hostile upload files: zip and XML bombs, sheets without dimensions, far cells, very wide CSV files.

Each builder writes its zip as a stream, so that building the 199 MB shared-strings bomb never holds it in memory;
the tests build small ones (with small limits), bench/upload_limits.py the full-size ones.
"""

import io
import struct
import zipfile

from .files import row, xlsx_bytes

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SHEET = "xl/worksheets/sheet1.xml"
STRINGS = "xl/sharedStrings.xml"


def _base() -> bytes:
    """A sound workbook with the template's header and one row; its text cells are shared strings."""
    return xlsx_bytes([row()])


def _rebuild(replace: dict[str, object], *, extra: dict[str, object] | None = None) -> bytes:
    """Copy the base workbook, writing the named parts from an iterable of byte chunks (or bytes) instead."""
    source = zipfile.ZipFile(io.BytesIO(_base()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if STRINGS in replace and info.filename == "[Content_Types].xml":
                content = content.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/sharedStrings.xml" ContentType='
                    b'"application/vnd.openxmlformats-officedocument.spreadsheetml.'
                    b'sharedStrings+xml"/></Types>',
                )
            elif STRINGS in replace and info.filename == "xl/_rels/workbook.xml.rels":
                content = content.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdS" Type="http://schemas.'
                    b'openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
                    b'Target="sharedStrings.xml"/></Relationships>',
                )
            if info.filename in replace:
                _write(target, info.filename, replace[info.filename])
            else:
                target.writestr(info.filename, content)
        for name, chunks in replace.items():
            if name not in source.namelist():
                _write(target, name, chunks)
        for name, chunks in (extra or {}).items():
            _write(target, name, chunks)
    return out.getvalue()


def _write(target: zipfile.ZipFile, name: str, chunks) -> None:
    info = zipfile.ZipInfo(name)
    info.compress_type = zipfile.ZIP_DEFLATED
    info._compresslevel = 9  # read by zipfile when it opens the part for writing
    with target.open(info, "w") as stream:
        for chunk in [chunks] if isinstance(chunks, bytes) else chunks:
            stream.write(chunk)


def _original_strings() -> list[bytes]:
    return [b"<si><t>06388</t></si>"]


def shared_strings_bomb(*, megabytes: int = 199, length: int = 100_000) -> bytes:
    """A workbook whose shared strings inflate to about `megabytes` MB (the same long string, repeated): the 199 MB
    one is about 480 KB. The sizes it declares are honest."""
    item = b"<si><t>" + b"A" * length + b"</t></si>"
    count = megabytes * 1024 * 1024 // len(item)

    def chunks():
        yield (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="{MAIN}" count="{count + 1}" '
            f'uniqueCount="{count + 1}">'
        ).encode()
        yield from _original_strings()
        for _ in range(count):
            yield item
        yield b"</sst>"

    return _rebuild({STRINGS: chunks()})


def many_shared_strings(count: int) -> bytes:
    """A workbook with `count` short shared strings: small inflated, but a long list for a reader to keep."""

    def chunks():
        yield f'<sst xmlns="{MAIN}" count="{count + 1}" uniqueCount="{count + 1}">'.encode()
        yield from _original_strings()
        for start in range(0, count, 10_000):
            yield b"".join(b"<si><t>%d</t></si>" % n for n in range(start, min(count, start + 10_000)))
        yield b"</sst>"

    return _rebuild({STRINGS: chunks()})


def _sheet(body_chunks, *, dimension: str | None = None):
    head = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{MAIN}">'
    if dimension:
        head += f'<dimension ref="{dimension}"/>'
    yield (head + "<sheetData>").encode()
    # the header row of the template, as shared strings 0..n of the base workbook
    yield _base_header_row()
    yield from body_chunks
    yield b"</sheetData></worksheet>"


def _base_header_row() -> bytes:
    text = zipfile.ZipFile(io.BytesIO(_base())).read(SHEET)
    start = text.index(b'<row r="1"')
    return text[start : text.index(b"</row>", start) + len(b"</row>")]


def sheet_without_dimension(*, rows: int = 60_000, columns: int = 12) -> bytes:
    """A sheet of `rows` × `columns` numeric cells and no <dimension>: a reader that needs the sheet's size must
    read every cell to find it."""

    def body():
        for start in range(2, rows + 2, 1000):
            yield b"".join(
                b'<row r="%d">' % n + b"".join(b"<c><v>0</v></c>" for _ in range(columns)) + b"</row>"
                for n in range(start, min(rows + 2, start + 1000))
            )

    return _rebuild({SHEET: _sheet(body())})


def far_cell(*, column: str = "XFD", row_number: int = 1_048_576) -> bytes:
    """One cell at the far corner of the sheet, and a <dimension> that claims the whole sheet: a reader that pads
    rows to the dimension builds millions of empty cells."""
    body = [b'<row r="%d"><c r="%s%d"><v>1</v></c></row>' % (row_number, column.encode(), row_number)]
    return _rebuild({SHEET: _sheet(body, dimension=f"A1:{column}{row_number}")})


def wide_rows(*, rows: int = 1000, column: str = "XFD") -> bytes:
    """Rows of one cell each in a far column, with no dimension: each row would be padded to that column."""
    body = [
        b"".join(b'<row r="%d"><c r="%s%d"><v>1</v></c></row>' % (n, column.encode(), n) for n in range(2, rows + 2))
    ]
    return _rebuild({SHEET: _sheet(body)})


def deep_xml(*, depth: int = 200_000) -> bytes:
    """A sheet whose XML nests `depth` elements inside one another."""
    body = [b"<x>" * depth + b"</x>" * depth]
    return _rebuild({SHEET: _sheet(body)})


def entity_bomb() -> bytes:
    """A billion-laughs DTD in the shared strings."""
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa">'
        + b"".join(b'<!ENTITY %s "%s">' % (bytes([98 + i]), (b"&" + bytes([97 + i]) + b";") * 10) for i in range(9))
        + b']><sst xmlns="'
        + MAIN.encode()
        + b'"><si><t>&j;</t></si></sst>'
    )
    return _rebuild({STRINGS: laughs})


def many_parts(count: int = 5000) -> bytes:
    """A workbook with thousands of tiny extra parts."""
    out = io.BytesIO(_base())
    with zipfile.ZipFile(out, "a") as archive:
        for n in range(count):
            archive.writestr(f"junk/{n}.bin", b"")
    return out.getvalue()


def lying_sizes(*, megabytes: int = 40) -> bytes:
    """A shared-strings bomb whose zip records declare 1 KB for the inflated part."""
    content = bytearray(shared_strings_bomb(megabytes=megabytes))
    name = STRINGS.encode()
    # Local header: size fields at offset 22 (compressed 18, uncompressed 22); central record: at offset 24.
    local = _find_header(content, b"PK\x03\x04", name, name_offset=30)
    struct.pack_into("<I", content, local + 22, 1024)
    central = _find_header(content, b"PK\x01\x02", name, name_offset=46)
    struct.pack_into("<I", content, central + 24, 1024)
    return bytes(content)


def _find_header(content: bytearray, magic: bytes, name: bytes, *, name_offset: int) -> int:
    at = 0
    while True:
        at = content.index(magic, at)
        if content[at + name_offset : at + name_offset + len(name)] == name:
            return at
        at += 4


def wide_csv(columns: int = 18_300) -> bytes:
    """A CSV whose header has more columns than a spreadsheet has letters for (past ZZZ, column 18,278)."""
    header = ["commune_code", "date", *(f"c{n}" for n in range(columns - 2))]
    return (",".join(header) + "\r\n06388,10/06/2021\r\n").encode()


def wide_csv_row(columns: int = 50_000) -> bytes:
    """A sound header, then one row of `columns` empty fields split over quoted line breaks."""
    from ingest.columns import CSV_HEADER

    return (",".join(CSV_HEADER) + "\r\n" + '"a\r\nb",' * columns + "\r\n").encode()


def blank_lines_csv(megabytes: int = 9) -> bytes:
    """A header and then nothing but line breaks."""
    from ingest.columns import CSV_HEADER

    return (",".join(CSV_HEADER) + "\n").encode() + b"\n" * (megabytes * 1024 * 1024)


def empty_fields_csv(megabytes: int = 9, columns: int = 90) -> bytes:
    """A header and then lines of empty fields, under the column limit: a cell count the only bound."""
    from ingest.columns import CSV_HEADER

    line = b"," * (columns - 1) + b"\n"
    return (",".join(CSV_HEADER) + "\n").encode() + line * (megabytes * 1024 * 1024 // len(line))


def long_shared_string(megabytes: int = 40) -> bytes:
    """One shared string of `megabytes` MB: far past Excel's 32,767 characters a cell."""

    def chunks():
        yield f'<sst xmlns="{MAIN}" count="2" uniqueCount="2">'.encode()
        yield from _original_strings()
        yield b"<si><t>"
        for _ in range(megabytes):
            yield b"B" * (1024 * 1024)
        yield b"</t></si></sst>"

    return _rebuild({STRINGS: chunks()})
