"""The console script: Ctrl-C while the command line is still loading ends quietly too."""

from __future__ import annotations

import gc
import sys


def main() -> None:
    try:
        from transition_cli.cli import main as run

        # What is loaded so far lives as long as the process: the cyclic garbage collector
        # need not walk it again each time a big file's records fill a generation (~5 % of
        # a status of 20,000 entries).
        gc.freeze()
        run()
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        raise SystemExit(130) from None
