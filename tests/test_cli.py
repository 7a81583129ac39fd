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


DEEP = "[" * 1000 + "]" * 1000


@pytest.mark.parametrize("command", ["import-json", "import"])
@pytest.mark.parametrize("content, message", [
    ('{"department": "某局\\ud800", "year": 2024}', "department 中有无效的字符（\\ud800"),
    ('{"department": "某局", "year": 2024, "projects": [{"name": "\\udfff"}]}', "projects[0].name"),
    ('{"department": "某局", "year": 2024, "x": ' + DEEP + "}", "嵌套层次过深"),
    ('{"department": "某局", "year": 2024, "x": ' + "[" * 150 + "]" * 150 + "}", "嵌套层次过深"),
    ('{"department": "某局", "year": 2024, "x": ' + "9" * 5000 + "}", "位数过多的数字"),
    ('{"department": "某局", "year": "²⁰²⁴"}', "应为四位年份"),
    ('{"department": "某局", "year": "' + "0" * 5000 + '2024"}', "应为四位年份"),
], ids=["lone-surrogate", "lone-surrogate-deep", "nested-1000", "nested-150", "int-5000-digits",
        "superscript-year", "year-5000-digits"])
def test_hostile_json_is_refused_like_any_bad_file(tmp_path, command, content, message):
    source, out = tmp_path / "in.json", tmp_path / "out.bdoc"
    source.write_text(content, encoding="utf-8")
    result = run(command, source, out)
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith("错误：") and message in result.stderr
    assert "Traceback" not in result.stderr and "内部错误" not in result.stderr
    assert not out.exists()


@pytest.fixture
def saved_doc(tmp_path):
    """A closed document file (seed 000, which has 错误: export needs --draft)."""
    from core.file.json_format import import_json, read_json_file

    path = tmp_path / "d.bdoc"
    import_json(read_json_file(sample_json("000")), path).close()
    return path


WRITES = [("export", "--xlsx", "--draft"), ("export", "--xlsx", "--draft", "--report"),
          ("validate", "--xlsx"), ("export", "--json"), ("export", "--pdf", "--draft")]


def _command(saved_doc, out, command, option, *flags):
    return [command, str(saved_doc), option, str(out), *flags]


def _assert_full_disk_said(code, stderr, out):
    assert code == 1
    assert "磁盘空间不足" in stderr and str(out) in stderr
    assert "Traceback" not in stderr and "Exception ignored" not in stderr
    assert not out.exists() and not os.path.lexists(out.with_name(out.name + ".part"))


def test_export_says_which_cells_printed_a_mark_for_a_missing_character(tmp_path, capsys):
    """The PDF is made; stderr names the project field whose 𠀀 printed as 〓."""
    from core import cli
    from core.file.json_format import import_json, read_json_file

    data = read_json_file(sample_json("000"))
    data["projects"][0]["name"] = "𠀀村法律顾问"
    path = tmp_path / "d.bdoc"
    import_json(data, path).close()
    out = tmp_path / "out.pdf"
    assert cli.main(["export", str(path), "--pdf", str(out), "--draft"]) == 0
    err = capsys.readouterr().err
    assert out.exists() and "项目名称" in err and "𠀀" in err and "〓" in err
