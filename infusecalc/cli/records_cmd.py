"""Records commands: users, issue, verify, void, reprint, audit, backup.

Exit status: 0 done (verified), 1 not cleared / mismatch / chain broken, 2 invalid input or
refused (failed signature, unknown or voided sheet, disabled or locked user, verifier is the
preparer). Importing this module stays cheap: everything heavy is imported inside the commands.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

EXIT_OK, EXIT_NO, EXIT_REFUSED = 0, 1, 2


def register(sub: argparse._SubParsersAction) -> None:
    from .check import add_data_options

    u = sub.add_parser("users", help="manage users (pharmacist, nurse, admin)")
    us = u.add_subparsers(dest="users_command", metavar="ACTION", required=True)
    a = us.add_parser("add", help="add a user (the first user of an empty database needs no --by)")
    a.add_argument("name", help="user ID")
    a.add_argument("--role", required=True, choices=("pharmacist", "nurse", "admin"))
    a.add_argument("--full-name", metavar="TEXT", help="name printed with signatures (default: NAME)")
    a.add_argument("--by", metavar="ADMIN", help="the admin who signs for it")
    _password_option(a, "line 1: the new user's password; line 2: the admin's")
    a.set_defaults(func=run_users_add)
    ls = us.add_parser("list", help="list users and their status")
    ls.set_defaults(func=run_users_list)
    for action, func, what in (("disable", run_users_disable, "disable a user (kept in the records)"),
                               ("unlock", run_users_unlock, "unlock a user locked by failed signatures")):
        d = us.add_parser(action, help=what)
        d.add_argument("name", help="user ID")
        d.add_argument("--by", metavar="ADMIN", required=True, help="the admin who signs for it")
        _password_option(d, "line 1: the admin's password")
        d.set_defaults(func=func)
    pw = us.add_parser("passwd", help="change your own password (the same signing key, sealed again)")
    pw.add_argument("name", help="your user ID")
    _password_option(pw, "line 1: the current password; line 2: the new one")
    pw.set_defaults(func=run_users_passwd)
    rs = us.add_parser("reset", help="set a new password for a user (a new signing key; the user "
                                     "must change it before signing)")
    rs.add_argument("name", help="user ID")
    rs.add_argument("--by", metavar="ADMIN", required=True, help="the admin who signs for it")
    _password_option(rs, "line 1: the new temporary password; line 2: the admin's")
    rs.set_defaults(func=run_users_reset)
    rc = us.add_parser("recover", help="give the only admin a temporary password when no other "
                                       "admin can unlock it (needs write access to the database)")
    rc.add_argument("name", help="the admin's user ID")
    _password_option(rc, "line 1: the new temporary password")
    rc.set_defaults(func=run_users_recover)
    ag = us.add_parser("ageing", help="site setting: passwords expire after DAYS days (0: never, "
                                      "the default)")
    ag.add_argument("days", type=int)
    ag.add_argument("--by", metavar="ADMIN", required=True, help="the admin who signs for it")
    _password_option(ag, "line 1: the admin's password")
    ag.set_defaults(func=run_users_ageing)

    i = sub.add_parser("issue", help="compute a case and issue a signed dose sheet",
                       description="Exit 0 issued, 1 not cleared (nothing issued), 2 invalid input "
                                   "or failed signature.")
    i.add_argument("case", help="case file (JSON)")
    _signer_options(i)
    i.add_argument("--pdf", metavar="OUT", help="also write the sheet as PDF")
    _sheet_lang_option(i)
    i.add_argument("--json", action="store_true", help="print sheet_id and qr_payload as JSON")
    add_data_options(i)
    i.set_defaults(func=run_issue)

    v = sub.add_parser("verify", help="independent bedside double check of an issued sheet",
                       description="Exit 0 verified, 1 mismatch (recorded), 2 refused.")
    v.add_argument("sheet", metavar="SHEET_ID|QR_PAYLOAD", help="sheet ID, or the QR code's text")
    v.add_argument("case", help="the verifier's own entry (case file JSON)")
    _signer_options(v)
    v.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    add_data_options(v)
    v.set_defaults(func=run_verify)

    vo = sub.add_parser("void", help="void an issued sheet (it can no longer be verified)")
    vo.add_argument("sheet", metavar="SHEET_ID")
    vo.add_argument("--reason", required=True, metavar="TEXT")
    _signer_options(vo)
    vo.set_defaults(func=run_void)

    r = sub.add_parser("reprint", help="print an issued sheet again, marked REPRINT")
    r.add_argument("sheet", metavar="SHEET_ID")
    r.add_argument("--pdf", metavar="OUT", required=True)
    _sheet_lang_option(r)
    _signer_options(r)
    add_data_options(r)
    r.set_defaults(func=run_reprint)

    au = sub.add_parser("audit", help="check, anchor or export the audit trail")
    aus = au.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    av = aus.add_parser("verify", help="walk the hash chain (exit 0 intact, 1 broken)",
                        description="Checks every event's hash and link and who may sign what "
                                    "with which key, from the first event; Ed25519 signatures "
                                    "after the newest admin-signed checkpoint (all with --full).")
    av.add_argument("--anchor", metavar="N:HASH", help="also check against a chain head kept elsewhere "
                                                       "(printed on every sheet)")
    av.add_argument("--full", action="store_true",
                    help="check every signature, also those a signed checkpoint covers")
    av.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    av.set_defaults(func=run_audit_verify)
    ac = aus.add_parser("checkpoint", help="print the current chain head N:HASH to keep elsewhere; "
                                           "with --by, check everything and record a signed checkpoint")
    ac.add_argument("--by", metavar="ADMIN",
                    help="an admin signs a checkpoint event after a full check (audit verify then "
                         "checks only the signatures after it)")
    _password_option(ac, "line 1: the admin's password")
    ac.set_defaults(func=run_audit_checkpoint)
    ae = aus.add_parser("export", help="write every event as CSV or JSON")
    ae.add_argument("--format", choices=("csv", "json"), required=True)
    ae.add_argument("--out", metavar="FILE", help="new file to write (never overwritten; "
                                                "default: standard output)")
    ae.set_defaults(func=run_audit_export)

    k = sub.add_parser("keys", help="public signing keys: export the site's, import them at a station")
    ks = k.add_subparsers(dest="keys_command", metavar="ACTION", required=True)
    ke = ks.add_parser("export", help="write the public keys of this site's users (from the chain)")
    ke.add_argument("--out", metavar="FILE", required=True, help="new file to write")
    ke.set_defaults(func=run_keys_export)
    ki = ks.add_parser("import", help="trust the keys of an exported file here (signed by an admin)")
    ki.add_argument("file", metavar="FILE")
    ki.add_argument("--by", metavar="ADMIN", required=True, help="the admin who signs for it")
    _password_option(ki, "line 1: the admin's password")
    ki.set_defaults(func=run_keys_import)

    b = sub.add_parser("backup", help="write a consistent copy of the records database")
    b.add_argument("path", help="new file to write (never overwritten)")
    b.set_defaults(func=run_backup)


def _password_option(p: argparse.ArgumentParser, lines: str) -> None:
    p.add_argument("--password-stdin", action="store_true",
                   help=f"read passwords from standard input ({lines}); else asked with no echo")


def _signer_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--user", required=True, metavar="NAME", help="who signs")
    _password_option(p, "line 1: the signer's password")


def _passwords(args: argparse.Namespace, prompts: list[str]) -> list[str]:
    if args.password_stdin:
        out = []
        for prompt in prompts:
            line = sys.stdin.readline()
            if not line:
                raise _Usage(f"standard input ended before the {prompt.rstrip(': ').lower()}")
            if any("\ud800" <= ch <= "\udfff" for ch in line):
                # Bytes that are not UTF-8 (Python reads them as lone surrogates).
                raise _Usage(f"line {len(out) + 1} of standard input (the "
                             f"{prompt.rstrip(': ').lower()}) is not UTF-8 text; nothing was done. "
                             f"Give passwords as UTF-8, one a line")
            out.append(line.rstrip("\r\n"))
        return out
    import getpass

    return [getpass.getpass(prompt) for prompt in prompts]


class _Usage(Exception):
    pass


def _sheet_lang_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--lang", dest="sheet_lang", choices=("en", "zh_CN", "bilingual"), default=None,
                   help="language of the sheet PDF (default: the language of 'infusecalc --lang', "
                        "else the system locale)")


def _sheet_lang(args: argparse.Namespace) -> str:
    from ..i18n import cli_language

    return args.sheet_lang or cli_language(args)


def _store(args: argparse.Namespace):
    from ..records.pg_url import open_records

    return open_records(getattr(args, "database", None), getattr(args, "data_dir", None))


def _err(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return EXIT_REFUSED


def _guard(run):
    """Turn the records' refusals into messages and exit 2 (no traceback for a user error)."""
    def wrapper(args: argparse.Namespace) -> int:
        from ..core.errors import InputError, ProtocolFileError
        from ..records.schema import SchemaTooNew
        from ..records.users import RecordsError

        try:
            return run(args)
        except (_Usage, RecordsError, SchemaTooNew) as exc:
            return _err(str(exc))
        except ProtocolFileError as exc:
            return _err(str(exc))
        except InputError as exc:
            # Imported only here: the text layer is a sixth of a second `audit verify` never needs.
            from ..i18n import cli_language
            from ..text.report import errors_json, errors_text

            print(errors_json(exc) if getattr(args, "json", False) else errors_text(exc, cli_language(args)),
                  file=sys.stderr)
            return EXIT_REFUSED
    wrapper.__name__ = run.__name__
    return wrapper


