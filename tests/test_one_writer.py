"""One writer per document, whatever path leads to it; and no writer ever overwrites the file from
memory that another program's change has made stale.

The writers are real processes (``WRITER`` below), driven line by line through stdin/stdout.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys

import pytest

from conftest import ROOT
from core.document import edits
from core.document.document import open_document
from core.errors import DocumentFileError
from core.file.file_lock import lock_path
from core.file.json_format import to_json

WRITER = r"""
import sys
sys.path.insert(0, sys.argv[2])
from core.document import edits
from core.document.document import open_document
doc = open_document(sys.argv[1])
print("read-only" if doc.read_only else "writable", flush=True)
for line in sys.stdin:
    words = line.split()
    if words[0] == "quit":
        break
    project = doc.projects[0]
    try:  # set one cell of the first indicator row: the whole row is written from memory
        doc.apply(edits.SetCells(project.id, "indicators", ((0, int(words[1]), words[2]),)))
        print("done", flush=True)
    except Exception as exc:
        print("refused", type(exc).__name__, flush=True)
doc.close()
print("closed", flush=True)
"""


class Writer:
    """A process holding the document open through ``path``; ``state`` is what its open gave."""

    def __init__(self, script, path):
        self.process = subprocess.Popen([sys.executable, str(script), str(path), str(ROOT)],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.state = self.process.stdout.readline().strip()

    def set_cell(self, column: int, value: str) -> str:
        self.process.stdin.write(f"cell {column} {value}\n")
        self.process.stdin.flush()
        return self.process.stdout.readline().strip()

    def quit(self) -> None:
        out, _ = self.process.communicate("quit\n", timeout=60)
        assert out.strip() == "closed"


@pytest.fixture
def writer_script(tmp_path):
    script = tmp_path / "writer.py"
    script.write_text(WRITER, encoding="utf-8")
    return script


def _other_name(path, how):
    """A second way to the same document: a symlink, a hard link, or the same name after the
    ``.lock`` file beside it was deleted."""
    if how == "symlink":
        other = path.with_name("链接.bdoc")
        try:
            os.symlink(path, other)
        except (OSError, NotImplementedError):
            pytest.skip("symbolic links cannot be made here")
        return other
    if how == "hard link":
        other = path.parent / "elsewhere" / "硬链接.bdoc"
        other.parent.mkdir()
        os.link(path, other)
        return other
    lock_path(path).unlink()
    return path


@pytest.mark.parametrize("how", ["symlink", "hard link", "lock file deleted"])
def test_a_second_process_reaching_the_document_another_way_only_reads_and_nothing_is_lost(
        open_sample, writer_script, how):
    doc = open_sample("000")
    path = doc.path
    first_row = list(doc.projects[0].grids["indicators"].rows[0].cells)
    doc.close()
    first = Writer(writer_script, path)
    second = None
    try:
        assert first.state == "writable"
        other = _other_name(path, how)
        second = Writer(writer_script, other)
        assert second.state == "read-only"
        with open_document(other) as third:  # this process, too, only reads
            assert third.read_only and "正在被" in third.store.read_only_reason
            if how == "symlink":  # who holds it is still known
                assert socket.gethostname() in third.store.read_only_reason
        for column in range(9):
            assert first.set_cell(column % 6, f"甲{column}") == "done"
            assert second.set_cell((column + 1) % 6, f"乙{column}") == "refused ReadOnlyError"
    finally:
        first.quit()
        if second is not None:
            second.quit()
    expected = [f"甲{column}" for column in (6, 7, 8, 3, 4, 5)] + first_row[6:]
    with open_document(path) as reopened:
        assert not reopened.read_only
        assert reopened.projects[0].grids["indicators"].rows[0].cells == expected


def test_a_second_open_through_a_symlink_in_the_same_process_is_read_only(open_sample):
    doc = open_sample("000")
    link = doc.path.with_name("链接.bdoc")
    try:
        os.symlink(doc.path, link)
    except (OSError, NotImplementedError):
        pytest.skip("symbolic links cannot be made here")
    with open_document(link) as second:
        assert second.read_only and not doc.read_only
    doc.apply(edits.set_field(doc, doc.projects[0].id, "name", "原窗口仍可编辑"))


OTHER_PROGRAM = r"""
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
row_id, cells = db.execute(
    "SELECT id, cells FROM grid_row WHERE form_id = ? AND grid = 'indicators' "
    "ORDER BY position LIMIT 1", (int(sys.argv[2]),)).fetchone()
cells = json.loads(cells)
cells[5] = "另一个程序写的"
db.execute("UPDATE grid_row SET cells = ? WHERE id = ?", (json.dumps(cells, ensure_ascii=False), row_id))
db.close()
print("written", flush=True)
"""


@pytest.mark.parametrize("make_edit", [
    lambda doc, p: edits.SetCells(p.id, "indicators", ((0, 4, "本窗口写的"),)),
    lambda doc, p: edits.set_cells(doc, p.id, "indicators", len(p.grids["indicators"]) - 1, 4,
                                   [["本窗口写的"], ["新行"]]),
    lambda doc, p: edits.DeleteRows(p.id, "indicators", 1, 1),
], ids=["cell", "paste adding a row", "delete a row"])
def test_an_edit_over_a_row_another_program_changed_is_refused_and_memory_follows_the_file(
        open_sample, tmp_path, make_edit):
    doc = open_sample("000")
    project = doc.projects[0]
    script = tmp_path / "other.py"
    script.write_text(OTHER_PROGRAM, encoding="utf-8")
    done = subprocess.run([sys.executable, str(script), str(doc.path), str(project.id)],
                          capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "written", done.stderr
    with pytest.raises(DocumentFileError, match="其他程序修改") as refused:
        doc.apply(make_edit(doc, project))
    assert "重新读取" in str(refused.value)
    project = doc.projects[0]  # memory was read again from the file
    assert project.grids["indicators"].rows[0].cells[5] == "另一个程序写的"
    with open_document(doc.path, read_only=True) as other:
        assert to_json(other) == to_json(doc)
    doc.apply(make_edit(doc, project))  # now it is based on what the file holds
    with open_document(doc.path, read_only=True) as other:
        assert other.projects[0].grids["indicators"].rows[0].cells[5] == "另一个程序写的"
        assert to_json(other) == to_json(doc)
