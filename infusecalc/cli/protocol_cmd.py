"""``infusecalc protocol adopt FILE --by ADMIN`` and ``infusecalc protocol list``.

An amendment is a data change adopted in the records (records/adoption.py): from the adoption
on, ``check``, issuing and the window compute with it, and a verifying station that holds it can
check sheets computed under it. ``--protocol FILE`` still tries a file without adopting it.
Exit status: 0 done, 2 refused (invalid file, same file twice, not yet effective, not an admin,
failed signature). Importing this module stays cheap.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

EXIT_OK, EXIT_REFUSED = 0, 2


def register(sub: argparse._SubParsersAction) -> None:
    from .records_cmd import _password_option

    p = sub.add_parser("protocol", help="adopt a protocol amendment in the records; list the history")
    ps = p.add_subparsers(dest="protocol_command", metavar="ACTION", required=True)
    a = ps.add_parser("adopt", help="make a protocol file the one in force here (an admin signs)",
                      description="Validate FILE as --protocol does, then record its bytes and "
                                  "SHA-256 in a signed event: from then on check, issuing and the "
                                  "window compute with it. Exit 0 adopted, 2 refused.")
    a.add_argument("file", metavar="FILE", help="protocol file (TOML)")
    a.add_argument("--by", metavar="ADMIN", required=True, help="the admin who signs for it")
    _password_option(a, "line 1: the admin's password")
    a.set_defaults(func=run_adopt)
    ls = ps.add_parser("list", help="every adopted protocol, oldest first, and which is in force")
    ls.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    ls.set_defaults(func=run_list)


def run_adopt(args: argparse.Namespace) -> int:
    from .records_cmd import _err, _guard, _passwords

    @_guard
    def run(args: argparse.Namespace) -> int:
        from ..core.errors import ProtocolFileError
        from ..records.adoption_store import adopt
        from ..records.users import Credentials

        try:
            # Validated before any password is asked: a bad file needs no signature. Read as
            # every data file is: a regular file of bounded size (a FIFO would hang here).
            from ..core.datafile import read_data_file
            from ..core.protocol import protocol_from_bytes

            raw = read_data_file(Path(args.file))
            protocol_from_bytes(raw, Path(args.file).name, args.file)
        except ProtocolFileError as exc:
            return _err(f"{exc}\nnothing was adopted")
        (pw,) = _passwords(args, [f"Password of {args.by} (admin, signing: protocol adopted): "])
        from .records_cmd import _store

        with _store(args) as store:
            try:
                done = adopt(store, raw, args.file, Credentials(args.by, pw))
            except ProtocolFileError as exc:
                return _err(f"{exc}\nnothing was adopted")
            where = store.describe()
        print(f"adopted {done.file_name}: protocol {done.protocol_id} version {done.version} "
              f"(effective {done.effective_date}), SHA-256 {done.sha256}; in force in {where} "
              f"from now (event {done.seq}, signed by {done.full_name} ({done.user_id}))")
        return EXIT_OK

    return run(args)


def run_list(args: argparse.Namespace) -> int:
    from .records_cmd import _guard

    @_guard
    def run(args: argparse.Namespace) -> int:
        from ..core.protocol import default_protocol
        from ..records.adoption_store import history
        from .records_cmd import _store

        with _store(args) as store:
            found = history(store)
            where = store.describe()
        shipped = default_protocol()
        if args.json:
            print(json.dumps({"database": where,
                              "shipped": {"file_name": shipped.file_name, "sha256": shipped.sha256,
                                          "version": shipped.protocol.version,
                                          "effective_date": shipped.protocol.effective_date.isoformat(),
                                          "in_force": not found},
                              "adopted": [a.as_json(i == len(found) - 1) for i, a in enumerate(found)]},
                             ensure_ascii=False))
            return EXIT_OK
        mark = "" if found else "   <- in force"
        print(f"shipped  {shipped.protocol.version}  effective {shipped.protocol.effective_date}  "
              f"SHA-256 {shipped.sha256}  {shipped.file_name}{mark}")
        if not found:
            print(f"no protocol adopted in {where}: the shipped file is in force", file=sys.stderr)
        for i, a in enumerate(found):
            mark = "   <- in force" if i == len(found) - 1 else ""
            amendment = f"  ({a.amendment})" if a.amendment else ""
            print(f"event {a.seq}  {a.version}  effective {a.effective_date}  SHA-256 {a.sha256}  "
                  f"{a.file_name}  adopted by {a.full_name} ({a.user_id}) at {a.utc}{amendment}{mark}")
        return EXIT_OK

    return run(args)