def _no_users_hint(store) -> None:
    if not store.users():
        print("hint: there are no users yet; create the first admin with "
              "'infusecalc users add NAME --role admin'", file=sys.stderr)


@_guard
def run_users_add(args: argparse.Namespace) -> int:
    from ..records.users import Credentials, add_user

    prompts = [f"New password for {args.name}: "]
    if not args.password_stdin:
        prompts.append(f"Repeat the password for {args.name}: ")
    if args.by:
        prompts.append(f"Password of {args.by} (admin): ")
    pw = _passwords(args, prompts)
    if not args.password_stdin and pw[0] != pw[1]:
        return _err("the two passwords differ; nothing was added")
    by = Credentials(args.by, pw[-1]) if args.by else None
    with _store(args) as store:
        row = add_user(store, args.name, args.role, pw[0], args.full_name, by)
        print(f"added {row.user_id} ({row.role}) to {store.describe()}")
    return EXIT_OK


@_guard
def run_users_list(args: argparse.Namespace) -> int:
    with _store(args) as store:
        rows = store.users()
    if not rows:
        print("no users yet; add the first admin with 'infusecalc users add NAME --role admin'")
    for r in rows:
        status = "disabled" if r.disabled else "locked" if r.locked else "active"
        print(f"{r.user_id}\t{r.role}\t{status}\t{r.full_name}")
    return EXIT_OK


