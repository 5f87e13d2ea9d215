"""The header's lines to the plan's header: issuing body, number, place and date, title, bases, signer, recipients."""
from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.drafting import cues

MOTTO = re.compile(r"^(CỘNG HÒA|CỘNG HOÀ|Độc lập)")
CITATION = re.compile(r"(?P<kind>{kinds})(?P<name>[^;]*?)\s+số\s+(?P<number>[\w/.-]*\d[\w/.-]*)"
                      r"(?:\s+ngày\s+(?P<date>\d{{1,2}}/\d{{1,2}}/\d{{4}}))?(?:\s+của\s+(?P<issuer>.+?))?"
                      r"(?P<about>\s+(?:về|ban hành|quy định)\s[^;]*?)?(?=\s*\(|;|,\s+[A-ZÀ-Ỹ]|$)")


@dataclass
class HeaderDraft:
    issuer: str
    number: str
    place_date: str
    title: str
    bases: list[str]
    recipients: list[str]
    block: list[str]
    signer: str


def citation_pattern() -> re.Pattern[str]:
    return re.compile(CITATION.pattern.format(kinds="|".join(map(re.escape, cues()["document_kinds"]))))


def _is_upper(line: str) -> bool:
    return line == line.upper() and any(c.isalpha() for c in line)


def _items(lines: list[str]) -> list[str]:
    """A list's items, continuation lines joined, markers and end punctuation dropped."""
    items: list[str] = []
    for line in lines:
        if line.startswith("-") or not items:
            items.append(line.lstrip("- ").strip())
        else:
            items[-1] += " " + line
    return [i.rstrip(";.").strip() for i in items]


def read_header(lines: list[str]) -> HeaderDraft:
    """The header from the lines before the first section and from the recipients on."""
    c = cues()
    plan_at = next((i for i, line in enumerate(lines) if line.upper() == c["plan_word"]), 0)
    number = next((line for line in lines[:plan_at] if line.startswith("Số")), "")
    place_date = next((line for line in lines[:plan_at] if ", ngày" in line), "")
    issuer = [line for line in lines[:plan_at] if _is_upper(line) and not MOTTO.match(line)]
    body = lines[plan_at + 1:]
    at_basis = next((i for i, line in enumerate(body) if line.startswith(tuple(c["basis_openers"]))), len(body))
    at_recipients = next((i for i, line in enumerate(body) if line.startswith(c["recipients"])), len(body))
    trailer = body[at_recipients + 1:]
    at_block = next((i for i, line in enumerate(trailer) if line.startswith(tuple(c["signer_blocks"]))), len(trailer))
    block = [line for line in trailer[at_block:] if _is_upper(line)]
    names = [line for line in trailer[at_block:] if not _is_upper(line)]
    return HeaderDraft(issuer=" ".join(issuer), number=number, place_date=place_date,
                       title=" ".join(body[:at_basis]), bases=body[at_basis:at_recipients],
                       recipients=_items(trailer[:at_block]), block=block, signer=names[-1] if names else "")
