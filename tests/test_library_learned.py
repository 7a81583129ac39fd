"""Every document opened or imported teaches the officer's own library, kept in their data folder:
it survives restarts, one library per officer, and a document learned again is not learned twice."""

import subprocess
import sys
from pathlib import Path

from core.library.learned import learned_records, library_file
from core.library.library import ProjectContext, current_library, learn_from

ROOT = Path(__file__).resolve().parents[1]


def test_what_is_learned_survives_a_restart_of_the_program(open_sample, tmp_path, monkeypatch):
    monkeypatch.setenv("BUDGETDESK_DATA_DIR", str(tmp_path / "officer"))
    learned = learn_from(open_sample("000"))
    assert learned == 49 and library_file().parent == tmp_path / "officer"
    code = ("from core.library.library import current_library, ProjectContext\n"
            "s = current_library().suggest(ProjectContext('人民调解经费', '', '巨鹿县司法局'), '数量指标', '', 1)[0]\n"
            "print(s.l3, s.value, s.entry.year, sep='|')")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True,
                         env={**__import__("os").environ, "BUDGETDESK_DATA_DIR": str(tmp_path / "officer")})
    assert out.stdout.strip() == "人民调解员培训次数|≥1次|2023"


def test_each_officer_has_their_own_library(open_sample, tmp_path, monkeypatch):
    monkeypatch.setenv("BUDGETDESK_DATA_DIR", str(tmp_path / "zhang"))
    learn_from(open_sample("000"))
    monkeypatch.setenv("BUDGETDESK_DATA_DIR", str(tmp_path / "li"))
    assert learned_records() == []
    top = current_library().suggest(ProjectContext("人民调解经费", "", "巨鹿县司法局"), "数量指标", "", 1)[0]
    assert top.entry.origin == "pack"  # nothing of 张's history in 李's suggestions


def test_opening_a_document_again_relearns_it_instead_of_doubling(open_sample, tmp_path, monkeypatch):
    from core.document.edits import SetCells

    monkeypatch.setenv("BUDGETDESK_DATA_DIR", str(tmp_path / "officer"))
    doc = open_sample("000")
    learn_from(doc)
    form = doc.projects[0]
    doc.apply(SetCells(form.id, "indicators", ((0, 4, "≥5次"),)))
    learn_from(doc)
    records = learned_records()
    assert len(records) == 49
    assert [r.value for r in records if r.project == "法律援助经费" and r.l3 == "宣传次数"] == ["≥5次"]


def test_rows_that_are_not_indicators_are_not_learned(open_sample, tmp_path, monkeypatch):
    monkeypatch.setenv("BUDGETDESK_DATA_DIR", str(tmp_path / "officer"))
    learn_from(open_sample("001"))
    assert not [r for r in learned_records() if r.l3 == "不涉及"]


def test_a_folder_that_cannot_be_written_never_stops_a_document_opening(open_sample, tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("BUDGETDESK_DATA_DIR", str(blocker))
    assert learn_from(open_sample("000")) == 0
