"""The whoosh engine (pure Python): see `backend`."""

from reports.search.engines.whoosh.backend import ArchiveWhooshBackend, ArchiveWhooshEngine

__all__ = ["ArchiveWhooshBackend", "ArchiveWhooshEngine"]
