"""Validation of each sample document (tests/fixtures/samples/json) against the list of findings a person
reviewed (tests/fixtures/findings/*.txt, written by make_findings.py there), and the real problems
found by reading the seeds, each of which must be caught."""

import importlib.util

import pytest

from conftest import FIXTURES, SAMPLES
from core.file.json_format import import_json, read_json_file

_spec = importlib.util.spec_from_file_location("make_findings", FIXTURES / "findings" / "make_findings.py")
make_findings = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_findings)


@pytest.fixture(params=SAMPLES, ids=[p.stem[:3] for p in SAMPLES])
def sample_lines(request, tmp_path):
    doc = import_json(read_json_file(request.param), tmp_path / "doc.bdoc")
    try:
        yield request.param.stem, make_findings.finding_lines(doc)
    finally:
        doc.close()


def test_each_sample_gives_exactly_the_reviewed_findings(sample_lines):
    stem, lines = sample_lines
    reviewed = (FIXTURES / "findings" / f"{stem}.txt").read_text("utf-8").splitlines()
    assert lines == reviewed  # after changing a rule: run make_findings.py and review the diff


def test_seed_001_printed_consistent_tables_so_arithmetic_gives_only_rounding_hints(sample_lines):
    stem, lines = sample_lines
    tables = [line.split(" | ") for line in lines if line.split(" | ")[1].startswith(("B-", "E-"))]
    assert all(severity == "提示" and "尾差" in message for severity, *_, message in tables)
    if stem.startswith("001"):
        assert len(tables) >= 10  # the 尾差 are there, as 提示


# What reading the seeds finds wrong: (seed, rule, severity, words of the message).
REAL_PROBLEMS = [
    ("000", "Q-MISMATCH", "警告", "「法律援助等案件办结率」衡量“办结”，指标描述「法律援助等案件受理率」"),
    ("000", "Q-MISMATCH", "警告", "「社区矫正对象接收率」衡量“接收”，指标描述「年度社区矫正对象再犯罪人数与列管人数之比」"),
    ("000", "I-DIRECTION", "警告", "「社区矫正对象接收率」越高越好，指标值应使用 ≥ 或 =，而不是「≤0.2%」"),
    ("000", "I-STRUCTURE", "警告", "三级指标「社区矫正对象接收率」与第 1 行重复"),
    ("000", "I-STRUCTURE", "警告", "项目「法律援助经费」 没有满意度指标"),
    ("000", "P-COST", "警告", "「社区矫正工作总成本」≤2万 小于预算数 10.00 万元"),
    ("000", "Q-INDICATOR", "警告", "「人民群众对法治工作满意度」是满意度，应放在满意度指标下"),
    ("001", "P-COST", "错误", "「成本总额」≤200万元 超过预算数 138.56 万元"),
    ("001", "P-COST", "警告", "「聘用辅警人员总成本」≤150万元 小于预算数 165.85 万元"),
    ("001", "P-COST", "警告", "「项目总成本」的指标值「实际金额」不是金额"),
    ("001", "P-PLAN", "警告", "项目「12348法律服务热线」 资金支出计划 12月底 未填写"),
    ("001", "Q-PLACEHOLDER", "警告", "项目「消防设施修缮项目」「绩效目标」含有模板占位文字"),
    ("001", "Q-PLACEHOLDER", "提示", "项目「被装购置项目」 第 5 行填写「不涉及」，不是指标"),
    ("001", "Q-INDICATOR", "警告", "「调查对象满意度」是满意度，应放在满意度指标下"),
    ("001", "Q-INDICATOR", "警告", "「设施建设数量」可以量化"),
    ("001", "Q-MISMATCH", "警告", "「调查对象满意度」衡量“满意”，指标描述「提升干警形象，符合上级要求」"),
    ("001", "Q-MISMATCH", "警告", "「总成本控制率」是比率，指标值「≤18万元」却是万元"),
    ("001", "Q-MISMATCH", "警告", "「保障单位正常运转」的指标描述「安全事故发生率」衡量的是另一个指标"),
    ("001", "Q-MISMATCH", "警告", "「资金支付及时率」是比率，指标值「12月31日前完成全部工作」却是时间"),
    ("001", "I-DIRECTION", "警告", "「消防安全事故降低率」越高越好"),
    ("001", "B-SUBJECT-SUM", "提示", "支出总表 20408 强制隔离戒毒：合计 2031.43 ≠ 下级科目之和 2031.44（差 0.01，尾差）"),
    ("001", "B-PROJECTS-SUM", "提示", "项目绩效目标表的预算数合计 1087.33 ≠ 支出总表项目支出 1087.32（差 0.01，尾差）"),
    ("002", "I-VALUE", "错误", "「改善生态环境质量」：指标值未填写"),
    ("002", "I-VALUE", "提示", "「≥80百分比」中的“百分比”应写作 %"),
    ("002", "I-DIRECTION", "警告", "「受援群众投诉率(%)」越低越好"),
    ("002", "Q-MISMATCH", "警告", "「实际受理案件数量」是数量，指标值「≥90百分比」却是百分比"),
    ("002", "Q-MISMATCH", "警告", "「数据报送时限」是时间，指标值「≥95百分比」却是百分比"),
    ("002", "Q-MISMATCH", "警告", "「人员经费执行率」的指标描述「1」不能说明指标的含义"),
    ("002", "Q-FILLER", "提示", "项目「法律援助」 第 7 行生态效益指标「生态环境质量改善」与项目内容无关"),
    ("002", "P-COST", "警告", "「资金成本」的指标值「≥90百分比」不是金额"),
    ("002", "I-STRUCTURE", "警告", "没有满意度指标"),
    ("004", "A-WEIGHTS", "警告", "定性指标值「优良差」是评价等级"),
    ("004", "A-WEIGHTS", "警告", "定性指标值「好坏」是评价等级"),
    ("004", "T-MARKUP", "警告", "「整体绩效目标」含有网页标记"),
    ("004", "T-CUT", "警告", "第 1 行「主要内容」“…，采用日常监督、专项检查”似乎不完整"),
    ("004", "T-CUT", "警告", "第 16 行「三级指标」“…护公民、法人和其他组织的”似乎不完整"),
]


def test_every_real_problem_read_in_the_seeds_is_caught(sample_lines):
    stem, lines = sample_lines
    for seed, rule, severity, words in REAL_PROBLEMS:
        if stem.startswith(seed):
            assert any(line.startswith(f"{severity} | {rule} |") and words in line for line in lines), (rule, words)
