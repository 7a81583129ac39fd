"""汇总 (节点汇总): the documents of a department's units (司法局本级, 法律援助中心, 公证处 …) combined into
the department's own (``python main.py consolidate OUT --department NAME --code CODE DOC …``,
文件 → 汇总下级单位…). See :mod:`core.consolidate.consolidation`.
"""
