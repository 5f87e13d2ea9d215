"""Command line: `python -m bot ask|chat|run|plans|db|nominations`."""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from pydantic import ValidationError

from bot.answering import build_catalog
from bot.clock import today
from bot.config import Settings
from bot.logs import configure as configure_logging
from knowledge.answer import Answerer
from knowledge.catalog import Catalog
from knowledge.loader import PLANS_DIR, KnowledgeError, available_plans


NO_CHANNEL = ("Không có kênh nào để chạy: chưa đặt TELEGRAM_BOT_TOKEN hay ZALO_BOT_TOKEN "
              "(biến môi trường hoặc tệp .env), và không có cửa sổ dòng lệnh để trò chuyện. "
              "Đặt ít nhất một token, hoặc dùng `python -m bot chat` để đọc hội thoại từ đầu vào chuẩn.")


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date YYYY-MM-DD: {text!r}") from None


def _moment(text: str) -> dt.datetime:
    from handlers.reminders import TZ

    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a time YYYY-MM-DDTHH:MM: {text!r}") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=TZ)


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m bot", description="Trợ lý Thi đua: the plan assistant.")
    sub = p.add_subparsers(dest="command")
    ask = sub.add_parser("ask", help="answer questions about the plan")
    ask.add_argument("--json", action="store_true", help="one JSON object per answer")
    ask.add_argument("--today", type=_date, help="answer as if today were YYYY-MM-DD")
    ask.add_argument("question", nargs="+", help="the question, or - to read one question per line from stdin")
    plan_option = {"help": "the plan (a name `plans` lists); default: the one the question names, else the first"}
    ask.add_argument("--plan", **plan_option)
    for name, text in (("chat", "talk to the assistant in this terminal"),
                       ("run", "start every configured channel (the console when no token is set)")):
        c = sub.add_parser(name, help=text)
        c.add_argument("--today", type=_date, help="pretend today is YYYY-MM-DD")
    plans = sub.add_parser("plans", help="list the plans available; draft or check a plan's data file")
    plan_actions = plans.add_subparsers(dest="action")
    draft = plan_actions.add_parser("draft", help="draft a plan's data file from its text (.docx, .pdf, .txt)")
    draft.add_argument("file", type=Path, help="the plan's text")
    draft.add_argument("--id", required=True, help="the plan's id: the data file's name without .yaml")
    draft.add_argument("--out", type=Path, help="folder to write to (default: the plans folder, served at once)")
    check = plan_actions.add_parser("check", help="validate a plan: schema errors, facts to review, figures unheld")
    check.add_argument("id", help="the plan's id (a name `plans` lists)")
    documents = sub.add_parser("documents", help="write a unit's whole dossier (DOCX, and PDF with LibreOffice)")
    whose = documents.add_mutually_exclusive_group(required=True)
    whose.add_argument("--unit", help="the proposing unit's name, e.g. \"Sở Y tế\"")
    whose.add_argument("--receiver", help="a movement's lead agency, e.g. \"Sở Xây dựng\": what it accepted, "
                                          "as its own dossier onwards")
    documents.add_argument("--out", type=Path, required=True, help="folder to write to")
    documents.add_argument("--date", type=_date, help="the signing date YYYY-MM-DD (default: left for the clerk)")
    documents.add_argument("--no-pdf", action="store_true", help="DOCX only, even when LibreOffice is installed")
    documents.add_argument("--plan", **plan_option)
    remind = sub.add_parser("remind", help="send the reminders and announcements due, once, and exit")
    remind.add_argument("--now", type=_moment, help="as if it were this time: YYYY-MM-DDTHH:MM (Vietnam time)")
    db = sub.add_parser("db", help="database schema").add_subparsers(dest="action", required=True)
    db.add_parser("upgrade", help="apply pending migrations (the bot also does it at start)")
    nominations = sub.add_parser("nominations", help="nominations for the secretariat")
    export = nominations.add_subparsers(dest="action", required=True).add_parser(
        "export", help="every submission, as CSV or Excel")
    export.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    export.add_argument("--out", type=Path, help="file to write (default: standard output)")
    export.add_argument("--plan", **plan_option)
    return p


def _db(args: argparse.Namespace, settings: Settings) -> int:
    from bot.bootstrap import build_engine

    build_engine(settings)  # migrates
    print("Cơ sở dữ liệu đã ở phiên bản mới nhất.")
    return 0


def _documents(args: argparse.Namespace, settings: Settings) -> int:
    from bot.bootstrap import build_engine
    from documents import DocumentsError, gathered, write_files
    from documents.render import dossier
    from handlers.gathered import lead_named, unit_of
    from handlers.nomination.destination import lead_bodies
    from handlers.nomination.dossier import accepted_dossiers, unit_dossier
    from storage.unit_of_work import UnitOfWork

    answerer = _answerer(args, settings)
    plan, named = answerer.plan, args.unit or args.receiver
    body = None if args.unit else lead_named(answerer, named)
    if args.receiver and body is None:
        print(f"“{named}” không chủ trì phong trào nào của kế hoạch; cơ quan chủ trì: "
              + "; ".join(lead_bodies(plan)), file=sys.stderr)
        return 1
    name = unit_of(answerer, body or named).strip()  # a unit of the directory by any of its names
    with UnitOfWork(build_engine(settings), plan.id, plan.units) as uow:
        try:
            if body is None:
                unit = uow.units.named(name)
                files = dossier(plan, unit_dossier(uow, plan, answerer.units, unit), args.date) if unit else {}
            else:
                files = gathered(plan, *accepted_dossiers(uow, plan, answerer.units, body, name), args.date)
        except DocumentsError:
            files = {}
    if not files:
        print(f"Không có hồ sơ đã nộp của “{named}”." if body is None
              else f"{body} chưa tiếp nhận hồ sơ nào (/hosonhan).", file=sys.stderr)
        return 1
    print("\n".join(str(path) for path in write_files(files, args.out, pdf=not args.no_pdf)))
    return 0