def _as_admin(args: argparse.Namespace, act: Callable[[Any, Any], None], done: str) -> int:
    """One admin-signed change: the admin's password asked once, the change made (and recorded
    by the records layer, which checks the role), ``done`` printed."""
    from ..records.users import Credentials

    (pw,) = _passwords(args, [f"Password of {args.by} (admin): "])
    with _store(args) as store:
        act(store, Credentials(args.by, pw))
    print(done)
    return EXIT_OK


@_guard
def run_users_disable(args: argparse.Namespace) -> int:
    from ..records.users import disable_user

    return _as_admin(args, lambda store, by: disable_user(store, args.name, by), f"disabled {args.name}")


@_guard
def run_users_unlock(args: argparse.Namespace) -> int:
    from ..records.users import unlock_user

    return _as_admin(args, lambda store, by: unlock_user(store, args.name, by), f"unlocked {args.name}")


@_guard
def run_users_passwd(args: argparse.Namespace) -> int:
    from ..records.users import change_password

    prompts = [f"Current password of {args.name}: ", f"New password for {args.name}: "]
    if not args.password_stdin:
        prompts.append(f"Repeat the new password for {args.name}: ")
    pw = _passwords(args, prompts)
    if not args.password_stdin and pw[1] != pw[2]:
        return _err("the two new passwords differ; nothing was changed")
    with _store(args) as store:
        change_password(store, args.name, pw[0], pw[1])
    print(f"password of {args.name} changed")
    return EXIT_OK


