"""``infusecalc sheet CASE.json --pdf OUT.pdf``: the dose sheet, headless.

Exit codes as ``check``: 0 cleared, 1 not cleared (the sheet is still written, marked NOT
CLEARED), 2 invalid input (nothing is written). Qt is imported only when a sheet is drawn.
"""

from __future__ import annotations

import argparse
import sys

from ..i18n import cli_language, message
from .check import EXIT_CLEARED, EXIT_INVALID, EXIT_NOT_CLEARED, add_data_options, compute


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("sheet", help="write the dose sheet of a case as PDF",
                       description="Compute a case and write its A4 dose sheet (an unissued DRAFT). "
                                   "Exit 0 cleared, 1 not cleared (the sheet says so), 2 invalid input "
                                   "(nothing written).")
    p.add_argument("case", help="case file (JSON)")
    p.add_argument("--pdf", required=True, metavar="OUT.pdf", help="PDF file to write")
    p.add_argument("--lang", choices=("en", "zh_CN", "bilingual"), default=None,
                   help="language of the sheet: en, zh_CN or bilingual (Chinese, English beneath); "
                        "default: the language of 'infusecalc --lang', else the system locale")
    add_data_options(p)
    p.set_defaults(func=run_sheet)


def run_sheet(args: argparse.Namespace) -> int:
    ui = cli_language(args)
    sheet_lang = args.lang or ui
    if args.lang in ("zh_CN", "bilingual") and getattr(args, "ui_lang", None) is None:
        ui = "zh_CN"   # a Chinese sheet asked for: its messages in Chinese too
    args.ui_lang = ui
    if args.case == "-":
        print(message(ui, "error: the sheet needs a case file, not standard input",
                      "错误：剂量单需要病例文件，不能从标准输入读取"), file=sys.stderr)
        return EXIT_INVALID
    ev, code = compute(args)
    if ev is None:
        return code
    from ..core.case import parse_case_json
    from ..core.errors import InputError
    from .check import read_case_text

    try:
        # Read again for the Case itself; the sheet refuses a file changed since (SHA-256 check).
        case = parse_case_json(read_case_text(args.case))
    except (OSError, InputError):
        print(message(ui, f"error: {args.case}: the case file changed while the sheet was made; run again",
                      f"错误：{args.case}：生成剂量单期间病例文件被修改；请重新运行"), file=sys.stderr)
        return EXIT_INVALID
    from ..sheet.model import SheetOptions
    from ..sheet.qt import ensure_gui_application

    ensure_gui_application()
    from ..sheet.render import write_pdf
    from ..text import Words

    try:
        pages = write_pdf(ev, case, args.pdf, SheetOptions(lang=sheet_lang))
    except ValueError as exc:
        print(message(ui, f"error: {args.case}: {exc}; run again", f"错误：{args.case}：{exc}；请重新运行"),
              file=sys.stderr)
        return EXIT_INVALID
    except OSError as exc:
        from ..core.regular_file import FileRefused

        why = Words(ui).problem(exc.problem(args.pdf)) if isinstance(exc, FileRefused) else str(exc)
        print(message(ui, f"error: {args.pdf}: cannot write the PDF: {why}", f"错误：{args.pdf}：无法写入 PDF：{why}"),
              file=sys.stderr)
        return EXIT_INVALID
    status = Words(ui).status(ev.cleared)
    if ui == "zh_CN":
        print(f"{args.pdf}：{pages} 页，受试者 {ev.subject_id}，{status}")
    else:
        print(f"{args.pdf}: {pages} page(s), subject {ev.subject_id}, {status}")
    return EXIT_CLEARED if ev.cleared else EXIT_NOT_CLEARED
