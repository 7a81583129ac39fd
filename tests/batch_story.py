"""Folders of departments' files for the batch review and units' documents for the 汇总, made from the
seed samples (tests/fixtures/samples/json): varied by 单位, year, amounts and injected defects."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path

from conftest import sample_json
from core.file.json_format import import_json
from core.values import money

NOT_AMOUNT_HEADERS = ("序号", "科目编码", "数量", "政府采购目录序号")


def sample(prefix: str = "001") -> dict:
    return json.loads(sample_json(prefix).read_text("utf-8"))


def scaled(data: dict, factor: int) -> dict:
    """``data`` with every amount of its 公开表 and projects multiplied by ``factor`` (exact: the tables
    still add up as they did)."""
    data = copy.deepcopy(data)

    def times(text):
        value = money.read_amount(text) if isinstance(text, str) else None
        return money.amount_text(value * factor) if value is not None else text

    for table in (data.get("budget_tables") or {}).values():
        headers = table["columns"]
        table["rows"] = [[cell if headers[i] in NOT_AMOUNT_HEADERS or i == 0 else times(cell)
                          for i, cell in enumerate(row)] for row in table["rows"]]
    for project in data["projects"]:
        for key in ("budget", "fiscal", "other"):
            project[key] = times(project[key])
    return data


def unit(data: dict, department: str, code: str, year: int | None = None, project_suffix: str = "") -> dict:
    data = copy.deepcopy(data)
    data["department"], data["department_code"] = department, code
    if year:
        data["year"] = year
    for table in (data.get("budget_tables") or {}).values():
        table["unit"] = f"{code} {department}"
    for project in data["projects"]:
        project["code"] = (project["code"] or "") + project_suffix
    return data


def renamed_subject(data: dict, code: str, new_code: str, new_name: str) -> dict:
    """Every table's 科目 ``code`` listed as ``new_code`` ``new_name`` instead."""
    data = copy.deepcopy(data)
    for table in data["budget_tables"].values():
        if "科目编码" not in table["columns"]:
            continue
        at, name = table["columns"].index("科目编码"), table["columns"].index("科目名称")
        for row in table["rows"]:
            if row[at] == code:
                row[at], row[name] = new_code, new_name
    return data


def with_cell(data: dict, title: str, row: int, header: str, value: str) -> dict:
    data = copy.deepcopy(data)
    table = data["budget_tables"][title]
    table["rows"][row][table["columns"].index(header)] = value
    return data


def write_json(data: dict, path: Path) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    return path


def write_bdoc(data: dict, path: Path) -> Path:
    import_json(data, path).close()
    return path


def review_folder_story(folder: Path) -> dict[str, Path]:
    """A 财政局's folder: a good document (.bdoc), the same 单位's last year (.json, amounts doubled), a
    defective one (its 支出总表 合计 changed), and four files that cannot be read."""
    folder.mkdir(parents=True, exist_ok=True)
    base = sample("001")
    files = {
        "good": write_bdoc(unit(base, "承德市司法局", "324"), folder / "承德市司法局2024.bdoc"),
        "last_year": write_json(unit(scaled(base, 2), "承德市司法局", "324", 2023), folder / "承德市司法局2023.json"),
        "defective": write_json(with_cell(unit(base, "承德市公证处", "324003"), "支出总表", 0, "合计", "4150.23"),
                                folder / "承德市公证处.json"),
    }
    (folder / "扫描件.pdf").write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 8)
    (folder / "旧表.xlsx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    (folder / "空文件.docx").write_bytes(b"")
    (folder / "坏.json").write_text('{"department": ', "utf-8")
    (folder / "说明.txt").write_text("不是要审核的文件", "utf-8")
    for name in ("扫描件.pdf", "旧表.xlsx", "空文件.docx", "坏.json"):
        files[name] = folder / name
    return files


def consolidation_units(folder: Path) -> tuple[Path, Path, dict, dict]:
    """Two units of 承德市司法局 2024: 本级 (seed 001) and 法律援助中心 (seed 001's amounts doubled, its
    2040604 listed as 2040609 司法鉴定管理, its project codes its own)."""
    folder.mkdir(parents=True, exist_ok=True)
    base = sample("001")
    a = unit(base, "承德市司法局本级", "324001")
    b = unit(renamed_subject(scaled(base, 2), "2040604", "2040609", "司法鉴定管理"), "承德市法律援助中心", "324002",
             project_suffix="B")
    return write_json(a, folder / "本级.json"), write_bdoc(b, folder / "法律援助中心.bdoc"), a, b


def amount(text) -> Decimal:
    return money.read_amount(text) or Decimal(0)