@_guard
def run_users_reset(args: argparse.Namespace) -> int:
    from ..records.users import Credentials, reset_password

    pw = _passwords(args, [f"New temporary password for {args.name}: ",
                           f"Password of {args.by} (admin): "])
    with _store(args) as store:
        reset_password(store, args.name, pw[0], Credentials(args.by, pw[1]))
    print(f"new password set for {args.name}; they must change it before signing")
    return EXIT_OK


@_guard
def run_users_recover(args: argparse.Namespace) -> int:
    from ..records.users import recover_admin

    (pw,) = _passwords(args, [f"New temporary password for {args.name}: "])
    with _store(args) as store:
        recover_admin(store, args.name, pw)
        where = store.describe()
    print(f"recovered {args.name} in {where} (recorded); change the password before signing")
    return EXIT_OK


@_guard
def run_users_ageing(args: argparse.Namespace) -> int:
    from ..records.users import set_password_ageing

    return _as_admin(args, lambda store, by: set_password_ageing(store, args.days, by),
                     f"passwords now expire after {args.days} days" if args.days else "password ageing is off")


def _pdf_available() -> bool:
    import importlib.util

    try:
        return importlib.util.find_spec("infusecalc.sheet.render") is not None
    except ModuleNotFoundError:
        return False


def _print_not_issued_zh(ev) -> None:
    from ..text import Words

    zh = Words("zh_CN")
    print(f"未签发：{zh.status(False)}", file=sys.stderr)
    for reason in [*zh.not_cleared(ev), *zh.outlook(ev)]:
        print(f"  - {reason}", file=sys.stderr)


@_guard
def run_issue(args: argparse.Namespace) -> int:
    from ..core.case import parse_case_json
    from ..i18n import cli_language
    from ..issuing import write_sheet_pdf
    from ..records.escalation import require_open
    from ..records.service import NotCleared, issuable, issue_sheet
    from ..records.users import Credentials
    from .check import load_sources, read_case_text

    try:
        text = read_case_text(args.case)
    except OSError as exc:
        return _err(f"{args.case}: cannot read the case file: {exc.strerror or exc}")
    case = parse_case_json(text)
    if args.pdf and not _pdf_available():
        return _err("this version cannot write the sheet PDF yet; nothing was issued")
    with _store(args) as store:
        _no_users_hint(store)
        # --protocol FILE, else the protocol in force in these records (newest adopted).
        protocol, formulary = load_sources(args, store)
        try:
            # A case that cannot be issued (not cleared, no lot or bag IDs, a level the ledger
            # has not opened) is refused before the password is asked: it needs no signature.
            ev = issuable(case, protocol, formulary)
            with store.read() as conn:
                require_open(conn, protocol, case.group, case.dose_level)
            (pw,) = _passwords(args, [f"Password of {args.user} (signing: issued): "])
            # The protocol in force is checked again inside the issue's transaction: another
            # workstation may adopt an amendment while the password is being typed. The case is
            # not computed again: what was checked above is what is signed.
            out = issue_sheet(store, case, Credentials(args.user, pw), protocol, formulary,
                              in_force=not args.protocol, evaluation=ev)
        except NotCleared as exc:
            if cli_language(args) == "zh_CN":
                _print_not_issued_zh(exc.evaluation)
            else:
                print(f"NOT ISSUED: {exc}", file=sys.stderr)
            return EXIT_NO
    sheet = out.sheet
    if args.pdf:
        write_sheet_pdf(sheet, Path(args.pdf), evaluation=out.evaluation, lang=_sheet_lang(args))
    if args.json:
        print(json.dumps({"sheet_id": sheet.sheet_id, "qr_payload": sheet.payload,
                          "anchor": sheet.anchor, "issued_by": sheet.signature.user_id,
                          "signed_utc": sheet.signature.signed_utc,
                          "signed_sha256": sheet.signature.signed_sha256,
                          "pdf": args.pdf}, ensure_ascii=False))
    else:
        print(sheet.sheet_id)
        print(f"issued by {sheet.signature.full_name} ({sheet.signature.user_id}) at "
              f"{sheet.signature.signed_utc}; chain head {sheet.anchor}", file=sys.stderr)
        if args.pdf:
            print(f"sheet written to {args.pdf}", file=sys.stderr)
    return EXIT_OK


