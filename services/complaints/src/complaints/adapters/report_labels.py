"""What the printable reports say, in zh-CN and en: headings, field names and the closed vocabularies."""
from __future__ import annotations

LANGUAGES = ("zh-CN", "en")
DEFAULT_LANGUAGE = "zh-CN"

# key -> (zh-CN, en)
TEXT = {
    "eight_d": ("8D 报告", "8D report"), "review": ("管理评审输入", "Management review pack"),
    "customer": ("客户", "Customer"), "number": ("编号", "Number"), "status": ("状态", "Status"),
    "received_at": ("接收时间", "Received"), "channel": ("渠道", "Channel"), "category": ("投诉类别", "Category"),
    "owner_department": ("主责部门", "Owner department"), "contract_number": ("合同号", "Contract"),
    "incident_class": ("质量事故等级", "Incident class"), "incident_reasons": ("判定依据", "Why"),
    "product_code": ("产品型号/编码", "Product"), "product_batch": ("批号", "Batch"),
    "production_date": ("生产日期", "Production date"), "quantity_affected": ("不良数量", "Quantity affected"),
    "returned_quantity": ("退货数量", "Quantity returned"), "loss_amount": ("损失金额 (CNY)", "Loss (CNY)"),
    "claims_loss": ("索赔计入损失 (CNY)", "Claims counted in the loss (CNY)"), "injury": ("人身伤害", "Injury"),
    "reputation_damage": ("严重影响公司声誉", "Reputation damage"), "description": ("问题描述", "Description"),
    "attachments": ("附件", "Attachments"), "action": ("措施", "Action"), "by": ("执行人", "By"),
    "at": ("时间", "At"), "due_at": ("期限", "Due"), "met_at": ("回复时间", "Replied"),
    "root_cause": ("根本原因", "Root cause"), "cause_category": ("原因类别 (5M1E)", "Cause category (5M1E)"),
    "responsibility": ("责任归属", "Responsibility"), "responsible_department": ("责任部门", "Responsible department"),
    "corrective_action": ("纠正措施", "Corrective action"), "preventive_action": ("预防措施", "Preventive action"),
    "approved_by": ("批准人", "Approved by"), "implementation_note": ("实施情况", "Implementation"),
    "verification_note": ("验证结果", "Verification"), "explanation": ("向客户说明", "Explanation to the customer"),
    "closed_at": ("结案时间", "Closed"), "closure_reason": ("结案原因", "Closure reason"),
    "reopen_count": ("重提对策次数", "Reopened"), "name": ("姓名", "Name"), "steps": ("参与步骤", "Steps taken"),
    "joined": ("首次参与", "First acted"), "deadline": ("回复期限", "Deadline"), "result": ("结果", "Result"),
    "extensions": ("延期", "Extensions"), "escalations": ("逾期升级", "Escalations"), "deadlines": ("期限达成", "Deadlines"),
    "history": ("处理记录", "History"), "from": ("原状态", "From"), "to": ("新状态", "To"), "details": ("内容", "Details"),
    "claims": ("索赔", "Claims"), "amount": ("金额", "Amount"), "currency": ("币种", "Currency"),
    "none": ("无", "none"), "yes": ("是", "yes"), "no": ("否", "no"), "pending_step": ("尚未完成", "not yet done"),
    "reopenings": ("验证无效、重提对策", "Not effective, analysed again"), "note": ("说明", "Note"),
    "printed": ("生成时间", "Generated"), "period": ("期间", "Period"), "as_of": ("统计截至", "As of"),
    "previous_due_at": ("原期限", "Previous due"), "new_due_at": ("新期限", "New due"),
    "customer_consent": ("客户同意", "Customer consent"), "escalation": ("升级对象", "Escalated to"),
    "detected_at": ("发现时间", "Detected"), "D0": ("准备与应急响应", "Preparation and emergency response"),
    "D1": ("成立小组", "Team"), "D2": ("问题描述", "Problem description"),
    "D3": ("临时围堵措施", "Containment"), "D4": ("根本原因分析", "Root cause"),
    "D5": ("永久纠正措施", "Permanent corrective action"), "D6": ("实施与确认", "Implementation and validation"),
    "D7": ("预防再发生与标准化", "Prevention and standardisation"), "D8": ("验证与结案", "Verification and closure"),
    # management review
    "summary": ("概要", "Summary"), "total": ("投诉总数", "Complaints"), "per_month": ("每月投诉及趋势", "Complaints per month and trend"),
    "month": ("月份", "Month"), "count": ("数量", "Count"), "trend_line": ("趋势线", "Trend"),
    "moving_average": ("3个月移动平均", "3-month moving average"), "trend": ("趋势", "Trend"),
    "slope": ("斜率 (件/月)", "Slope (per month)"), "pareto_category": ("投诉类别柏拉图", "Pareto by category"),
    "pareto_cause": ("原因类别 (5M1E) 柏拉图", "Pareto by cause (5M1E)"), "share": ("占比 %", "Share %"),
    "cumulative": ("累计 %", "Cumulative %"), "on_time": ("及时率", "On-time rates"),
    "rate": ("及时率 %", "On time %"), "on_time_count": ("按期", "On time"), "decided": ("已到期/已回复", "Due or given"),
    "incidents": ("质量事故等级分布", "Incidents by class"), "major_incidents": ("重大质量事故", "Major incidents"),
    "claims_amounts": ("索赔及金额", "Claims and amounts"), "claimed": ("索赔金额", "Claimed"),
    "proposed": ("建议金额", "Proposed"), "settled": ("结算金额", "Settled"),
    "recurring_problems": ("重复发生问题", "Recurring problems"), "recurring": ("重复发生", "Recurring"),
    "sporadic": ("偶发", "Sporadic"), "unanalysed": ("未分析", "Not analysed"),
    "satisfaction": ("顾客满意度 (按年度)", "Customer satisfaction per year"), "year": ("年度", "Year"),
    "response_rate": ("回收率 %", "Response rate %"), "survey_score": ("调查得分", "Survey score"),
    "objective_score": ("客观得分", "Objective score"), "total_score": ("综合得分", "Total score"),
    "final": ("已结案", "Final"), "provisional": ("进行中", "Provisional"),
    "dissatisfied_items": ("最不满意项目", "Most dissatisfied items"), "item": ("调查项目", "Item"),
    "answers": ("答卷数", "Answers"), "dissatisfied": ("不满意数", "Dissatisfied"), "average": ("平均分 (满分20)", "Average (of 20)"),
    "compliance": ("产品合规状态", "Compliance status"), "products": ("产品数", "Products"),
    "nonconformances": ("不合格 (合规)", "Nonconformances"), "open_nonconformances": ("未关闭的不合格", "Open nonconformances"),
    "action_due_on": ("措施期限", "Action due"), "overdue": ("已逾期", "overdue"),
    "non_compliant_products": ("不符合的产品", "Non-compliant products"), "evaluated_at": ("评价时间", "Evaluated"),
    "compliance_news": ("合规信息来自合规服务的事件, 最近一次", "Compliance figures come from the compliance service's events; latest"),
    "no_compliance_news": ("尚未收到合规服务的信息", "No news from the compliance service yet"),
    "no_data": ("本期无数据", "Nothing in this period"), "figures_of": ("数据与统计接口一致", "Figures as the statistics endpoints give them"),
    "customer_id": ("客户编号", "Customer id"), "direction": ("走向", "Direction"), "code": ("编码", "Code"),
}

