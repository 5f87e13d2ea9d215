"""Write a unit's dossier to a folder: the DOCX files and, when LibreOffice is installed, a PDF beside each."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from documents.model import UnitDossier
from documents.pdf import to_pdf
from documents.render import dossier
from knowledge.schema import Plan


def write_dossier(plan: Plan, unit_dossier: UnitDossier, today: dt.date, out_dir: Path,
                  pdf: bool = True) -> list[Path]:
    """The files written: every DOCX, then (with `pdf` and LibreOffice on PATH) every PDF."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in dossier(plan, unit_dossier, today).items():
        path = out_dir / name
        path.write_bytes(data)
        written.append(path)
    if pdf:
        written += to_pdf(written, out_dir)
    return written