@_guard
def run_verify(args: argparse.Namespace) -> int:
    from ..core.formatting import cells, plain_decimal, volume_ml
    from ..i18n import cli_language
    from ..records.adoption_store import protocol_for_sheet
    from ..records.service import NurseEntry, find_sheet, verify_sheet
    from ..records.users import Credentials
    from ..core.casefile import loads
    from .check import read_case_text

    try:
        data = loads(read_case_text(args.case))   # duplicate keys, NaN, huge numbers refused
    except OSError as exc:
        return _err(f"{args.case}: cannot read the case file: {exc.strerror or exc}")
    except json.JSONDecodeError as exc:
        return _err(f"{args.case} is not valid JSON: {exc.msg} at line {exc.lineno}")
    entry = NurseEntry.from_case_data(data)
    from ..core.formulary import default_formulary, load_formulary
    from ..core.protocol import load_protocol

    trial = load_protocol(args.protocol) if args.protocol else None   # a file tried, not adopted
    formulary = load_formulary(args.formulary) if args.formulary else default_formulary()
    with _store(args) as store:
        sheet = find_sheet(store, args.sheet)
        # The protocol the sheet names (by SHA-256), if this station holds it; else refused
        # naming the version it needs (records/adoption.py).
        protocol = protocol_for_sheet(store, sheet.protocol_sha256, sheet.protocol_version,
                                      sheet.sheet_id, trial)
        (pw,) = _passwords(args, [f"Password of {args.user} (signing: verified): "])
        out = verify_sheet(store, sheet, entry, Credentials(args.user, pw), protocol, formulary)
    ev = out.evaluation
    if args.json:
        print(json.dumps({"sheet_id": sheet.sheet_id, "verified": out.verified,
                          "subject_id": sheet.case.subject_id,
                          "differences": [d.__dict__ for d in out.differences],
                          "dose_cells": ev.dose.cells if out.verified else None,
                          "volume_ml": plain_decimal(ev.product.volume_ml) if out.verified and ev.product else None,
                          "verified_by": out.signature.user_id, "signed_utc": out.signature.signed_utc,
                          "event": out.event_seq, "void_checked": not out.offline},
                         ensure_ascii=False))
    elif cli_language(args) == "zh_CN":
        _print_verify_zh(sheet, out, ev)
    elif out.verified:
        assert ev.product is not None
        print(f"VERIFIED {sheet.sheet_id} subject {sheet.case.subject_id}: {cells(ev.dose.cells)}; "
              f"draw {volume_ml(ev.product.volume_ml)} from {ev.product.containers} "
              f"{'container' if ev.product.containers == 1 else 'containers'}")
        print(f"verified by {out.signature.full_name} ({out.signature.user_id}) at {out.signature.signed_utc}")
    else:
        from ..records.values import shown_figure

        n = len(out.differences)
        print(f"MISMATCH {sheet.sheet_id} subject {sheet.case.subject_id}: NOT verified, do not "
              f"infuse; {n} {'field differs' if n == 1 else 'fields differ'} (recorded as event "
              f"{out.event_seq})")
        for d in out.differences:
            print(f"  {d.label}: entered {shown_figure(d.field, d.entered)}, "
                  f"sheet {shown_figure(d.field, d.issued)}")
    if out.offline and not args.json:
        print("NOTE: this station cannot see the pharmacy's records, so it could NOT check whether "
              "the sheet was voided; if in doubt, call the pharmacy before infusing"
              if cli_language(args) != "zh_CN" else
              "注意：本工作站无法访问药房记录，因此无法核查该剂量单是否已作废；如有疑问，输注前请致电药房")
    return EXIT_OK if out.verified else EXIT_NO


def _print_verify_zh(sheet, out, ev) -> None:
    """The bedside result in Chinese: the same figures, the mismatch unmistakable."""
    from ..core.formatting import volume_ml
    from ..text import Words

    zh = Words("zh_CN")
    cells, field_label = zh.cells, zh.field_label

    s = out.signature
    if out.verified:
        assert ev.product is not None
        print(f"核对一致 {sheet.sheet_id} 受试者 {sheet.case.subject_id}：{cells(ev.dose.cells)}；"
              f"从 {ev.product.containers} 袋中抽取 {volume_ml(ev.product.volume_ml)}")
        print(f"核对人 {s.full_name}（{s.user_id}），{s.signed_utc}")
        return
    print(f"不一致 — 核对未通过 {sheet.sheet_id} 受试者 {sheet.case.subject_id}：禁止输注；"
          f"{len(out.differences)} 项不一致（已记录为事件 {out.event_seq}）")
    from ..records.values import shown_figure

    for d in out.differences:
        print(f"  {field_label(d.field)}：录入 {shown_figure(d.field, d.entered)}，"
              f"剂量单 {shown_figure(d.field, d.issued)}")


