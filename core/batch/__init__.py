"""The 财政局's batch review: every document in a folder read and validated, and the results tabulated
into one workbook (``python main.py review FOLDER --xlsx 审核汇总.xlsx``, 文件 → 批量审核…).

- :mod:`core.batch.review` — the per-document step (:func:`~core.batch.review.review_file`, a pure
  function of a path: never raises, an unreadable file comes back with its Chinese reason) and the run
  over a folder on a process pool (:func:`~core.batch.review.review_folder`, with progress and 取消);
- :mod:`core.batch.figures` — the figures of one open document the summary lists (no pandas);
- :mod:`core.batch.tables` — the tabulation (汇总, 按规则, 明细, 对比) with pandas;
- :mod:`core.batch.workbook` — those tables as an .xlsx through core.file.xlsx_writer.

pandas is imported by :mod:`core.batch.tables` only, which only the batch review (and the comparison
export) import: this package's ``__init__`` and :mod:`core.batch.review` stay free of it, so that the
window can offer the command without loading pandas at start-up.
"""
