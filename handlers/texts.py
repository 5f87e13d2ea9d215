"""Every reply's text comes from a jinja2 template under handlers/templates; the web pages' too (`*.html.j2`,
HTML-escaped)."""
from __future__ import annotations

from pathlib import Path

import jinja2

from knowledge.normalize import upper_first
from knowledge.schema import NOMINEE_WORDS

TEMPLATES = Path(__file__).resolve().parent / "templates"


class Texts:
    def __init__(self, examples: dict[str, str], folder: Path = TEMPLATES) -> None:
        """`examples`: names the replies show as examples, in the city's own (the unit directory's `examples`)."""
        self.env = jinja2.Environment(loader=jinja2.FileSystemLoader(folder), trim_blocks=True, lstrip_blocks=True,
                                      undefined=jinja2.StrictUndefined, keep_trailing_newline=False,
                                      autoescape=jinja2.select_autoescape(["html.j2"], default_for_string=False))
        self.env.globals["upper_first"] = upper_first
        self.env.globals["examples"] = examples
        self.env.filters["strftime"] = lambda value, fmt: value.strftime(fmt)
        self.env.filters["lower_first"] = lambda value: value[:1].lower() + value[1:]
        self.env.filters["nominee"] = NOMINEE_WORDS.get

    def render(self, template: str, **ctx: object) -> str:
        return self.env.get_template(template).render(**ctx).strip()
