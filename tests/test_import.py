"""Import of last year's file: every sample file (Excel, Word, PDF made from each) reads back to its
seed's JSON cell by cell; BudgetDesk's own Excel and PDF read back whole; the next year starts from
it. (Broken, hostile and huge files: tests/test_hostile_files.py.)"""

import re
import json
import subprocess
import sys

import pytest

from conftest import ROOT, SAMPLE_FILES, sample_json
from core.errors import ImportFormatError
from core.file.json_format import read_json_file, to_json
from core.reading import import_file, next_year, prepared, read_file, year_moves

SAMPLES = SAMPLE_FILES
SAMPLE_FILES = sorted([*SAMPLES.glob("*.xlsx"), *SAMPLES.glob("*.docx"), *SAMPLES.glob("from_*/*.pdf")])
CONTENT_KEYS = ("department", "year", "money_unit", "overall", "explanation", "projects", "budget_tables",
                "approval")


def squeezed(value):
    """Whitespace inside cells aside (the sample JSON removed what wrapping put in)."""
    if isinstance(value, str):
        return re.sub(r"\s+", "", value)
    if isinstance(value, list):
        return [squeezed(v) for v in value]
    if isinstance(value, dict):
        return {k: squeezed(v) for k, v in value.items()}
    return value


def _expected(path):
    return read_json_file(sample_json(path.name[:3]))


def _has_overall(path) -> bool:
    return path.suffix == ".docx" or path.parent.name == "from_docx"


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_sample_file_imports_to_its_json(path, tmp_path):
    expected = _expected(path)
    doc, result, _ = import_file(path, tmp_path / "out.bdoc", department=expected["department"],
                                 year=expected["year"])
    with doc:
        got = to_json(doc)
    assert got["projects"] and squeezed(got["projects"]) == squeezed(expected["projects"])
    if _has_overall(path):
        assert squeezed(got["overall"]) == squeezed(expected["overall"])
    else:  # the Excel workbook holds only the project tables: the rest stays empty, never invented
        assert got["overall"] is None
    assert got["money_unit"] == expected["money_unit"]
    assert "文件中没有预算年度（封面或“预算年度：”），请另行指定。" in result.missing


@pytest.mark.parametrize("seed", ["001", "004"])
@pytest.mark.parametrize("kind", ["xlsx", "pdf"])
def test_budgetdesk_export_reads_back_whole(open_sample, tmp_path, kind, seed):
    """Seed 001 (公开表, 整体目标, 28 projects) and seed 004 (the 批复表) printed by BudgetDesk read back."""
    from core.printing.pdf_export import PdfOptions, write_pdf
    from core.printing.xlsx_export import write_document_xlsx

    doc = open_sample(seed)
    expected = to_json(doc)
    path = tmp_path / f"out.{kind}"
    if kind == "xlsx":
        write_document_xlsx(doc, path)
    else:
        write_pdf(doc, path, PdfOptions(draft=True))  # the watermark and page numbers are not content
    result = read_file(path)
    assert result.missing == []
    for key in CONTENT_KEYS:
        assert squeezed(result.data[key]) == squeezed(expected[key]), key


def test_budgetdesk_document_and_json_import_exactly(open_sample, tmp_path):
    from core.file.json_format import write_json

    doc = open_sample("004")
    expected = to_json(doc)
    write_json(doc, tmp_path / "doc.json")
    for source in (doc.path, tmp_path / "doc.json"):
        imported, _, _ = import_file(source, tmp_path / f"from-{source.suffix[1:]}.bdoc")
        with imported:
            assert to_json(imported) == expected


