"""The indicator library (指标库): indicators an officer picks instead of typing weak ones.

Two parts, merged by :class:`core.library.library.Library`: the shipped library
(``resources/indicator_library/library.json``: common indicators and the 司法行政 pack, read by
:mod:`core.library.shipped`) and the officer's own, learned from every document opened or imported
(:mod:`core.library.learned`, in the per-user data folder). :mod:`core.library.suggest` ranks them
for one row of one project; :mod:`core.library.edits` turns a choice into an undoable edit;
:mod:`core.library.fixes` proposes library fixes for findings; :mod:`core.library.templates` lays out
a new project by project type. No Qt here.
"""
