import sys

from benchmarks.conformance.runner import main

sys.exit(main())
