"""A document in use elsewhere opens read-only, says so and by whom, and refuses edits."""

import hashlib
import socket
import subprocess
import sys

import pytest

from conftest import ROOT
from core.document import edits
from core.document.document import open_document
from core.errors import ReadOnlyError
from core.file.file_lock import lock_path

HOLDER = r"""
import sys
sys.path.insert(0, sys.argv[2])
from core.document.document import open_document
doc = open_document(sys.argv[1])
print("writable" if not doc.read_only else "read-only", flush=True)
sys.stdin.readline()
doc.close()
"""


def test_a_second_open_in_the_same_process_is_read_only(open_sample):
    doc = open_sample("000")
    before = hashlib.sha256(doc.path.read_bytes()).hexdigest()
    with open_document(doc.path) as second:
        assert second.read_only and not doc.read_only
        assert "只读" in second.store.read_only_reason
        with pytest.raises(ReadOnlyError):
            second.apply(edits.set_field(second, second.projects[0].id, "name", "改"))
        assert second.projects[0].get("name") == doc.projects[0].get("name")
    assert hashlib.sha256(doc.path.read_bytes()).hexdigest() == before
    doc.apply(edits.set_field(doc, doc.projects[0].id, "name", "原窗口仍可编辑"))


def test_another_process_holding_the_document_makes_this_one_read_only(open_sample, tmp_path):
    doc = open_sample("000")
    path = doc.path
    doc.close()
    script = tmp_path / "holder.py"
    script.write_text(HOLDER, encoding="utf-8")
    holder = subprocess.Popen([sys.executable, str(script), str(path), str(ROOT)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "writable"
        with open_document(path) as second:
            assert second.read_only
            assert "正在被" in second.store.read_only_reason
            assert socket.gethostname() in second.store.read_only_reason  # says by whom
            assert len(second.projects) == 8  # still fully readable
    finally:
        holder.communicate("\n", timeout=30)
    with open_document(path) as again:
        assert not again.read_only


def test_closing_removes_the_lock_file(open_sample):
    doc = open_sample("000")
    assert lock_path(doc.path).exists()
    doc.close()
    assert not lock_path(doc.path).exists()
    with open_document(doc.path) as reopened:
        assert not reopened.read_only


def test_opening_read_only_on_purpose_takes_no_lock(open_sample):
    doc = open_sample("000")
    path = doc.path
    doc.close()
    with open_document(path, read_only=True) as viewer:
        assert viewer.read_only and not lock_path(path).exists()
        with open_document(path) as editor:
            assert not editor.read_only