def test_next_year_moves_the_year_and_names_on(tmp_path):
    data = read_json_file(sample_json("002"))
    data["check_notes"] = [{"key": "x", "text": "去年的说明"}]
    new, moves = next_year(data)
    assert new["year"] == data["year"] + 1 == 2023
    renamed = [(m.old, m.new) for m in moves]
    assert ("提前下达2022年社区矫正补助资金", "提前下达2023年社区矫正补助资金") in renamed
    assert ("提前下达2021年基层公检法司转移支付省级配套资金", "提前下达2022年基层公检法司转移支付省级配套资金") in renamed
    assert moves == year_moves(data) and all(new["projects"][m.key[1]][m.key[2]] == m.new for m in moves)
    assert new["check_notes"] == [] and data["check_notes"]  # the source is not touched
    # 上年数: last year's budget and 指标值 kept beside the carried-over values; nothing else changes
    project, old = new["projects"][4], data["projects"][4]
    assert project.pop("last_budget") == old["budget"] == project["budget"]
    assert [i.pop("last_value") for i in project["indicators"]] == [i["value"] for i in old["indicators"]]
    assert squeezed(project) == squeezed(old)
    kept, moves = next_year(data, move_years=False)
    assert moves == [] and kept["projects"][1]["name"] == data["projects"][1]["name"]


@pytest.mark.parametrize("number", ["冀财政法2022年55号", "冀财政法2023年55号", "财预〔2023〕101号", "XX发〔2022〕3号",
                                    "〔2023〕12号", "[2023]12号", "冀政办字(2023)7号", "财政部公告2023年第3号",
                                    "冀财预【2022】 12 号"])
def test_years_in_document_numbers_never_move(number):
    """A 文号 (issuing body, year, number, 号) is a fact of the past, wherever it stands in a moved
    text; the years around it and a date (12月5号) still move."""
    data = {"year": 2023, "projects": [
        {"name": f"{number}提前下达2023年转移支付资金", "goal": f"依据{number}，2023年12月5号前完成2022年结转任务。",
         "indicators": [{"basis": f"{number}；2023年实际完成数", "value": "≥1次"}]}]}
    new, moves = next_year(data)
    project = new["projects"][0]
    assert project["name"] == f"{number}提前下达2024年转移支付资金"
    assert project["goal"] == f"依据{number}，2024年12月5号前完成2023年结转任务。"
    assert project["indicators"][0]["basis"] == f"{number}；2023年实际完成数"  # 依据 cite the past: never moved
    assert [(m.key, m.place) for m in moves] == [
        (("projects", 0, "name"), "项目名称"), (("projects", 0, "goal"), f"「{number}提前下达2023年转移支付资金」的绩效目标")]


def test_prepared_applies_the_officers_year_moves_only():
    """prepared takes the officer's choice per text: an unticked move keeps last year's text; a
    dropped project's moves are not reported; without a choice every move is made."""
    result = read_file(sample_json("002"))
    moves = year_moves(result.data)
    names = [m for m in moves if m.key[2] == "name"]
    kept, dropped = names[0], names[1]
    data, made = prepared(result, start_next_year=True, unmoved={kept.key}, dropped=(dropped.key[:2],))
    by_name = {p["name"] for p in data["projects"]}
    assert kept.old in by_name and kept.new not in by_name and dropped.new not in by_name
    assert made == [m for m in moves if m.key not in (kept.key,) and m.key[:2] != dropped.key[:2]]
    assert all(m.new in by_name for m in made if m.key[2] == "name")
    every, made = prepared(result, start_next_year=True)
    assert made == moves and {m.new for m in names} <= {p["name"] for p in every["projects"]}


def test_a_file_without_cover_offers_the_unit_line_of_its_tables():
    """No cover: the unit line above the project tables (315001 巨鹿县司法局本级) is offered as the 单位
    and 单位编码, said to come from the tables; with a cover the cover's 单位 stays, and the line's
    code is offered only when it names that 单位; the offer becomes the document's 单位编码."""
    from core.reading import ImportResult
    from core.reading.recognize import recognize
    from core.reading.rows import Row, Source

    result = read_file(SAMPLES / "from_docx" / "000_2ced8c98250fdaa8.pdf")
    assert result.data["department"] is None and result.unit_line == ("315001", "巨鹿县司法局本级")
    assert result.offered_unit() == ("巨鹿县司法局本级", "315001", True)
    assert any("315001 巨鹿县司法局本级" in m for m in result.missing)
    data, _ = prepared(result, "巨鹿县司法局本级", 2023, department_code="315001")
    assert (data["department"], data["department_code"]) == ("巨鹿县司法局本级", "315001")

    def project(unit):
        return [Row(["1.法律援助经费绩效目标表"]), Row([f"{unit}  单位：万元"]),
                Row(["项目编码", "13052923P001", "项目名称", "法律援助经费"], table=0)]

    two_units = recognize(Source(project("315001 巨鹿县司法局本级") + project("315002 巨鹿县公证处")))
    assert two_units.unit_line is None and "单位行" not in " ".join(two_units.missing)
    covered = ImportResult(dict(result.data, department="巨鹿县司法局"), "PDF", unit_line=result.unit_line)
    assert covered.offered_unit() == ("巨鹿县司法局", "", False)
    same = ImportResult(dict(result.data, department="巨鹿县司法局本级"), "PDF", unit_line=result.unit_line)
    assert same.offered_unit() == ("巨鹿县司法局本级", "315001", True)


