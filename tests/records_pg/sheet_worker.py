"""One workstation in a test: issues and verifies sheets on a shared database, in its own process.

Arguments: DATABASE_URL NAME COUNT CASE_JSON. For each sheet it prints, once committed,
"issued SEQ SHEET_ID ANCHOR" then "verified SEQ SHEET_ID": a printed line is a promise that the
event is saved. On a refusal (server away, lock not granted) it prints the message on stderr
and exits 3.
"""

import json
import sys

from infusecalc.core.case import parse_case
from infusecalc.records.pg_url import open_records
from infusecalc.records.service import NurseEntry, issue_sheet, verify_sheet
from infusecalc.records.users import Credentials, RecordsError


def main() -> int:
    url, name, count, case_path = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    data = json.loads(open(case_path, encoding="utf-8").read())
    data["subject_id"] = f"{name}-001"
    case = parse_case(data)
    entry = NurseEntry.from_case_data(data)
    pharmacist = Credentials("wang.pharm", "pharm-pass-1")
    nurse = Credentials("li.nurse", "nurse-pass-1")
    try:
        with open_records(url) as store:
            print("ready", flush=True)
            for _ in range(count):
                out = issue_sheet(store, case, pharmacist)
                print(f"issued {out.event_seq} {out.sheet.sheet_id} {out.sheet.anchor}", flush=True)
                ver = verify_sheet(store, out.sheet, entry, nurse)
                assert ver.verified
                print(f"verified {ver.event_seq} {out.sheet.sheet_id}", flush=True)
    except RecordsError as exc:
        print(f"error: {exc}", file=sys.stderr, flush=True)
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main())
