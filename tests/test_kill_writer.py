"""Pull the power mid-edit: a writer process is killed (SIGKILL) at random moments, 200 times.

After each kill the file opens writable, ``PRAGMA integrity_check`` is ok, and every edit the
writer reported committed is there (plus at most the one it was making).
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys

import pytest

from conftest import ROOT
from core.document.document import open_document

KILLS = 200

WRITER = r"""
import sys
sys.path.insert(0, sys.argv[2])
from core.document import edits
from core.document.document import FormData, open_document

doc = open_document(sys.argv[1])
assert not doc.read_only, "stale lock after a kill"
run = sys.argv[3]
measures = doc.form("overall").id
print("ready", flush=True)
i = 0
while True:
    step = i % 3
    if step == 0:
        project = doc.projects[i % len(doc.projects)]
        row = (i // 3) % len(project.grids["indicators"])
        doc.apply(edits.SetCells(project.id, "indicators", ((row, 5, f"{run}-{i}"),)))
        print(f"cell {project.id} {row} {run}-{i}", flush=True)
    elif step == 1:
        doc.apply(edits.InsertRows(measures, "measures", 0, ((f"{run}-{i}", "x" * (i % 200)),)))
        print(f"measure {run}-{i}", flush=True)
    else:
        doc.apply(edits.add_project(doc, data=FormData("project", {"name": f"{run}-{i}"},
                                                        {"indicators": [["产出指标"]] * 3})))
        print(f"project {run}-{i}", flush=True)
    i += 1
"""


@pytest.mark.slow
def test_killing_the_writer_never_loses_a_committed_edit(open_sample, tmp_path):
    doc = open_sample("000")
    path = doc.path
    initial_measures = len(doc.form("overall").grids["measures"])
    initial_projects = len(doc.projects)
    doc.close()
    script = tmp_path / "writer.py"
    script.write_text(WRITER, encoding="utf-8")
    rng = random.Random(20241124)
    cells: dict[tuple[int, int], str] = {}
    measures: list[str] = []
    projects: list[str] = []
    for run in range(KILLS):
        proc = subprocess.Popen([sys.executable, str(script), str(path), str(ROOT), f"r{run}"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert proc.stdout.readline().strip() == "ready", proc.stderr.read()
        target = rng.randint(0, 25)
        reported = []
        while len(reported) < target:
            reported.append(proc.stdout.readline().split())
        if rng.random() < 0.5:  # sometimes also kill at a moment not tied to a reported line
            for _ in range(rng.randint(0, 2000)):
                pass
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        reported += [line.split() for line in proc.stdout.read().splitlines() if line.strip()]
        proc.stdout.close()
        proc.stderr.close()
        for words in reported:
            if words[0] == "cell":
                cells[(int(words[1]), int(words[2]))] = words[3]
            elif words[0] == "measure":
                measures.append(words[1])
            elif words[0] == "project":
                projects.append(words[1])

        with open_document(path) as reopened:
            assert not reopened.read_only
            found_projects = [p.get("name") for p in reopened.projects]
            found_measures = [r.cells[0] for r in reopened.form("overall").grids["measures"].rows]
            by_id = {p.id: p for p in reopened.projects}
            unreported = 0
            for (form_id, row), value in cells.items():
                found = by_id[form_id].grids["indicators"].cell(row, "basis")
                if found != value:  # only a later, unreported edit of the same cell may differ
                    assert found.startswith(f"r{run}-"), (run, form_id, row, value, found)
                    unreported += 1
            assert set(measures) <= set(found_measures)
            assert set(projects) <= set(found_projects)
            unreported += len(found_measures) - initial_measures - len(measures)
            unreported += len(found_projects) - initial_projects - len(projects)
            assert unreported <= 1, "more than the edit in progress survived unreported?"
            # an unreported edit that did commit counts as done from now on
            measures = [m for m in found_measures[: len(found_measures) - initial_measures]]
            projects = found_projects[initial_projects:]
            for (form_id, row) in cells:
                cells[(form_id, row)] = by_id[form_id].grids["indicators"].cell(row, "basis")
        db = sqlite3.connect(path)
        try:
            assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        finally:
            db.close()
