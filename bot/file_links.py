"""Files where the platform cannot upload them (Zalo Bot Platform has no documents): with PUBLIC_URL, a file is
stored in the database for the chat it is given to, until it expires, and the chat gets a signed link to it on the
bot's web server (`GET /tai-lieu?t=…`), which any process behind the load balancer can serve. Without PUBLIC_URL the
chat is told how else to get it.

The page answers 200 with the file to its link; 403 to a forged link, or one for another file, holder or page;
410 once the link or the file has expired or the file was erased (its holder's /xoadulieu). Expired files are
deleted by the scheduler's runs, and when an expired link is opened."""
from __future__ import annotations

import asyncio
import logging
import secrets
from pathlib import PurePath
from typing import Protocol
from urllib.parse import quote

from aiohttp import web
from sqlalchemy import Engine

from bot.signed_links import LinkExpired, LinkRefused, LinkSigner
from bot.webhook import Page
from handlers.events import Document
from handlers.texts import Texts
from knowledge.dates import TIMEZONE
from storage.models import LinkedFile
from storage.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)
PATH = "/tai-lieu"
PURPOSE = "file"
CONTENT_TYPES = {".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                 ".pdf": "application/pdf", ".zip": "application/zip"}  # what the core makes (files/link.j2 names them)
PRIVATE = {"Cache-Control": "private, no-store", "Referrer-Policy": "no-referrer", "X-Content-Type-Options": "nosniff"}


class FileGiver(Protocol):
    """What a channel that cannot upload does with a document: the text that gives it to the chat."""

    async def give(self, platform: str, chat_id: str, document: Document) -> str: ...


class Announced:
    """Without PUBLIC_URL: the file is named, and the chat told how else to get it."""

    def __init__(self) -> None:
        self.texts = Texts({})

    async def give(self, platform: str, chat_id: str, document: Document) -> str:
        return self.texts.render("files/no_link.j2", name=document.filename, platform=platform.capitalize())


def holder(platform: str, chat_id: str) -> str:
    """Whom a link is given to, as the link names them."""
    return f"{platform}:{chat_id}"


def disposition(filename: str) -> str:
    """An attachment under its own name: an ASCII fallback for old clients, the UTF-8 name (RFC 6266) for others."""
    fallback = "".join(c if c.isascii() and c.isprintable() and c not in '"\\' else "_" for c in filename)
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


class FileLinks:
    """Files given by signed links, kept in the database until they expire: `give` stores one and says where it is,
    `page` serves it."""

    def __init__(self, engine: Engine, signer: LinkSigner) -> None:
        self.engine, self.signer, self.texts = engine, signer, Texts({})

    async def give(self, platform: str, chat_id: str, document: Document) -> str:
        key = secrets.token_hex(16)
        expires = self.signer.now() + self.signer.lifetime
        file = LinkedFile(key=key, platform=platform, chat_id=chat_id, filename=document.filename,
                          data=document.data, expires_at=expires)
        await asyncio.to_thread(self._store, file)
        return self.texts.render("files/link.j2", platform=platform.capitalize(), name=document.filename,
                                 kind=PurePath(document.filename).suffix,
                                 url=self.signer.url(PATH, PURPOSE, holder(platform, chat_id), key),
                                 until=expires.astimezone(TIMEZONE).strftime("%H:%M ngày %d/%m/%Y"))

    def page(self) -> Page:
        return Page(PATH, self.show)

    async def show(self, request: web.Request) -> web.StreamResponse:
        try:
            grant = self.signer.check(request.query.get("t", ""), PURPOSE)
        except LinkExpired:
            await asyncio.to_thread(self._forget_expired)
            return self._refusal(410)
        except LinkRefused as exc:
            log.info("a file link refused: %s", exc)
            return self._refusal(403)
        file = await asyncio.to_thread(self._read, grant.resource)
        if file is None:  # expired and deleted, or erased by its holder
            return self._refusal(410)
        if holder(file.platform, file.chat_id) != grant.holder:
            log.info("a file link refused: given to another holder")
            return self._refusal(403)
        content_type = CONTENT_TYPES.get(PurePath(file.filename).suffix.lower(), "application/octet-stream")
        return web.Response(body=file.data, content_type=content_type,
                            headers={"Content-Disposition": disposition(file.filename), **PRIVATE})

    def _refusal(self, status: int) -> web.Response:
        return web.Response(status=status, text=self.texts.render("files/refused.j2", status=status), headers=PRIVATE)

    # -- the database side (in a worker thread) -------------------------------------------------------------------
    def _store(self, file: LinkedFile) -> None:
        with UnitOfWork(self.engine) as uow:
            uow.linked_files.add(file)
            uow.commit()

    def _read(self, key: str) -> LinkedFile | None:
        """The file, unless it has expired (then the expired files are deleted)."""
        now = self.signer.now()
        with UnitOfWork(self.engine) as uow:
            file = uow.linked_files.get(key)
            if file is None or file.expires_at > now:
                return file
            uow.linked_files.forget_expired(now)
            uow.commit()
            return None

    def _forget_expired(self) -> None:
        with UnitOfWork(self.engine) as uow:
            uow.linked_files.forget_expired(self.signer.now())
            uow.commit()
