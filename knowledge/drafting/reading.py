"""A plan's file (.txt, .docx, .pdf) to clean lines: page furniture removed, nothing else changed."""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from pathlib import Path

from knowledge.drafting import DraftError

PAGE_NUMBER = re.compile(r"^\s*(-\s*)?(trang\s*)?\d{1,3}(\s*/\s*\d{1,3})?(\s*-)?\s*$", re.IGNORECASE)
EDITORIAL_NOTE = re.compile(r"^\s*\[.*\]\s*$")
MARKED = re.compile(r"^([-+•]|[a-zđ]\)|\d|[IVXL]+\.)|:$")  # list items and headings, never a running head
SPACE_BEFORE_MARK = re.compile(r"\s+([.,;:!?])(?=\s|$)")
W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _txt(path: Path) -> str:
    return path.read_text("utf-8-sig")


def _docx(path: Path) -> str:
    import docx

    document = docx.Document(str(path))
    body = document.element.body
    if body.find(f".//{W_NS}ins") is not None or body.find(f".//{W_NS}del") is not None:
        raise DraftError(f"{path}: the document has tracked changes (w:ins/w:del); accept or reject them first")
    # every paragraph in document order, those of tables too (a header's two columns are a table)
    return "\n".join("".join(t.text or "" for t in p.iter(f"{W_NS}t")) for p in body.iter(f"{W_NS}p"))


def _pdf(path: Path) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        text = "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)
    except PdfReadError as exc:
        raise DraftError(f"{path}: not a readable PDF ({exc})") from None
    if not text.strip():
        raise DraftError(f"{path}: the PDF has no text layer (a scan?); run OCR on it first")
    return text


READERS = {".txt": _txt, ".docx": _docx, ".pdf": _pdf}


def _running_heads(lines: list[str]) -> set[str]:
    """Lines repeated on several pages (a running head or foot): short lines met three times or more."""
    counts = Counter(line for line in lines if 0 < len(line) < 60 and not MARKED.search(line))
    return {line for line, n in counts.items() if n >= 3}


def read_lines(path: Path) -> list[str]:
    """The file's non-empty lines, stripped, NFC, without page numbers, running heads and editorial notes."""
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise DraftError(f"{path}: unknown extension {path.suffix or '(none)'}; expected {', '.join(READERS)}")
    if not path.is_file():
        raise DraftError(f"{path}: file not found")
    text = unicodedata.normalize("NFC", reader(path)).replace("\u00a0", " ").replace("\u00ad", "")
    lines = [SPACE_BEFORE_MARK.sub(r"\1", re.sub(r"\s+", " ", line)).strip() for line in text.splitlines()]
    lines = [line for line in lines if line and not PAGE_NUMBER.match(line) and not EDITORIAL_NOTE.match(line)]
    if not lines:
        raise DraftError(f"{path}: the file is empty")
    heads = _running_heads(lines)
    return [line for line in lines if line not in heads]
