"""Where a nomination stands, in one vocabulary for every view: the officer's /hosocuatoi, a receiver's /hosonhan,
the secretariat's /tonghop, its web page and the XLSX export. Derived from the stored `Status` and `Review`."""
from __future__ import annotations

from enum import StrEnum

from storage.models import Review, Status


class Standing(StrEnum):
    DRAFT = "draft"  # never submitted
    SUBMITTED = "submitted"  # not reviewed yet
    RESUBMITTED = "resubmitted"  # returned, then submitted again
    ACCEPTED = "accepted"
    RETURNED = "returned"  # a draft again, with the reason, until resubmitted
    CANCELLED = "cancelled"


WORDS = {Standing.DRAFT: "nháp", Standing.SUBMITTED: "đã nộp", Standing.RESUBMITTED: "đã nộp lại",
         Standing.ACCEPTED: "đã tiếp nhận", Standing.RETURNED: "đã trả lại", Standing.CANCELLED: "đã hủy"}


def standing(status: str, review: str | None) -> Standing:
    if status == Status.CANCELLED:
        return Standing.CANCELLED
    if status == Status.SUBMITTED:
        return {Review.ACCEPTED: Standing.ACCEPTED, Review.RESUBMITTED: Standing.RESUBMITTED}.get(
            review, Standing.SUBMITTED)  # type: ignore[call-overload]
    return Standing.RETURNED if review == Review.RETURNED else Standing.DRAFT