VOCABULARY = {
    "category": {"quality": ("质量", "quality"), "delivery": ("交期", "delivery"), "quantity": ("数量", "quantity"),
                 "service": ("服务", "service"), "price": ("价格", "price"), "environmental": ("环保 (有害物质)", "environmental"),
                 "other": ("其他", "other")},
    "cause": {"man": ("人", "man"), "machine": ("机", "machine"), "material": ("料", "material"), "method": ("法", "method"),
              "environment": ("环", "environment"), "measurement": ("测", "measurement"), "other": ("其他", "other"),
              "unassigned": ("未分析", "not analysed")},
    "status": {"received": ("已接收", "received"), "contained": ("已围堵", "contained"), "analysed": ("已分析", "analysed"),
               "action_planned": ("措施已批准", "action planned"), "verifying": ("验证中", "verifying"),
               "closed": ("已结案", "closed"), None: ("—", "—")},
    "department": {"sales": ("业务部", "sales"), "production": ("生产部", "production"), "purchasing": ("采购部", "purchasing"),
                   "quality": ("品质部", "quality"), "engineering": ("技术部", "engineering"), "finance": ("财务部", "finance"),
                   "legal": ("法律事务室", "legal"), "general_manager": ("总经理", "general manager"),
                   "unassigned": ("未指定", "not assigned")},
    "channel": {"letter": ("信函", "letter"), "fax": ("传真", "fax"), "email": ("电子邮件", "e-mail"), "phone": ("电话", "phone"),
                "visit": ("来访", "visit"), "returned_goods": ("退货", "returned goods")},
    "responsibility": {"company": ("公司", "company"), "customer": ("客户", "customer"), "supplier": ("供应商", "supplier")},
    "incident": {"general": ("一般质量事故", "general"), "batch": ("批质量事故", "batch"), "major": ("重大质量事故", "major"),
                 "unassigned": ("未分级", "not classified")},
    "deadline": {"containment": ("围堵回复 (2个工作日)", "containment reply"),
                 "corrective_action": ("纠正措施回复 (10个工作日)", "corrective-action reply")},
    "state": {"on_time": ("按期", "on time"), "late": ("逾期回复", "late"), "overdue": ("已逾期未回复", "overdue"),
              "pending": ("未到期", "pending")},
    "step": {"receipt": ("接收", "receipt"), "containment": ("围堵", "containment"), "analysis": ("原因分析", "analysis"),
             "action-plan": ("对策", "action plan"), "implementation": ("实施", "implementation"),
             "verification": ("验证", "verification"), "explanation": ("说明结案", "explanation"),
             "extension": ("延期", "extension"), "figures": ("数量更正", "figures"), "incident": ("事故等级", "incident class"),
             "claims": ("索赔", "claims"), "reference": ("关联记录", "reference"), "approval": ("批准", "approval")},
    "closure": {"verified_effective": ("验证有效", "verified effective"),
                "customer_responsibility": ("客户原因, 已说明", "customer's responsibility, explained")},
    "claim": {"submitted": ("已提交", "submitted"), "analysed": ("已分析", "analysed"), "approved": ("已批准", "approved"),
              "agreed": ("客户同意", "agreed"), "rejected": ("已拒绝", "rejected"), "settled": ("已结算", "settled")},
    "escalation": {"department_head": ("部门主管", "department head"), "general_manager": ("总经理", "general manager")},
    "direction": {"rising": ("上升", "rising"), "falling": ("下降", "falling"), "flat": ("平稳", "flat")},
    "product": {"compliant": ("满足", "compliant"), "partially_compliant": ("基本满足", "partially compliant"),
                "non_compliant": ("不满足", "non-compliant")},
    "nc": {"open": ("待处理", "open"), "action_planned": ("措施已定", "action planned"), "closed": ("已关闭", "closed")},
}


def translator(language: str):
    """`t(key)` for headings and `v(kind, value)` for vocabulary in `language` (unknown values as they are)."""
    index = LANGUAGES.index(language)

    def t(key: str) -> str:
        return TEXT[key][index]

    def v(kind: str, value) -> str:
        found = VOCABULARY[kind].get(value)
        return found[index] if found else ("—" if value is None else str(value))

    return t, v
