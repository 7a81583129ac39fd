"""The headless command line: ``python main.py new|export|import-json|info|validate …``.

Every failure prints one plain Chinese line to stderr and exits non-zero; no traceback reaches
the officer: an unexpected one goes to the error log (core.error_log), or to stderr as well with
BUDGETDESK_DEBUG=1. ``python main.py selftest`` (ui/selftest.py, it needs Qt) is dispatched by main.py.
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from pathlib import Path

from core.errors import BudgetDeskError

COMMANDS = ("new", "export", "import", "import-json", "info", "validate", "compare", "explain", "review",
            "consolidate")

EXIT_ERROR = 1      # the command could not do what was asked (message on stderr)
EXIT_USAGE = 2      # the command line itself was wrong
EXIT_INTERNAL = 3   # a bug: please report


class _ChineseArgumentParser(argparse.ArgumentParser):
    """argparse with its error messages in Chinese."""

    def error(self, message: str) -> None:  # type: ignore[override]
        replacements = (
            ("the following arguments are required: ", "缺少参数："),
            ("unrecognized arguments: ", "无法识别的参数："),
            ("invalid choice: ", "无效的选项："),
            ("invalid int value: ", "不是整数："),
            ("expected one argument", "需要一个值"),
            ("choose from ", "可选："),
            ("argument ", "参数 "),
        )
        for english, chinese in replacements:
            message = message.replace(english, chinese)
        command = self.prog.split()[-1]
        command = "" if command == "main.py" else f" {command}"
        self.exit(EXIT_USAGE, f"命令有误：{message}\n用法请见：python main.py{command} --help\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _ChineseArgumentParser(prog="main.py", description="BudgetDesk 部门预算绩效编报（命令行）",
                                    epilog="python main.py selftest：自检（打开示例、检查、导出 PDF 和 Excel），全部通过则退出码为 0",
                                    add_help=True)
    sub = parser.add_subparsers(dest="command", parser_class=_ChineseArgumentParser, metavar="命令")

    new = sub.add_parser("new", help="新建文档", description="新建一个空白的部门预算绩效文档")
    new.add_argument("out", metavar="OUT", help="新文档的文件名（.bdoc）")
    new.add_argument("--department", required=True, help="预算单位名称，如 承德市司法局")
    new.add_argument("--code", required=True, help="单位编码，如 324")
    new.add_argument("--year", required=True, help="预算年度，如 2025")
    new.add_argument("--money-unit", default=None, choices=("万元", "元"), help="金额单位（默认为模板的单位）")
    new.add_argument("--template", default="hebei",
                     help="公开表模板：hebei（河北）、shanghai-department、shanghai-unit（上海区级部门/单位预算）"
                          "或 national（财预〔2016〕143号最低要求）")
    new.add_argument("--framework", default="hebei", help="指标体系：hebei、national-2021 或 sichuan")

    export = sub.add_parser("export", help="导出文档", description="导出文档：JSON、打印用 PDF 或 Excel")
    export.add_argument("doc", metavar="DOC", help="BudgetDesk 文档")
    export.add_argument("--json", metavar="OUT.json", help="导出为 JSON 文件")
    export.add_argument("--pdf", metavar="OUT.pdf", help="导出为 PDF（官方版式，A4）")
    export.add_argument("--xlsx", metavar="OUT.xlsx", help="导出为 Excel 文件（官方版式，每表一个工作表）")
    export.add_argument("--forms", nargs="+", metavar="表",
                        help="只导出这些表：项目编码或名称、公开表表名、整体绩效目标、情况说明、批复表、项目、公开表")
    export.add_argument("--draft", action="store_true", help="草案：加“草案”水印（Excel 为页眉）；有错误时也可导出")
    export.add_argument("--report", action="store_true", help="附检查报告（含出错说明）：PDF 附在最后，Excel 为最后一个工作表")
    export.add_argument("--charts", action="store_true", help="PDF 附图示：资金支出计划曲线、支出按类构成（本年与上年）")

    read = sub.add_parser("import", help="导入上一年的文件",
                          description="读取 BudgetDesk 文档、JSON、Excel、Word 或 PDF，建立新文档")
    read.add_argument("source", metavar="SRC", help="要导入的文件（.bdoc/.json/.xlsx/.docx/.pdf）")
    read.add_argument("out", metavar="OUT", help="新文档的文件名（.bdoc）")
    read.add_argument("--next-year", action="store_true", help="以它为起点建立下一年度的文档（年度 +1）")
    read.add_argument("--keep-year-names", action="store_true",
                      help="与 --next-year 同用：项目名称中的年份（如 提前下达2022年…）保持不变")
    read.add_argument("--report", action="store_true", help="列出找到和未能读取的内容")
    read.add_argument("--department", help="预算单位名称（文件中没有时必须指定；指定则以此为准）")
    read.add_argument("--year", type=int, help="文件的预算年度（文件中没有时必须指定；指定则以此为准）")

    imp = sub.add_parser("import-json", help="从 JSON 建立文档", description="从导出的 JSON 文件建立新文档")
    imp.add_argument("source", metavar="IN.json", help="JSON 文件")
    imp.add_argument("out", metavar="OUT", help="新文档的文件名（.bdoc）")

    check = sub.add_parser("validate", help="检查文档", description="检查文档中的计算、一致性和指标问题；有错误时退出码为 1")
    check.add_argument("doc", metavar="DOC", help="BudgetDesk 文档")
    check.add_argument("--json", action="store_true", help="以 JSON 输出检查结果")
    check.add_argument("--xlsx", metavar="OUT.xlsx", help="同时把检查报告（含出错说明）导出为 Excel 文件")

    versus = sub.add_parser("compare", help="本年与上年对比", description="本年与上年对比：每张公开表的各行、"
                            "每个项目的预算数和指标值，导出为 Excel（给分管领导的对比表）")
    versus.add_argument("doc", metavar="DOC", help="BudgetDesk 文档")
    versus.add_argument("--with", dest="last", metavar="LASTYEAR",
                        help="上一年的文件（.bdoc/.json/.xlsx/.docx/.pdf）；不指定则用本文档保存的上年数")
    versus.add_argument("--xlsx", metavar="OUT.xlsx", required=True, help="导出对比表（Excel）")
    versus.add_argument("--pdf", metavar="OUT.pdf", help="同时导出对比图（资金支出计划、支出按类构成）为 PDF")

    explain = sub.add_parser("explain", help="根据表格生成情况说明",
                             description="根据公开表生成情况说明（编制说明）：列出建议的文字；加 --write 写入文档")
    explain.add_argument("doc", metavar="DOC", help="BudgetDesk 文档")
    explain.add_argument("--write", action="store_true", help="把生成的各节写入文档（可在窗口中撤销）")
    explain.add_argument("--with", "--last", dest="last", metavar="LASTYEAR",
                         help="上一年的文件（.bdoc/.json/.xlsx/.docx/.pdf），用于比上年增减和上年的文字；"
                              "不指定则用本文档保存的上年数")

    review = sub.add_parser("review", help="批量审核一个文件夹中的文档",
                            description="批量审核：读取并检查文件夹中每一份 .bdoc/.pdf/.xlsx/.docx/.json，"
                                        "汇总为 Excel（汇总、按规则、明细、对比）；无法读取的文件列出原因，不中断审核")
    review.add_argument("folder", metavar="FOLDER", help="存放各部门文件的文件夹")
    review.add_argument("--recursive", action="store_true", help="同时审核子文件夹中的文件")
    review.add_argument("--xlsx", metavar="OUT.xlsx", help="导出审核汇总表（Excel）")
    review.add_argument("--json", action="store_true", help="以 JSON 输出每份文件的概况和检查结果")
    review.add_argument("--workers", type=int, default=None, help="同时审核的进程数（默认每个处理器核心一个）")

    merge = sub.add_parser("consolidate", help="汇总下级单位的文档",
                           description="汇总（节点汇总）：把下级单位的文档（同一模板、年度、金额单位）合并为部门的文档")
    merge.add_argument("out", metavar="OUT", help="汇总后的新文档（.bdoc）")
    merge.add_argument("--department", required=True, help="汇总后的预算单位名称，如 巨鹿县司法局")
    merge.add_argument("--code", required=True, help="汇总后的单位编码，如 315")
    merge.add_argument("docs", metavar="DOC", nargs="+", help="各下级单位的文档（.bdoc/.json/.xlsx/.docx/.pdf）")

    info = sub.add_parser("info", help="显示文档概况", description="显示文档包含的表格与项目")
    info.add_argument("doc", metavar="DOC", help="BudgetDesk 文档")
    return parser


def main(argv: list[str]) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "export" and not (args.json or args.pdf or args.xlsx):
        parser.error("请至少指定一种导出格式：--json、--pdf 或 --xlsx。")
    try:
        status = _run(args)
        sys.stdout.flush()  # here, where a closed pipe is handled, not at exit
        return status
    except BudgetDeskError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("已取消。", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:
        # the output was piped into a reader that stopped (``| head``): end quietly, as Unix tools
        # do; what is still buffered goes nowhere instead of failing again at exit
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:
        from core.error_log import record

        if os.environ.get("BUDGETDESK_DEBUG"):
            traceback.print_exc()
        log = record(exc, f"command {args.command}")
        print("错误：BudgetDesk 遇到内部错误，操作未完成，文档未被修改。"
              f"详细情况已记录在 {log}，请把这个文件发给技术支持。", file=sys.stderr)
        return EXIT_INTERNAL


def _run(args: argparse.Namespace) -> int:
    if args.command == "new":
        return _new(args)
    if args.command == "export":
        return _export(args)
    if args.command == "import-json":
        return _import_json(args)
    if args.command == "import":
        return _import(args)
    if args.command == "info":
        return _info(args)
    if args.command == "compare":
        return _compare(args)
    if args.command == "validate":
        return _validate(args)
    if args.command == "review":
        return _review(args)
    if args.command == "consolidate":
        return _consolidate(args)
    if args.command == "explain":
        return _explain(args)
    build_parser().print_help()
    return EXIT_USAGE


def _new(args: argparse.Namespace) -> int:
    from core.templates import new_document

    with new_document(Path(args.out), args.department, args.code, args.year, args.money_unit,
                      args.framework, args.template) as doc:
        print(f"已新建：{doc.path}（{doc.department} {doc.year} 年，金额单位 {doc.money_unit}）")
    return 0


def _export(args: argparse.Namespace) -> int:
    from core.document.document import open_document

    with open_document(Path(args.doc), read_only=True) as doc:
        form_ids = doc.forms_matching(args.forms) if args.forms else None
        if args.json:
            from core.file.json_format import write_json

            _write(Path(args.json), lambda out: write_json(doc, out))
        if args.pdf or args.xlsx:
            from core.checks.validation import ERROR, validate

            findings = validate(doc)
            errors = sum(1 for f in findings if f.severity == ERROR)
            if errors and not args.draft:
                raise BudgetDeskError(f"文档还有 {errors} 项错误，不能导出报送版。请先修改"
                                      "（python main.py validate 列出错误），或加 --draft 导出草案。")
            report = findings if args.report else None
        if args.pdf:
            from core.document.check_notes import notes
            from core.printing.pdf_export import PdfOptions, lost_glyphs_message, write_pdf

            options = PdfOptions(form_ids, args.draft, report, notes(doc), charts=args.charts)
            _write(Path(args.pdf), lambda out: write_pdf(doc, out, options))
            lost = lost_glyphs_message(options.lost_glyphs)
            if lost:
                print(f"注意：{lost}", file=sys.stderr)
        if args.xlsx:
            from core.printing.xlsx_export import write_document_xlsx

            _write(Path(args.xlsx), lambda out: write_document_xlsx(doc, out, form_ids, report, args.draft))
    return 0


def _write(out: Path, write) -> None:
    """``write(out)`` (the writers go through a temporary file), a failure said in Chinese."""
    from core.file.files import write_failure

    try:
        write(out)
    except OSError as exc:
        raise write_failure(out, exc) from None
    print(f"已导出：{out}")


def _import(args: argparse.Namespace) -> int:
    from core.reading import import_file

    doc, result, renamed = import_file(Path(args.source), Path(args.out), next_year_from=args.next_year,
                                       department=args.department, year=args.year,
                                       move_years=not args.keep_year_names)
    with doc:
        if args.report:
            print(f"来源：{result.kind}{f'，{result.pages} 页' if result.pages else ''}")
            for line in result.found:
                print(f"  找到：{line}")
            for line in result.missing:
                print(f"  未读取：{line}")
            for old, new in renamed:
                print(f"  改名：{old} → {new}")
        print(f"已建立：{doc.path}（{doc.department} {doc.year} 年，{len(doc.projects)} 个项目，"
              f"{len(doc.budget_tables)} 张公开表）")
    return 0


def _import_json(args: argparse.Namespace) -> int:
    from core.file.json_format import import_json, read_json_file

    data = read_json_file(Path(args.source))
    with import_json(data, Path(args.out)) as doc:
        print(f"已建立：{doc.path}（{doc.department} {doc.year} 年，{len(doc.projects)} 个项目，"
              f"{len(doc.budget_tables)} 张公开表）")
    return 0


def _info(args: argparse.Namespace) -> int:
    from core.document.document import open_document

    with open_document(Path(args.doc), read_only=True) as doc:
        print(f"{doc.department}　{doc.year} 年　金额单位：{doc.money_unit}")
        for form in doc.forms[1:]:
            if form.kind == "project":
                print(f"  项目 {form.get('code') or ''} {form.title}　预算数 {form.get('budget') or ''}"
                      f"　指标 {len(form.grids['indicators'])} 行")
            else:
                rows = sum(len(g) for g in form.grids.values())
                print(f"  {form.title}（{rows} 行）")
    return 0


def _validate(args: argparse.Namespace) -> int:
    import json

    from core.document.document import open_document
    from core.checks.validation import ERROR, SEVERITY_LABELS, validate

    with open_document(Path(args.doc), read_only=True) as doc:
        findings = validate(doc)
        if args.xlsx:
            from core.printing.check_report import write_xlsx

            write_xlsx(doc, findings, Path(args.xlsx))
    if args.json:
        print(json.dumps([f.as_json() for f in findings], ensure_ascii=False, indent=1))
    else:
        for f in findings:
            loc = f.location
            where = " ".join(x for x in (loc.form, loc.project, f"第{loc.row}行" if loc.row else None,
                                         loc.field) if x)
            print(f"[{SEVERITY_LABELS[f.severity]}] {f.rule}  {where}\n    {f.message}")
        counts = {s: sum(1 for f in findings if f.severity == s) for s in SEVERITY_LABELS}
        print("共 " + "，".join(f"{SEVERITY_LABELS[s]} {n} 项" for s, n in counts.items()))
    return EXIT_ERROR if any(f.severity == ERROR for f in findings) else 0


def _compare(args: argparse.Namespace) -> int:
    from core.compare.comparison import comparison
    from core.compare.xlsx import write_comparison_xlsx
    from core.document.document import open_document
    from core.document.last_year import last_year, open_last_year

    with open_document(Path(args.doc), read_only=True) as doc:
        expected = doc.year - 1 if doc.year else None
        last = open_last_year(Path(args.last), expected) if args.last else last_year(doc)
        if last is not None and doc.year and last.year and last.year >= doc.year:
            raise BudgetDeskError(f"{last.source}是 {last.year} 年的文件，不早于本文档的 {doc.year} 年。"
                                  "--with 请指定上一年的文件。")
        if last is None:
            print("注意：本文档没有保存上年数（不是从上一年的文件开始的），对比表中上年数均为“暂无上年数”。"
                  "可用 --with 指定上一年的文件。", file=sys.stderr)
        compared = comparison(doc, last)
        _write(Path(args.xlsx), lambda out: write_comparison_xlsx(compared, out))
        if args.pdf:
            from core.printing.chart_pages import write_chart_pdf

            _write(Path(args.pdf), lambda out: write_chart_pdf(doc, last, out))
    return 0


def _explain(args: argparse.Namespace) -> int:
    """Print the 情况说明 sections proposed from the tables (what each still asks for); --write
    writes them (one undo step). Last year's figures: --with's file, else what the document keeps."""
    from core.document.document import open_document
    from core.document.last_year import last_year, open_last_year
    from core.writing.explanation import propose, write_edit

    with open_document(Path(args.doc), read_only=not args.write) as doc:
        expected = doc.year - 1 if doc.year else None
        last = open_last_year(Path(args.last), expected) if args.last else last_year(doc)
        proposal = propose(doc, last)
        if not proposal.sections:
            raise BudgetDeskError("本文档的公开表模板没有规定如何生成情况说明。")
        for section in proposal.sections:
            print(f"【{section.title}】{'' if section.changed else '（与现有文字相同）'}")
            print(section.text)
            for ask in section.asks:
                print(f"  {'需填写' if ask.required else '可填写'}：{ask.label}"
                      f"{f'（上年：{ask.offered}）' if ask.offered else ''}")
            for missing in section.missing:
                print(f"  注意：{missing}")
            print()
        if args.write:
            if doc.read_only:
                raise BudgetDeskError("文档以只读方式打开（可能正被其他程序使用），未写入。")
            doc.apply(write_edit(doc, proposal))
            print(f"已写入 {len(proposal.sections)} 节：{doc.path}")
    return 0


def _review(args: argparse.Namespace) -> int:
    """批量审核: every document of the folder read and validated (core/batch); exit 1 if a file could
    not be read or has 错误."""
    import json

    from core.batch.review import review_folder

    if not (args.xlsx or args.json):
        raise BudgetDeskError("请指定 --xlsx 审核汇总.xlsx（导出汇总表）或 --json（输出检查结果）。")
    if args.workers is not None and args.workers < 1:
        raise BudgetDeskError("--workers 至少为 1。")

    def told(review) -> None:
        if not args.json:
            state = (f"错误 {review.summary.get('errors', 0)}、警告 {review.summary.get('warnings', 0)}、"
                     f"提示 {review.summary.get('infos', 0)}") if review.ok else f"未能读取：{review.reason}"
            print(f"  {review.name}：{state}", file=sys.stderr)

    batch = review_folder(Path(args.folder), args.recursive, workers=args.workers, on_review=told)
    if not batch.reviews:
        raise BudgetDeskError(f"文件夹「{args.folder}」中没有可审核的文件（.bdoc/.pdf/.xlsx/.docx/.json）。")
    if args.xlsx:
        from core.batch.workbook import write_review_xlsx
        from core.file.files import write_failure

        try:
            write_review_xlsx(batch, Path(args.xlsx))
        except OSError as exc:
            raise write_failure(Path(args.xlsx), exc) from None
        print(f"已导出：{args.xlsx}", file=sys.stderr if args.json else sys.stdout)
    if args.json:
        def plain(value):
            return str(value) if hasattr(value, "as_tuple") else value

        print(json.dumps([{"file": r.name, "kind": r.kind, "ok": r.ok, "reason": r.reason or None, "notes": r.notes,
                           "summary": {k: plain(v) for k, v in r.summary.items()}, "findings": r.findings}
                          for r in batch.reviews], ensure_ascii=False, indent=1))
    read = [r for r in batch.reviews if r.ok]
    print(f"共 {len(batch.reviews)} 份文件：已审核 {len(read)} 份，未能读取 {len(batch.unreadable)} 份，"
          f"有错误的 {sum(1 for r in read if r.errors)} 份。", file=sys.stderr)
    return EXIT_ERROR if batch.unreadable or any(r.errors for r in read) else 0


def _consolidate(args: argparse.Namespace) -> int:
    """汇总: the units' documents combined into the department's (core/consolidate)."""
    from core.consolidate.consolidation import consolidate

    result = consolidate([Path(d) for d in args.docs], Path(args.out), args.department, args.code)
    print(f"已汇总 {len(result.units)} 个单位（{'、'.join(u.name for u in result.units)}）：{result.path}"
          f"（{result.tables} 张公开表，{result.projects} 个项目）")
    print(f"检查：错误 {result.errors} 项，警告 {result.warnings} 项，提示 {result.infos} 项"
          f"（其中尾差 {result.rounding} 项）。python main.py validate {result.path} 列出详情。")
    for note in result.notes:
        print(f"注意：{note}")
    return 0
