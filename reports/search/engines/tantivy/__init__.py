"""The tantivy engine (Rust, embedded; the default): see `backend`."""

from reports.search.engines.tantivy.backend import ArchiveTantivyBackend, ArchiveTantivyEngine

__all__ = ["ArchiveTantivyBackend", "ArchiveTantivyEngine"]
