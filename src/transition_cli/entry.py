"""The console script: Ctrl-C while the command line is still loading ends quietly too."""

from __future__ import annotations

import sys


def main() -> None:
    try:
        from transition_cli.cli import main as run

        run()
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        raise SystemExit(130) from None
