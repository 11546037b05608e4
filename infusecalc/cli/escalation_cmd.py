"""``infusecalc escalation``: the i3+3 decision table and the dose-escalation ledger.

Exit status: 0 done, 2 refused input (a bad argument, an unknown sheet or level, a second
outcome for a sheet, a decision the table does not allow, a failed signature), 3 internal error.
Importing this module stays cheap: everything heavy is imported inside the commands.
"""

from __future__ import annotations

import argparse
import json
import sys

EXIT_OK, EXIT_REFUSED = 0, 2


def register(sub: argparse._SubParsersAction) -> None:
    from .check import add_data_options

    e = sub.add_parser("escalation", help="i3+3 dose escalation: decision table, DLT outcomes, "
                                          "decisions that open or close dose levels")
    es = e.add_subparsers(dest="escalation_command", metavar="ACTION", required=True)

    t = es.add_parser("table", help="print the i3+3 decision table (E, S, D, DU) for each n and y",
                      description="Decisions for 1 <= n <= N patients and 0 <= y <= n DLTs. The "
                                  "target and interval default to the protocol's. Exit 2 on a "
                                  "bad argument.")
    t.add_argument("--target", metavar="P", help="target DLT rate pT as a decimal, e.g. 0.3 "
                                                 "(default: the protocol's)")
    t.add_argument("--interval", metavar="LO,HI", help="equivalence interval, e.g. 0.25,0.35 "
                                                       "(default: the protocol's)")
    t.add_argument("--max-n", metavar="N", default="12", help="largest number of patients (default 12)")
    t.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    add_data_options(t)
    t.set_defaults(func=run_table)

    o = es.add_parser("outcome", help="record the DLT outcome of the patient of a verified sheet",
                      description="Once per sheet (and per patient); a second outcome is refused "
                                  "(exit 2). A correction is a separate signed event: --correct "
                                  "--reason TEXT.")
    o.add_argument("sheet", metavar="SHEET_ID")
    o.add_argument("--dlt", required=True, choices=("yes", "no"),
                   help="did the patient have a dose-limiting toxicity")
    o.add_argument("--correct", action="store_true", help="correct the outcome recorded before")
    o.add_argument("--reason", metavar="TEXT", help="why the outcome is corrected (with --correct)")
    _signer_options(o)
    add_data_options(o)
    o.set_defaults(func=run_outcome)

    d = es.add_parser("decide", help="record a joint decision of the investigator and the sponsor "
                                     "that opens or closes a dose level",
                      description="Escalation, de-escalation (DL-1 only after the table at DL1 says "
                                  "D or DU) or closing a level, with the document it is recorded in. "
                                  "An admin signs.")
    d.add_argument("--group", required=True, metavar="G")
    d.add_argument("--level", required=True, metavar="L")
    which = d.add_mutually_exclusive_group(required=True)
    which.add_argument("--open", dest="open_level", action="store_true", help="open the level")
    which.add_argument("--close", dest="close_level", action="store_true", help="close the level")
    d.add_argument("--reference", required=True, metavar="TEXT",
                   help="where the decision is documented (minutes, letter, amendment)")
    _signer_options(d, "ADMIN")
    add_data_options(d)
    d.set_defaults(func=run_decide)

    st = es.add_parser("status", help="per group and level: n, y, the table's decision, open or not")
    st.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    add_data_options(st)
    st.set_defaults(func=run_status)


def _signer_options(p: argparse.ArgumentParser, who: str = "NAME") -> None:
    p.add_argument("--user", required=True, metavar=who, help="who signs")
    p.add_argument("--password-stdin", action="store_true",
                   help="read the signer's password from standard input (line 1); else asked with no echo")


