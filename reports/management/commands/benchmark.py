"""Measure ingest, indexing and search on a synthetic corpus, in a throwaway data directory."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from reports.benchmark import isolation, kept


class Command(BaseCommand):
    help = (
        "Build a synthetic corpus of N reports from the samples in a temporary data directory and "
        "SQLite file, index it, and time search(), trends and KWIC against a brute-force substring scan; "
        "or measure a corpus that buildcorpus left in --data-dir."
    )

    def add_arguments(self, parser):
        parser.add_argument("--reports", type=int, default=100, help="number of synthetic reports")
        parser.add_argument("--seed", type=int, default=2025, help="random seed of the corpus")
        parser.add_argument("--repeats", type=int, default=3, help="runs per query (the median is kept)")
        parser.add_argument(
            "--engine",
            default="both",
            help="search engine to measure: whoosh, tantivy, or both (default; the configured one first)",
        )
        parser.add_argument(
            "--data-dir",
            type=Path,
            help="measure the finished corpus `buildcorpus` built in this folder (its engine, its index) "
            "instead of building one",
        )
        parser.add_argument(
            "--json", action="store_true", help="print the figures as one JSON object per engine, a line each"
        )

    def handle(self, *args, **options):
        if options["reports"] < 1:
            raise CommandError("--reports must be at least 1")
        engine_names = self.engine_names(options["engine"])
        if isolation.in_child():
            return self.measure(options, engine_names)
        folder = None
        if options["data_dir"]:
            folder = options["data_dir"].resolve()
            try:
                kept.require_complete(folder)
            except kept.CorpusFolderError as error:
                raise CommandError(str(error)) from None
        arguments = [
            "--engine",
            ",".join(engine_names),
            "--reports",
            str(options["reports"]),
            "--seed",
            str(options["seed"]),
            "--repeats",
            str(options["repeats"]),
        ] + (["--json"] if options["json"] else [])
        if folder is not None:
            arguments += ["--data-dir", str(folder)]
        child = isolation.run_in_child(arguments, folder=folder)
        if child.returncode != 0:
            raise CommandError(
                f"the benchmark process failed (exit {child.returncode}); see its messages above"
            )
        self.stdout.write(child.stdout.rstrip("\n"))

    @staticmethod
    def engine_names(value: str) -> list[str]:
        """The engines to measure, the configured one first when both are asked for."""
        known = list(settings.SEARCH_ENGINES)
        if value == "both":
            return sorted(known, key=lambda name: name != settings.ARCHIVE_SEARCH_ENGINE)
        names = [name.strip() for name in value.split(",") if name.strip()]
        unknown = [name for name in names if name not in known]
        if not names or unknown:
            raise CommandError(f"--engine: use {', '.join(known)} or both (got {value!r})")
        return names

    def measure(self, options, engine_names):
        from reports.benchmark import measure

        isolation.check_child_settings()
        if options["data_dir"]:
            result = measure.run_kept(kept.require_complete(options["data_dir"]), repeats=options["repeats"])
        else:
            call_command("migrate", verbosity=0)
            result = measure.run(
                options["reports"],
                seed=options["seed"],
                repeats=options["repeats"],
                engine_names=engine_names,
            )
        if options["json"]:
            lines = [json.dumps(record, ensure_ascii=False) for record in measure.engine_records(result)]
            self.stdout.write("\n".join(lines))
        else:
            self.stdout.write(measure.markdown(result))
