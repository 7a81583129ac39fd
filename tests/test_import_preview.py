"""The import preview (ui/import_dialog.py ImportPreview): every text 年份顺延 would change is listed,
old → new, to be left as it was; a file without a cover offers the unit line of its tables as the
单位; the dialog fits a 1366×768 screen whatever the file holds."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

pytest.importorskip("pytestqt")

from conftest import SAMPLE_FILES, sample_json  # noqa: E402
from core.reading import read_file, year_moves  # noqa: E402
from ui.import_dialog import ImportPreview  # noqa: E402

COVERLESS = SAMPLE_FILES / "from_docx" / "000_2ced8c98250fdaa8.pdf"  # 巨鹿县司法局 2023, no cover


@pytest.fixture(scope="module")
def coverless():
    return read_file(COVERLESS)


def _preview(qtbot, result, current=None):
    preview = ImportPreview(result, None, current)
    qtbot.addWidget(preview)
    return preview


def _moves(preview):
    return [preview.moves.item(i) for i in range(preview.moves.count())]


def test_every_year_move_is_listed_and_an_unticked_one_keeps_last_years_text(qtbot, coverless):
    preview = _preview(qtbot, coverless)
    assert _moves(preview) == []  # the file's year is not known yet: nothing to move
    preview.year.setValue(2023)
    expected = year_moves(dict(coverless.data, year=2023))
    listed = _moves(preview)
    assert [item.data(Qt.UserRole) for item in listed] == [m.key for m in expected] and len(listed) == 3
    assert all(item.checkState() == Qt.Checked for item in listed)
    first = expected[0]
    assert listed[0].text() == f"项目名称：{first.old} → {first.new}"
    assert first.new == "冀财政法2022年55号提前下达2024年中央政法纪检监察转移支付资金"  # the 文号 keeps its year
    assert first.old in listed[0].toolTip() and first.new in listed[0].toolTip()

    listed[0].setCheckState(Qt.Unchecked)
    project = next(i for i, key in enumerate(preview._keys) if key == first.key[:2])
    preview.items.item(project + 1).setCheckState(Qt.Unchecked)  # the next project is left out
    assert [item.data(Qt.UserRole) for item in _moves(preview)] == [expected[0].key, expected[2].key]
    preview.year.setValue(2022)
    preview.year.setValue(2023)  # the list follows the year; the officer's choice stays
    assert _moves(preview)[0].checkState() == Qt.Unchecked

    data, made = preview.chosen()
    names = [p["name"] for p in data["projects"]]
    assert first.old in names and first.new not in names
    assert expected[2].new in names and made == [expected[2]]
    preview.move_years.setChecked(False)
    assert not preview.moves.isVisibleTo(preview)
    data, made = preview.chosen()
    assert made == [] and expected[2].old in [p["name"] for p in data["projects"]]


def test_a_file_without_cover_offers_its_tables_unit_to_confirm(qtbot, coverless):
    preview = _preview(qtbot, coverless)
    assert (preview.department.text(), preview.department_code.text()) == ("巨鹿县司法局本级", "315001")
    assert preview.unit_note.isVisibleTo(preview) and "315001 巨鹿县司法局本级" in preview.unit_note.text()
    assert not preview.box.button(QDialogButtonBox.Ok).isEnabled()  # the year is still to be given
    preview.year.setValue(2023)
    preview.department.setText("巨鹿县司法局")  # the officer corrects the offer
    data, _ = preview.chosen()
    assert (data["department"], data["department_code"], data["year"]) == ("巨鹿县司法局", "315001", 2024)

    from_document = _preview(qtbot, read_file(sample_json("000")))
    assert from_document.department.text() == "巨鹿县司法局" and not from_document.unit_note.isVisibleTo(from_document)


def test_the_preview_fits_1366_by_768_and_gives_the_forms_the_room(qtbot):
    """The largest sample (001: 28 projects, its 公开表) with a long list of what could not be read."""
    result = read_file(sample_json("001"))
    result.data["projects"][0]["name"] = "很长的项目名称" * 20
    result.missing = [f"项目「第{i}个项目」：没有找到项目编码，也没有找到绩效指标表，请核对原文件。" for i in range(40)]
    preview = _preview(qtbot, result, "承德市司法局 2025 年")
    preview.show()
    qtbot.waitExposed(preview)
    available = preview.screen().availableGeometry()
    for size in (preview.sizeHint(), preview.size(), preview.frameGeometry().size()):
        assert size.width() <= min(1366, available.width()) and size.height() <= min(728, available.height())
    assert preview.items.height() > max(w.height() for w in (preview.moves, preview.department)) * 2
    assert preview.items.height() >= preview.height() // 3
    long = preview.items.item(1)
    assert "很长的项目名称" * 20 in long.text() and _as_shown(long.toolTip()) == long.text()  # not cut: wrapped, and on hover
    assert preview.items.visualItemRect(long).height() > preview.items.visualItemRect(preview.items.item(2)).height()
    assert all(view.wordWrap() and view.horizontalScrollBarPolicy() == Qt.ScrollBarAlwaysOff
               for view in (preview.items, preview.moves))
    assert all(item.toolTip() for item in _moves(preview))
    assert preview.isSizeGripEnabled() and preview.maximumHeight() > preview.height()
    before = preview.items.height()
    preview.resize(preview.width(), preview.height() - 100)
    qtbot.waitUntil(lambda: preview.items.height() < before)


def _as_shown(rich: str) -> str:
    """What Qt displays for a tooltip (rich text that shows the file's text literally)."""
    from PySide6.QtGui import QTextDocument

    document = QTextDocument()
    document.setHtml(rich)
    return document.toPlainText()


def test_the_preview_says_which_template_the_tables_were_read_by(qtbot):
    """A real 上海 budget: the officer sees it was read as 上海's 部门预算, its department and year
    filled in from the cover."""
    from PySide6.QtWidgets import QLabel

    from conftest import FIXTURES

    dialog = ImportPreview(read_file(FIXTURES / "real" / "putuo_zfb_2025.pdf"))
    qtbot.addWidget(dialog)
    texts = [label.text() for label in dialog.findChildren(QLabel)]
    assert any("上海市区级部门预算（部门预算）" in t for t in texts)
    assert dialog.department.text() == "上海市普陀区人民政府办公室"
