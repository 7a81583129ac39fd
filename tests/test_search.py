"""Ctrl+F finds text in every field and cell of the document."""

from core.document.search import find


def test_find_across_projects_tables_and_texts(open_sample):
    doc = open_sample("001")
    hits = find(doc, "12348")
    assert any(h.field == "name" and h.text == "12348法律服务热线" for h in hits)
    assert any(h.grid == "indicators" and h.label == "三级指标" for h in hits)
    assert any(h.form_title == "部门整体绩效目标" for h in hits)
    assert find(doc, "２０４０６０１")[0].text == "2040601"  # full-width typed, half-width stored
    assert find(doc, "   ") == []
    assert find(doc, "不存在的文字") == []
