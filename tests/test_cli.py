"""The headless command line: new, import-json, export --json; errors in Chinese, never a traceback."""

import json
import os
import subprocess
import sys

import pytest

from conftest import ROOT, SAMPLE_FILES, SAMPLES, sample_json


def run(*args, cwd=None):
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *map(str, args)],
                          capture_output=True, text=True, encoding="utf-8", cwd=cwd)


def test_new_then_export(tmp_path):
    doc = tmp_path / "承德市司法局2025.bdoc"
    result = run("new", doc, "--department", "承德市司法局", "--code", "324", "--year", "2025")
    assert result.returncode == 0, result.stderr
    out = tmp_path / "out.json"
    assert run("export", doc, "--json", out).returncode == 0
    data = json.loads(out.read_text("utf-8"))
    assert (data["department"], data["department_code"], data["year"], data["money_unit"]) == (
        "承德市司法局", "324", 2025, "万元")
    assert data["projects"] == []
    tables = data["budget_tables"]
    assert list(tables)[0] == "收支总表" and len(tables) == 11
    assert tables["收入总表"]["unit"] == "324 承德市司法局"
    assert "2025年预留中小微企业份额" in tables["政府采购预算表"]["columns"]
    assert tables["收支总表"]["rows"][3][3] == "四、公共安全支出"


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name[:3])
def test_import_json_then_export_is_lossless(tmp_path, sample):
    doc, out = tmp_path / "d.bdoc", tmp_path / "out.json"
    assert run("import-json", sample, doc).returncode == 0
    assert run("export", doc, "--json", out).returncode == 0
    original = json.loads(sample.read_text("utf-8"))
    exported = json.loads(out.read_text("utf-8"))
    assert {k: exported[k] for k in original} == original


@pytest.mark.parametrize("args, message", [
    (["new", "{tmp}/a.bdoc", "--department", "某局", "--code", "1", "--year", "二〇二五"], "预算年度"),
    (["new", "{tmp}/a.bdoc", "--department", "某局", "--year", "2025"], "缺少参数"),
    (["new", "{tmp}/a.bdoc", "--department", "某局", "--code", "1", "--year", "2025",
      "--money-unit", "千元"], "无效的选项"),
    (["export", "{tmp}/missing.bdoc", "--json", "{tmp}/o.json"], "找不到文件"),
    (["export", "{docx}", "--json", "{tmp}/o.json"], "不是 BudgetDesk 文档"),
    (["import-json", "{docx}", "{tmp}/b.bdoc"], "JSON"),
    (["import-json", "{tmp}/broken.json", "{tmp}/b.bdoc"], "不是有效的 JSON"),
    (["import-json", "{tmp}/wrong.json", "{tmp}/b.bdoc"], "projects[0].budget"),
])
def test_errors_are_one_chinese_line_without_traceback(tmp_path, args, message):
    (tmp_path / "broken.json").write_text('{"department": ', encoding="utf-8")
    wrong = json.loads(sample_json("000").read_text("utf-8"))
    wrong["projects"][0]["budget"] = {"amount": 2}
    (tmp_path / "wrong.json").write_text(json.dumps(wrong, ensure_ascii=False), encoding="utf-8")
    docx = next(SAMPLE_FILES.glob("*.docx"))
    args = [a.format(tmp=tmp_path, docx=docx) for a in args]
    result = run(*args)
    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "b.bdoc").exists()


def test_output_piped_in_a_code_page_without_chinese_is_utf8_not_a_crash(tmp_path):
    """A Windows build server pipes output in cp1252: the Chinese must still come out (as UTF-8)."""
    env = dict(os.environ, PYTHONIOENCODING="cp1252")
    helped = subprocess.run([sys.executable, str(ROOT / "main.py"), "--help"], capture_output=True, env=env)
    assert helped.returncode == 0 and "命令" in helped.stdout.decode("utf-8")
    failed = subprocess.run([sys.executable, str(ROOT / "main.py"), "info", str(tmp_path / "无.bdoc")],
                            capture_output=True, env=env)
    assert failed.returncode == 1 and "找不到文件" in failed.stderr.decode("utf-8")


def test_output_piped_into_head_ends_quietly(tmp_path):
    """``python main.py validate DOC | head -1``: the reader stops early; no 内部错误, nothing logged."""
    doc = tmp_path / "d.bdoc"
    run("import-json", str(sample_json("001")), str(doc))
    env = dict(os.environ, BUDGETDESK_DATA_DIR=str(tmp_path / "data"))
    reader, writer = os.pipe()
    os.close(reader)  # the reader is already gone, as head is after its first line
    proc = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "validate", str(doc)],
                            stdout=writer, stderr=subprocess.PIPE, env=env)
    os.close(writer)
    stderr = proc.stderr.read().decode("utf-8")
    proc.wait(60)
    proc.stderr.close()
    assert "内部错误" not in stderr and "Traceback" not in stderr and "BrokenPipe" not in stderr
    log = tmp_path / "data" / "logs" / "budgetdesk.log"
    assert not log.exists() or "BrokenPipe" not in log.read_text("utf-8")
