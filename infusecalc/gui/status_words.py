"""The window's words for what may be done with the case (issue readiness), in one place.

Codes come from ``session.CaseSession.missing_for_issue`` and ``Readiness``; the banner, the
issue action's tooltip and the status bar all say them with these functions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from .language import listing

if TYPE_CHECKING:
    from .session import CaseSession

_CONTEXT = "StatusWords"


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def missing_name(code: str) -> str:
    names = {
        "label_values": _tr("label values (concentration and container volume)"),
        "lot": _tr("lot number"),
        "bag_ids": _tr("bag IDs"),
        "level_open": _tr("a recorded decision that opens this dose level (Trial > Dose escalation)"),
    }
    return names.get(code, code)


def missing_for_issue_text(codes: list[str]) -> str:
    return _tr("Before the sheet can be issued, enter: {missing}.").format(
        missing=listing(missing_name(c) for c in codes))


def issue_blocked_reason(session: "CaseSession") -> str | None:
    """Why a signed sheet cannot be issued now, or None when it can."""
    from .session import Readiness

    state = session.readiness()
    if state is Readiness.READY:
        return None
    if state is Readiness.NO_RESULT:
        return _tr("Not available: no dose is computed yet (see the fields marked in red).")
    if state is Readiness.NOT_CLEARED:
        return _tr("Not available: the case is NOT CLEARED; only a cleared case is issued.")
    return _tr("Not available: the case is cleared, but not ready to issue. {missing}").format(
        missing=missing_for_issue_text(session.missing_for_issue()))


def issue_state_name(session: "CaseSession") -> str:
    """The status bar's short word for the case, never more than the banner says: a NOT
    CLEARED case is not "not ready", it is not to be issued at all."""
    from .session import Readiness

    state = session.readiness()
    if state is Readiness.READY:
        return _tr("Ready to issue")
    if state is Readiness.NO_RESULT:
        return _tr("No dose computed: nothing to issue")
    if state is Readiness.NOT_CLEARED:
        return _tr("NOT CLEARED: not to be issued")
    return _tr("Not ready to issue")
