"""The `minsheng` console command: Django's management commands under the product's name.

`minsheng demo`, `minsheng serve`, `minsheng token USERNAME`, `minsheng migrate`, …
"""

import os
import sys

from minsheng.core import datadir


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minsheng.settings")
    datadir.prepare()  # the secret key on disk, before the settings read it
    from django.core.management import execute_from_command_line

    execute_from_command_line(["minsheng", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
