"""The secretariat's views of the overview (`handlers/overview.py`), for admins only: `/tonghop` in chat, with a
signed link to the web page when the bot has a public address, and the page's HTML. Whoever else asks gets a polite
refusal; the page asks again, when it is opened, whether the link's holder is still an admin."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping

from knowledge.answer import Answerer
from storage.unit_of_work import UnitOfWork

from handlers.events import Reply
from handlers.overview import STAGE_WORDS, Filters, Overview, build
from handlers.texts import Texts
from handlers.turn import Turn

OverviewLink = Callable[[str, str], str | None]  # (holder "telegram:123", plan id) → the page's signed address
CHAT_UNITS = 24  # unit lines /tonghop lists at most, shared among the classes: the text stays one message


def holder(platform: str, user_id: str) -> str:
    """Who a link is given to, as the settings name admins."""
    return f"{platform}:{user_id}"


class Secretariat:
    def __init__(self, answerer: Answerer, texts: Texts, is_admin: Callable[[str, str], bool],
                 link: OverviewLink) -> None:
        self.plan, self.units, self.texts = answerer.plan, answerer.units, texts
        self.is_admin, self.link = is_admin, link

    def summary(self, turn: Turn) -> list[Reply]:
        """/tonghop: the overview in a few lines per class, and the link to the whole table."""
        event = turn.event
        if not self.is_admin(event.platform, event.user_id):
            return [Reply(self.texts.render("overview/admins_only.j2"))]
        view = self.overview(turn.uow, turn.today)
        per_class = max(2, CHAT_UNITS // max(len(view.classes), 1))
        return [Reply(self.texts.render("overview/chat.j2", view=view, words=STAGE_WORDS, shown=per_class,
                                        named=per_class + per_class // 2,
                                        url=self.link(holder(event.platform, event.user_id), self.plan.id)))]

    def overview(self, uow: UnitOfWork, today: dt.date, filters: Filters = Filters()) -> Overview:
        return build(uow, self.plan, self.units, today, filters)

    def page(self, uow: UnitOfWork, today: dt.date, link_holder: str, query: Mapping[str, str],
             token: str) -> str | None:
        """The web page's HTML, filtered as the query says; None when the link's holder is no longer an admin."""
        platform, _, user_id = link_holder.rpartition(":")
        if not self.is_admin(platform, user_id):
            return None
        view = self.overview(uow, today, Filters.parse(self.plan, query))
        return self.texts.render("overview/page.html.j2", view=view, words=STAGE_WORDS, token=token,
                                 movements=self.plan.movement_choices())

    def refused(self, expired: bool) -> str:
        """The page shown instead, when a link is refused (403) or has expired (410)."""
        return self.texts.render("overview/refused.html.j2", expired=expired)
