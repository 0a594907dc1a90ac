"""What the printable compliance reports say, in zh-CN and en: headings, field names and the closed vocabularies.

The yearly report is a Chinese form (RoHS法律法规及其它要求遵循情况评价报告表); its English edition is for
customers and auditors who ask for one. The hazardous-substance table is Chinese by the standard (SJ/T 11364).
"""
from __future__ import annotations

LANGUAGES = ("zh-CN", "en")
DEFAULT_LANGUAGE = "zh-CN"

# key -> (zh-CN, en)
HEADINGS = {
    "annual": ("RoHS法律法规及其它要求遵循情况评价报告表", "RoHS laws, regulations and other requirements: yearly "
                                                "compliance evaluation"),
    "as_of": ("评价截至", "As of"), "year": ("年度", "Year"), "printed": ("生成时间", "Generated"),
    "products": ("产品合规状态 (年末)", "Products at the year's end"), "total": ("合计", "Total"),
    "status": ("状态", "Status"), "count": ("数量", "Count"), "code": ("编码", "Code"), "name": ("名称", "Name"),
    "evaluated_at": ("评价时间", "Evaluated"), "regulations": ("法律法规及其它要求", "Laws, regulations and requirements"),
    "in_register": ("登记在册", "in the register"), "reviewed_in_year": ("本年度已评审", "Reviewed in the year"),
    "overdue_for_review": ("逾期未评审 (超过12个月)", "Overdue for review (not reviewed for 12 months)"),
    "title": ("标题", "Title"), "last_reviewed_on": ("最近评审", "Last reviewed"),
    "review_due_on": ("下次评审期限", "Next review due"), "reviews": ("评审记录", "Reviews"),
    "never": ("从未", "never"), "nonconformances": ("不合格 (不合格控制表)", "Nonconformances"),
    "opened_in_year": ("本年度开立", "Opened in the year"), "closed_in_year": ("本年度关闭", "Closed in the year"),
    "open_at_year_end": ("年末未关闭", "Open at the year's end"), "number": ("编号", "Number"),
    "product": ("产品", "Product"), "owner_department": ("责任部门", "Owner department"),
    "opened_at": ("开立时间", "Opened"), "action_due_on": ("措施期限", "Action due"),
    "parties": ("相关方投诉及行政处罚", "Interested parties' complaints and administrative penalties"),
    "complaints": ("投诉", "Complaints"), "penalties": ("行政处罚", "Administrative penalties"),
    "party": ("相关方", "Party"), "kind": ("类别", "Kind"), "received_on": ("收到日期", "Received"),
    "description": ("内容", "Description"), "none": ("无", "none"), "conclusion": ("结论", "Conclusion"),
}

VOCABULARY = {
    "status": {"compliant": ("满足", "compliant"), "partially_compliant": ("基本满足", "partially compliant"),
               "non_compliant": ("不满足", "non-compliant"), "not_evaluated": ("未评价", "not evaluated")},
    "nc": {"open": ("待处理", "open"), "action_planned": ("措施已定", "action planned"), "closed": ("已关闭", "closed")},
    "department": {"sales": ("业务部", "sales"), "production": ("生产部", "production"),
                   "purchasing": ("采购部", "purchasing"), "quality": ("品质部", "quality"),
                   "engineering": ("技术部", "engineering"), "finance": ("财务部", "finance"),
                   "legal": ("法律事务室", "legal"), "general_manager": ("总经理", "general manager")},
    "kind": {"requirement": ("要求", "requirement"), "complaint": ("投诉", "complaint"),
             "administrative_penalty": ("行政处罚", "administrative penalty")},
    "record": {"open": ("处理中", "open"), "closed": ("已答复", "answered")},
}


def words(language: str) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """The headings and the vocabularies (kind -> value -> label) of `language` (zh-CN or en)."""
    index = LANGUAGES.index(language)
    headings = {key: pair[index] for key, pair in HEADINGS.items()}
    return headings, {kind: {value: pair[index] for value, pair in labels.items()}
                      for kind, labels in VOCABULARY.items()}
