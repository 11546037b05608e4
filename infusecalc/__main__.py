import sys

from infusecalc.cli.main import main

sys.exit(main())
