"""The clinical core: pure Python (pint, pydantic), no Qt.

Pydantic plugins are switched off before any model is built: a plugin is any installed
package that registers itself under pydantic's entry points, and pydantic would run it inside
the validation of the protocol, the formulary and every case. Nothing outside this program
may take part in deciding a dose. (It also spares pydantic scanning every installed
distribution's metadata for plugins at the first model, a few milliseconds of start-up.)
"""

import os

os.environ["PYDANTIC_DISABLE_PLUGINS"] = "__all__"