def _export(args: argparse.Namespace, settings: Settings) -> int:
    from functools import partial

    from bot.bootstrap import build_engine
    from bot.clock import today
    from bot.export import submission_rows, write_csv, write_xlsx
    from handlers.overview import build
    from storage.unit_of_work import UnitOfWork

    answerer = _answerer(args, settings)
    plan = answerer.plan
    with UnitOfWork(build_engine(settings), plan.id, plan.units) as uow:
        overview = build(uow, plan, answerer.units, today(settings.bot_today)) if args.format == "xlsx" else None
        write = partial(write_xlsx, overview=overview) if overview else write_csv
        if not args.out:
            write(submission_rows(uow, plan), sys.stdout.buffer)
            return 0
        with args.out.open("wb") as out:
            count = write(submission_rows(uow, plan), out)
    print(f"Đã ghi {count} hồ sơ vào {args.out}.", file=sys.stderr)
    return 0


def _plans(args: argparse.Namespace, settings: Settings) -> int:
    from knowledge.drafting import DraftError
    from knowledge.drafting.check import check
    from knowledge.drafting.plan import write_draft

    plans_dir = settings.plans_dir or PLANS_DIR
    if args.action == "draft":
        try:
            path = write_draft(args.file, args.id, args.out or plans_dir)
        except DraftError as exc:
            print(f"Không lập được bản nháp kế hoạch: {exc}", file=sys.stderr)
            return 2
        print(f"Đã viết bản nháp: {path}\nKiểm tra: python -m bot plans check {args.id}"
              + (f" (với PLANS_DIR={path.parent})" if args.out else ""))
        return 0
    if args.action == "check":
        report = check(args.id, plans_dir)
        print(f"Kế hoạch {args.id}: đọc được ({len(report.plan.sections)} mục).")
        print(f"Dữ kiện chờ xác nhận (review: true): {len(report.reviews)}")
        print("".join(f"  - {line}\n" for line in report.reviews), end="")
        print(f"Ngày và số trong văn bản chưa có dữ kiện nào giữ: {len(report.unheld)}")
        print("".join(f"  - {line}\n" for line in report.unheld), end="")
        return 0
    print("\n".join(available_plans(plans_dir)))
    return 0


def _catalog(args: argparse.Namespace, settings: Settings) -> Catalog:
    """The plans served; `--plan`, when given, must be one of them."""
    catalog = build_catalog(settings)
    if args.plan and args.plan not in catalog:
        raise KnowledgeError(f"no plan {args.plan!r} is served; `python -m bot plans` lists them")
    return catalog


def _answerer(args: argparse.Namespace, settings: Settings) -> Answerer:
    """The plan `--plan` names, else the default plan."""
    catalog = _catalog(args, settings)
    return catalog[args.plan or catalog.default]


def _ask(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    catalog = _catalog(args, settings)
    day = today(args.today or settings.bot_today)
    if args.question == ["-"]:
        for line in sys.stdin:
            a = catalog.answer(line.rstrip("\n"), day, args.plan)
            out.write(json.dumps({"answer": a.text, "sources": a.sources, "found": a.found}, ensure_ascii=False) + "\n")
            out.flush()
        return 0
    a = catalog.answer(" ".join(args.question), day, args.plan)
    if args.json:
        out.write(json.dumps({"answer": a.text, "sources": a.sources, "found": a.found}, ensure_ascii=False) + "\n")
    else:
        out.write(a.text + "\n")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return _main(argv)
    except KeyboardInterrupt:  # Ctrl+C before a channel took over its own stopping: no traceback
        print(file=sys.stderr)
        return 130


def _main(argv: Sequence[str] | None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = Settings()
    except ValidationError as exc:  # one line per setting refused, no traceback
        print("Cấu hình không hợp lệ:", *(f"- {e['msg']}" for e in exc.errors()), sep="\n", file=sys.stderr)
        return 2
    configure_logging(settings.log_level)
    try:
        if args.command == "ask":
            return _ask(args, settings, sys.stdout)
        if args.command == "plans":
            return _plans(args, settings)
        if args.command == "db":
            return _db(args, settings)
        if args.command == "nominations":
            return _export(args, settings)
        if args.command == "documents":
            return _documents(args, settings)
        from bot.bootstrap import build_conversation, build_engine  # the database and the core: not for `ask`

        day = args.today if args.command in ("chat", "run") else None
        engine = build_engine(settings)
        conversation = build_conversation(settings, engine, fixed_today=day)
        if args.command == "remind":
            from bot.serve import remind_once

            return remind_once(settings, engine, conversation, args.now)
        if args.command == "run" and (settings.telegram_bot_token or settings.zalo_bot_token):
            from bot.serve import run_channels  # aiogram costs ~3 s of import; `ask` must start in under 1 s

            return run_channels(settings, engine, conversation)
        if args.command == "run" and not sys.stdin.isatty():
            print(NO_CHANNEL, file=sys.stderr)
            return 2
        from bot.console import LOG, run_console  # the conversation core and storage: not for `ask`

        LOG.parent.mkdir(parents=True, exist_ok=True)
        with LOG.open("a", encoding="utf-8") as log:  # the terminal is the user's: the log goes to a file
            configure_logging(settings.log_level, log)
            return run_console(conversation, sys.stdin, sys.stdout)
    except KnowledgeError as exc:
        print(f"Lỗi dữ liệu kế hoạch: {exc}", file=sys.stderr)
        return 2
