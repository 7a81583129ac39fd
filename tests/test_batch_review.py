"""The 财政局 reviews a folder of departments' files at once: every file read and checked, the ones that
cannot be read listed with their reason, and one workbook (汇总, 按规则, 明细, 对比) with exact amounts."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from batch_story import review_folder_story
from core.batch.review import STOPPED, TIMED_OUT, review_file, review_folder
from core.batch.workbook import write_review_xlsx

ROOT = Path(__file__).resolve().parents[1]


def has_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory):
    folder = tmp_path_factory.mktemp("folder")
    files = review_folder_story(folder)
    batch = review_folder(folder, workers=2, timeout=300)
    out = folder.parent / "审核汇总.xlsx"
    write_review_xlsx(batch, out)
    return files, batch, load_workbook(out), out


def rows_of(sheet) -> list[dict]:
    values = list(sheet.iter_rows(values_only=True))
    return [dict(zip(values[0], row)) for row in values[1:]]


def test_every_file_is_listed_and_the_unreadable_ones_with_their_reason(reviewed):
    files, batch, book, _ = reviewed
    assert book.sheetnames == ["汇总", "按规则", "明细", "对比"]
    summary = {row["文件"]: row for row in rows_of(book["汇总"])}
    assert set(summary) == {p.name for p in files.values()}  # 说明.txt is not a document
    for name in ("扫描件.pdf", "旧表.xlsx", "空文件.docx", "坏.json"):
        assert summary[name]["状态"] == "未能读取"
        assert has_chinese(summary[name]["说明"]) and "Traceback" not in summary[name]["说明"]
    assert "旧版 Excel" in summary["旧表.xlsx"]["说明"]
    assert "不是有效的 JSON" in summary["坏.json"]["说明"]
    good = summary["承德市司法局2024.bdoc"]
    assert (good["状态"], good["单位"], good["年度"], good["项目数"]) == ("已审核", "承德市司法局", 2024, 28)
    assert good["公开表模板"].startswith("河北")


def test_the_summary_holds_the_exact_totals_and_counts(reviewed):
    files, batch, book, _ = reviewed
    sheet = book["汇总"]
    headers = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "承德市司法局2024.bdoc")
    cell = dict(zip(headers, row))
    expected = {"收入合计（万元）": "4148.23", "支出合计（万元）": "4148.23", "基本支出（万元）": "3060.90",
                "项目支出（万元）": "1087.32", "三公经费（万元）": "14.55", "机关运行经费（万元）": "348.81"}
    for header, amount in expected.items():
        assert cell[header].data_type == "n" and Decimal(str(cell[header].value)) == Decimal(amount), header
        assert cell[header].number_format == "0.00"
    review = next(r for r in batch.reviews if r.name == "承德市司法局2024.bdoc")
    assert (cell["错误"].value, cell["警告"].value, cell["提示"].value) == (
        review.summary["errors"], review.summary["warnings"], review.summary["infos"])
    assert cell["单位"].data_type == "s" and cell["文件"].data_type == "s"
    assert sheet["A1"].fill.fill_type == "solid" and sheet["A1"].font.b  # the header stands out, the rows do not
    assert all(c.fill.fill_type is None and not c.font.b for c in row)
    top = cell["最常见的问题（规则：项数）"].value.split("、")
    assert len(top) == 3 and top[0].startswith("I-VALUE：")


def test_the_defect_is_counted_by_rule_and_listed_in_the_details(reviewed):
    files, batch, book, _ = reviewed
    summary = {row["文件"]: row for row in rows_of(book["汇总"])}
    assert summary["承德市公证处.json"]["错误"] > summary["承德市司法局2024.bdoc"]["错误"]
    details = rows_of(book["明细"])
    assert len(details) == sum(len(r.findings) for r in batch.reviews)
    mine = [d for d in details if d["文件"] == "承德市公证处.json" and d["表"] == "支出总表" and d["严重程度"] == "错误"]
    assert mine and all(d["单位"] == "承德市公证处" and d["年度"] == 2024 for d in mine)
    assert any("4150.23" in d["问题"] for d in mine)
    by_rule = {(r["规则"], r["严重程度"]): r for r in rows_of(book["按规则"])}
    rule = by_rule[(mine[0]["规则"], "错误")]
    assert rule["文档数"] >= 1 and rule["问题数"] == sum(
        1 for d in details if d["规则"] == mine[0]["规则"] and d["严重程度"] == "错误")
    assert rows_of(book["按规则"])[0]["严重程度"] == "错误"  # 错误 first
    ids = [r["问题数"] for r in rows_of(book["按规则"]) if r["严重程度"] == "警告"]
    assert ids == sorted(ids, reverse=True)


def test_two_years_of_one_unit_are_compared(reviewed):
    _, _, book, _ = reviewed
    rows = [r for r in rows_of(book["对比"]) if r["单位"] == "承德市司法局"]
    income = next(r for r in rows if r["项目"] == "收入合计")
    assert (income["上年年度"], income["本年年度"]) == (2023, 2024)
    assert Decimal(str(income["上年数"])) == Decimal("8296.46") and Decimal(str(income["本年数"])) == Decimal("4148.23")
    assert Decimal(str(income["增减额"])) == Decimal("-4148.23") and Decimal(str(income["增减%"])) == Decimal("-0.5")
    projects = next(r for r in rows if r["项目"] == "项目数")
    assert (projects["上年数"], projects["本年数"], projects["增减额"]) == (28, 28, 0)
    assert not [r for r in rows_of(book["对比"]) if r["单位"] == "承德市公证处"]  # one year only


def test_the_frames_hold_decimal_objects_never_floats(reviewed):
    from core.batch.tables import sheets

    _, batch, _, _ = reviewed
    for name, (frame, _) in sheets(batch).items():
        assert all(str(dtype) == "object" for dtype in frame.dtypes), name
        assert not any(isinstance(v, float) for v in frame.to_numpy().ravel()), name
    summary = sheets(batch)["汇总"][0]
    assert isinstance(summary.loc[summary["file"] == "承德市司法局2024.bdoc", "income"].iloc[0], Decimal)


def test_the_amounts_are_written_as_their_exact_text(reviewed):
    import zipfile

    _, _, _, out = reviewed
    with zipfile.ZipFile(out) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<v>4148.23</v>" in sheet and "<v>1087.32</v>" in sheet and "<f>" not in sheet


def test_a_hostile_file_comes_back_with_its_reason(tmp_path):
    folder = tmp_path / "a.pdf"
    folder.mkdir()  # a folder named like a document
    huge_depth = tmp_path / "deep.json"
    huge_depth.write_text("[" * 5000 + "]" * 5000, "utf-8")
    for path in (folder, huge_depth, tmp_path / "missing.bdoc"):
        review = review_file(path)
        assert not review.ok and has_chinese(review.reason), path


def test_cancel_stops_the_run_and_lists_what_was_not_reviewed(tmp_path):
    review_folder_story(tmp_path)
    batch = review_folder(tmp_path, workers=2, cancelled=lambda: True, timeout=60)
    assert batch.cancelled and batch.reviews and all(r.reason == STOPPED for r in batch.reviews)


def test_a_run_past_its_time_lists_the_files_not_read(tmp_path):
    review_folder_story(tmp_path)
    batch = review_folder(tmp_path, workers=2, timeout=0)
    assert not batch.cancelled and all(r.reason == TIMED_OUT for r in batch.reviews)


def test_the_command_line_review(tmp_path, capsys):
    from core import cli

    review_folder_story(tmp_path / "in")
    status = cli.main(["review", str(tmp_path / "in"), "--xlsx", str(tmp_path / "out.xlsx"), "--json",
                       "--workers", "2"])
    out, err = capsys.readouterr()
    assert status == cli.EXIT_ERROR  # files that could not be read, and 错误
    listed = {r["file"]: r for r in json.loads(out)}
    assert listed["承德市司法局2024.bdoc"]["summary"]["income"] == "4148.23"
    assert not listed["坏.json"]["ok"] and has_chinese(listed["坏.json"]["reason"])
    assert (tmp_path / "out.xlsx").exists() and "未能读取 4 份" in err


def test_the_command_line_review_of_a_folder_that_is_not_there(tmp_path, capsys):
    from core import cli

    assert cli.main(["review", str(tmp_path / "nowhere"), "--xlsx", str(tmp_path / "x.xlsx")]) == cli.EXIT_ERROR
    assert "找不到文件夹" in capsys.readouterr().err


def test_start_up_and_the_single_document_path_do_not_load_pandas(tmp_path):
    from conftest import sample_json

    code = f"""
import sys
sys.path.insert(0, {str(ROOT)!r})
import main, ui.main_window, ui.batch_dialog, ui.consolidate_dialog, core.batch.review, core.consolidate.consolidation
from core import cli
print("START", "pandas" in sys.modules, "numpy" in sys.modules)
from core.file.json_format import import_json, read_json_file
import_json(read_json_file({str(sample_json('001'))!r}), {str(tmp_path / 'a.bdoc')!r}).close()
cli.main(["validate", {str(tmp_path / 'a.bdoc')!r}])
cli.main(["export", {str(tmp_path / 'a.bdoc')!r}, "--xlsx", {str(tmp_path / 'a.xlsx')!r}, "--draft"])
print("DOCUMENT", "pandas" in sys.modules)  # (openpyxl itself imports numpy where it is installed)
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300,
                          env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"})
    lines = [line for line in done.stdout.splitlines() if line.startswith(("START", "DOCUMENT"))]
    assert lines == ["START False False", "DOCUMENT False"], done.stderr
