"""Text from a law or bill: PDF, DOCX, HTML or plain text, recognised by content (not by file name).

Refuses, with a message that says why: empty files, files over the size limit, encrypted PDFs, scanned PDFs
without a text layer, binary data that is none of these formats, and containers out of bounds (a DOCX that
unpacks too large, compresses too much or holds too many XML elements; a PDF with too many pages or too much text)
— checked before the content is parsed.
"""

from __future__ import annotations

import html.parser
import io
import re
import zipfile
import zlib
from collections.abc import Callable

from django.utils.translation import gettext_lazy as _

MAX_BYTES = 20 * 1024 * 1024
Progress = Callable[[int, int], None]
#: Bounds checked BEFORE a container is parsed (issue 16 item 5: a 62 KB DOCX holding 18 MB of XML took 62 s and
#: 1 GB in the web process). A DOCX is a ZIP: its members' declared sizes are checked, then the main part is read
#: in chunks, counting elements, before python-docx parses anything. A PDF is read page by page up to a page and
#: a text limit; pypdf bounds each decompressed stream itself.
MAX_UNCOMPRESSED_BYTES = 40 * 1024 * 1024
MAX_DOCUMENT_XML_BYTES = 12 * 1024 * 1024
MAX_XML_ELEMENTS = 400_000
MAX_COMPRESSION_RATIO = 100
MAX_ZIP_MEMBERS = 2_000
MAX_PDF_PAGES = 3_000
MAX_TEXT_CHARACTERS = 8_000_000


class ExtractionError(ValueError):
    def __init__(self, code: str, message: object) -> None:
        super().__init__(str(message))
        self.code = code
        self.message = message


class _TextCollector(html.parser.HTMLParser):
    BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article", "blockquote"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag in {"script", "style", "head"}:
            self.skip += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style", "head"} and self.skip:
            self.skip -= 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def _pdf(data: bytes, progress: Progress | None = None) -> str:
    import pypdf

    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise ExtractionError("encrypted", _("The PDF is encrypted; send an unprotected copy."))
        if len(reader.pages) > MAX_PDF_PAGES:
            raise ExtractionError("too_large", _("The PDF has more than %(pages)s pages: import the law in parts.")
                                  % {"pages": MAX_PDF_PAGES})
        pages, characters = [], 0
        for number, page in enumerate(reader.pages, start=1):
            pages.append(page.extract_text() or "")
            characters += len(pages[-1])
            if characters > MAX_TEXT_CHARACTERS:
                raise ExtractionError("too_large", _("The document holds more text than can be reviewed at once: "
                                                     "import the law in parts."))
            if progress is not None:
                progress(number, len(reader.pages))
        text = "\n".join(pages)
    except ExtractionError:
        raise
    except Exception as error:  # pypdf raises many kinds of errors on damaged files
        raise ExtractionError("corrupt", _("The PDF is damaged and cannot be read.")) from error
    if len(re.sub(r"\s", "", text)) < 20:
        raise ExtractionError("no_text", _("The PDF has no text layer (a scan?): run OCR first, then import it."))
    return text


def _check_docx_container(archive: zipfile.ZipFile) -> None:
    """Refuse a DOCX whose unpacked size, compression ratio or number of XML elements is out of bounds, before
    anything is decompressed in full or parsed."""
    members = archive.infolist()
    if len(members) > MAX_ZIP_MEMBERS:
        raise ExtractionError("too_large", _("The DOCX file holds too many parts."))
    declared = sum(member.file_size for member in members)
    if declared > MAX_UNCOMPRESSED_BYTES:
        raise ExtractionError("too_large", _("The DOCX file unpacks to more than %(megabytes)s MB.") % {
            "megabytes": MAX_UNCOMPRESSED_BYTES // (1024 * 1024)})
    for member in members:
        if member.file_size > 1024 * 1024 and member.file_size > MAX_COMPRESSION_RATIO * max(member.compress_size, 1):
            raise ExtractionError("too_large", _("The DOCX file is compressed suspiciously much (a decompression "
                                                 "bomb?) and was not opened."))
    main = archive.getinfo("word/document.xml")
    if main.file_size > MAX_DOCUMENT_XML_BYTES:
        raise ExtractionError("too_large", _("The document's text part is larger than %(megabytes)s MB.") % {
            "megabytes": MAX_DOCUMENT_XML_BYTES // (1024 * 1024)})
    # Declared sizes can lie: read the part in chunks, counting bytes and elements, and stop at the bounds.
    elements = read = 0
    with archive.open(main) as stream:
        while chunk := stream.read(256 * 1024):
            read += len(chunk)
            elements += chunk.count(b"<")
            if read > MAX_DOCUMENT_XML_BYTES or elements > MAX_XML_ELEMENTS:
                raise ExtractionError("too_large", _("The document has too many elements to be read (more than "
                                                     "%(elements)s).") % {"elements": MAX_XML_ELEMENTS})


def _docx(data: bytes) -> str:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:
        raise ExtractionError("corrupt", _("The DOCX file is damaged and cannot be read.")) from error
    lines = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.extend(cell.text for cell in row.cells)
    return "\n".join(lines)


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def document_format(data: bytes) -> str:
    """"pdf", "docx" (any ZIP: extract_text checks it is a Word document), "html" or "text", by content."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "docx"
    return "html" if re.search(rb"<(html|body|p|div)\b", data[:5000], re.IGNORECASE) else "text"


def extract_text(data: bytes, *, max_bytes: int = MAX_BYTES, progress: Progress | None = None) -> str:
    """The text of the law; raises ExtractionError with a stable code and a readable message.

    `progress(done, total)` is called after each page of a PDF (the slow part of a long law)."""
    if not data.strip():
        raise ExtractionError("empty", _("The file is empty."))
    if len(data) > max_bytes:
        raise ExtractionError("too_large", _("The file is larger than %(megabytes)s MB.") % {
            "megabytes": max_bytes // (1024 * 1024)})
    kind = document_format(data)
    if kind == "pdf":
        return _pdf(data, progress)
    if kind == "docx":
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
            is_word = "word/document.xml" in archive.namelist()
            if is_word:
                _check_docx_container(archive)
        except (zipfile.BadZipFile, zlib.error, EOFError) as error:
            raise ExtractionError("corrupt", _("The DOCX file is damaged and cannot be read.")) from error
        if is_word:
            return _docx(data)
        raise ExtractionError("unsupported", _("This archive is not a Word document."))
    head = data[:4096]
    control = sum(1 for byte in head if byte < 9 or 13 < byte < 32)
    if (b"\x00" in head and not data.startswith((b"\xff\xfe", b"\xfe\xff"))) or control > len(head) // 20:
        raise ExtractionError("binary", _("The file is not a PDF, DOCX, HTML or text document."))
    text = _decode(data)
    # Checked on the decoded text too: a UTF-16 page hides its tags from a byte search.
    if kind == "html" or re.search(r"<(html|body|p|div)\b", text[:5000], re.IGNORECASE):
        collector = _TextCollector()
        collector.feed(text)
        text = "".join(collector.parts)
    return text
