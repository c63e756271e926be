"""Pagefind over its input folder, then the folder removed: the program the search's
copy becomes (``PreparedIndex.command``).

Removing the 10,000 small files of a large site's input took the build a quarter of a
second at its very end; removed here, it is done while MkDocs still applies the
templates. The build removes the folder as well if it is still there (a copy that was
stopped, a program that failed).

    python -m erfaringsbase.search.run_pagefind FOLDER OUTPUT
"""

from __future__ import annotations

import shutil
import subprocess
import sys


def main(argv: list[str]) -> int:
    folder, output = argv
    try:
        # Pagefind's documented command line; what it says goes where ours goes.
        command = [
            sys.executable, "-m", "pagefind", "--site", folder, "--output-path", output,
            "--silent",
        ]  # fmt: skip
        return subprocess.run(command, check=False).returncode
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
