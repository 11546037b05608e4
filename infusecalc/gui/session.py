"""The state of the case being worked on, apart from any widget.

``CaseSession`` holds what the main window used to keep in its own attributes: the data the
form last produced, the acknowledgements (and the wording each was given to), the fields the
user has been to, the last evaluation and its problems, the file the case came from and the
snapshot it was last saved as. It asks the core to evaluate and keeps the answer; it never
decides anything clinical itself.

No Qt here (a test imports it without Qt), so it can be unit-tested and reused by any view.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from ..core.case import Case
    from ..core.errors import Problem
    from ..core.formulary import LoadedFormulary
    from ..core.protocol import LoadedProtocol
    from ..core.result import Evaluation

# A field left empty is only flagged once the user has been there (or asked for everything).
MISSING_CODES = frozenset({"FIELD_MISSING", "AGE_MISSING"})


class Readiness(Enum):
    """What the window may say about the case: never more than it knows.

    ``NO_RESULT``: no evaluation (input problems or a failure). ``NOT_CLEARED``: computed, and
    the core does not clear it. ``CLEARED_NOT_READY``: the core clears it, but the sheet cannot
    be issued yet (label values, lot or bag IDs missing). ``READY``: cleared, with everything
    the issued sheet needs."""

    NO_RESULT = "no_result"
    NOT_CLEARED = "not_cleared"
    CLEARED_NOT_READY = "cleared_not_ready"
    READY = "ready"


class Outcome(NamedTuple):
    """One evaluation of the form's data (a NamedTuple: dataclasses would slow the first paint)."""

    data: dict[str, Any]
    case: "Case | None"
    evaluation: "Evaluation | None"
    problems: list["Problem"]
    failure: str | None   # an unexpected exception: shown as a failure, never as a result


