"""When the file cannot do what is asked, the officer is told the truth in Chinese and the file is
left intact: a full disk, a read-only file, the journal a crash left behind, a killed import."""

from __future__ import annotations

import hashlib
import os
import re
import signal
import sqlite3
import stat
import subprocess
import sys

import pytest

from conftest import ROOT, sample_json
from core.document import edits
from core.file import store
from core import templates
from core.document.document import FormData, create_document, open_document
from core.errors import DocumentFileError, ReadOnlyError
from core.file.json_format import import_json, read_json_file, to_json

SQLITE_WORDS = re.compile(r"database|disk|rollback|transaction|malformed|sqlite|readonly|locked",
                          re.IGNORECASE)


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def file_json(path):
    with open_document(path, read_only=True) as doc:
        return to_json(doc)


def integrity(path):
    db = sqlite3.connect(path)
    try:
        return db.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        db.close()


# --- a full disk ----------------------------------------------------------------------------------

def test_a_full_disk_refuses_every_edit_saying_so_and_the_file_is_intact(open_sample):
    """SQLite's ``max_page_count`` makes the database full exactly as a full disk does
    (SQLITE_FULL); SQLite then ends the transaction itself."""
    doc = open_sample("000")
    before = file_json(doc.path)
    db = doc.store._db
    db.execute(f"PRAGMA max_page_count = {db.execute('PRAGMA page_count').fetchone()[0]}")
    overall = doc.form("overall").id
    project = doc.projects[0]
    big = "内容" * 3000
    attempts = [
        lambda: edits.InsertRows(overall, "measures", 0, (("措施", big),)),
        lambda: edits.SetCells(project.id, "indicators", ((0, 5, big),)),
        lambda: edits.SetFields(project.id, (("purpose", big),)),
        lambda: edits.add_project(doc, data=FormData("project", {"name": big}, {})),
        lambda: edits.set_cells(doc, project.id, "indicators", len(project.grids["indicators"]) - 1,
                                0, [[big]] * 3),
    ]
    messages = []
    for attempt in attempts * 4:
        with pytest.raises(DocumentFileError) as refused:
            doc.apply(attempt())
        messages.append(str(refused.value))
    for message in messages:
        assert "磁盘空间不足" in message and "没有生效" in message, message
        assert not SQLITE_WORDS.search(message), message
    assert to_json(doc) == before == file_json(doc.path)
    assert integrity(doc.path) == "ok"
    db.execute("PRAGMA max_page_count = 1073741823")  # space freed: editing goes on
    doc.apply(attempts[0]())
    assert file_json(doc.path)["overall"]["measures"][0]["text"] == big


# --- a read-only file -----------------------------------------------------------------------------

def test_a_read_only_file_opens_read_only_and_says_why(open_sample):
    doc = open_sample("000")
    path = doc.path
    doc.close()
    path.chmod(stat.S_IREAD | stat.S_IRGRP | stat.S_IROTH)  # 444: also meaningful when run as root
    try:
        before = digest(path)
        with open_document(path) as opened:
            assert opened.read_only
            assert "只读文件" in opened.store.read_only_reason
            assert "另存为" in opened.store.read_only_reason
            with pytest.raises(ReadOnlyError):
                opened.apply(edits.set_field(opened, opened.projects[0].id, "name", "改"))
        assert digest(path) == before
    finally:
        path.chmod(stat.S_IREAD | stat.S_IWRITE)


# --- the journal a crash leaves -------------------------------------------------------------------

KILLED_MID_EDIT = r"""
import sys
sys.path.insert(0, sys.argv[2])
from core.document.document import open_document
doc = open_document(sys.argv[1])
doc.store._db.execute("PRAGMA cache_size = 1")  # changed pages reach the file before the commit
with doc.store.transaction():
    for project in doc.projects:
        doc.store.set_fields(project.id, {"name": "没有提交的修改" * 50})
    print("mid-edit", flush=True)
    sys.stdin.readline()
"""


