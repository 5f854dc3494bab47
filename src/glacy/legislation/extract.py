"""Text from a law or bill: PDF, DOCX, HTML or plain text, recognised by content (not by file name).

Refuses, with a message that says why: empty files, files over the size limit, encrypted PDFs, scanned PDFs
without a text layer, and binary data that is none of these formats.
"""

from __future__ import annotations

import html.parser
import io
import re
import zipfile
from collections.abc import Callable

from django.utils.translation import gettext_lazy as _

MAX_BYTES = 20 * 1024 * 1024
Progress = Callable[[int, int], None]


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
        pages = []
        for number, page in enumerate(reader.pages, start=1):
            pages.append(page.extract_text() or "")
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
            is_word = "word/document.xml" in zipfile.ZipFile(io.BytesIO(data)).namelist()
        except zipfile.BadZipFile as error:
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
