"""This year beside last year (上年数): the comparison of each 公开表 and each project as data
(:mod:`core.compare.comparison`, built from :mod:`core.compare.tables` and
:mod:`core.compare.projects`, each figure a :class:`core.compare.figures.Figure`), its workbook
for the 分管领导 (:mod:`core.compare.xlsx`) and the charts' data (:mod:`core.compare.charts`).

Last year is a :class:`core.document.last_year.LastYearDocument`: what this year's file keeps
(``last_year(doc)``) or last year's own file (``open_last_year(path)``). Nothing here changes a
document; nothing here imports Qt.
"""