def crash_mid_edit(path, tmp_path):
    script = tmp_path / "killed.py"
    script.write_text(KILLED_MID_EDIT, encoding="utf-8")
    writer = subprocess.Popen([sys.executable, str(script), str(path), str(ROOT)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert writer.stdout.readline().strip() == "mid-edit"
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait()
    writer.stdout.close()
    writer.stdin.close()
    journal = path.with_name(path.name + "-journal")
    assert journal.exists() and journal.stat().st_size > 0, "the crash left no journal"


def test_the_first_read_only_open_after_a_crash_shows_the_document_and_says_how_to_repair_it(
        open_sample, tmp_path):
    doc = open_sample("000")
    path = doc.path
    committed = to_json(doc)
    doc.close()
    crash_mid_edit(path, tmp_path)
    journal = path.with_name(path.name + "-journal")
    before = digest(path), digest(journal)
    with open_document(path, read_only=True) as viewer:
        assert to_json(viewer) == committed  # what was committed, without the edit cut short
        assert "未正常关闭" in viewer.store.read_only_reason
        assert "可写" in viewer.store.read_only_reason
    assert (digest(path), digest(journal)) == before, "a read-only open touched the files"
    with open_document(path) as repaired:  # one writable open rolls the journal back
        assert not repaired.read_only and to_json(repaired) == committed
    assert not journal.exists() and integrity(path) == "ok"


# --- creating a document ---------------------------------------------------------------------------

KILLED_IMPORT = r"""
import sys
sys.path.insert(0, sys.argv[3])
from core.file import store
from core.file.json_format import import_json, read_json_file

write_form = store.Store.write_form

def write_and_wait(self, *args, **kwargs):
    result = write_form(self, *args, **kwargs)
    print("writing", flush=True)
    sys.stdin.readline()
    return result

store.Store.write_form = write_and_wait
import_json(read_json_file(sys.argv[1]), sys.argv[2])
"""


def test_a_killed_import_leaves_no_half_document_and_running_it_again_works(tmp_path):
    source = sample_json("000")
    out = tmp_path / "导入.bdoc"
    script = tmp_path / "import.py"
    script.write_text(KILLED_IMPORT, encoding="utf-8")
    importer = subprocess.Popen([sys.executable, str(script), str(source), str(out), str(ROOT)],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert importer.stdout.readline().strip() == "writing"
    os.kill(importer.pid, signal.SIGKILL)
    importer.wait()
    importer.stdout.close()
    importer.stdin.close()
    assert not out.exists(), "a half-made document was left under the officer's file name"
    with import_json(read_json_file(source), out) as doc:
        assert not doc.read_only and len(doc.projects) == 8
    assert sorted(p.name for p in tmp_path.iterdir()) == ["import.py", "导入.bdoc"]
    assert integrity(out) == "ok"


def test_creating_never_replaces_a_file_that_appeared_meanwhile(tmp_path):
    path = tmp_path / "新.bdoc"

    def someone_else_saves_there(_store):
        path.write_text("别人的文件", encoding="utf-8")

    with pytest.raises(DocumentFileError, match="已存在"):
        store.create_file(path, someone_else_saves_there)
    assert path.read_text(encoding="utf-8") == "别人的文件"
    assert [p.name for p in tmp_path.iterdir()] == ["新.bdoc"]


def test_two_programs_creating_the_same_document_do_not_mix_their_files(tmp_path):
    from core.file.file_lock import FileLock

    path = tmp_path / "新.bdoc"
    other = FileLock(path.with_name(path.name + ".part"), new=True)  # another one is building it
    assert other.acquire()
    try:
        with pytest.raises(DocumentFileError, match="另一个程序正在写入"):
            create_document(path, "某局", 2025)
        assert not path.exists()
    finally:
        other.release()
    create_document(path, "某局", 2025).close()
    assert file_json(path)["department"] == "某局"


def test_a_failed_creation_leaves_nothing_behind(tmp_path):
    path = tmp_path / "新.bdoc"
    with pytest.raises(TypeError):
        create_document(path, "某局", 2025, parts=[FormData("project", {}, {"indicators": [5]})])
    assert list(tmp_path.iterdir()) == []
    create_document(path, "某局", 2025, parts=templates.starting_forms(2025)).close()
    assert file_json(path)["department"] == "某局"


# --- no SQLite text reaches the officer -----------------------------------------------------------

def test_messages_about_damaged_files_carry_no_sqlite_text(tmp_path):
    source = tmp_path / "good.bdoc"
    create_document(source, "某局", 2025, parts=templates.starting_forms(2025)).close()
    data = source.read_bytes()
    damaged = {"truncated": data[: len(data) // 2], "header only": data[:100]}
    for offset in (200, 1024, 4096 + 10, 4096 * 3 + 100, len(data) - 50):
        flipped = bytearray(data)
        for i in range(offset, min(offset + 64, len(data))):
            flipped[i] ^= 0xFF
        damaged[f"flipped {offset}"] = bytes(flipped)
    refused = 0
    for name, content in damaged.items():
        path = tmp_path / "损坏.bdoc"
        path.write_bytes(content)
        try:
            with open_document(path) as doc:
                to_json(doc)
        except DocumentFileError as exc:
            refused += 1
            assert not SQLITE_WORDS.search(str(exc)), (name, str(exc))
            assert re.search(r"[\u4e00-\u9fff]", str(exc))
        path.unlink()
        path.with_name(path.name + ".lock").unlink(missing_ok=True)
    assert refused >= 3