@_guard
def run_void(args: argparse.Namespace) -> int:
    from ..records.service import void_sheet
    from ..records.users import Credentials

    (pw,) = _passwords(args, [f"Password of {args.user} (signing: voided): "])
    with _store(args) as store:
        seq = void_sheet(store, args.sheet, args.reason, Credentials(args.user, pw))
    print(f"voided {args.sheet.strip().upper()} (event {seq})")
    return EXIT_OK


@_guard
def run_reprint(args: argparse.Namespace) -> int:
    from ..issuing import write_sheet_pdf
    from ..records.service import reprint_sheet
    from ..records.users import Credentials

    if not _pdf_available():
        return _err("this version cannot write the sheet PDF yet")
    (pw,) = _passwords(args, [f"Password of {args.user} (signing: reprinted): "])
    with _store(args) as store:
        again = reprint_sheet(store, args.sheet, Credentials(args.user, pw))
    # Exactly what was signed (the stored evaluation), whatever protocol is loaded now.
    write_sheet_pdf(again.sheet, Path(args.pdf), evaluation=again.evaluation, reprint=True,
                    lang=_sheet_lang(args))
    print(f"REPRINT of {again.sheet.sheet_id} written to {args.pdf}")
    return EXIT_OK


def _verify_workers() -> int:
    # Signatures are checked on every core (at most 4): 100,000 events in seconds.
    return min(os.cpu_count() or 1, 4)


def _signature_line(report) -> str:
    cp = report.checkpoint
    if cp is None:
        sigs = f"signatures: {report.signatures_checked:,} checked (all)"
    else:
        sigs = (f"signatures: {report.signatures_checked:,} checked after checkpoint {cp.seq:,} "
                f"(signed by admin '{cp.user_id}' at {cp.utc}; {cp.signatures_trusted:,} before it "
                f"verified when it was made)")
    return f"{sigs}; hash chain: {report.checked:,} events checked"


def _report_json(report, where: str, anchor) -> str:
    cp = report.checkpoint
    return json.dumps({
        "ok": report.ok, "database": where, "events_checked": report.checked,
        "bad_seq": report.bad_seq, "problem": report.problem or None,
        "head": str(report.head) if report.head else None,
        "anchor": str(anchor) if anchor else None,
        "signatures_checked": report.signatures_checked,
        "checkpoint": None if cp is None else {
            "seq": cp.seq, "covers_seq": cp.covers_seq, "signed_by": cp.user_id, "utc": cp.utc,
            "signatures_not_checked_again": cp.signatures_trusted},
        "notes": list(report.notes)}, ensure_ascii=False, indent=1)


@_guard
def run_audit_verify(args: argparse.Namespace) -> int:
    from ..records.chain import parse_anchor

    try:
        anchor = parse_anchor(args.anchor) if args.anchor else None
    except ValueError as exc:
        return _err(str(exc))
    with _store(args) as store:
        report = store.verify(anchor, workers=_verify_workers(), full=args.full)
        where = store.describe()
    if args.json:
        print(_report_json(report, where, anchor))
        return EXIT_OK if report.ok else EXIT_NO
    if report.ok:
        against = f", consistent with anchor {anchor.seq}" if anchor else ""
        print(f"chain verified: {report.checked} events{against} ({where})")
    elif report.bad_seq is None:
        print(f"RECORDS DIFFER: {report.problem} ({report.checked} events verified; {where})")
    else:
        print(f"CHAIN BROKEN at event {report.bad_seq}: {report.problem} "
              f"({report.checked} events before it verified; {where})")
    print(_signature_line(report))
    for note in report.notes:
        print(f"note: {note}")
    return EXIT_OK if report.ok else EXIT_NO


