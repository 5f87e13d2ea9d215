"""Write a dossier to a folder: the DOCX files and, when LibreOffice is installed, a PDF beside each."""
from __future__ import annotations

import io
import tempfile
import zipfile
from collections.abc import Mapping
from pathlib import Path

from documents.pdf import office, to_pdf


def write_files(files: Mapping[str, bytes], out_dir: Path, pdf: bool = True) -> list[Path]:
    """The files written: every DOCX, then (with `pdf` and LibreOffice on PATH) every PDF."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in files.items():
        path = out_dir / name
        path.write_bytes(data)
        written.append(path)
    if pdf:
        written += to_pdf(written, out_dir)
    return written


def with_pdfs(files: Mapping[str, bytes]) -> dict[str, bytes]:
    """The files with a PDF after each DOCX, when LibreOffice is installed (one run converts them all); as they
    are otherwise."""
    if office() is None:
        return dict(files)
    with tempfile.TemporaryDirectory(prefix="dossier-") as folder:
        docx = [p for p in write_files(files, Path(folder), pdf=False) if p.suffix == ".docx"]
        pdfs = {p.stem: p.read_bytes() for p in to_pdf(docx, Path(folder) / "pdf")}
    out: dict[str, bytes] = {}
    for name, data in files.items():
        out[name] = data
        stem = name.removesuffix(".docx")
        if stem in pdfs:
            out[f"{stem}.pdf"] = pdfs[stem]
    return out


def zipped(files: Mapping[str, bytes]) -> bytes:
    """One ZIP of the files, in their order."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()
