"""`python -m privacy_api.cli`: the same commands as `privacy-api`."""

import sys

from privacy_api.cli import main

sys.exit(main())