@_guard
def run_audit_checkpoint(args: argparse.Namespace) -> int:
    if args.by:
        return _signed_checkpoint(args)
    with _store(args) as store:
        report = store.verify(workers=_verify_workers())   # as audit verify --full
    if not report.ok:
        print(f"CHAIN BROKEN at event {report.bad_seq}: {report.problem}; no checkpoint printed")
        return EXIT_NO
    if report.head is None:
        print("the audit trail is empty: nothing to anchor yet", file=sys.stderr)
        return EXIT_NO
    print(str(report.head))
    return EXIT_OK


def _signed_checkpoint(args: argparse.Namespace) -> int:
    from ..records.audit import make_checkpoint
    from ..records.users import Credentials

    (pw,) = _passwords(args, [f"Password of {args.by} (admin): "])
    with _store(args) as store:
        done = make_checkpoint(store, Credentials(args.by, pw), workers=_verify_workers())
        where = store.describe()
    report, ev = done.report, done.event
    if ev is None:
        if report.bad_seq is None:
            print(f"RECORDS DIFFER: {report.problem}; no checkpoint recorded ({where})")
        else:
            print(f"CHAIN BROKEN at event {report.bad_seq}: {report.problem}; no checkpoint "
                  f"recorded ({where})")
        return EXIT_NO
    # stdout: the anchor alone (to keep elsewhere, as without --by); what was done on stderr.
    print(f"{ev.seq}:{ev.hash}")
    print(f"checkpoint recorded as event {ev.seq}, signed by {ev.user_id}: events 1-{report.checked} "
          f"checked, {report.signatures_checked:,} signatures verified ({where}); keep the anchor "
          f"above elsewhere too", file=sys.stderr)
    return EXIT_OK


@_guard
def run_audit_export(args: argparse.Namespace) -> int:
    from ..records.export import write_csv, write_json
    from ..records.newfile import new_text_file

    write = write_csv if args.format == "csv" else write_json
    with _store(args) as store:
        events = store.iter_events()
        if args.out:
            # A new file only: an earlier export, or a link planted at the path, is never
            # replaced or written through (records/newfile.py).
            with new_text_file(args.out, "the audit export", 0o600) as fh:
                n = write(events, fh)
            print(f"exported {n} events to {args.out}", file=sys.stderr)
        else:
            write(events, sys.stdout)
    return EXIT_OK


@_guard
def run_backup(args: argparse.Namespace) -> int:
    target = Path(args.path)
    with _store(args) as store:
        # Made and verified in a private folder beside the target, then copied into the target
        # created exclusively (records/newfile.py): never an existing file or a link's target.
        report = store.backup(target)
    if not report.ok:
        print(f"backup written to {target}, but its CHAIN IS BROKEN at event {report.bad_seq}: "
              f"{report.problem}")
        return EXIT_NO
    print(f"backup written to {target}: {report.checked} events, chain verified")
    return EXIT_OK


@_guard
def run_keys_export(args: argparse.Namespace) -> int:
    from ..records.keyring import export_keys
    from ..records.newfile import write_new_bytes

    target = Path(args.out)
    with _store(args) as store:
        data = export_keys(store)
    if not data["keys"]:
        return _err("this database has no users with signing keys to export")
    # Public keys, carried to the ward stations: readable by others (0644 before umask), but a
    # new file only, created in one step (records/newfile.py).
    write_new_bytes(target, (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8"),
                    "the key export", 0o644)
    print(f"exported {len(data['keys'])} public keys to {target}:")
    for k in data["keys"]:
        print(f"  {k['fingerprint']}  {k['user_id']} ({k['role']})")
    return EXIT_OK


@_guard
def run_keys_import(args: argparse.Namespace) -> int:
    from ..records.keyring import import_keys, read_key_file
    from ..records.users import Credentials

    text = read_key_file(args.file)
    (pw,) = _passwords(args, [f"Password of {args.by} (admin): "])
    with _store(args) as store:
        new = import_keys(store, text, Credentials(args.by, pw))
    from ..records.keys import fingerprint

    print(f"now trusting {len(new)} more keys (compare these fingerprints with the export's):")
    for k in new:
        print(f"  {fingerprint(k['public_key'])}  {k['user_id']} ({k['role']})")
    return EXIT_OK
