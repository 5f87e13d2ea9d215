"""The nomination wizard: one question at a time, each answer checked and saved before the next is asked.

Where the user is follows from the saved answers (the first step without one), so a restart resumes exactly there.
Buttons carry the draft and the step they answer: a press meant for an earlier step is recognised as stale."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from knowledge.answer import Answerer
from knowledge.dates import period_start
from knowledge.normalize import upper_first
from storage.models import Nomination, Unit, utcnow

from handlers.asking import Asking
from handlers.choices import matching, pick
from handlers.events import Address, Choice, Reply
from handlers.membership import is_member
from handlers.nomination import rules, submission
from handlers.nomination.destination import Destination, destination
from handlers.nomination.dossier import unit_documents
from handlers.nomination.form import PROFILE_KEYS, SKIP, Form, Step, implied, nominee_kinds, skips, steps
from handlers.nomination.parsers import Invalid, example, text_parser
from handlers.texts import Texts
from handlers.turn import Turn
from handlers.unit_profile import UnitProfiles

FIRST_DETAILS = ("full_name", "collective_name")  # the privacy notice comes before the first of these is asked
FILE_KINDS = ("photo", "document")  # what a paper may be sent as (a sticker or a voice message is not a paper)


class Wizard:
    def __init__(self, answerer: Answerer, form: Form, texts: Texts,
                 receivers: Callable[[str], list[Address]], asking: Asking, profiles: UnitProfiles,
                 pdf: bool = False) -> None:
        self.answerer, self.plan, self.form, self.texts, self.asking = answerer, answerer.plan, form, texts, asking
        self.profiles, self.pdf = profiles, pdf
        self.receivers = receivers  # who is told of a submission, given the body that receives it
        self.earliest = period_start(self.plan)

    # -- where a draft stands ------------------------------------------------------------------------------
    def steps(self, draft: Nomination) -> list[Step]:
        """The profile's steps count for the draft that asked them (their answers stay), not for later drafts."""
        asked_profile = draft.unit_id is None or any(k in draft.answers for k in PROFILE_KEYS)
        return steps(self.form, self.plan, draft.answers, needs_unit=asked_profile)

    def current(self, draft: Nomination, all_steps: list[Step] | None = None) -> Step | None:
        """The step to ask now: the one being changed, a refused criterion, else the first unanswered one (optional
        ones are added from the review screen, not asked in turn)."""
        all_steps = self.steps(draft) if all_steps is None else all_steps
        if draft.editing:
            return next((s for s in all_steps if s.key == draft.editing), None)
        refused = next((s for s in all_steps if s.field.kind == "criteria" and draft.answers.get(s.key) == "no"), None)
        return refused or next((s for s in all_steps if s.key not in draft.answers and not s.field.optional), None)

    # -- entry points ----------------------------------------------------------------------------------------
    def start(self, turn: Turn) -> list[Reply]:
        try:
            rules.check_open(self.plan, turn.today)
        except rules.RuleBroken as closed:  # not yet started, or over
            return [Reply(self.texts.render(closed.template, **closed.context()))]
        draft = turn.uow.nominations.open_draft(turn.user.id)
        resumed = draft is not None
        if draft is None:
            unit = turn.uow.units.get(turn.user.unit_id)  # none when the user's unit is of another plan's city
            draft = turn.uow.nominations.create(turn.user.id, unit.id if unit else None)
        turn.state["mode"] = "wizard"
        intro = self.texts.render("nomination/intro.j2", resumed=resumed)
        return self.prompt(turn, draft, intro)

    def resume(self, turn: Turn) -> list[Reply]:
        draft = turn.uow.nominations.open_draft(turn.user.id)
        if draft is None:
            elsewhere = turn.uow.nominations.draft_elsewhere(turn.user.id)  # type: ignore[arg-type]
            return [Reply(self.texts.render("nomination/none_open.j2", elsewhere=elsewhere))]
        turn.state["mode"] = "wizard"
        return self.prompt(turn, draft)

    def on_input(self, turn: Turn) -> list[Reply]:
        """Typed text or a file while the wizard is open."""
        draft = turn.uow.nominations.open_draft(turn.user.id)
        if draft is None:
            turn.state.pop("mode", None)
            return [Reply(self.texts.render("nomination/none_open.j2", elsewhere=False))]
        step = self.current(draft)
        found = self._typed_choices(turn, step)
        if len(found) == 1:
            return self.on_payload(turn, found[0].payload)
        if found:
            return [Reply(self.texts.render("nomination/which.j2"), tuple(found))]
        text = turn.event.text
        if text.strip() and not turn.event.attachment and self.asking.reads_as_question(text):
            return self._answer_question(turn, draft, step)
        if step is None:
            return self.prompt(turn, draft, self.texts.render("nomination/use_buttons.j2"))
        return self._answer(turn, draft, step, self._read(turn, draft, step))

    def _answer_question(self, turn: Turn, draft: Nomination, step: Step | None) -> list[Reply]:
        """The plan's answer, or, when the plan has none and the question is about this step, the step's guidance;
        then the same step again, nothing saved."""
        answer = self.answerer.answer(turn.event.text, turn.today)
        if answer.found or step is None or not self.asking.about_form(turn.event.text):
            return [Reply(answer.text), *self.prompt(turn, draft, self.texts.render("nomination/not_saved.j2"))]
        return self.prompt(turn, draft, self.texts.render("nomination/step_help.j2"))

    def on_payload(self, turn: Turn, payload: str) -> list[Reply]:
        """'w:<draft>:<action>[:<key>[:<value>]]' from a button, or the same typed back as a number or label."""
        _, draft_id, action, *rest = payload.split(":", 4) + [""] * 2
        draft = turn.uow.nominations.open_draft(turn.user.id)
        if draft is None or str(draft.id) != draft_id:
            return [Reply(self.texts.render("nomination/stale.j2", open=draft is not None))]
        turn.state["mode"] = "wizard"
        key, value = rest[0], rest[1]
        if action == "a":
            step = self.current(draft)
            if step is None or step.key != key:
                return self.prompt(turn, draft, self.texts.render("nomination/stale.j2", open=True))
            return self._answer(turn, draft, step, lambda: self._chosen(step, value))
        if action == "back":
            return self._back(turn, draft)
        if action == "skip":
            return self._skip(turn, draft, key)
        if action == "edit":
            return self._edit(turn, draft, key)
        if action == "submit":
            return self._submit(turn, draft)
        if action == "cancel":
            return self.confirm_cancel(turn, draft)
        if action == "cancel_yes":
            turn.uow.nominations.cancel(draft)
            turn.state.pop("mode", None)
            return [Reply(self.texts.render("nomination/cancelled.j2"))]
        return self.prompt(turn, draft)

    def confirm_cancel(self, turn: Turn, draft: Nomination) -> list[Reply]:
        choices = (Choice("Có, hủy hồ sơ", f"w:{draft.id}:cancel_yes"),
                   Choice("Không, tiếp tục", f"w:{draft.id}:resume"))
        return [Reply(self.texts.render("nomination/cancel_confirm.j2", name=self.nominee(draft)), choices)]

    def nominee(self, draft: Nomination) -> str:
        return str(draft.answers.get("full_name") or draft.answers.get("collective_name") or "")

    def _submit(self, turn: Turn, draft: Nomination) -> list[Reply]:
        unit = turn.uow.units.get(draft.unit_id)
        if self.current(draft) is not None or unit is None:
            return self.prompt(turn, draft, self.texts.render("nomination/incomplete.j2"))
        if not self.profiles.complete(unit):
            return self.profiles.first(turn, unit, f"w:{draft.id}:submit", "unit_profile/first_time.j2")
        to = self.destination(draft, unit)
        assert to is not None  # every step is answered
        try:
            submission.submit(turn.uow, self.plan, draft, unit, turn.today, to.body)
        except rules.RuleBroken as broken:
            return [self.review(turn, draft, self.texts.render(broken.template, **broken.context()))]
        except submission.AlreadySubmitted:
            return [Reply(self.texts.render("nomination/stale.j2", open=False))]
        turn.state.pop("mode", None)
        summary = self.texts.render("nomination/summary.j2", draft=draft, unit=unit, to=to,
                                    nominee=self.nominee(draft), award=self._options_of("award_kind", draft),
                                    movement=self._options_of("movement", draft))
        member = is_member(turn.uow, draft.user_id, unit.id)
        files = unit_documents(turn.uow, self.plan, self.answerer.units, unit, draft.user_id, member,
                               just_submitted=draft.id, pdf=self.pdf)
        on_paper = any(v == "paper" for k, v in draft.answers.items() if k.startswith("paper."))
        done = Reply(self.texts.render("nomination/submitted.j2", summary=summary, to=to, on_paper=on_paper,
                                       copies=self.plan.dossier.copies, standing=self.standing(turn, draft),
                                       documents=to.document_labels if files else [],
                                       minutes="bien_ban" in to.documents,
                                       deadline=rules.deadline(self.plan, draft.answers["award_kind"])))
        invited = [Address(*chat) for chat in turn.uow.receivers.chats_of(to.body)]
        notices = [Reply(self.texts.render("nomination/notify.j2", summary=summary), to=address)
                   for address in dict.fromkeys([*self.receivers(to.body), *invited])]
        later = [Reply(self.texts.render("documents_failed.j2"), later=files)] if files else []
        return [done, *later, *notices]

    def _options_of(self, key: str, draft: Nomination) -> str:
        step = next(s for s in self.steps(draft) if s.key == key)
        return self._options(step).get(draft.answers[key], draft.answers[key])

    # -- answering -------------------------------------------------------------------------------------------
    def _typed_choices(self, turn: Turn, step: Step | None) -> list[Choice]:
        """The choices a typed text picks: one by its number (except where a number is the answer) or its label;
        where the step is a choice (or the review), every choice whose label holds the typed words."""
        words = self.asking.plain_words
        chosen = pick(turn.event.text, turn.offered, numbers=_numbered(step), words=words)
        if chosen is not None:
            return [chosen]
        left_out = [c for c in turn.offered if c.payload.endswith((":none", ":skip:" + (step.key if step else "")))]
        if step is not None and left_out and skips(self.form, turn.event.text):
            return left_out[:1]  # "bỏ qua" where the step can be left out
        if step is not None and not self._options(step):
            return []
        return matching(turn.event.text, turn.offered, words=words)

    def _read(self, turn: Turn, draft: Nomination, step: Step) -> Any:
        event = turn.event

        def read() -> Any:
            if step.paper is not None and event.attachment in FILE_KINDS and event.attachment_id:
                turn.uow.attachments.put(draft.id, step.paper.id, event.attachment_id,  # type: ignore[arg-type]
                                         event.attachment_name)
                return "file"
            if step.paper is not None and event.attachment:
                raise Invalid("paper_file")
            if event.attachment or not event.text.strip():
                raise Invalid("expects_text" if not self._options(step) else "expects_choice")
            if step.field.kind == "unit":
                return self._unit(event.text)
            parse = text_parser(self.form, step.field.kind, turn.today, self.earliest)
            if parse is None:
                raise Invalid("expects_choice")
            return parse(event.text)
        return read

    def _unit(self, text: str) -> str:
        match = self.answerer.resolve_unit(text)
        if match is None or match.name is None:
            raise Invalid("unit_unknown")
        return match.name

    def _answer(self, turn: Turn, draft: Nomination, step: Step, read: Any) -> list[Reply]:
        try:
            value = read()
            self._check(turn, draft, step, value)
        except Invalid as invalid:
            text = self.texts.render("nomination/invalid.j2", reason=invalid.reason, **invalid.params)
            return self.prompt(turn, draft, text)
        except rules.RuleBroken as broken:
            return self.prompt(turn, draft, self.texts.render(broken.template, **broken.context()))
        answers = implied(self.plan, {**draft.answers, step.key: value})
        draft.editing = None
        turn.uow.nominations.save(draft, answers)
        self._settle_profile(turn, draft, step)
        return self.prompt(turn, draft, self._after(turn, draft, step))

    def _chosen(self, step: Step, value: str) -> str:
        if value not in self._options(step):
            raise Invalid("expects_choice")
        return value

    def _check(self, turn: Turn, draft: Nomination, step: Step, value: Any) -> None:
        unit = turn.uow.units.get(draft.unit_id)
        if step.key == "award_kind":
            rules.check_deadline(self.plan, value, turn.today)
        answers = implied(self.plan, {**draft.answers, step.key: value})
        award, nominee = answers.get("award_kind"), answers.get("nominee_kind")
        if step.key in ("award_kind", "nominee_kind") and unit is not None and award and nominee:
            rules.check_quota(self.plan, award, unit.unit_class, nominee, unit.name,
                              submission.used(turn.uow, self.plan, unit, award, nominee))

    def _settle_profile(self, turn: Turn, draft: Nomination, step: Step) -> None:
        """Once the unit is known (again, when changed) it goes to the user's profile, not asked for later drafts."""
        answers = draft.answers
        if step.key not in PROFILE_KEYS:
            return
        draft.unit_id = None
        if answers.get("unit") == "other":
            if "unit_class" not in answers or "unit_name" not in answers:
                return
            unit = turn.uow.units.get_or_create(answers["unit_name"], answers["unit_class"], listed=False)
        else:
            match = self.answerer.resolve_unit(answers["unit"])
            assert match is not None
            unit = turn.uow.units.get_or_create(answers["unit"], match.unit_class.id, listed=True)
        draft.unit_id = turn.user.unit_id = unit.id
        turn.uow.session.add(draft)
        turn.uow.session.add(turn.user)

    def _after(self, turn: Turn, draft: Nomination, step: Step) -> str:
        """What is worth saying once a step is answered: the unit's quota and deadline once the award is known, and
        where the dossier goes once that is decided."""
        if step.key == "award_kind" or (step.key in PROFILE_KEYS and draft.unit_id and draft.answers.get("award_kind")):
            return self.standing(turn, draft)
        to = self.destination(draft, turn.uow.units.get(draft.unit_id)) if step.key == "movement" else None
        return self.texts.render("nomination/saved.j2", to=to)

    def standing(self, turn: Turn, draft: Nomination) -> str:
        unit = turn.uow.units.get(draft.unit_id)
        award = draft.answers.get("award_kind")
        if unit is None or award is None:
            return ""
        quotas = []
        for kind in nominee_kinds(self.plan, draft.answers):
            q = rules.quota(self.plan, award, unit.unit_class, kind)
            if q is not None:
                left = q.max - submission.used(turn.uow, self.plan, unit, award, kind)
                quotas.append((kind, left, q.max, q.section, q.per == "class"))
        d = rules.deadline(self.plan, award)
        days = (d.last_day - turn.today).days if d else None
        return self.texts.render("nomination/standing.j2", unit=unit.name, quotas=quotas, deadline=d, days=days)

    # -- moving around ---------------------------------------------------------------------------------------
    def _skip(self, turn: Turn, draft: Nomination, key: str) -> list[Reply]:
        """An optional particular left out: the report prints a dotted line for it."""
        step = self.current(draft)
        if step is None or step.key != key or not step.field.optional:
            return self.prompt(turn, draft, self.texts.render("nomination/stale.j2", open=True))
        draft.editing = None
        turn.uow.nominations.save(draft, {**draft.answers, key: ""})
        return self.prompt(turn, draft)

    def _back(self, turn: Turn, draft: Nomination) -> list[Reply]:
        if draft.editing:
            draft.editing = None
            turn.uow.nominations.save(draft, draft.answers)
            return self.prompt(turn, draft)
        all_steps = [s for s in self.steps(draft) if not s.field.optional]
        current = self.current(draft, all_steps)
        answers = dict(draft.answers)
        if current is not None and answers.get(current.key) == "no":
            answers.pop(current.key)
        else:
            index = all_steps.index(current) if current in all_steps else len(all_steps)
            if index == 0:
                return self.prompt(turn, draft, self.texts.render("nomination/first_step.j2"))
            previous = all_steps[index - 1].key
            answers.pop(previous, None)
            if previous in PROFILE_KEYS:
                draft.unit_id = None  # the unit is asked again; the profile keeps the old one until it is answered
        turn.uow.nominations.save(draft, answers)
        return self.prompt(turn, draft)

    def _edit(self, turn: Turn, draft: Nomination, key: str) -> list[Reply]:
        group = [s for s in self.steps(draft) if s.field.key == key]
        if not group:
            return self.prompt(turn, draft)
        if len(group) == 1 and group[0].key == key:
            draft.editing = key
            turn.uow.nominations.save(draft, draft.answers)
        else:  # criteria and papers are asked again from the first
            turn.uow.nominations.save(draft, {k: v for k, v in draft.answers.items()
                                              if k not in {s.key for s in group}})
        return self.prompt(turn, draft)

    # -- asking ----------------------------------------------------------------------------------------------
    def prompt(self, turn: Turn, draft: Nomination, before: str = "") -> list[Reply]:
        """The current question (or the refusal of a criterion, or the review) with its choices."""
        all_steps = [s for s in self.steps(draft) if not s.field.optional]
        step = self.current(draft)
        if step is None:
            return [self.review(turn, draft, before)]
        number = all_steps.index(step) + 1 if step in all_steps else len(all_steps)
        prompt = step.field.prompt.replace("{example}", example(step.field.kind, turn.today, self.earliest))
        notice = ""
        if step.key in FIRST_DETAILS and turn.user.privacy_noticed_at is None:
            notice = self.texts.render("nomination/privacy.j2")
            turn.user.privacy_noticed_at = utcnow()
            turn.uow.session.add(turn.user)
        refused = step.field.kind == "criteria" and draft.answers.get(step.key) == "no"
        hint = next((n for n in self.plan.dossier.notes if n.id == step.field.hint), None)
        text = self.texts.render("nomination/ask.j2", before=before, notice=notice, step=step, refused=refused,
                                 number=number, total=len(all_steps), prompt=prompt, hint=hint,
                                 editing=bool(draft.editing), minimum=self.form.long_text.min)
        choices = [] if refused else [Choice(label, f"w:{draft.id}:a:{step.key}:{value}")
                                      for value, label in self._options(step).items()]
        if refused:
            choices.append(Choice("Hủy hồ sơ", f"w:{draft.id}:cancel"))
        if step.field.optional:
            choices.append(Choice(SKIP, f"w:{draft.id}:skip:{step.key}"))
        if number > 1 or draft.editing:
            choices.append(Choice("Quay lại", f"w:{draft.id}:back"))
        return [Reply(text, tuple(choices), numbered=_numbered(step))]

    def _options(self, step: Step) -> dict[str, str]:
        kind = step.field.kind
        if kind == "unit":
            return {"other": "Khác"}
        if kind == "unit_class":
            return {c.id: upper_first(c.label) for c in self.plan.unit_classes}
        if kind == "award_kind":
            return {k.id: k.name for k in self.plan.award_kinds}
        if kind == "movement":
            return self.plan.movement_choices()
        if kind == "criteria":
            return {"yes": "Đạt", "no": "Không đạt"}
        if kind == "papers":
            assert step.paper is not None
            return {"paper": "Nộp bản giấy"} | ({} if step.paper.required else {"none": "Không có"})
        return dict(step.field.options)

    def review(self, turn: Turn, draft: Nomination, before: str = "") -> Reply:
        all_steps = self.steps(draft)
        unit: Unit | None = turn.uow.units.get(draft.unit_id)
        files = {a.paper_id: a for a in turn.uow.attachments.of(draft.id)}  # type: ignore[arg-type]
        rows = [(s, self.shown(s, draft.answers.get(s.key), files)) for s in all_steps
                if not s.field.optional or draft.answers.get(s.key)]
        left = [s.field.label for s in all_steps if s.field.optional and not draft.answers.get(s.key)]
        text = self.texts.render("nomination/review.j2", before=before, rows=rows, unit=unit, left=left,
                                 to=self.destination(draft, unit))
        fields = list(dict.fromkeys(s.field.key for s in all_steps))
        labels = {s.field.key: s.field.label for s in all_steps}
        missing = {s.field.key for s in all_steps if s.field.optional and not draft.answers.get(s.key)}
        choices = [Choice("Nộp hồ sơ", f"w:{draft.id}:submit")]
        choices += [Choice(f"{'Bổ sung' if k in missing else 'Sửa'}: {labels[k]}", f"w:{draft.id}:edit:{k}")
                    for k in fields]
        return Reply(text, tuple(choices))

    def shown(self, step: Step, value: Any, files: dict[str, Any]) -> str:
        """An answer as the review screen shows it: labels for choices, the file's name for a paper."""
        if step.paper is not None and value == "file":
            attached = files.get(step.paper.id)
            return f"đã gửi tệp {attached.file_name or ''}".strip() if attached else "đã gửi tệp"
        if step.field.kind == "unit" and value == "other":
            return "Khác"
        return self._options(step).get(value, str(value)) if isinstance(value, str) else str(value)

    def destination(self, draft: Nomination, unit: Unit | None) -> Destination | None:
        """Who receives the dossier, as the documents address it (None while the answers do not decide it)."""
        return destination(self.plan, draft.answers, unit.name if unit else "")


def _numbered(step: Step | None) -> bool:
    """Where the answer is a number (a count), a typed number is the answer, not a choice's number."""
    return step is None or step.field.kind != "count"
