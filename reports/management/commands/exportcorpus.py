"""Write the whole corpus as gzip'd JSON Lines (served at /downloads/corpus.jsonl.gz) with its manifest."""

from pathlib import Path
from urllib.parse import urlsplit

from django.core.management.base import BaseCommand, CommandError

from reports.api.export import default_corpus_path, export_corpus


class Command(BaseCommand):
    help = "Export every report (metadata, text, sections) as one gzip'd JSON line each, atomically."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", type=Path, help="file to write (default ARCHIVE_DATA_DIR/exports/corpus.jsonl.gz)"
        )
        parser.add_argument(
            "--base-url",
            default="",
            help="site address for the records' links, e.g. https://archive.example.org (default: paths)",
        )

    def handle(self, *args, **options):
        path = Path(options["output"]) if options["output"] else default_corpus_path()
        if path.is_dir():
            raise CommandError(f"--output {path}: is a folder, give a file name")
        if not path.parent.exists() and options["output"]:
            raise CommandError(f"--output {path}: folder {path.parent} does not exist")
        result = export_corpus(path, absolute_url=link_maker(options["base_url"]))
        self.stdout.write(
            f"{result.count} reports → {result.path} ({result.size} bytes, sha256 {result.sha256})"
        )


def link_maker(base_url: str):
    """Paths as they are, or after `base_url` (an http(s) address, perhaps with a path of its own)."""
    if not base_url:
        return str
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise CommandError(f"--base-url {base_url!r}: not an http(s) address")
    prefix = base_url.rstrip("/")
    return lambda path: f"{prefix}{path}"
