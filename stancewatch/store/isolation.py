"""One bad document never loses a run: per-document isolation for the stages that work per document.

A stage works on a chunk of documents at once (batched spaCy and transformer inference). When the
chunk raises, ``isolate`` tells a document's fault from the machine's:

* **machine faults** (``MemoryError``, ``OSError`` such as a full disk, a model that will not load,
  a missing package) fail the run as before: isolation must never hide them;
* anything else is retried one document at a time; the documents that still raise become
  ``DocumentFailure`` records (quarantine rows with reason ``processing_error``, the stage, the
  exception type and message) and the chunk is run again without them, so the others keep their rows;
* if *every* document of a chunk of three or more fails with the same exception type, the cause is
  not the documents (a bug, a broken environment): ``SystematicFailureError`` fails the run.

``strict=True`` (``stancewatch run --strict``) re-raises the first document's exception instead,
naming the document: for debugging.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence, TypeVar

from stancewatch.errors import ModelLoadError, StancewatchError

R = TypeVar("R")
MACHINE_FAULTS: tuple[type[BaseException], ...] = (MemoryError, OSError, ImportError, ModelLoadError, SystemError)
PROCESSING_ERROR = "processing_error"
MIN_SYSTEMATIC = 3


class SystematicFailureError(StancewatchError):
    """Every document of a chunk failed the same way: the cause is not in the documents."""


class DocumentProcessingError(StancewatchError):
    """Raised in strict mode: one document failed in a stage (the message names it)."""


@dataclass(frozen=True)
class DocumentFailure:
    doc_id: str
    stage: str
    error_type: str
    message: str

    def quarantine_row(self, source: str, run_id: str) -> dict:
        return {
            "source": source,
            "reason": PROCESSING_ERROR,
            "stage": self.stage,
            "doc_id": self.doc_id,
            "message": f"{self.stage} stage: {self.error_type}: {self.message}"[:2000],
            "run_id": run_id,
        }


def is_machine_fault(exc: BaseException) -> bool:
    return isinstance(exc, MACHINE_FAULTS)


def failure_of(doc_id: str, stage: str, exc: BaseException) -> DocumentFailure:
    return DocumentFailure(doc_id, stage, type(exc).__name__, str(exc) or repr(exc))


def isolate(
    doc_ids: Sequence[str], work: Callable[[list[str]], R], stage: str, strict: bool = False
) -> tuple[R, list[DocumentFailure]]:
    """``work(doc_ids)`` on the whole chunk; on a document's fault, find the failing documents one by one
    and return ``work`` of the rest with their failures (see module doc)."""
    ids = list(doc_ids)
    try:
        return work(ids), []
    except Exception as exc:  # noqa: BLE001 - sorted into machine and document faults below
        if is_machine_fault(exc):
            raise
        chunk_exc = exc
    failures: list[DocumentFailure] = []
    for doc_id in ids:
        try:
            work([doc_id])
        except Exception as exc:  # noqa: BLE001
            if is_machine_fault(exc):
                raise
            if strict:
                raise DocumentProcessingError(
                    f"Document {doc_id} failed in the {stage} stage: {type(exc).__name__}: {exc} "
                    "(--strict stops at the first failing document; without it the document is quarantined)."
                ) from exc
            failures.append(failure_of(doc_id, stage, exc))
    if len(ids) >= MIN_SYSTEMATIC and len(failures) == len(ids) and len({f.error_type for f in failures}) == 1:
        raise SystematicFailureError(
            f"All {len(ids)} documents of a chunk failed in the {stage} stage with {failures[0].error_type}: "
            f"{failures[0].message}. "
            "That is not the documents' fault (a bug or a broken installation); the run stops so it is not hidden."
        ) from chunk_exc
    if not failures:  # the chunk failed but no document alone does: not a document's fault
        raise chunk_exc
    failed = {f.doc_id for f in failures}
    return work([d for d in ids if d not in failed]), failures