def _err(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return EXIT_REFUSED


class _BadArgument(Exception):
    pass


def _probability(text: str, option: str):
    from ..core.escalation import EscalationParameterError, exact_fraction

    try:
        value = exact_fraction(text, option)
    except EscalationParameterError as exc:
        raise _BadArgument(f"{option} {text!r}: {str(exc).split(': ', 1)[1]}") from None
    if "/" in text:
        raise _BadArgument(f"{option} {text!r}: write it as a decimal such as 0.3, not a ratio")
    digits = text.strip().lstrip("+-").replace(".", "").lstrip("0")
    if len(digits) > 15:
        # The JSON output writes it as a number; beyond 15 digits that could not be exact.
        raise _BadArgument(f"{option} {text!r}: give at most 15 significant digits")
    return value


def _rule_from_args(args: argparse.Namespace, design):
    """The rule to print and whether it is the protocol's own."""
    from fractions import Fraction

    from ..core.escalation import EscalationParameterError, I3Plus3

    if args.target is None and args.interval is None:
        if design is None:
            raise _BadArgument("the protocol file has no [escalation] section; give --target P and "
                               "--interval LO,HI")
        return design.rule(), True
    if design is None and (args.target is None or args.interval is None):
        raise _BadArgument("the protocol file has no [escalation] section; give both --target P "
                           "and --interval LO,HI")
    target = _probability(args.target, "--target") if args.target is not None else Fraction(design.target)
    if args.interval is not None:
        parts = args.interval.split(",")
        if len(parts) != 2 or not all(p.strip() for p in parts):
            raise _BadArgument(f"--interval {args.interval!r}: give two decimals separated by a "
                               f"comma, lower first, e.g. --interval 0.25,0.35")
        low, high = (_probability(p.strip(), "--interval") for p in parts)
    else:
        low, high = Fraction(design.interval[0]), Fraction(design.interval[1])
    unacceptable = Fraction(design.unacceptable_probability) if design is not None else None
    try:
        rule = (I3Plus3(target, low, high, unacceptable) if unacceptable is not None
                else I3Plus3(target, low, high))
    except EscalationParameterError as exc:
        option = {"target": "--target", "interval": "--interval"}.get(exc.field, exc.field)
        hint = "" if args.interval is not None else " (give --interval LO,HI around the new target)"
        raise _BadArgument(f"{option}: {str(exc).split(': ', 1)[1]}{hint}") from None
    return rule, rule == (design.rule() if design is not None else None)


def parameters_line(rule, design, from_protocol: bool) -> str:
    """The parameters every printed decision carries, and whose they are."""
    if from_protocol and design is not None:
        return design.reading_line()
    return f"{rule.describe()} (given on the command line, not the protocol's)"


def run_table(args: argparse.Namespace) -> int:
    from ..core.errors import ProtocolFileError
    from ..core.escalation import (EscalationParameterError, MAX_N_LIMIT, decision_table,
                                   table_json)
    from ..core.protocol import load_protocol
    from ..records.adoption import AdoptionError
    from .check import protocol_in_force

    try:
        max_n = int(args.max_n.strip())
    except ValueError:
        return _err(f"--max-n {args.max_n!r}: give a whole number of patients from 1 to {MAX_N_LIMIT}")
    try:
        protocol = load_protocol(args.protocol) if args.protocol else protocol_in_force(args)
    except (ProtocolFileError, AdoptionError) as exc:
        return _err(str(exc))
    design = protocol.protocol.escalation
    try:
        rule, from_protocol = _rule_from_args(args, design)
        cells = decision_table(rule, max_n)
        payload = table_json(rule, cells) if args.json else None
    except _BadArgument as exc:
        return _err(str(exc))
    except EscalationParameterError as exc:
        option = {"max_n": "--max-n", "value": "--target/--interval"}.get(exc.field, exc.field)
        return _err(f"{option}: {str(exc).split(': ', 1)[1]}")
    line = parameters_line(rule, design, from_protocol)
    if args.json:
        print(json.dumps(payload, ensure_ascii=False))
        print(line, file=sys.stderr)
        return EXIT_OK
    print(line)
    width = max(2, len(str(max_n)))
    print(f"{'n':>{width}} | y = 0, 1, ... n")
    for n in range(1, max_n + 1):
        row = [c.decision.value for c in cells if c.n == n]
        print(f"{n:>{width}} | " + " ".join(f"{d:<2}" for d in row).rstrip())
    print("E escalate, S stay, D de-escalate, DU de-escalate: this level and higher are unacceptable")
    return EXIT_OK


# ---------------------------------------------------------------- the ledger


def _guard(run):
    """The records' refusals as messages and exit 2, as the other records commands do."""
    def wrapper(args: argparse.Namespace) -> int:
        from ..core.errors import ProtocolFileError
        from ..records.schema import SchemaTooNew
        from ..records.users import RecordsError
        from .records_cmd import _Usage

        try:
            return run(args)
        except (_Usage, RecordsError, SchemaTooNew, ProtocolFileError) as exc:
            return _err(str(exc))
    wrapper.__name__ = run.__name__
    return wrapper


def _password(args: argparse.Namespace, meaning: str) -> str:
    from .records_cmd import _passwords

    (pw,) = _passwords(args, [f"Password of {args.user} (signing: {meaning}): "])
    return pw


def _protocol(args: argparse.Namespace, store):
    """--protocol FILE, else the protocol in force in these records (the newest adopted)."""
    from ..core.protocol import load_protocol
    from ..records.adoption_store import protocol_in_force

    return load_protocol(args.protocol) if args.protocol else protocol_in_force(store)


@_guard
def run_outcome(args: argparse.Namespace) -> int:
    from ..records.escalation import ledger, record_outcome
    from ..records.users import Credentials
    from .records_cmd import _store

    if args.reason is not None and not args.correct:
        return _err("--reason goes with --correct: a first outcome has no reason to give")
    if args.correct and not (args.reason or "").strip():
        return _err("--correct needs --reason TEXT: say why the outcome recorded before is wrong")
    pw = _password(args, "DLT outcome corrected" if args.correct else "DLT outcome")
    with _store(args) as store:
        protocol = _protocol(args, store)
        seq = record_outcome(store, args.sheet, args.dlt == "yes", Credentials(args.user, pw), protocol,
                             correct=args.correct, reason=args.reason)
        book = ledger(store, protocol)
    done = next(o for o in book.outcomes if seq == o.event_seq or seq in o.corrected_by)
    state = book.level(done.group, done.level)
    assert state is not None
    what = "corrected" if args.correct else "recorded"
    print(f"DLT outcome {args.dlt} {what} for sheet {done.sheet_id} (subject {done.subject_id}, "
          f"group {done.group} {done.level}; event {seq})")
    print(f"{state.level} of group {state.group}: n = {state.n}, y = {state.y}, decision "
          f"{state.decision.value if state.decision else '-'}; {book.design.reading_line()}")
    return EXIT_OK


@_guard
def run_decide(args: argparse.Namespace) -> int:
    from ..records.escalation import record_decision
    from ..records.users import Credentials
    from .records_cmd import _store

    if not args.reference.strip():
        return _err("--reference: give the document the decision is recorded in")
    pw = _password(args, "escalation decision")
    with _store(args) as store:
        protocol = _protocol(args, store)
        seq = record_decision(store, args.group, args.level, args.open_level, args.reference,
                              Credentials(args.user, pw), protocol)
    print(f"{'opened' if args.open_level else 'closed'} {args.level} of group {args.group} "
          f"(decision: {args.reference.strip()}; event {seq})")
    return EXIT_OK


@_guard
def run_status(args: argparse.Namespace) -> int:
    from ..records.escalation import ledger
    from .records_cmd import _store

    with _store(args) as store:
        book = ledger(store, _protocol(args, store))
    if args.json:
        print(json.dumps(book.as_json(), ensure_ascii=False))
        print(book.design.reading_line(), file=sys.stderr)
        return EXIT_OK
    print(book.design.reading_line())
    print("group  level  n   y   decision  state")
    for s in book.levels:
        print(f"{s.group:<6} {s.level:<6} {s.n:<3} {s.y:<3} {(s.decision.value if s.decision else '-'):<9} "
              f"{'open' if s.open else 'closed'}")
    if book.decisions:
        print("decisions:")
        for d in book.decisions:
            print(f"  {d.utc} {d.action} {d.group} {d.level} by {d.full_name} ({d.user_id}): "
                  f"{d.reference} (event {d.seq})")
    else:
        print("decisions: none recorded")
    return EXIT_OK
