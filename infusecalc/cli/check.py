"""``infusecalc check`` and ``infusecalc schema``: the scriptable contract of the core."""

from __future__ import annotations

import argparse
import json
import sys

from ..i18n import add_command_option as add_lang_option
from ..i18n import cli_language

EXIT_CLEARED, EXIT_NOT_CLEARED, EXIT_INVALID = 0, 1, 2


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("check", help="compute the dose and washout of a case file",
                       description="Compute a case. Exit 0 cleared, 1 not cleared, 2 invalid input, 3 internal error.")
    p.add_argument("case", help="case file (JSON); '-' reads standard input")
    p.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    add_data_options(p)
    add_lang_option(p)
    p.set_defaults(func=run_check)
    s = sub.add_parser("schema", help="print the JSON Schema of the case file")
    s.set_defaults(func=run_schema)


def add_data_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--protocol", metavar="TOML", help="protocol file (default: the shipped NCT07470073)")
    p.add_argument("--formulary", metavar="TOML", help="formulary file (default: the shipped one)")


def load_sources(args: argparse.Namespace, store=None):
    """The protocol (``--protocol FILE`` to try a file, else the one in force in the records:
    the newest adopted, or the shipped file) and the formulary. ``store``: the records already
    open (issue, verify); without it, see ``protocol_in_force``."""
    from ..core.formulary import default_formulary, load_formulary
    from ..core.protocol import load_protocol

    from ..core.crosscheck import cross_check

    if args.protocol:
        protocol = load_protocol(args.protocol)
    elif store is not None:
        from ..records.adoption_store import protocol_in_force as in_store

        protocol = in_store(store)
    else:
        protocol = protocol_in_force(args)
    formulary = load_formulary(args.formulary) if args.formulary else default_formulary()
    for warning in cross_check(protocol, formulary):
        print(f"warning: {warning}", file=sys.stderr)
    return protocol, formulary


def protocol_in_force(args: argparse.Namespace):
    """The protocol a pharmacist expects ``check`` to use: the one in force in this
    workstation's records, read without changing anything (records/adoption.py,
    ``protocol_in_force_at``). Raises AdoptionError when the records exist but cannot be read."""
    from ..records.adoption import protocol_in_force_at

    return protocol_in_force_at(getattr(args, "database", None), getattr(args, "data_dir", None))[0]


def read_case_text(path: str) -> str:
    """The case file's text, read within bounds (see caseinput); '-' is standard input."""
    from .caseinput import read_case_text as read

    return read(path)


def compute(args: argparse.Namespace):
    """(evaluation, None) or (None, exit code) after printing the error to stderr."""
    from ..core.case import parse_case_json
    from ..core.errors import InputError, ProtocolFileError
    from ..core.evaluate import evaluate
    from ..i18n import message
    from ..records.adoption import AdoptionError
    from ..text.report import errors_json, errors_text

    lang = cli_language(args)
    try:
        text = read_case_text(args.case)
    except OSError as exc:
        print(message(lang, f"error: {args.case}: cannot read the case file: {exc.strerror or exc}",
                      f"错误：{args.case}：无法读取病例文件：{exc.strerror or exc}"), file=sys.stderr)
        return None, EXIT_INVALID
    except InputError as exc:   # not UTF-8 / UTF-16 / UTF-32 text, or too large
        print(errors_json(exc, lang) if getattr(args, "json", False) else errors_text(exc, lang), file=sys.stderr)
        return None, EXIT_INVALID
    try:
        protocol, formulary = load_sources(args)
        return evaluate(parse_case_json(text), protocol, formulary), None
    except ProtocolFileError as exc:
        print(message(lang, f"error: {exc}", f"错误：数据文件无效（以下细节为英文）：\n{exc}"), file=sys.stderr)
        return None, EXIT_INVALID
    except AdoptionError as exc:
        print(message(lang, f"error: {exc}; 'infusecalc check --protocol FILE' computes with a file instead",
                      f"错误：无法读取记录中现行的方案（以下细节为英文）：\n{exc}"), file=sys.stderr)
        return None, EXIT_INVALID
    except InputError as exc:
        print(errors_json(exc, lang) if getattr(args, "json", False) else errors_text(exc, lang), file=sys.stderr)
        return None, EXIT_INVALID


def run_check(args: argparse.Namespace) -> int:
    from ..text.report import to_json, to_text

    ev, code = compute(args)
    if ev is None:
        return code
    from .main import print_result

    lang = cli_language(args)
    # --json --lang zh_CN: the same object (keys, codes, statuses, numbers), sentences in Chinese.
    # A reader that closes the pipe early (| head -1) leaves the result's exit code (print_result).
    return print_result(to_json(ev, lang) if args.json else to_text(ev, lang),
                        EXIT_CLEARED if ev.cleared else EXIT_NOT_CLEARED)


def run_schema(args: argparse.Namespace) -> int:
    from ..core.case import Case

    from .main import print_result

    return print_result(json.dumps(Case.model_json_schema(by_alias=True), indent=2, ensure_ascii=False), 0)
