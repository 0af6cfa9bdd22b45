"""whoosh writers for the archive: bulk segments left unmerged, parallel writes that fail loudly."""

import multiprocessing
import shutil

from haystack.exceptions import SearchBackendError
from whoosh.multiproc import MpWriter
from whoosh.writing import MERGE_SMALL, SegmentWriter

BULK_SEGMENT_DOCS = 1_000  # segments of at least this many documents are never merged by later writes


def merge_small_segments(writer, segments):
    """whoosh's `MERGE_SMALL` over the segments below `BULK_SEGMENT_DOCS` documents; the rest stay."""
    small = [segment for segment in segments if segment.doc_count_all() < BULK_SEGMENT_DOCS]
    large = [segment for segment in segments if segment.doc_count_all() >= BULK_SEGMENT_DOCS]
    return large + MERGE_SMALL(writer, small)


class ParallelWriter(MpWriter):
    """whoosh's `MpWriter`, made to fail loudly instead of hanging or dropping documents.

    - A process that dies (killed, out of memory, a write error) made `MpWriter` commit without its
      segment: the commit now checks that the new segments hold every document sent, else raises.
    - The job queue is unbounded, so sending never waits for ever on processes that have died.
    - `MpWriter.cancel` only flagged its own copies of the process objects, so they waited on the job
      queue for ever (and the interpreter for them at exit): cancel stops them and removes the
      temporary folder they share with this writer.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.jobqueue = multiprocessing.Queue()
        self._documents_sent = 0
        self._existing = {segment.segment_id() for segment in self.segments}

    def add_document(self, **fields):
        super().add_document(**fields)
        self._documents_sent += 1

    def _commit_toc(self, segments):
        written = sum(
            segment.doc_count_all() for segment in segments if segment.segment_id() not in self._existing
        )
        if written != self._documents_sent:
            failed = [task.exitcode for task in self.tasks if task.exitcode]
            raise SearchBackendError(
                f"search index: the parallel write produced {written} of {self._documents_sent} documents "
                f"(writer process exit codes {failed}); nothing was committed"
            )
        super()._commit_toc(segments)

    def cancel(self):
        for task in self.tasks:
            task.terminate()
        for task in self.tasks:
            task.join()
        try:
            SegmentWriter.cancel(self)
        finally:  # the folder the processes share (whoosh names it after the index), even if that failed
            shutil.rmtree(self._tempstorage.folder, ignore_errors=True)
