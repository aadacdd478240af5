import sys

from vinrguide.cli import main

sys.exit(main())
