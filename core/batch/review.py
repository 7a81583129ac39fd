"""The batch review's run: every document of a folder read by the import readers and validated,
one worker process per core.

:func:`review_file` is the per-document step: a pure function of a path (it reads the file and
returns a :class:`FileReview` of plain, picklable values — no open document, no pandas), so that the
same function can be mapped over the files by the standard library's process pool here, or by a
Dask or Ray cluster for a province (docs/batch-review.md). It never raises: a file that cannot be
read comes back with ``ok`` False and the readers' Chinese reason; an unexpected failure is logged
and comes back the same way.

:func:`review_folder` runs it over a folder and returns the reviews in file order; it honours
``cancelled()`` and a ``timeout`` within a fraction of a second, and leaves no worker behind.
"""

from __future__ import annotations

import os
import re
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from core.errors import BudgetDeskError

SUFFIXES = (".bdoc", ".pdf", ".xlsx", ".docx", ".json")
POLL_SECONDS = 0.1  # how often a run looks at cancelled() and its timeout while waiting for results
TIMED_OUT = "审核超时：这个文件在规定时间内没有读完（可能过大或已损坏）。请单独导入它查看原因。"
STOPPED = "审核已取消，这个文件没有审核。"


@dataclass
class FileReview:
    """What the review of one file found. ``name`` is the file's path relative to the folder
    reviewed; ``summary`` holds the figures of :func:`core.batch.figures.document_figures` and the
    counts of findings by severity; ``findings`` one dict per finding (``Finding.as_json`` flattened,
    plus ``severity_label``); ``notes`` what the officer should know of how the file was read
    (a year taken from the file name, …)."""

    path: str
    name: str
    kind: str = ""
    ok: bool = False
    reason: str = ""
    summary: dict = field(default_factory=dict)
    findings: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return self.summary.get("errors", 0)


@dataclass
class BatchReview:
    """The reviews of a run, in file order; ``cancelled`` when the officer stopped it (the files not
    reviewed are listed with :data:`STOPPED`)."""

    folder: str
    reviews: list[FileReview]
    cancelled: bool = False

    @property
    def unreadable(self) -> list[FileReview]:
        return [r for r in self.reviews if not r.ok]


def documents_in(folder: Path, recursive: bool = False) -> list[Path]:
    """The files of ``folder`` (and its subfolders if ``recursive``) a review reads, by name: every
    .bdoc/.pdf/.xlsx/.docx/.json, but Office's lock files (``~$…``) and hidden ones. Raises
    BudgetDeskError (Chinese) if the folder cannot be listed."""
    folder = Path(folder)
    if not folder.is_dir():
        raise BudgetDeskError(f"找不到文件夹「{folder}」，请选择存放各部门文件的文件夹。")
    try:
        found = folder.rglob("*") if recursive else folder.iterdir()
        files = [p for p in found if p.suffix.lower() in SUFFIXES and not p.name.startswith(("~$", "."))
                 and p.is_file()]
    except OSError as exc:
        raise BudgetDeskError(f"无法读取文件夹「{folder}」：{exc.strerror or exc}。请确认有权限访问它。") from None
    return sorted(files, key=lambda p: p.relative_to(folder).as_posix())


# --- one document ---------------------------------------------------------------------------------

_YEAR = re.compile(r"(20[0-9]{2})\s*年?")


_PROJECT_CODE_YEAR = re.compile(r"^[0-9]{6}([0-9]{2})P")  # 130529 23 P…: 区划, year, …


def _guessed_year(path: Path, data: dict) -> int | None:
    """A year for a file that prints none: from its name (``巨鹿县司法局2023年….pdf``), else from its
    project codes (``13052923P…`` is 2023's), else the year its texts name most often."""
    match = _YEAR.search(path.stem)
    if match:
        return int(match.group(1))
    coded = Counter(2000 + int(m.group(1)) for p in data.get("projects") or []
                    if (m := _PROJECT_CODE_YEAR.match(str(p.get("code") or ""))))
    if coded:
        return coded.most_common(1)[0][0]
    texts = [str(p.get("goal") or "") + str(p.get("name") or "") for p in data.get("projects") or []]
    years = Counter(int(y) for text in texts for y in re.findall(r"(20[0-9]{2})年", text))
    return years.most_common(1)[0][0] if years else None


def _as_document_data(path: Path, result) -> tuple[dict, list[str]]:
    """The read file's data, completed so that it opens as a document: a 单位 or 年度 the file does
    not print is taken from its tables' unit line, its name or its texts, and said in the notes."""
    data = dict(result.data)
    notes = []
    if not data.get("department"):
        department, code, _ = result.offered_unit()
        data["department"] = department or path.stem
        if code and not data.get("department_code"):
            data["department_code"] = code
        notes.append(f"文件中没有注明预算单位，按{'表中的编制单位' if department else '文件名'}记为「{data['department']}」。")
    if not data.get("year"):
        year = _guessed_year(path, data)
        if year is None:
            raise BudgetDeskError("文件中没有注明预算年度，也无法从文件名推断。请在文件名中写上年度（如 2024年）后重新审核。")
        data["year"] = year
        notes.append(f"文件中没有注明预算年度，按文件名、项目编码或文字中的年份推断为 {year} 年。")
    data["money_unit"] = data.get("money_unit") or "万元"
    return data, notes


