"""Replies from jinja2 templates: cited, trimmed to the length every channel accepts."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import jinja2

from knowledge.citation import cite
from knowledge.dates import vn_date
from knowledge.normalize import upper_first
from knowledge.schema import NOMINEE_WORDS, Plan

MAX_ANSWER = 1500
TEMPLATES = Path(__file__).resolve().parent / "templates"


@dataclass(frozen=True)
class Answer:
    text: str
    sources: list[str]
    found: bool
    generic: bool = False  # answered from a question cue alone, with no entity of the plan named


def trim(text: str, limit: int = MAX_ANSWER) -> str:
    """Keep whole lines (the citation is the last line and always stays) within the limit."""
    lines = [line.rstrip() for line in text.strip().splitlines() if line.strip()]
    if sum(len(x) + 1 for x in lines) <= limit:
        return "\n".join(lines)
    *body, citation = lines
    kept: list[str] = []
    for line in body:
        room = limit - len(citation) - sum(len(k) + 1 for k in kept) - 8
        if len(line) > room:
            cut = line[:max(room, 0)].rsplit(" ", 1)[0]
            kept.append(f"{cut} (…)" if cut else "(…)")
            break
        kept.append(line)
    return "\n".join([*kept, citation])[:limit]


class Renderer:
    def __init__(self, plan: Plan, named: bool = False) -> None:
        """`named`: citations name the plan (several plans are served), else say 'Kế hoạch'."""
        self.plan = plan
        self.env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), trim_blocks=True, lstrip_blocks=True,
                                      undefined=jinja2.StrictUndefined, autoescape=False)
        kinds = {k.id: k.name for k in plan.award_kinds}
        self.env.filters.update(cite=cite, vndate=vn_date, nominee=NOMINEE_WORDS.get, award_name=kinds.get,
                                upper_first=upper_first, lower_first=lambda v: v[:1].lower() + v[1:])
        self.label = plan.short_name if named else "Kế hoạch"
        self.env.globals["plan_label"] = self.label

    def __call__(self, template: str, sources: list[str], found: bool = True, generic: bool = False,
                 **ctx: object) -> Answer:
        sources = list(dict.fromkeys(sources))
        text = self.env.get_template(template).render(sections=sources, year=self.plan.year,
                                                      movements_section=self.plan.movements_section, **ctx)
        return Answer(trim(text), sources, found, generic)

    def combine(self, answers: list[Answer]) -> Answer:
        """Several answers in one reply, each cut to its share of the length limit and keeping its citation."""
        share = MAX_ANSWER // len(answers) - 2
        text = "\n\n".join(trim(a.text, share) for a in answers)
        sources = list(dict.fromkeys(s for a in answers for s in a.sources))
        return Answer(text, sources, True, all(a.generic for a in answers))

    def not_found(self) -> Answer:
        return self("not_found.j2", [], found=False, short_name=self.plan.short_name)
