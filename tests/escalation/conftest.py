"""The records fixtures (fresh SQLite store, cheap KDF, admin/pharmacist/nurse) for the ledger tests."""

from tests.records.conftest import (ADMIN, NURSE, PHARMACIST, cheap_kdf, data_dir,  # noqa: F401
                                    people, store)
