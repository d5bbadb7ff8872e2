"""The `minsheng` console command: Django's management commands under the product's name.

`minsheng demo`, `minsheng serve`, `minsheng token USERNAME`, `minsheng migrate`, …

A command's refusal (CommandError) is printed as "错误：…" rather than Django's English
"CommandError: …", with the same exit status; --traceback still shows the traceback."""

import os
import sys

from minsheng.core import datadir

ERROR_PREFIX = "错误："


def _chinese_errors() -> None:
    """Let BaseCommand.run_from_argv print a CommandError in Chinese. It catches the error itself,
    prints "CommandError: …" and exits, so the command run from the command line has its `execute`
    wrapped (on that instance only: commands called inside it by call_command still raise) to print
    "错误：…" and exit with the error's status first. SystemCheckError keeps Django's own report."""
    from django.core.management.base import BaseCommand, CommandError, SystemCheckError

    if getattr(BaseCommand.run_from_argv, "chinese_errors", False):
        return
    run_from_argv = BaseCommand.run_from_argv

    def chinese_run_from_argv(self, argv):
        execute = self.execute

        def reporting(*args, **options):
            try:
                return execute(*args, **options)
            except CommandError as e:
                if options.get("traceback") or isinstance(e, SystemCheckError):
                    raise
                self.stderr.write(f"{ERROR_PREFIX}{e}")
                sys.exit(e.returncode)

        self.execute = reporting
        return run_from_argv(self, argv)

    chinese_run_from_argv.chinese_errors = True
    BaseCommand.run_from_argv = chinese_run_from_argv


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minsheng.settings")
    datadir.prepare()  # the secret key on disk, before the settings read it
    from django.core.management import execute_from_command_line

    _chinese_errors()
    execute_from_command_line(["minsheng", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
