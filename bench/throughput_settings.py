"""Settings for the HTTP benchmark (bench/throughput.py): production settings, with the collected
static files in a folder of the benchmark's own (BENCH_STATIC_ROOT) instead of var/static."""

import os

from wsp_crm.settings import *  # noqa: F403

STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]
