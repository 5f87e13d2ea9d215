"""One plan's handlers: its answers, wizard, unit profiles, documents, reminders, memberships, receivers and the
secretariat's overview, over one form."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from knowledge.answer import Answerer

from handlers.asking import Asking
from handlers.events import Address
from handlers.gathered import Gathered
from handlers.inbox import Inbox
from handlers.membership import Membership
from handlers.my_data import MyData
from handlers.nomination.form import Form, bind
from handlers.nomination.wizard import Wizard
from handlers.receiving import ReceivedBy, Receiving
from handlers.secretariat import OverviewLink, Secretariat
from handlers.reminders import ReminderSchedule, Reminders
from handlers.texts import Texts
from handlers.unit_profile import Resume, UnitProfiles


@dataclass(frozen=True)
class Wiring:
    """What every plan's handlers share: the form, the menu words, who is told and who may announce."""

    form: Form
    menu_words: list[str]
    receivers: Callable[[str], list[Address]]
    received_by: ReceivedBy
    is_admin: Callable[[str, str], bool]
    now: Callable[[], dt.datetime]
    resume: Resume  # what a confirmed unit profile goes on to (the conversation's payload router)
    offsets: Sequence[int]
    hour: dt.time
    pdf: bool
    overview_link: OverviewLink


class Desk:
    def __init__(self, answerer: Answerer, wiring: Wiring) -> None:
        self.answerer, self.plan = answerer, answerer.plan
        self.texts = Texts(answerer.units.examples.model_dump())
        form = bind(wiring.form, answerer.plan, answerer.units)
        asking = Asking(answerer, wiring.menu_words, [f.label for f in [*form.profile, *form.fields]])
        self.profiles = UnitProfiles(form, answerer, asking, self.texts, wiring.resume)
        self.wizard = Wizard(answerer, form, self.texts, wiring.receivers, asking, self.profiles, wiring.pdf)
        self.my_data = MyData(self.wizard, self.texts)
        schedule = ReminderSchedule(answerer.plan, list(wiring.offsets), wiring.hour)
        self.reminders = Reminders(answerer.plan, schedule, self.texts, wiring.is_admin, wiring.now)
        self.membership = Membership(answerer, self.texts, wiring.is_admin)
        self.receiving = Receiving(answerer.plan, self.texts, wiring.is_admin, wiring.received_by)
        self.gathered = Gathered(answerer, self.profiles, self.texts, self.receiving, wiring.pdf)
        self.inbox = Inbox(answerer.plan, self.wizard, self.receiving, self.texts, self.gathered.buttons)
        self.secretariat = Secretariat(answerer, self.texts, wiring.is_admin, wiring.overview_link)
