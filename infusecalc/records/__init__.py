"""Records: users, signatures, issued sheets and the append-only, hash-chained audit trail.

Depends on the core (never on Qt). The GUI and the CLI call ``service``; the database sits
behind ``store.Store`` so that another engine can be added beside SQLite.
"""
