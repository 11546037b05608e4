"""tests/records/test_users.py, unchanged, on PostgreSQL (this folder's ``store`` fixture).

The same assertions run on both engines: every test that takes ``store`` or ``people`` here
gets a fresh PostgreSQL database connected as the program's role.
"""

from tests.records.test_users import *  # noqa: F401,F403

# These touch no database: once (in tests/records) is enough.
del test_production_kdf_parameters_are_the_default  # noqa: F821
del test_hash_is_salted_and_checked_with_its_own_parameters  # noqa: F821
del test_credentials_never_show_the_password  # noqa: F821
