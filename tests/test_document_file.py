"""The file: older versions migrate forward; foreign, damaged or newer files are refused in Chinese
and never modified."""

import hashlib
import shutil
import sqlite3

import pytest

from conftest import FIXTURES, sample_json
from core.document import edits
from core.file import store
from core import templates
from core.document.document import create_document, open_document
from core.errors import DocumentFileError
from core.file.json_format import to_json


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_first_version_file_opens_migrated_with_nothing_lost(tmp_path):
    old = tmp_path / "old.bdoc"
    shutil.copy(FIXTURES / "v1_juluxian_2023.bdoc", old)
    with open_document(old) as doc:
        assert sqlite3.connect(old).execute("PRAGMA user_version").fetchone()[0] == store.SCHEMA_VERSION
        exported = to_json(doc)
        project = doc.projects[0]
        doc.apply(edits.set_field(doc, project.id, "plan_12", "100%"))
    expected = __import__("json").loads(sample_json("000").read_text("utf-8"))
    assert {k: exported[k] for k in expected} == expected
    assert exported["framework"] == "hebei"
    assert (tmp_path / "old.v1.bak.bdoc").exists(), "the original is kept before migrating"
    with open_document(old) as doc:
        assert doc.projects[0].get("plan_12") == "100%"


def test_a_first_version_file_opened_read_only_is_not_touched(tmp_path):
    old = tmp_path / "old.bdoc"
    shutil.copy(FIXTURES / "v1_juluxian_2023.bdoc", old)
    before = digest(old)
    with open_document(old, read_only=True) as doc:
        assert len(doc.projects) == 8 and doc.projects[0].get("plan_3") == "0.50"
    assert digest(old) == before


@pytest.mark.parametrize("content, message", [
    (b"", "不是 BudgetDesk 文档"),
    (b"PK\x03\x04 this is a zip", "不是 BudgetDesk 文档"),
    ("部门预算".encode("utf-8") * 100, "不是 BudgetDesk 文档"),
])
def test_files_that_are_not_documents_are_refused(tmp_path, content, message):
    path = tmp_path / "x.bdoc"
    path.write_bytes(content)
    with pytest.raises(DocumentFileError, match=message):
        open_document(path)
    assert path.read_bytes() == content
    assert not (tmp_path / "x.bdoc.lock").exists()


def test_another_programs_database_is_refused_untouched(tmp_path):
    path = tmp_path / "other.db"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE t (x)")
    db.commit()
    db.close()
    before = digest(path)
    with pytest.raises(DocumentFileError, match="不是 BudgetDesk 文档"):
        open_document(path)
    assert digest(path) == before


def test_a_file_from_a_newer_version_is_refused(tmp_path):
    path = tmp_path / "new.bdoc"
    create_document(path, "某局", 2025).close()
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version = 99")
    db.commit()
    db.close()
    before = digest(path)
    with pytest.raises(DocumentFileError, match="更新版本"):
        open_document(path)
    assert digest(path) == before


def _damaged_copies(source, tmp_path):
    data = source.read_bytes()
    yield "truncated-half", data[: len(data) // 2]
    yield "truncated-header", data[:100]
    for offset in (200, 1024, 4096 + 10, 4096 * 3 + 100, len(data) - 50):
        flipped = bytearray(data)
        for i in range(offset, min(offset + 64, len(data))):
            flipped[i] ^= 0xFF
        yield f"flipped-{offset}", bytes(flipped)


def test_damaged_files_give_a_message_and_are_never_modified(tmp_path):
    source = tmp_path / "good.bdoc"
    create_document(source, "某局", 2025, parts=templates.starting_forms(2025)).close()
    with open_document(source) as doc:  # give it some content to damage
        overall = doc.form("overall")
        for i in range(40):
            doc.apply(edits.InsertRows(overall.id, "measures", 0, ((f"措施{i}", "内容" * 50),)))
    for name, content in _damaged_copies(source, tmp_path):
        path = tmp_path / f"{name}.bdoc"
        path.write_bytes(content)
        try:
            with open_document(path) as doc:
                to_json(doc)  # a flip in unused space may leave a readable file: that is fine
        except DocumentFileError as exc:
            assert str(exc) and "Traceback" not in str(exc)
        assert path.read_bytes() == content, name


def test_a_missing_file_or_a_folder(tmp_path):
    with pytest.raises(DocumentFileError, match="找不到"):
        open_document(tmp_path / "nope.bdoc")
    with pytest.raises(DocumentFileError, match="文件夹"):
        open_document(tmp_path)


def test_create_refuses_to_overwrite(tmp_path):
    path = tmp_path / "a.bdoc"
    path.write_text("precious")
    with pytest.raises(DocumentFileError, match="已存在"):
        create_document(path, "某局", 2025)
    assert path.read_text() == "precious"