class CaseSession:
    """The case in progress. The view feeds it the form's data and shows what it holds."""

    def __init__(self) -> None:
        # Whether the escalation ledger has a level closed: the window puts in what the records
        # last read (OrderForm.level_closed). Unknown: not closed (the records still refuse at
        # issue time).
        self.level_closed: Callable[[str, str], bool] = lambda _group, _level: False
        self.protocol: LoadedProtocol | None = None
        self.formulary: LoadedFormulary | None = None
        self.path: str | None = None
        self.acked: list[str] = []
        # Acknowledgement is of a warning as it read when acknowledged: if its text changes
        # (another weight, another deviation), the acknowledgement lapses.
        self.acked_text: dict[str, str | None] = {}
        self.touched: set[str] = set()
        self.show_all_problems = False
        self.outcome: Outcome | None = None
        self.saved = ""

    # -- sources --------------------------------------------------------------------------

    def set_sources(self, protocol: "LoadedProtocol", formulary: "LoadedFormulary") -> None:
        self.protocol, self.formulary = protocol, formulary

    def is_ready(self) -> bool:
        return self.protocol is not None and self.formulary is not None

    # -- what the user did ----------------------------------------------------------------

    def touch(self, field: str) -> None:
        self.touched.add("exposures" if field.startswith("exposures") else field)

    def acknowledge(self, code: str, on: bool) -> None:
        if on and code not in self.acked:
            self.acked.append(code)
            ev = self.evaluation
            self.acked_text[code] = next((w.message for w in ev.warnings if w.code == code), None) if ev else None
        elif not on and code in self.acked:
            self.acked.remove(code)
            self.acked_text.pop(code, None)

    def ask_everything(self) -> None:
        """Calculate now: flag every missing field, visited or not."""
        self.show_all_problems = True

    def reset(self) -> None:
        """A new case: nothing of the last one is kept (acknowledgements, visited fields, file)."""
        self.path = None
        self.acked, self.acked_text = [], {}
        self.touched = set()
        self.show_all_problems = False
        self.outcome = None

    def loaded(self, case: "Case", path: str | None = None) -> None:
        """A case read from a file: its acknowledgements are taken as they are in the file."""
        self.reset()
        self.path = path
        self.acked = list(case.acknowledged_warnings)
        self.acked_text = {code: None for code in self.acked}
        self.show_all_problems = True

    # -- evaluation -----------------------------------------------------------------------

    def with_acks(self, form_data: dict[str, Any]) -> dict[str, Any]:
        data = dict(form_data)
        data["acknowledged_warnings"] = list(self.acked)
        return data

    def evaluate(self, form_data: dict[str, Any]) -> Outcome | None:
        """Evaluate the form's data with the current acknowledgements; None before the core
        is loaded. An acknowledgement whose warning now reads differently lapses, and the case
        is evaluated again without it."""
        if not self.is_ready():
            return None
        from ..core.case import parse_case
        from ..core.errors import InputError
        from ..core.evaluate import evaluate

        while True:
            data = self.with_acks(form_data)
            case = ev = None
            problems: list[Problem] = []
            failure = None
            try:
                case = parse_case(data)
                ev = evaluate(case, self.protocol, self.formulary)
            except InputError as exc:
                problems = list(exc.problems)
            except Exception as exc:  # a bug must show as a failure, never as a result
                failure = f"{type(exc).__name__}: {exc}"
            if ev is None or not self._drop_stale_acks(ev):
                break
        self.outcome = Outcome(data, case, ev, problems, failure)
        return self.outcome

    def _drop_stale_acks(self, ev: "Evaluation") -> bool:
        dropped = False
        for w in ev.warnings:
            if w.code in self.acked:
                bound = self.acked_text.get(w.code)
                if bound is None:
                    self.acked_text[w.code] = w.message
                elif bound != w.message:
                    self.acked.remove(w.code)
                    del self.acked_text[w.code]
                    dropped = True
        return dropped

    @property
    def evaluation(self) -> "Evaluation | None":
        return self.outcome.evaluation if self.outcome else None

    @property
    def case(self) -> "Case | None":
        return self.outcome.case if self.outcome else None

    @property
    def problems(self) -> list["Problem"]:
        return self.outcome.problems if self.outcome else []

    def visible(self, p: "Problem") -> bool:
        """A field left empty is flagged once the user has been there (or asked to calculate);
        every other problem is shown at once."""
        if self.show_all_problems or p.code not in MISSING_CODES:
            return True
        if p.code == "AGE_MISSING":
            return bool({"age_years", "date_of_birth"} & self.touched)
        key = "exposures" if p.field.startswith("exposures") else p.field
        return key in self.touched or key.split(".")[0] in self.touched

    # -- what may be done with it ---------------------------------------------------------

    def sheet_allowed(self) -> bool:
        """A sheet only for a computed case with every warning acknowledged (a NOT CLEARED
        case gets its sheet too, marked so by the sheet)."""
        ev = self.evaluation
        return ev is not None and self.case is not None and not ev.unacknowledged

    def missing_for_issue(self) -> list[str]:
        """Codes of what an issued sheet still needs (core.readiness: the same rule the records
        apply when they refuse an issue), in order."""
        from ..core.readiness import missing_for_issue

        ev, case = self.evaluation, self.case
        if ev is None or case is None:
            return []
        missing = list(missing_for_issue(case, ev))
        # The records refuse to issue at a level no recorded decision has opened
        # (records/escalation.require_open); the window must not call such a case ready.
        if self.level_closed(case.group, case.dose_level):
            missing.append("level_open")
        return missing


    def readiness(self) -> Readiness:
        ev = self.evaluation
        if ev is None or self.case is None:
            return Readiness.NO_RESULT
        if not ev.cleared:
            return Readiness.NOT_CLEARED
        return Readiness.CLEARED_NOT_READY if self.missing_for_issue() else Readiness.READY

    # -- saved or not ---------------------------------------------------------------------

    def snapshot(self, form_data: dict[str, Any]) -> str:
        import json  # here, not at the top: nothing before the first paint needs it
        return json.dumps(self.with_acks(form_data), sort_keys=True, ensure_ascii=False)

    def mark_saved(self, form_data: dict[str, Any], path: str | None = None) -> None:
        self.saved = self.snapshot(form_data)
        if path is not None:
            self.path = path

    def is_modified(self, form_data: dict[str, Any]) -> bool:
        return self.snapshot(form_data) != self.saved
