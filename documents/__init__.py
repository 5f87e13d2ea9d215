"""Ready-to-sign nomination documents (Tờ trình, Biên bản, Danh sách, Báo cáo thành tích) from the plan's templates.

The contract with the drafts is `documents.model`; the entry points are re-exported here.
"""
from documents.batches import DocumentsError
from documents.files import write_files
from documents.model import Nomination, Nominee, UnitDossier, UnitProfile
from documents.render import dossier, gathered, report

__all__ = ["DocumentsError", "Nomination", "Nominee", "UnitDossier", "UnitProfile", "dossier", "gathered", "report",
           "write_files"]
