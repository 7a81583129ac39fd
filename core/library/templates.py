"""New projects by project type (法律援助类 …): the indicator rows a pack type usually has, laid out
in the document's framework, to complete instead of an empty table.

Each of the framework's 二级 gets the type's indicators for it; a 二级 the type has none for gets
the common one where the checks require it (时效, 成本, 满意度) and is left out otherwise (no
生态效益 filler). Values are forms to complete (``≥__件``); a total cost reads ``≤__万元`` until
the project has a 预算数.
"""

from __future__ import annotations

from core.document import forms
from core.document.document import FormData
from core.document.edits import InsertForm, add_project
from core.document.frameworks import framework_of
from core.library.entries import l2_key, place
from core.library.library import ProjectContext, Suggestion, value_for
from core.library.shipped import ProjectType, load_shipped

REQUIRED_L2 = ("数量指标", "时效指标", "成本指标", "社会效益指标", "服务对象满意度指标")


def project_types() -> list[ProjectType]:
    """The project types the packs offer, in their order (法律援助类, 人民调解类, …)."""
    return list(load_shipped().types)


def guess_type(name: str, purpose: str = "", department: str = "") -> str | None:
    """The type a project name reads as (the id), or None."""
    from core.library.library import current_library

    scores = current_library().type_scores(ProjectContext(name, purpose, department))
    return max(scores, key=scores.get) if scores else None


def template_rows(doc, type_id: str) -> list[list[str | None]]:
    """The indicator rows (all columns) a new project of ``type_id`` starts with."""
    shipped = load_shipped()
    kind = shipped.type(type_id)
    framework = framework_of(doc)
    context = ProjectContext(money_unit=doc.money_unit or "万元")
    width = len(forms.INDICATOR_COLUMNS)
    rows = []
    for l1, l2s in framework.levels.items():
        for l2 in l2s:
            entries = [e for e in kind.entries if place(framework, e.l2) == (l1, l2)]
            if not entries:
                entries = [e for e in shipped.common if place(framework, e.l2) == (l1, l2)
                           and l2_key(l2) in REQUIRED_L2][:1]
            for e in entries:
                s = Suggestion(e, 1, value_for(e, context))
                rows.append([l1, l2, s.l3, s.description, s.value, s.basis] + [None] * (width - 6))
    return rows


def new_project(doc, type_id: str, at: int | None = None, name: str | None = None) -> InsertForm:
    """新建项目 of a type: a project whose indicator rows are the type's usual ones (one undo step)."""
    kind = load_shipped().type(type_id)
    data = FormData(forms.PROJECT, {"name": name} if name else {}, {"indicators": template_rows(doc, type_id)})
    edit = add_project(doc, at, data)
    return InsertForm(edit.at, edit.data, f"添加项目（{kind.name}）")