def test_last_year_figures_are_stored_and_survive_every_round_trip(tmp_path):
    source = tmp_path / "2022.json"
    source.write_bytes(sample_json("002").read_bytes())
    doc, _, _ = import_file(source, tmp_path / "2023.bdoc", next_year_from=True)
    with doc:
        exported = to_json(doc)
    project = exported["projects"][0]
    assert project["last_budget"] == project["budget"] and project["indicators"][0]["last_value"]
    write_json_data = tmp_path / "2023.json"
    write_json_data.write_text(json.dumps(exported, ensure_ascii=False), encoding="utf-8")
    again, _, _ = import_file(write_json_data, tmp_path / "again.bdoc")
    with again:
        assert to_json(again) == exported


def test_cli_import_report_and_next_year(tmp_path):
    source = SAMPLES / "from_docx" / "000_2ced8c98250fdaa8.pdf"
    out = tmp_path / "2023.bdoc"
    main = [sys.executable, str(ROOT / "main.py")]
    refused = subprocess.run(main + ["import", str(source), str(out)], capture_output=True, text=True)
    assert refused.returncode == 1 and "--year" in refused.stderr and not out.exists()
    done = subprocess.run(main + ["import", str(source), str(out), "--department", "巨鹿县司法局", "--year", "2023",
                                  "--report", "--next-year"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "找到：项目「法律援助经费」" in done.stdout and "2024 年" in done.stdout
    assert "改名：冀财政法2022年55号提前下达2023年中央政法纪检监察转移支付资金 → 冀财政法2022年55号提前下达2024年" \
        in done.stdout


def test_taking_a_file_into_the_open_document_is_one_undo_step(open_sample, tmp_path):
    from core.reading import into_document, prepared, read_file

    doc = open_sample("001")  # 承德市司法局 2024: 28 projects, 11 公开表
    before = to_json(doc)
    source = tmp_path / "other.json"
    other = read_json_file(sample_json("001"))
    other["projects"][0]["budget"] = "99.00"  # same code: replaces the open document's project
    other["projects"].append(dict(other["projects"][1], code="NEW-1", name="新增项目"))  # new code: added
    other["budget_tables"] = {"收支总表": before["budget_tables"]["收支总表"] | {"note": "导入的表"}}
    other["check_notes"] = [{"key": "x", "text": "别的文件的说明"}]
    source.write_text(json.dumps(other, ensure_ascii=False), encoding="utf-8")
    data, _ = prepared(read_file(source), dropped=(("projects", 2),))  # the officer left one out
    applied = doc.apply(into_document(doc, data))
    after = to_json(doc)
    assert (after["department"], after["year"]) == (before["department"], before["year"])
    codes = [p["code"] for p in after["projects"]]
    assert codes == [p["code"] for p in before["projects"]] + ["NEW-1"]  # replaced in place, new at the end
    assert after["projects"][0]["budget"] == "99.00" and after["projects"][2] == before["projects"][2]
    assert after["budget_tables"]["收支总表"]["note"] == "导入的表"
    assert list(after["budget_tables"]) == list(before["budget_tables"])
    assert after["check_notes"] == before["check_notes"]
    doc.apply(applied.inverse)  # one undo takes the whole import back
    assert to_json(doc) == before


@pytest.mark.slow
def test_fast_pdf_text_is_pdfplumbers_own(tmp_path):
    """The reader's cell texts and text lines (core.reading.pdf.cell_text / _text_lines, written for
    speed) equal what pdfplumber's extract_text / extract_text_lines give, on every sample page."""
    import pdfplumber
    from pdfplumber.utils import extract_text
    from pdfplumber.utils.text import chars_to_textmap

    from core.reading.pdf import _outside, _text_lines, cell_text

    def box(line):
        return line["text"], *(round(line[k], 3) for k in ("x0", "x1", "top", "bottom"))

    cells = 0
    for path in sorted(SAMPLES.glob("from_*/*.pdf")):
        with pdfplumber.open(str(path)) as pdf:
            for page in pdf.pages:
                found = page.find_tables()
                for table in found:
                    for row in table.rows:
                        for x0, top, x1, bottom in filter(None, row.cells):
                            chars = [c for c in page.chars if x0 <= (c["x0"] + c["x1"]) / 2 < x1
                                     and top <= (c["top"] + c["bottom"]) / 2 < bottom]
                            if chars:
                                assert cell_text(chars) == extract_text(chars)
                                cells += 1
                for chars in (_outside(page.chars, [t.bbox for t in found]), page.chars):
                    if chars:
                        expected = chars_to_textmap(chars).extract_text_lines(strip=True, return_chars=False)
                        assert [box(x) for x in _text_lines(chars)] == [box(x) for x in expected]
    assert cells > 2000


def test_a_missing_reader_module_is_not_called_a_broken_file(monkeypatch):
    """If the installation lacks a reader (a frozen build that left pdfplumber out), the officer is
    told to reinstall, not that last year's file is damaged."""
    monkeypatch.delitem(sys.modules, "core.reading.pdf", raising=False)
    monkeypatch.setitem(sys.modules, "pdfplumber", None)  # makes `import pdfplumber` raise ImportError
    with pytest.raises(ImportFormatError) as caught:
        read_file(SAMPLES / "from_xlsx" / "000_2ced8c98250fdaa8.pdf")
    assert "重新安装" in str(caught.value) and "损坏" not in str(caught.value)


def _approval_as_other_software_lays_it_out(approval: dict):
    """The 批复表 laid out unlike BudgetDesk's export: a label column down the left (年度主要任务,
    年度绩效指标), other merges and widths, 绩效指标性质/绩效指标值/绩效度量单位 labels, 一级/二级指标
    merged down over their rows. Returns (lines above the table, table rows of 11 cells (Decimal
    amounts), merged ranges as 0-based (first row, first col, last row, last col))."""
    from decimal import Decimal

    lines = ["部门（单位）整体支出绩效目标批复表", f"预算年度:{approval['year']}",
             f"预算（单位）名称：{approval['unit']}"]
    funds = approval["funds"]
    rows = [["总体资金情况（元）", None, "预算支出总额", "基本支出", None, None, None, "项目支出", None, None, None],
            [None, None, None, "合计", "财政拨款", "专户资金", "单位资金", "合计", "财政拨款", "专户资金", "单位资金"],
            [None, None, Decimal(funds["total"])] + [Decimal(funds[g][k]) if funds[g][k] else None
                                                     for g in ("basic", "project")
                                                     for k in ("total", "fiscal", "special", "own")]]
    merges = [(0, 0, 2, 1), (0, 2, 1, 2), (0, 3, 0, 6), (0, 7, 0, 10)]
    rows.append(["整体绩效目标", None, approval["overall_goal"]] + [None] * 8)
    merges += [(3, 0, 3, 1), (3, 2, 3, 10)]
    first = len(rows)
    rows.append(["年度主要任务", None, "任务名称", None, None, None, "主要内容", None, None, None, None])
    rows += [[None, None, t["name"], None, None, None, t["content"], None, None, None, None] for t in approval["tasks"]]
    merges += [m for r in range(first, len(rows)) for m in ((r, 2, r, 5), (r, 6, r, 10))]
    merges.append((first, 0, len(rows) - 1, 1))
    first = len(rows)
    rows.append(["年度绩效指标", "一级指标", "二级指标", "三级指标", None, None, "绩效指标性质", "绩效指标值",
                 "绩效度量单位", "权重", None])
    indicators, top = approval["indicators"], len(rows)
    for n, row in enumerate(indicators):
        rows.append([None, row["l1"], row["l2"], row["l3"], None, None, row["nature"], row["value"], row["unit"],
                     int(row["weight"]) if row["weight"] else None, None])
        merges += [(top + n, 3, top + n, 5), (top + n, 9, top + n, 10)]
    merges.append((first, 9, first, 10))
    for col, key in ((1, lambda r: r["l1"]), (2, lambda r: (r["l1"], r["l2"]))):
        start = 0
        for n in range(1, len(indicators) + 1):  # one merged cell per run of equal 一级 (二级) 指标
            if n == len(indicators) or key(indicators[n]) != key(indicators[start]):
                if n - start > 1:
                    merges.append((top + start, col, top + n - 1, col))
                start = n
    merges.append((first, 0, len(rows) - 1, 0))
    rows.append(["其他说明", None, approval["other"]] + [None] * 8)
    merges += [(len(rows) - 1, 0, len(rows) - 1, 1), (len(rows) - 1, 2, len(rows) - 1, 10)]
    for r1, c1, r2, c2 in merges:  # a merged range shows its first cell's text only
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                if (r, c) != (r1, c1):
                    rows[r][c] = None
    return lines, rows, merges


def _write_approval_xlsx(approval: dict, path) -> None:
    from openpyxl import Workbook

    lines, rows, merges = _approval_as_other_software_lays_it_out(approval)
    wb = Workbook()
    ws = wb.active
    for line in lines:
        ws.append([line])
    for row in rows:
        ws.append(row)
    for cell in ws[len(lines) + 3][2:]:
        cell.number_format = "0.00"  # the amounts
    for r1, c1, r2, c2 in merges:
        ws.merge_cells(start_row=len(lines) + r1 + 1, start_column=c1 + 1, end_row=len(lines) + r2 + 1,
                       end_column=c2 + 1)
    wb.save(path)


def _write_approval_docx(approval: dict, path) -> None:
    import docx

    lines, rows, merges = _approval_as_other_software_lays_it_out(approval)
    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is not None:
                table.cell(r, c).text = f"{value:.2f}" if hasattr(value, "quantize") else str(value)
    for r1, c1, r2, c2 in merges:
        table.cell(r1, c1).merge(table.cell(r2, c2))
    document.save(path)


@pytest.mark.parametrize("kind", ["xlsx", "docx"])
def test_an_approval_table_laid_out_by_other_software_reads_exactly(tmp_path, kind):
    """四川's 批复表 from a file BudgetDesk did not write: read by its labels, then the next year."""
    expected = read_json_file(sample_json("004"))["approval"]
    path = tmp_path / f"批复表.{kind}"
    (_write_approval_xlsx if kind == "xlsx" else _write_approval_docx)(expected, path)
    result = read_file(path)
    assert squeezed(result.data["approval"]) == squeezed(expected)
    assert result.data["year"] == 2024 and result.data["money_unit"] == "元"
    assert "整体支出绩效目标批复表：预算支出总额 19233900.00，任务 9 项，指标 22 行" in result.found
    assert next_year(result.data)[0]["approval"]["year"] == 2025


def test_a_printed_project_code_that_is_not_a_code_is_left_out_and_said(open_sample, tmp_path):
    """A 项目编码 is letters and digits: an Excel file whose code cell holds a formula's text
    imports without it (the preview says which project and why, so the officer types it); a code
    the printer wrapped in its narrow cell is joined again."""
    import openpyxl

    from core.printing.xlsx_export import write_document_xlsx

    doc = open_sample("001")
    first, second = doc.projects[0].get("code"), doc.projects[1].get("code")
    path = tmp_path / "last-year.xlsx"
    write_document_xlsx(doc, path)
    book = openpyxl.load_workbook(path)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value == first:
                    cell.value, cell.data_type = "=HYPERLINK(\"http://x\",\"y\")", "s"  # its text
                elif cell.value == second:
                    cell.value = f"{second[:8]}\n{second[8:]}"
    book.save(path)
    result = read_file(path)
    codes = [p["code"] for p in result.data["projects"]]
    assert codes[0] is None and codes[1] == second
    [said] = [line for line in result.missing if "HYPERLINK" in line]
    assert doc.projects[0].get("name") in said and "没有导入" in said and "字母和数字" in said
