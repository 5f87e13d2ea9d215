"""DOCX to PDF with LibreOffice, when it is installed: one headless call converts a whole dossier."""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

BINARIES = ("soffice", "libreoffice")
TIMEOUT_S = 600


class PdfError(Exception):
    """LibreOffice ran but did not produce every PDF."""


def office() -> str | None:
    """The LibreOffice command on PATH, or None."""
    return next((path for path in map(shutil.which, BINARIES) if path), None)


def to_pdf(docx_files: Sequence[Path], out_dir: Path) -> list[Path]:
    """Convert in one LibreOffice run (its start-up dominates); a private profile lets it run beside another
    instance. Returns the PDFs in the order of `docx_files`; [] when LibreOffice is absent."""
    binary = office()
    if binary is None or not docx_files:
        return []
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        result = subprocess.run(
            [binary, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
             "--convert-to", "pdf", "--outdir", str(out_dir), *map(str, docx_files)],
            capture_output=True, text=True, timeout=TIMEOUT_S, check=False)
    pdfs = [out_dir / f"{path.stem}.pdf" for path in docx_files]
    missing = [p.name for p in pdfs if not p.is_file()]
    if missing:
        raise PdfError(f"LibreOffice (exit {result.returncode}) made no {', '.join(missing)}: {result.stderr[-500:]}")
    return pdfs
