"""Load test: concurrent simulated readers against gunicorn serving a corpus built by `buildcorpus`."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from reports.benchmark import isolation, kept

PRODUCTION_WORKERS = 3  # the Dockerfile's GUNICORN_WORKERS default


class Command(BaseCommand):
    help = (
        "Serve the corpus in DIR with gunicorn on 127.0.0.1, send a mix of search, API, report and "
        "browse requests from N concurrent users for a while, and print requests/s, latency "
        "percentiles and errors per page kind. Exits 1 if any request failed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--data-dir", required=True, type=Path, help="a corpus built by buildcorpus")
        parser.add_argument("--users", type=int, default=16, help="concurrent simulated users")
        parser.add_argument("--duration", type=float, default=60, help="seconds of load")
        parser.add_argument("--workers", type=int, default=PRODUCTION_WORKERS, help="gunicorn workers")
        parser.add_argument("--seed", type=int, default=2025, help="random seed of the request mix")
        parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")

    def handle(self, *args, **options):
        if options["users"] < 1 or options["workers"] < 1 or not 0 < options["duration"] <= 3600:
            raise CommandError("--users and --workers must be at least 1, --duration 0–3600 s")
        if isolation.in_child():
            return self.load(options)
        folder = options["data_dir"].resolve()
        try:
            kept.require_complete(folder)
        except kept.CorpusFolderError as error:
            raise CommandError(str(error)) from None
        arguments = ["--data-dir", str(folder)]
        for name in ("users", "duration", "workers", "seed"):
            arguments += [f"--{name}", str(options[name])]
        child = isolation.run_in_child(
            arguments + (["--json"] if options["json"] else []), command="loadtest", folder=folder
        )
        self.stdout.write(child.stdout.rstrip("\n"))
        if child.returncode != 0:
            raise CommandError(f"the load test failed (exit {child.returncode}); see above")

    def load(self, options):
        from reports.benchmark import load, serve

        isolation.check_child_settings()
        call_command("migrate", verbosity=0)  # a corpus built before a new migration still serves
        try:
            result = load.run(
                Path(settings.ARCHIVE_DATA_DIR),
                options["users"],
                options["duration"],
                options["workers"],
                seed=options["seed"],
            )
        except (serve.ServerError, ValueError) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            json.dumps(result, ensure_ascii=False) if options["json"] else load.markdown(result)
        )
        if result["overall"]["errors"]:
            raise CommandError(
                f"{result['overall']['errors']} of {result['overall']['requests']} requests failed"
            )