def _findings_of(doc, findings) -> tuple[dict, list[dict]]:
    from core.batch.figures import document_figures
    from core.checks.validation import ERROR, INFO, SEVERITY_LABELS, WARNING

    summary = document_figures(doc)
    counts = Counter(f.severity for f in findings)
    summary.update(errors=counts.get(ERROR, 0), warnings=counts.get(WARNING, 0), infos=counts.get(INFO, 0))
    rows = []
    for f in findings:
        loc = f.location
        rows.append({"rule": f.rule, "severity": f.severity, "severity_label": SEVERITY_LABELS[f.severity],
                     "form": loc.form, "project": loc.project, "row": loc.row, "field": loc.field,
                     "message": f.message, "category": f.category})
    return summary, rows


def review_file(path: str | os.PathLike, root: str | os.PathLike | None = None) -> FileReview:
    """Read and validate the file at ``path`` (named relative to ``root`` when given). Pure: it reads
    the file and nothing else (a file that is not a .bdoc is opened as a document in a temporary
    folder, removed before it returns), and never raises."""
    path = Path(path)
    review = FileReview(str(path), _relative(path, Path(root)) if root is not None else path.name)
    try:
        _review_into(review, path)
    except BudgetDeskError as exc:
        review.ok, review.reason = False, str(exc)
    except MemoryError:
        review.ok, review.reason = False, "文件过大，读取时内存不足，没有审核。请单独导入它查看。"
    except Exception as exc:  # noqa: BLE001 - one file's surprise never stops a run
        from core import error_log

        error_log.record(exc, f"batch review: {path.name}")
        review.ok, review.reason = False, "审核这个文件时遇到内部错误（详情已写入日志），其他文件不受影响。"
    return review


def _review_into(review: FileReview, path: Path) -> None:
    from core.checks.validation import validate
    from core.reading import read_file, sniff

    kind = sniff(path) if path.is_file() else ""
    if kind == "bdoc":
        from core.document.document import open_document

        review.kind = "BudgetDesk 文档"
        with open_document(path, read_only=True) as doc:
            review.summary, review.findings = _findings_of(doc, validate(doc))
        review.ok = True
        return
    result = read_file(path)
    review.kind = result.kind
    data, review.notes = _as_document_data(path, result)
    from core.file.json_format import import_json

    with tempfile.TemporaryDirectory(prefix="budgetdesk-review-") as folder:
        with import_json(data, Path(folder) / "review.bdoc") as doc:
            review.summary, review.findings = _findings_of(doc, validate(doc))
    review.ok = True


# --- a folder -------------------------------------------------------------------------------------

def default_workers() -> int:
    """One worker process per core."""
    return max(1, os.cpu_count() or 1)


def review_folder(folder: str | os.PathLike, recursive: bool = False, *, workers: int | None = None,
                  progress: Callable[[int, int], None] | None = None,
                  cancelled: Callable[[], bool] | None = None, timeout: float | None = None,
                  on_review: Callable[[FileReview], None] | None = None, files: list[Path] | None = None
                  ) -> BatchReview:
    """Review every document of ``folder`` (:func:`documents_in`, or the ``files`` given) on a pool of
    ``workers`` processes (one per core by default). ``progress(done, total)`` is called once before
    the first file and after each one, ``on_review(review)`` as each review arrives (in the order
    they finish). When ``cancelled()`` says so the run stops: the files not reviewed are listed as
    such and ``cancelled`` is set. Files not reviewed ``timeout`` seconds after the start are listed
    as timed out. Either way the worker processes are ended before it returns."""
    folder = Path(folder)
    paths = list(files) if files is not None else documents_in(folder, recursive)
    total = len(paths)
    if progress:
        progress(0, total)
    reviews: dict[int, FileReview] = {}
    stopped = False
    if paths:
        workers = max(1, min(workers or default_workers(), total))
        stopped = _run_pool(folder, paths, workers, reviews, progress, cancelled, timeout, on_review)
    for i, path in enumerate(paths):
        if i not in reviews:
            reason = STOPPED if stopped else TIMED_OUT
            reviews[i] = FileReview(str(path), _relative(path, folder), ok=False, reason=reason)
    return BatchReview(str(folder), [reviews[i] for i in range(total)], cancelled=stopped)


def _relative(path: Path, folder: Path) -> str:
    try:
        return path.relative_to(folder).as_posix()
    except ValueError:
        return path.name


def _run_pool(folder, paths, workers, reviews, progress, cancelled, timeout, on_review) -> bool:
    """Fill ``reviews`` (by position) from a process pool; True if cancelled."""
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    # spawn everywhere (as on Windows): a forked copy of a process running Qt's threads is unsafe
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"))
    deadline = None if timeout is None else time.monotonic() + timeout
    finished = False
    try:
        futures = {pool.submit(review_file, str(path), str(folder)): i for i, path in enumerate(paths)}
        pending = set(futures)
        while pending:
            if cancelled is not None and cancelled():
                return True
            if deadline is not None and time.monotonic() >= deadline:
                return False
            done, pending = wait(pending, timeout=POLL_SECONDS, return_when=FIRST_COMPLETED)
            for future in done:
                i = futures[future]
                try:
                    review = future.result()
                except Exception:  # noqa: BLE001 - a worker that died (killed, out of memory)
                    review = FileReview(str(paths[i]), _relative(paths[i], folder), ok=False,
                                        reason="审核这个文件的进程意外退出（可能内存不足），其他文件不受影响。")
                reviews[i] = review
                if on_review:
                    on_review(review)
                if progress:
                    progress(len(reviews), len(paths))
        finished = True
        return False
    finally:
        _end(pool, finished)


def _end(pool, finished: bool) -> None:
    """Shut the pool down: after a complete run its workers exit as usual; after 取消 or a timeout
    the files still being read are not waited for: their processes are ended."""
    if finished:
        pool.shutdown(wait=True)
        return
    processes = list(getattr(pool, "_processes", {}).values())  # the stdlib's own record of its workers
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(5)
