import sys

from chorus_intake.server import main

sys.exit(main())
