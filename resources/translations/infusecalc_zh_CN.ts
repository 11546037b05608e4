<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name></name>
    <message>
        <source>label values (concentration and container volume)</source>
        <translation>标签数值（浓度和每袋容量）</translation>
    </message>
    <message>
        <source>lot number</source>
        <translation>批号</translation>
    </message>
    <message>
        <source>bag IDs</source>
        <translation>袋号</translation>
    </message>
    <message>
        <source>a recorded decision that opens this dose level (Trial &gt; Dose escalation)</source>
        <translation>开放此剂量水平的书面决定（试验 &gt; 剂量递增）</translation>
    </message>
    <message>
        <source>Before the sheet can be issued, enter: {missing}.</source>
        <translation>签发剂量单之前，请填写：{missing}。</translation>
    </message>
    <message>
        <source>Not available: no dose is computed yet (see the fields marked in red).</source>
        <translation>不可用：尚未算出剂量（见标红的字段）。</translation>
    </message>
    <message>
        <source>Not available: the case is NOT CLEARED; only a cleared case is issued.</source>
        <translation>不可用：本病例未放行；只有已放行的病例才能签发。</translation>
    </message>
    <message>
        <source>Not available: the case is cleared, but not ready to issue. {missing}</source>
        <translation>不可用：本病例已放行，但尚不能签发。{missing}</translation>
    </message>
    <message>
        <source>Ready to issue</source>
        <translation>可以签发</translation>
    </message>
    <message>
        <source>No dose computed: nothing to issue</source>
        <translation>未计算剂量：无可签发</translation>
    </message>
    <message>
        <source>NOT CLEARED: not to be issued</source>
        <translation>未放行：不得签发</translation>
    </message>
    <message>
        <source>Not ready to issue</source>
        <translation>尚不能签发</translation>
    </message>
</context>
<context>
    <name>ChangePasswordDialog</name>
    <message>
        <source>Change password</source>
        <translation>修改密码</translation>
    </message>
    <message>
        <source>Nothing was signed yet: {reason}. Choose your own password now; the signature is then made with it.</source>
        <translation>尚未签名：{reason}。请现在设定您自己的密码；随后即用新密码完成签名。</translation>
    </message>
    <message>
        <source>At least 12 characters, not your user ID and not a common password. Your signatures stay valid: the same key is kept.</source>
        <translation>至少 12 个字符，不得为您的用户 ID，也不得为常见密码。您的签名仍然有效：签名密钥保持不变。</translation>
    </message>
    <message>
        <source>User ID</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Current password</source>
        <translation>当前密码</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>新密码</translation>
    </message>
    <message>
        <source>Repeat the new password</source>
        <translation>再次输入新密码</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>修改</translation>
    </message>
    <message>
        <source>The two new passwords differ; type them again.</source>
        <translation>两次输入的新密码不一致，请重新输入。</translation>
    </message>
    <message>
        <source>Not changed: {reason}</source>
        <translation>未修改：{reason}</translation>
    </message>
    <message>
        <source>Changing the password</source>
        <translation>正在更改密码</translation>
    </message>
</context>
<context>
    <name>ChecklistForm</name>
    <message>
        <source>met</source>
        <translation>符合</translation>
    </message>
    <message>
        <source>NOT met</source>
        <translation>不符合</translation>
    </message>
    <message>
        <source>not applicable</source>
        <translation>不适用</translation>
    </message>
    <message>
        <source>not answered</source>
        <translation>未回答</translation>
    </message>
    <message>
        <source>Eligibility checklist (from the investigator&apos;s form)</source>
        <translation>入组核对清单（依据研究者的入组资格表）</translation>
    </message>
    <message>
        <source>Attested b&amp;y:</source>
        <translation>核实人(&amp;Y)：</translation>
    </message>
    <message>
        <source>Atte&amp;sted on:</source>
        <translation>核实日期(&amp;S)：</translation>
    </message>
    <message>
        <source>investigator who signed the eligibility form</source>
        <translation>签署入组资格表的研究者</translation>
    </message>
    <message>
        <source>Attested by</source>
        <translation>核实人</translation>
    </message>
    <message>
        <source>Attested on</source>
        <translation>核实日期</translation>
    </message>
    <message>
        <source>not set</source>
        <translation>未填写</translation>
    </message>
</context>
<context>
    <name>ClassDialog</name>
    <message>
        <source>Washout class of an unknown agent</source>
        <translation>未知药物的洗脱期类别</translation>
    </message>
    <message>
        <source>&apos;{agent}&apos; is not in the formulary. It is not accepted until you choose the washout class(es) it falls under (tick one or more). The result and the sheet will show that it was classified by hand.
&amp;Classes:</source>
        <translation>“{agent}”不在药品目录中。请勾选其所属的洗脱期类别（一个或多个），否则不予接受。结果和剂量单将注明为手动归类。
类别(&amp;C)：</translation>
    </message>
    <message>
        <source>Washout classes</source>
        <translation>洗脱期类别</translation>
    </message>
</context>
<context>
    <name>CoreLoader</name>
    <message>
        <source>Loading protocol</source>
        <translation>正在载入方案</translation>
    </message>
</context>
<context>
    <name>DatabaseStatus</name>
    <message>
        <source>Records: %1</source>
        <translation>记录库：%1</translation>
    </message>
    <message>
        <source>Checking the records server</source>
        <translation>正在检查记录库服务器</translation>
    </message>
    <message>
        <source>Records server connected: %1</source>
        <translation>记录服务器已连接：%1</translation>
    </message>
    <message>
        <source>RECORDS SERVER UNREACHABLE: issuing and verifying are refused until it is back</source>
        <translation>无法连接记录服务器：恢复连接前拒绝签发和核对</translation>
    </message>
</context>
<context>
    <name>DoseSheet</name>
    <message>
        <source>DRAFT - not issued</source>
        <translation>草稿 — 未签发</translation>
    </message>
    <message>
        <source>REPRINT of {id}</source>
        <translation>重印件，原件 {id}</translation>
    </message>
    <message>
        <source>VOIDED</source>
        <translation>已作废</translation>
    </message>
    <message>
        <source>VOIDED — DO NOT USE THIS SHEET</source>
        <translation>已作废 — 不得使用本剂量单</translation>
    </message>
    <message>
        <source>CLEARED FOR INFUSION</source>
        <translation>已放行 — 准予输注</translation>
    </message>
    <message>
        <source>NOT CLEARED — DO NOT INFUSE</source>
        <translation>未放行 — 禁止输注</translation>
    </message>
    <message>
        <source>CAR-T cell dose sheet</source>
        <translation>CAR-T 细胞剂量单</translation>
    </message>
    <message>
        <source>Trial</source>
        <translation>试验</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>产品</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>受试者</translation>
    </message>
    <message>
        <source>Sheet ID</source>
        <translation>剂量单编号</translation>
    </message>
    <message>
        <source>Not valid for an infusion until it is issued and signed.</source>
        <translation>签发并签名前不得用于输注。</translation>
    </message>
    <message>
        <source>VOIDED: {reason}</source>
        <translation>已作废：{reason}</translation>
    </message>
    <message>
        <source>This sheet is void. Do not use it for an infusion.</source>
        <translation>本剂量单已作废。不得用于输注。</translation>
    </message>
    <message>
        <source>The result on this sheet was: {status}</source>
        <translation>本剂量单原结果为：{status}</translation>
    </message>
    <message>
        <source>Planned infusion date (Day 0): {date}</source>
        <translation>计划输注日期（第 0 天）：{date}</translation>
    </message>
    <message>
        <source>Why not cleared:</source>
        <translation>未放行原因：</translation>
    </message>
    <message>
        <source>from the date of birth</source>
        <translation>按出生日期计算</translation>
    </message>
    <message>
        <source>as entered</source>
        <translation>按输入</translation>
    </message>
    <message>
        <source>on the consent date</source>
        <translation>按知情同意签署日期</translation>
    </message>
    <message>
        <source>on the infusion date</source>
        <translation>按输注日期</translation>
    </message>
    <message>
        <source>measured {date}</source>
        <translation>测量于 {date}</translation>
    </message>
    <message>
        <source>date measured: not entered</source>
        <translation>测量日期：未填写</translation>
    </message>
    <message>
        <source>not entered</source>
        <translation>未填写</translation>
    </message>
    <message>
        <source>Day 0</source>
        <translation>第 0 天</translation>
    </message>
    <message>
        <source>Subject ID</source>
        <translation>受试者编号</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>组</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>年龄</translation>
    </message>
    <message>
        <source>{years} years</source>
        <translation>{years} 岁</translation>
    </message>
    <message>
        <source>Weight</source>
        <translation>体重</translation>
    </message>
    <message>
        <source>Infusion date</source>
        <translation>输注日期</translation>
    </message>
    <message>
        <source>Consent date</source>
        <translation>知情同意签署日期</translation>
    </message>
    <message>
        <source>per kg of body weight</source>
        <translation>按每 kg 体重</translation>
    </message>
    <message>
        <source>flat dose</source>
        <translation>固定剂量</translation>
    </message>
    <message>
        <source>Dose</source>
        <translation>剂量</translation>
    </message>
    <message>
        <source>Dose level</source>
        <translation>剂量水平</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <source>Calculated dose</source>
        <translation>计算剂量</translation>
    </message>
    <message>
        <source>CAR-T cells/kg</source>
        <translation>CAR-T 细胞/kg</translation>
    </message>
    <message>
        <source>Rate</source>
        <translation>每 kg 剂量</translation>
    </message>
    <message>
        <source>Weight used</source>
        <translation>所用体重</translation>
    </message>
    <message>
        <source>Rate × weight</source>
        <translation>每 kg 剂量 × 体重</translation>
    </message>
    <message>
        <source>Cap</source>
        <translation>上限</translation>
    </message>
    <message>
        <source>CAP APPLIED: rate × weight is above the cap; the dose is the cap.</source>
        <translation>已按上限给药：每 kg 剂量 × 体重高于上限；剂量取上限值。</translation>
    </message>
    <message>
        <source>Cap not applied: rate × weight is not above the cap.</source>
        <translation>未达上限：每 kg 剂量 × 体重不高于上限。</translation>
    </message>
    <message>
        <source>No cap: a flat dose; body weight does not change it.</source>
        <translation>无上限：固定剂量，体重不影响剂量。</translation>
    </message>
    <message>
        <source>De-escalation to {level} decided jointly by the investigator and the sponsor: CONFIRMED</source>
        <translation>降级至 {level} 由研究者与申办方共同决定：已确认</translation>
    </message>
    <message>
        <source>De-escalation to {level}: decision by the investigator and the sponsor NOT CONFIRMED</source>
        <translation>降级至 {level}：研究者与申办方的决定未确认</translation>
    </message>
    <message>
        <source>Product and preparation</source>
        <translation>产品与配制</translation>
    </message>
    <message>
        <source>Product label data not entered: volume to draw not computed.</source>
        <translation>未填写产品标签数据：未计算抽取体积。</translation>
    </message>
    <message>
        <source>CAR-T cells/mL</source>
        <translation>CAR-T 细胞/mL</translation>
    </message>
    <message>
        <source>Concentration</source>
        <translation>浓度</translation>
    </message>
    <message>
        <source>Container volume</source>
        <translation>每袋体积</translation>
    </message>
    <message>
        <source>Lot</source>
        <translation>批号</translation>
    </message>
    <message>
        <source>Bag/vial IDs</source>
        <translation>袋（瓶）号</translation>
    </message>
    <message>
        <source>label: {text}</source>
        <translation>标签：{text}</translation>
    </message>
    <message>
        <source>Volume to draw</source>
        <translation>抽取体积</translation>
    </message>
    <message>
        <source>rounded down to the {step} graduation</source>
        <translation>按 {step} 刻度向下取整</translation>
    </message>
    <message>
        <source>Containers to thaw</source>
        <translation>需复苏袋数</translation>
    </message>
    <message>
        <source>of {volume} each</source>
        <translation>每袋 {volume}</translation>
    </message>
    <message>
        <source>cells</source>
        <translation>细胞</translation>
    </message>
    <message>
        <source>Cells delivered</source>
        <translation>实际输注细胞数</translation>
    </message>
    <message>
        <source>Deviation</source>
        <translation>偏差</translation>
    </message>
    <message>
        <source>DO NOT PREPARE: this case is not cleared for infusion. No volume to draw and no containers to thaw are given.</source>
        <translation>请勿配制：本病例未放行输注。不给出抽取体积和需复苏的袋数。</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>药物或治疗</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>洗脱期</translation>
    </message>
    <message>
        <source>Last exposure</source>
        <translation>末次日期</translation>
    </message>
    <message>
        <source>Days before</source>
        <translation>间隔天数</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Earliest clearing date</source>
        <translation>最早可输注日期</translation>
    </message>
    <message>
        <source>infusion</source>
        <translation>输注</translation>
    </message>
    <message>
        <source>consent</source>
        <translation>知情同意</translation>
    </message>
    <message>
        <source>PASS</source>
        <translation>通过</translation>
    </message>
    <message>
        <source>FAIL</source>
        <translation>未通过</translation>
    </message>
    <message>
        <source>{days} d</source>
        <translation>{days} 天</translation>
    </message>
    <message>
        <source>CLASSIFIED BY HAND as {classes} (not in the formulary)</source>
        <translation>手动归类为 {classes}（不在药品目录中）</translation>
    </message>
    <message>
        <source>route: {route}</source>
        <translation>给药途径：{route}</translation>
    </message>
    <message>
        <source>entered as “{text}”</source>
        <translation>输入为“{text}”</translation>
    </message>
    <message>
        <source>Washout windows (every finding)</source>
        <translation>洗脱期（全部核查结果）</translation>
    </message>
    <message>
        <source>No prior exposures entered.</source>
        <translation>未填写既往治疗。</translation>
    </message>
    <message>
        <source>Rules not met (registry text):</source>
        <translation>未满足的规则（登记原文，英文）：</translation>
    </message>
    <message>
        <source>Warnings: none.</source>
        <translation>警告：无。</translation>
    </message>
    <message>
        <source>Warnings</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>ACKNOWLEDGED</source>
        <translation>已确认</translation>
    </message>
    <message>
        <source>NOT ACKNOWLEDGED</source>
        <translation>未确认</translation>
    </message>
    <message>
        <source>Site settings in force</source>
        <translation>生效的中心设定</translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation>方案</translation>
    </message>
    <message>
        <source>Formulary</source>
        <translation>药品目录</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>病例</translation>
    </message>
    <message>
        <source>Audit chain anchor</source>
        <translation>审计链锚点</translation>
    </message>
    <message>
        <source>If the QR code cannot be scanned, type or paste this code into the verify window:</source>
        <translation>如二维码无法扫描，请将下面的代码键入或粘贴到床旁核对窗口：</translation>
    </message>
    <message>
        <source>Prepared by</source>
        <translation>配制人</translation>
    </message>
    <message>
        <source>Meaning: prepared and issued this sheet</source>
        <translation>含义：配制并签发本剂量单</translation>
    </message>
    <message>
        <source>Verified by</source>
        <translation>核对人</translation>
    </message>
    <message>
        <source>Meaning: independent double check of this sheet</source>
        <translation>含义：对本剂量单的独立双人核对</translation>
    </message>
    <message>
        <source>Name: {name} ({user_id})</source>
        <translation>姓名：{name}（{user_id}）</translation>
    </message>
    <message>
        <source>Signed: {time}</source>
        <translation>签名时间：{time}</translation>
    </message>
    <message>
        <source>Name (print)</source>
        <translation>姓名（正楷）</translation>
    </message>
    <message>
        <source>Signature</source>
        <translation>签名</translation>
    </message>
    <message>
        <source>Date, time</source>
        <translation>日期、时间</translation>
    </message>
    <message>
        <source>Dose sheet, continued</source>
        <translation>剂量单（续）</translation>
    </message>
    <message>
        <source>generated</source>
        <translation>生成于</translation>
    </message>
    <message>
        <source>page {page} of {pages}</source>
        <translation>第 {page} 页，共 {pages} 页</translation>
    </message>
    <message>
        <source>DRAFT</source>
        <translation>草稿</translation>
    </message>
    <message>
        <source>VOID</source>
        <translation>作废</translation>
    </message>
</context>
<context>
    <name>EligibilityForm</name>
    <message>
        <source>Serum &amp;creatinine:</source>
        <translation>血清肌酐(&amp;C)：</translation>
    </message>
    <message>
        <source>ALT:</source>
        <translation>ALT：</translation>
    </message>
    <message>
        <source>AST:</source>
        <translation>AST：</translation>
    </message>
    <message>
        <source>Total bilir&amp;ubin:</source>
        <translation>总胆红素(&amp;U)：</translation>
    </message>
    <message>
        <source>INR:</source>
        <translation>INR：</translation>
    </message>
    <message>
        <source>APTT:</source>
        <translation>APTT：</translation>
    </message>
    <message>
        <source>SpO2 on room air:</source>
        <translation>未吸氧 SpO2：</translation>
    </message>
    <message>
        <source>LVE&amp;F:</source>
        <translation>LVEF(&amp;F)：</translation>
    </message>
    <message>
        <source>Eligibility values (registry inclusion criteria)</source>
        <translation>入组检验值（登记的入选标准）</translation>
    </message>
    <message>
        <source>Se&amp;x:</source>
        <translation>性别(&amp;X)：</translation>
    </message>
    <message>
        <source>female</source>
        <translation>女</translation>
    </message>
    <message>
        <source>male</source>
        <translation>男</translation>
    </message>
    <message>
        <source>needed with creatinine</source>
        <translation>填写肌酐时必填</translation>
    </message>
    <message>
        <source>Sex</source>
        <translation>性别</translation>
    </message>
    <message>
        <source>Hepatobiliary invasion recorded</source>
        <translation>已记录肝胆受累</translation>
    </message>
    <message>
        <source>Hepatobiliary invasion recorded (liver limits 5 × and 3 × ULN)</source>
        <translation>已记录肝胆受累（肝功能限值为 5 × 和 3 × ULN）</translation>
    </message>
    <message>
        <source>Hepatobiliary invasion</source>
        <translation>肝胆受累</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>数值</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>ULN</source>
        <translation>ULN</translation>
    </message>
    <message>
        <source>ULN unit</source>
        <translation>ULN 单位</translation>
    </message>
    <message>
        <source>Date measured</source>
        <translation>检测日期</translation>
    </message>
    <message>
        <source>{lab}: value</source>
        <translation>{lab}：数值</translation>
    </message>
    <message>
        <source>{lab}: unit</source>
        <translation>{lab}：单位</translation>
    </message>
    <message>
        <source>unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>{lab}: upper limit of normal</source>
        <translation>{lab}：正常值上限</translation>
    </message>
    <message>
        <source>{lab}: ULN unit</source>
        <translation>{lab}：ULN 单位</translation>
    </message>
    <message>
        <source>{lab}: date measured</source>
        <translation>{lab}：检测日期</translation>
    </message>
    <message>
        <source>not set</source>
        <translation>未填写</translation>
    </message>
</context>
<context>
    <name>EligibilityResults</name>
    <message>
        <source>Eligibility values and checklist</source>
        <translation>入组检验值与核对清单</translation>
    </message>
    <message>
        <source>Criterion</source>
        <translation>标准</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>数值</translation>
    </message>
    <message>
        <source>Measured</source>
        <translation>检测日期</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>✔ PASS</source>
        <translation>✔ 通过</translation>
    </message>
    <message>
        <source>✖ FAIL</source>
        <translation>✖ 未通过</translation>
    </message>
    <message>
        <source>✖ REPEAT</source>
        <translation>✖ 需复查</translation>
    </message>
</context>
<context>
    <name>EscalationView</name>
    <message>
        <source>Dose escalation (i3+3)</source>
        <translation>剂量递增（i3+3）</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>组别</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>剂量水平</translation>
    </message>
    <message>
        <source>n (patients)</source>
        <translation>n（患者数）</translation>
    </message>
    <message>
        <source>y (DLTs)</source>
        <translation>y（DLT 数）</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>决策</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Decision table: rows n patients, columns y DLTs; the current counts of each level are in bold</source>
        <translation>决策表：行为患者数 n，列为 DLT 数 y；各剂量水平当前的计数以粗体标出</translation>
    </message>
    <message>
        <source>E escalate · S stay · D de-escalate · DU de-escalate; this level and every higher one are unacceptable</source>
        <translation>E 递增 · S 维持 · D 降级 · DU 降级，且本剂量水平及更高水平均不可接受</translation>
    </message>
    <message>
        <source>Decisions recorded</source>
        <translation>已记录的决定</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Time (UTC)</source>
        <translation>时间（UTC）</translation>
    </message>
    <message>
        <source>Signed by</source>
        <translation>签名人</translation>
    </message>
    <message>
        <source>Recorded in</source>
        <translation>记录文件</translation>
    </message>
    <message>
        <source>DLT outcome of a verified sheet</source>
        <translation>已核对剂量单的 DLT 结果</translation>
    </message>
    <message>
        <source>&amp;Sheet ID:</source>
        <translation>剂量单编号(&amp;S)：</translation>
    </message>
    <message>
        <source>DLT:</source>
        <translation>DLT：</translation>
    </message>
    <message>
        <source>&amp;Yes, a dose-limiting toxicity</source>
        <translation>是，发生剂量限制性毒性(&amp;Y)</translation>
    </message>
    <message>
        <source>&amp;No DLT</source>
        <translation>未发生 DLT(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Correct the outcome recorded before</source>
        <translation>更正此前记录的结果(&amp;C)</translation>
    </message>
    <message>
        <source>R&amp;eason:</source>
        <translation>原因(&amp;E)：</translation>
    </message>
    <message>
        <source>Record &amp;outcome…</source>
        <translation>记录结果(&amp;O)…</translation>
    </message>
    <message>
        <source>Joint decision of the investigator and the sponsor</source>
        <translation>研究者与申办方的共同决定</translation>
    </message>
    <message>
        <source>&amp;Group:</source>
        <translation>组别(&amp;G)：</translation>
    </message>
    <message>
        <source>&amp;Level:</source>
        <translation>剂量水平(&amp;L)：</translation>
    </message>
    <message>
        <source>&amp;Action:</source>
        <translation>操作(&amp;A)：</translation>
    </message>
    <message>
        <source>Open the level</source>
        <translation>开放该剂量水平</translation>
    </message>
    <message>
        <source>Close the level</source>
        <translation>关闭该剂量水平</translation>
    </message>
    <message>
        <source>&amp;Recorded in:</source>
        <translation>记录文件(&amp;R)：</translation>
    </message>
    <message>
        <source>minutes, letter or amendment</source>
        <translation>会议纪要、信函或方案修订</translation>
    </message>
    <message>
        <source>Record &amp;decision…</source>
        <translation>记录决定(&amp;D)…</translation>
    </message>
    <message>
        <source>Reading the escalation ledger</source>
        <translation>正在读取剂量递增台账</translation>
    </message>
    <message>
        <source>open</source>
        <translation>开放</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>未开放</translation>
    </message>
    <message>
        <source>confirmed by the sponsor</source>
        <translation>已经申办方确认</translation>
    </message>
    <message>
        <source>a reading to be confirmed by the sponsor</source>
        <translation>本程序的解读，待申办方确认</translation>
    </message>
    <message>
        <source>i3+3: target DLT rate pT = {target}, equivalence interval {interval}, DU when Pr(p &gt; pT | data) &gt; {threshold} ({status})</source>
        <translation>i3+3：目标 DLT 发生率 pT = {target}，等效区间 {interval}，当 Pr(p &gt; pT | 数据) &gt; {threshold} 时判定为 DU（{status}）</translation>
    </message>
    <message>
        <source>open {group} {level}</source>
        <translation>开放 {group} 组 {level}</translation>
    </message>
    <message>
        <source>close {group} {level}</source>
        <translation>关闭 {group} 组 {level}</translation>
    </message>
    <message>
        <source>Enter the sheet ID of a verified sheet.</source>
        <translation>请输入已核对剂量单的编号。</translation>
    </message>
    <message>
        <source>Choose whether the patient had a DLT: nothing is preselected.</source>
        <translation>请选择患者是否发生 DLT：没有预设选项。</translation>
    </message>
    <message>
        <source>A correction needs its reason.</source>
        <translation>更正必须填写原因。</translation>
    </message>
    <message>
        <source>Meaning: DLT outcome corrected. I correct the outcome of the patient of sheet {sheet} to: {outcome}. Reason: {reason}</source>
        <translation>签名含义：更正 DLT 结果。我将剂量单 {sheet} 所对应患者的结果更正为：{outcome}。原因：{reason}</translation>
    </message>
    <message>
        <source>Meaning: DLT outcome. I record for the patient of sheet {sheet}: {outcome}.</source>
        <translation>签名含义：DLT 结果。我记录剂量单 {sheet} 所对应患者的结果：{outcome}。</translation>
    </message>
    <message>
        <source>a dose-limiting toxicity</source>
        <translation>发生剂量限制性毒性</translation>
    </message>
    <message>
        <source>no dose-limiting toxicity</source>
        <translation>未发生剂量限制性毒性</translation>
    </message>
    <message>
        <source>Recording the outcome</source>
        <translation>正在记录结局</translation>
    </message>
    <message>
        <source>Not recorded: {error}</source>
        <translation>未记录：{error}</translation>
    </message>
    <message>
        <source>Recording the decision</source>
        <translation>正在记录决定</translation>
    </message>
    <message>
        <source>Outcome recorded (event {seq}).</source>
        <translation>结果已记录（事件 {seq}）。</translation>
    </message>
    <message>
        <source>Choose the group and the level.</source>
        <translation>请选择组别和剂量水平。</translation>
    </message>
    <message>
        <source>Enter the document the decision is recorded in.</source>
        <translation>请输入记录该决定的文件。</translation>
    </message>
    <message>
        <source>Meaning: escalation decision. I record the joint decision of the investigator and the sponsor to open {level} of group {group}, recorded in: {reference}.</source>
        <translation>签名含义：剂量递增决定。我记录研究者与申办方共同决定开放 {group} 组的 {level}，记录于：{reference}。</translation>
    </message>
    <message>
        <source>Meaning: escalation decision. I record the joint decision of the investigator and the sponsor to close {level} of group {group}, recorded in: {reference}.</source>
        <translation>签名含义：剂量递增决定。我记录研究者与申办方共同决定关闭 {group} 组的 {level}，记录于：{reference}。</translation>
    </message>
    <message>
        <source>Decision recorded (event {seq}).</source>
        <translation>决定已记录（事件 {seq}）。</translation>
    </message>
</context>
<context>
    <name>ExposureRow</name>
    <message>
        <source>Systemic</source>
        <translation>全身给药</translation>
    </message>
    <message>
        <source>Local (not counted)</source>
        <translation>局部给药（不计入）</translation>
    </message>
    <message>
        <source>name, synonym, brand or 中文</source>
        <translation>中文名、英文名、别名或商品名</translation>
    </message>
    <message>
        <source>Exposure {n}: agent</source>
        <translation>既往治疗第 {n} 项：药物或治疗</translation>
    </message>
    <message>
        <source>Exposure {n}: first date of a course</source>
        <translation>既往治疗第 {n} 项：疗程首日</translation>
    </message>
    <message>
        <source>one day</source>
        <translation>单日</translation>
    </message>
    <message>
        <source>A course given every day at one dose up to the last date; a taper is one row per daily dose</source>
        <translation>疗程：从首日到末次日期每天以同一剂量给药；减量方案按每个日剂量各填一行</translation>
    </message>
    <message>
        <source>Exposure {n}: last date</source>
        <translation>既往治疗第 {n} 项：末次日期</translation>
    </message>
    <message>
        <source>not set</source>
        <translation>未填写</translation>
    </message>
    <message>
        <source>Conditioning</source>
        <translation>预处理</translation>
    </message>
    <message>
        <source>Exposure {n}: given as the protocol&apos;s lymphodepleting conditioning</source>
        <translation>既往治疗第 {n} 项：作为方案规定的淋巴细胞清除预处理</translation>
    </message>
    <message>
        <source>Lymphodepleting conditioning for this infusion (fludarabine, cyclophosphamide): checked against the conditioning window, not as prior chemotherapy</source>
        <translation>本次输注的淋巴细胞清除预处理（氟达拉滨、环磷酰胺）：按预处理窗口核对，不作为既往化疗</translation>
    </message>
    <message>
        <source>Exposure {n}: daily dose in mg</source>
        <translation>既往治疗第 {n} 项：日剂量（mg）</translation>
    </message>
    <message>
        <source>Exposure {n}: route</source>
        <translation>既往治疗第 {n} 项：给药途径</translation>
    </message>
    <message>
        <source>Exposure {n}: radiotherapy site</source>
        <translation>既往治疗第 {n} 项：放疗部位</translation>
    </message>
    <message>
        <source>Class…</source>
        <translation>类别…</translation>
    </message>
    <message>
        <source>Exposure {n}: choose washout class by hand</source>
        <translation>既往治疗第 {n} 项：手动选择洗脱期类别</translation>
    </message>
    <message>
        <source>Choose the washout class of an agent the formulary does not know ({key} in the agent field)</source>
        <translation>为药品目录中没有的药物选择洗脱类别（在药物栏中按 {key}）</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Remove exposure {n}</source>
        <translation>删除既往治疗第 {n} 项</translation>
    </message>
    <message>
        <source>✔ {name}</source>
        <translation>✔ {name}</translation>
    </message>
    <message>
        <source>not in the formulary</source>
        <translation>不在药品目录中</translation>
    </message>
    <message>
        <source>✖ not in the formulary: choose its class (Class… or {key})</source>
        <translation>✖ 不在药品目录中：请选择其类别（“类别…”或 {key}）</translation>
    </message>
    <message>
        <source>classified by hand: {classes}</source>
        <translation>手动归类：{classes}</translation>
    </message>
    <message>
        <source>e.g. 10</source>
        <translation>例如 10</translation>
    </message>
</context>
<context>
    <name>ExposureTable</name>
    <message>
        <source>{days} days before {reference}</source>
        <translation>{reference}前 {days} 天</translation>
    </message>
    <message>
        <source>infusion</source>
        <translation>输注</translation>
    </message>
    <message>
        <source>consent</source>
        <translation>知情同意</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>药物或治疗</translation>
    </message>
    <message>
        <source>Last date</source>
        <translation>末次日期</translation>
    </message>
    <message>
        <source>mg/day</source>
        <translation>mg/天</translation>
    </message>
    <message>
        <source>First date</source>
        <translation>首日</translation>
    </message>
    <message>
        <source>Route</source>
        <translation>给药途径</translation>
    </message>
    <message>
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <source>{rule}, {window}</source>
        <translation>{rule}，{window}</translation>
    </message>
    <message>
        <source> ({sites})</source>
        <translation>（{sites}）</translation>
    </message>
    <message>
        <source>{name}: {rules}</source>
        <translation>{name}：{rules}</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>放疗部位</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>No prior exposures entered.</source>
        <translation>未填写既往治疗。</translation>
    </message>
    <message>
        <source>Add e&amp;xposure</source>
        <translation>添加既往治疗(&amp;X)</translation>
    </message>
    <message>
        <source>Add exposure</source>
        <translation>添加既往治疗</translation>
    </message>
</context>
<context>
    <name>FirstAdminDialog</name>
    <message>
        <source>Create the first administrator</source>
        <translation>创建首位管理员</translation>
    </message>
    <message>
        <source>This records database has no users yet. Create the first administrator; they then add the pharmacists and nurses.</source>
        <translation>此记录数据库尚无用户。请创建首位管理员，再由其添加药师和护士。</translation>
    </message>
    <message>
        <source>User ID</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Full name (printed with signatures)</source>
        <translation>姓名（随签名打印）</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Repeat the password</source>
        <translation>再次输入密码</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>创建</translation>
    </message>
    <message>
        <source>The two passwords differ; repeat it again.</source>
        <translation>两次输入的密码不一致；请重新输入。</translation>
    </message>
    <message>
        <source>Creating the administrator</source>
        <translation>正在创建管理员</translation>
    </message>
</context>
<context>
    <name>Language</name>
    <message>
        <source>The weight is typed in {typed} but the unit box says {chosen}: delete the unit after the number, or choose {typed} in the unit box.</source>
        <translation>体重数字后写的单位是 {typed}，但单位框选的是 {chosen}：请删除数字后的单位，或在单位框中选择 {typed}。</translation>
    </message>
    <message>
        <source>“{typed}” after the number is not a unit of weight: type the number alone and choose kg, g or lb in the unit box (the box says {chosen}).</source>
        <translation>数字后的“{typed}”不是体重单位：请只输入数字，并在单位框中选择 kg、g 或 lb（单位框现为 {chosen}）。</translation>
    </message>
    <message>
        <source>Warning not acknowledged: {message}</source>
        <translation>警告未确认：{message}</translation>
    </message>
</context>
<context>
    <name>LanguageMenu</name>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>Dose &amp;sheet</source>
        <translation>剂量单(&amp;S)</translation>
    </message>
    <message>
        <source>Same as the window</source>
        <translation>与窗口相同</translation>
    </message>
</context>
<context>
    <name>LoadingPage</name>
    <message>
        <source>Loading the order form…</source>
        <translation>正在加载医嘱表单…</translation>
    </message>
    <message>
        <source>What you type now is kept: it goes into the form as soon as it is shown.</source>
        <translation>您现在输入的内容会被保留：表单一出现就会填入其中。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Case</source>
        <translation>病例(&amp;C)</translation>
    </message>
    <message>
        <source>Main toolbar</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <source>&amp;New case</source>
        <translation>新建病例(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>打开(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Save &amp;As…</source>
        <translation>另存为(&amp;A)…</translation>
    </message>
    <message>
        <source>Print pre&amp;view…</source>
        <translation>打印预览(&amp;V)…</translation>
    </message>
    <message>
        <source>&amp;Print…</source>
        <translation>打印(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Export PDF…</source>
        <translation>导出 PDF(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Calculate now (show every missing field)</source>
        <translation>立即计算（显示所有缺失项）(&amp;C)</translation>
    </message>
    <message>
        <source>Available once the case has no errors and every warning is acknowledged.</source>
        <translation>病例无错误且所有警告均已确认后可用。</translation>
    </message>
    <message>
        <source>Loading protocol…</source>
        <translation>正在载入方案…</translation>
    </message>
    <message>
        <source>Protocol loaded.</source>
        <translation>方案已载入。</translation>
    </message>
    <message>
        <source>The protocol could not be loaded.</source>
        <translation>无法载入方案。</translation>
    </message>
    <message>
        <source>The protocol or formulary could not be loaded: {error}</source>
        <translation>无法载入方案或药品目录：{error}</translation>
    </message>
    <message>
        <source>Protocol not loaded</source>
        <translation>方案未载入</translation>
    </message>
    <message>
        <source>InfuseCalc cannot compute without its protocol data:
{error}</source>
        <translation>没有方案数据，InfuseCalc 无法计算：
{error}</translation>
    </message>
    <message>
        <source>Protocol {id} · SHA-256 {sha}…</source>
        <translation>方案 {id} · SHA-256 {sha}…</translation>
    </message>
    <message>
        <source>{field}: required; fill it in.</source>
        <translation>{field}：必填，请填写。</translation>
    </message>
    <message>
        <source>New case</source>
        <translation>新病例</translation>
    </message>
    <message>
        <source>{name}[*] — InfuseCalc</source>
        <translation>{name}[*] — InfuseCalc</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>未保存的更改</translation>
    </message>
    <message>
        <source>This case has changes that are not saved. Save them first?</source>
        <translation>此病例有未保存的更改。是否先保存？</translation>
    </message>
    <message>
        <source>Save a case with errors?</source>
        <translation>保存有错误的病例？</translation>
    </message>
    <message>
        <source>No dose can be computed from this case yet:
{problems}

Save it anyway? `infusecalc check` will report the same errors until they are fixed.</source>
        <translation>此病例目前还无法计算剂量：
{problems}

仍要保存吗？在修正之前，`infusecalc check` 会报告同样的错误。</translation>
    </message>
    <message>
        <source>Open case</source>
        <translation>打开病例</translation>
    </message>
    <message>
        <source>Case files (*.json);;All files (*)</source>
        <translation>病例文件 (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Save case</source>
        <translation>保存病例</translation>
    </message>
    <message>
        <source>Case files (*.json)</source>
        <translation>病例文件 (*.json)</translation>
    </message>
    <message>
        <source>Cannot open the case</source>
        <translation>无法打开病例</translation>
    </message>
    <message>
        <source>{path}: {error}</source>
        <translation>{path}：{error}</translation>
    </message>
    <message>
        <source>Not a valid case file</source>
        <translation>不是有效的病例文件</translation>
    </message>
    <message>
        <source>{path} is not a valid case file:
{problems}</source>
        <translation>{path} 不是有效的病例文件：
{problems}</translation>
    </message>
    <message>
        <source>Opened {path}</source>
        <translation>已打开 {path}</translation>
    </message>
    <message>
        <source>The case cannot be saved yet</source>
        <translation>病例暂时无法保存</translation>
    </message>
    <message>
        <source>A case file needs these fields first (they are marked in red; nothing you typed is lost, the window keeps it):
{problems}</source>
        <translation>病例文件需要先填写以下各项（已用红色标出；已输入的内容不会丢失，窗口会保留）：
{problems}</translation>
    </message>
    <message>
        <source>Save failed</source>
        <translation>保存失败</translation>
    </message>
    <message>
        <source>{path} could not be written: {error}</source>
        <translation>无法写入 {path}：{error}</translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation>已保存 {path}</translation>
    </message>
    <message>
        <source>(no recent files)</source>
        <translation>（无最近文件）</translation>
    </message>
    <message>
        <source>Dose sheet written to {path}</source>
        <translation>剂量单已写入 {path}</translation>
    </message>
</context>
<context>
    <name>Operation</name>
    <message>
        <source>Not done</source>
        <translation>未完成</translation>
    </message>
    <message>
        <source>{what} did not finish:
{error}</source>
        <translation>{what}未完成：
{error}</translation>
    </message>
</context>
<context>
    <name>OptionalField</name>
    <message>
        <source>{name}: value given</source>
        <translation>{name}：已填写</translation>
    </message>
</context>
<context>
    <name>OrderForm</name>
    <message>
        <source>choose a group first</source>
        <translation>请先选择组</translation>
    </message>
    <message>
        <source>choose…</source>
        <translation>请选择…</translation>
    </message>
    <message>
        <source>Subject and dates</source>
        <translation>受试者与日期</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>医嘱</translation>
    </message>
    <message>
        <source>Prior exposures</source>
        <translation>既往治疗</translation>
    </message>
    <message>
        <source>Product label</source>
        <translation>产品标签</translation>
    </message>
    <message>
        <source>Subject &amp;ID:</source>
        <translation>受试者编号(&amp;I)：</translation>
    </message>
    <message>
        <source>Subject ID</source>
        <translation>受试者编号</translation>
    </message>
    <message>
        <source>Date of &amp;birth:</source>
        <translation>出生日期(&amp;B)：</translation>
    </message>
    <message>
        <source>Date of birth</source>
        <translation>出生日期</translation>
    </message>
    <message>
        <source>&amp;Age (years):</source>
        <translation>年龄（岁）(&amp;A)：</translation>
    </message>
    <message>
        <source>Age in years</source>
        <translation>年龄（岁）</translation>
    </message>
    <message>
        <source>Co&amp;nsent signed:</source>
        <translation>知情同意签署日期(&amp;N)：</translation>
    </message>
    <message>
        <source>Consent date</source>
        <translation>知情同意签署日期</translation>
    </message>
    <message>
        <source>&amp;Planned infusion:</source>
        <translation>计划输注日期(&amp;P)：</translation>
    </message>
    <message>
        <source>Planned infusion date</source>
        <translation>计划输注日期</translation>
    </message>
    <message>
        <source>&amp;Group:</source>
        <translation>组(&amp;G)：</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>组</translation>
    </message>
    <message>
        <source>Indication (diagno&amp;sis):</source>
        <translation>适应症(&amp;S)：</translation>
    </message>
    <message>
        <source>Indication</source>
        <translation>适应症</translation>
    </message>
    <message>
        <source>De-&amp;escalation:</source>
        <translation>降级(&amp;E)：</translation>
    </message>
    <message>
        <source>De-escalation decided</source>
        <translation>已决定降级</translation>
    </message>
    <message>
        <source>Decision &amp;reference:</source>
        <translation>决定依据(&amp;R)：</translation>
    </message>
    <message>
        <source>De-escalation decision reference</source>
        <translation>降级决定依据</translation>
    </message>
    <message>
        <source>Dose &amp;level:</source>
        <translation>剂量水平(&amp;L)：</translation>
    </message>
    <message>
        <source>Dose level</source>
        <translation>剂量水平</translation>
    </message>
    <message>
        <source>Body &amp;weight:</source>
        <translation>体重(&amp;W)：</translation>
    </message>
    <message>
        <source>Body weight</source>
        <translation>体重</translation>
    </message>
    <message>
        <source>Weight &amp;measured:</source>
        <translation>体重测量日期(&amp;M)：</translation>
    </message>
    <message>
        <source>Date the weight was measured</source>
        <translation>体重测量日期</translation>
    </message>
    <message>
        <source>C&amp;oncentration:</source>
        <translation>浓度(&amp;O)：</translation>
    </message>
    <message>
        <source>Concentration in CAR-T cells per mL</source>
        <translation>浓度（CAR-T 细胞/mL）</translation>
    </message>
    <message>
        <source>Container &amp;volume:</source>
        <translation>每袋体积(&amp;V)：</translation>
    </message>
    <message>
        <source>Volume per bag or vial in mL</source>
        <translation>每袋（瓶）体积，单位 mL</translation>
    </message>
    <message>
        <source>W&amp;hole bag total:</source>
        <translation>整袋总量(&amp;H)：</translation>
    </message>
    <message>
        <source>Total CAR-T cells in the bag or bags, from the label</source>
        <translation>袋内 CAR-T 细胞总数（按产品标签）</translation>
    </message>
    <message>
        <source>Lo&amp;t:</source>
        <translation>批号(&amp;T)：</translation>
    </message>
    <message>
        <source>Lot number</source>
        <translation>批号</translation>
    </message>
    <message>
        <source>Bag I&amp;Ds:</source>
        <translation>袋号(&amp;D)：</translation>
    </message>
    <message>
        <source>Bag or vial identifiers, separated by commas</source>
        <translation>袋（瓶）号，以逗号分隔</translation>
    </message>
    <message>
        <source>Decided (allows DL-1)</source>
        <translation>已决定（允许 DL-1）</translation>
    </message>
    <message>
        <source>Investigator and sponsor decided to de-escalate (allows DL-1)</source>
        <translation>研究者与申办方已共同决定降级（可选 DL-1）</translation>
    </message>
    <message>
        <source>Body weight unit</source>
        <translation>体重单位</translation>
    </message>
    <message>
        <source>unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>e.g. 42</source>
        <translation>例如 42</translation>
    </message>
    <message>
        <source>Loading protocol…</source>
        <translation>正在载入方案…</translation>
    </message>
    <message>
        <source>e.g. 1.3e7</source>
        <translation>例如 1.3e7</translation>
    </message>
    <message>
        <source>e.g. 10</source>
        <translation>例如 10</translation>
    </message>
    <message>
        <source>e.g. 2.0e8</source>
        <translation>例如 2.0e8</translation>
    </message>
    <message>
        <source>A bag infused whole: the label&apos;s total CAR-T cells in the bag or bags, instead of concentration and container volume</source>
        <translation>整袋输注：填写产品标签上袋内 CAR-T 细胞总数，代替浓度和容器体积</translation>
    </message>
    <message>
        <source>none for this group</source>
        <translation>该组无需填写</translation>
    </message>
    <message>
        <source>e.g. B-001, B-002</source>
        <translation>例如 B-001, B-002</translation>
    </message>
    <message>
        <source>e.g. 0101-007</source>
        <translation>例如 0101-007</translation>
    </message>
    <message>
        <source>where the decision is documented</source>
        <translation>决定的书面记录位置</translation>
    </message>
    <message>
        <source>not set</source>
        <translation>未填写</translation>
    </message>
    <message>
        <source>Not open: levels open only by a recorded joint decision (Trial &gt; Dose escalation). A sheet cannot be issued at this level.</source>
        <translation>未开放：剂量水平只有在记录了共同决定后才开放（试验 &gt; 剂量递增）。不能在此剂量水平签发剂量单。</translation>
    </message>
    <message>
        <source>{level} (not open)</source>
        <translation>{level}（未开放）</translation>
    </message>
    <message>
        <source>{id}: {cells} CAR-T cells</source>
        <translation>{id}：{cells} CAR-T 细胞</translation>
    </message>
    <message>
        <source>{id}: {rate} CAR-T cells/kg, at most {cap}</source>
        <translation>{id}：{rate} CAR-T 细胞/kg，最多 {cap}</translation>
    </message>
    <message>
        <source>Dose level {level} was cleared because the group changed from {old} to {new}: the same name is another dose in another group. Choose the level again.</source>
        <translation>分组已由 {old} 改为 {new}，剂量水平 {level} 已清除：同名剂量水平在不同分组中剂量不同。请重新选择剂量水平。</translation>
    </message>
    <message>
        <source>Exposure {n}: {column}</source>
        <translation>既往治疗第 {n} 项：{column}</translation>
    </message>
    <message>
        <source>Exposure {n}</source>
        <translation>既往治疗第 {n} 项</translation>
    </message>
</context>
<context>
    <name>ProtocolActions</name>
    <message>
        <source>&amp;Adopt protocol…</source>
        <translation>启用方案(&amp;A)…</translation>
    </message>
    <message>
        <source>Make a protocol file (an amendment) the one in force for these records; an administrator signs</source>
        <translation>将一个方案文件（方案修订）设为本记录库的现行方案；由管理员签名</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Protocol files…</source>
        <translation>方案文件(&amp;P)…</translation>
    </message>
    <message>
        <source>adopted in the records</source>
        <translation>已在记录库中启用</translation>
    </message>
    <message>
        <source>trial file, not adopted</source>
        <translation>试用文件，未启用</translation>
    </message>
    <message>
        <source>shipped with the program</source>
        <translation>程序自带</translation>
    </message>
    <message>
        <source>Protocol in use: {id}, version {version} (effective {date}), file {file}, {origin}.
SHA-256 {sha}</source>
        <translation>当前方案：{id}，版本 {version}（生效日期 {date}），文件 {file}，{origin}。
SHA-256 {sha}</translation>
    </message>
    <message>
        <source>The protocol files under resources/protocols/labels/ (Yescarta, Tecartus, Carvykti, Kymriah, Breyanzi, Abecma) write the dosing of commercial CAR-T product labels in InfuseCalc&apos;s protocol format. They are examples of the format and test data, not a claim that InfuseCalc is cleared for those products: InfuseCalc is made for ct1190b in trial NCT07470073.</source>
        <translation>resources/protocols/labels/ 下的方案文件（Yescarta、Tecartus、Carvykti、Kymriah、Breyanzi、Abecma）以 InfuseCalc 的方案格式写出已上市 CAR-T 产品标签中的剂量。它们只是格式示例和测试数据，并不表示 InfuseCalc 可用于这些产品：InfuseCalc 专为试验 NCT07470073 中的 ct1190b 而设计。</translation>
    </message>
    <message>
        <source>A protocol amendment is a data file. An administrator adopts it under Tools &gt; Adopt protocol… (or &apos;infusecalc protocol adopt FILE --by ADMIN&apos;); from then on cases are computed and issued with it, and a sheet is verified with the protocol it names. &apos;infusecalc --protocol FILE&apos; tries a file without adopting it.</source>
        <translation>方案修订是一个数据文件。管理员通过“工具 &gt; 启用方案…”（或 &apos;infusecalc protocol adopt FILE --by ADMIN&apos;）启用它；此后病例按它计算和签发，剂量单则按其注明的方案核对。&apos;infusecalc --protocol FILE&apos; 可试用某个文件而不启用它。</translation>
    </message>
    <message>
        <source>Protocol files</source>
        <translation>方案文件</translation>
    </message>
    <message>
        <source>Adopt a protocol file</source>
        <translation>启用方案文件</translation>
    </message>
    <message>
        <source>Protocol files (*.toml);;All files (*)</source>
        <translation>方案文件 (*.toml);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Adopt and sign…</source>
        <translation>采用并签名…</translation>
    </message>
    <message>
        <source>Protocol not adopted</source>
        <translation>方案未启用</translation>
    </message>
    <message>
        <source>{file} is not a valid protocol file; nothing was adopted:
{error}</source>
        <translation>{file} 不是有效的方案文件；未启用任何方案：
{error}</translation>
    </message>
    <message>
        <source>Adopt {file} as the protocol in force?

Protocol {id}, version {version}, effective {date}
{amendment}SHA-256 {sha}

Every case computed, issued and verified with these records ({where}) uses it from now on. An administrator signs.</source>
        <translation>将 {file} 启用为现行方案？

方案 {id}，版本 {version}，生效日期 {date}
{amendment}SHA-256 {sha}

此后，使用本记录库（{where}）计算、签发和核对的每个病例都将使用该方案。由管理员签名。</translation>
    </message>
    <message>
        <source>Adopt protocol</source>
        <translation>启用方案</translation>
    </message>
    <message>
        <source>Meaning: protocol adopted. I adopt {file} (version {version}) as the protocol in force for these records.</source>
        <translation>含义：启用方案。我将 {file}（版本 {version}）启用为本记录库的现行方案。</translation>
    </message>
    <message>
        <source>Protocol version {version} adopted and in force.</source>
        <translation>方案版本 {version} 已启用，现行有效。</translation>
    </message>
    <message>
        <source>Nothing was adopted: {error}</source>
        <translation>未启用任何方案：{error}</translation>
    </message>
    <message>
        <source>Adopting the protocol</source>
        <translation>正在启用方案</translation>
    </message>
</context>
<context>
    <name>RecordsActions</name>
    <message>
        <source>&amp;Tools</source>
        <translation>工具(&amp;T)</translation>
    </message>
    <message>
        <source>T&amp;rial</source>
        <translation>试验(&amp;R)</translation>
    </message>
    <message>
        <source>Dose &amp;escalation…</source>
        <translation>剂量递增(&amp;E)…</translation>
    </message>
    <message>
        <source>i3+3 decision table, DLT outcomes and the decisions that open dose levels</source>
        <translation>i3+3 决策表、DLT 结果以及开放剂量水平的决定</translation>
    </message>
    <message>
        <source>&amp;Issue signed sheet…</source>
        <translation>签发已签名剂量单(&amp;I)…</translation>
    </message>
    <message>
        <source>Records the pharmacist&apos;s signature and writes the signed sheet with its sheet ID and QR code.</source>
        <translation>记录药师签名，并生成带剂量单编号和二维码的已签名剂量单。</translation>
    </message>
    <message>
        <source>&amp;Bedside verification…</source>
        <translation>床旁核对(&amp;B)…</translation>
    </message>
    <message>
        <source>Blind double check of an issued sheet by a second person</source>
        <translation>由第二人对已签发剂量单进行盲法双人核对</translation>
    </message>
    <message>
        <source>&amp;Users…</source>
        <translation>用户(&amp;U)…</translation>
    </message>
    <message>
        <source>&amp;Change password…</source>
        <translation>修改密码(&amp;C)…</translation>
    </message>
    <message>
        <source>Add, disable or unlock users (an administrator signs each change)</source>
        <translation>添加、停用或解锁用户（每项更改均由管理员签名）</translation>
    </message>
    <message>
        <source>Opening the records</source>
        <translation>正在打开记录库</translation>
    </message>
    <message>
        <source>Records unavailable</source>
        <translation>记录库不可用</translation>
    </message>
    <message>
        <source>Reading the records</source>
        <translation>正在读取记录库</translation>
    </message>
    <message>
        <source>Reading the escalation ledger</source>
        <translation>正在读取剂量递增台账</translation>
    </message>
    <message>
        <source>Records: not opened yet</source>
        <translation>记录库：尚未打开</translation>
    </message>
    <message>
        <source>Records: {path} · not reachable</source>
        <translation>记录库：{path} · 无法连接</translation>
    </message>
    <message>
        <source>Records: {path} · no users yet</source>
        <translation>记录库：{path} · 尚无用户</translation>
    </message>
    <message>
        <source>Write the signed dose sheet</source>
        <translation>保存已签名剂量单</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>Not issued</source>
        <translation>未签发</translation>
    </message>
    <message>
        <source>A signed sheet needs a computed case with every warning acknowledged.</source>
        <translation>签发剂量单需要已完成计算且所有警告均已确认的病例。</translation>
    </message>
    <message>
        <source>Only a case the core reports CLEARED FOR INFUSION can be issued; nothing was issued:
{reasons}</source>
        <translation>只有计算结果为“已放行 — 准予输注”的病例才能签发；未签发任何剂量单：
{reasons}</translation>
    </message>
    <message>
        <source>A user is needed</source>
        <translation>需要用户</translation>
    </message>
    <message>
        <source>Issuing a signed sheet needs a pharmacist&apos;s user ID and password, and {path} had no users. An administrator adds pharmacists under Tools &gt; Users…; then issue the sheet again. Nothing was issued.</source>
        <translation>签发剂量单需要药师的用户名和密码，而 {path} 中没有用户。请由管理员在“工具 &gt; 用户…”中添加药师，然后重新签发。未签发任何剂量单。</translation>
    </message>
    <message>
        <source>Meaning: issued. I prepared the dose for subject {subject} ({dose}) and issue this dose sheet.</source>
        <translation>含义：签发。我已为受试者 {subject} 配制剂量（{dose}），并签发本剂量单。</translation>
    </message>
    <message>
        <source>Issuing the signed sheet</source>
        <translation>正在签发已签名剂量单</translation>
    </message>
    <message>
        <source>The protocol in force changed: version {version} was adopted in the records since this window loaded version {old}. The case has been computed again with it; check the result, then issue again. Nothing was issued.</source>
        <translation>现行方案已变更：本窗口载入版本 {old} 之后，记录库中启用了版本 {version}。已按新方案重新计算本病例；请核对结果后再次签发。未签发任何剂量单。</translation>
    </message>
    <message>
        <source>No sheet was issued:
{problems}</source>
        <translation>未签发剂量单：
{problems}</translation>
    </message>
    <message>
        <source>No sheet was issued: {error}</source>
        <translation>未签发剂量单：{error}</translation>
    </message>
    <message>
        <source>Sheet issued, PDF not written</source>
        <translation>剂量单已签发，PDF 未写入</translation>
    </message>
    <message>
        <source>Sheet {id} is issued and recorded, but its PDF could not be written to {path}: {error}
Print it with &apos;infusecalc reprint {id} --pdf FILE --user NAME&apos;.</source>
        <translation>剂量单 {id} 已签发并记录，但其 PDF 无法写入 {path}：{error}
请用“infusecalc reprint {id} --pdf FILE --user NAME”打印。</translation>
    </message>
    <message>
        <source>Signed sheet {id} written to {path}</source>
        <translation>已签名剂量单 {id} 已写入 {path}</translation>
    </message>
    <message>
        <source>Sheet issued</source>
        <translation>剂量单已签发</translation>
    </message>
    <message>
        <source>Written to {path}</source>
        <translation>已写入 {path}</translation>
    </message>
    <message>
        <source>The PDF was not written.</source>
        <translation>PDF 未写入。</translation>
    </message>
    <message>
        <source>Signed sheet issued and recorded:</source>
        <translation>已签名剂量单已签发并记录：</translation>
    </message>
    <message>
        <source>The records database could not be opened:
{error}</source>
        <translation>无法打开记录库：
{error}</translation>
    </message>
    <message>
        <source>Records: {path} · 1 user</source>
        <translation>记录库：{path} · 1 个用户</translation>
    </message>
    <message>
        <source>Records: {path} · {count} users</source>
        <translation>记录库：{path} · {count} 个用户</translation>
    </message>
    <message>
        <source>The records database could not be read, so no sheet can be issued:
{error}</source>
        <translation>无法读取记录库，因此不能签发剂量单：
{error}</translation>
    </message>
    <message>
        <source>No dose-escalation ledger</source>
        <translation>没有剂量递增记录</translation>
    </message>
    <message>
        <source>The protocol file in use has no [escalation] section: it keeps no ledger.</source>
        <translation>当前使用的方案文件没有 [escalation] 部分：不保存剂量递增记录。</translation>
    </message>
</context>
<context>
    <name>ResultsPanel</name>
    <message>
        <source>Loading protocol…</source>
        <translation>正在载入方案…</translation>
    </message>
    <message>
        <source>✖ NOT CLEARED: no dose computed</source>
        <translation>✖ 未放行 — 禁止输注：未计算剂量</translation>
    </message>
    <message>
        <source>✖ NOT CLEARED: the calculation failed</source>
        <translation>✖ 未放行 — 禁止输注：计算失败</translation>
    </message>
    <message>
        <source>Acknowledge</source>
        <translation>确认</translation>
    </message>
    <message>
        <source>Dose</source>
        <translation>剂量</translation>
    </message>
    <message>
        <source>Product to draw</source>
        <translation>待抽取产品</translation>
    </message>
    <message>
        <source>Washout findings</source>
        <translation>洗脱期核查结果</translation>
    </message>
    <message>
        <source>Warnings to acknowledge</source>
        <translation>待确认的警告</translation>
    </message>
    <message>
        <source>Dose level:</source>
        <translation>剂量水平：</translation>
    </message>
    <message>
        <source>Calculated dose:</source>
        <translation>计算剂量：</translation>
    </message>
    <message>
        <source>Per kg:</source>
        <translation>每 kg：</translation>
    </message>
    <message>
        <source>Cap:</source>
        <translation>上限：</translation>
    </message>
    <message>
        <source>Weight used:</source>
        <translation>所用体重：</translation>
    </message>
    <message>
        <source>Age:</source>
        <translation>年龄：</translation>
    </message>
    <message>
        <source>Volume to draw:</source>
        <translation>抽取体积：</translation>
    </message>
    <message>
        <source>Containers to thaw:</source>
        <translation>需复苏袋数：</translation>
    </message>
    <message>
        <source>Cells delivered:</source>
        <translation>实际输注细胞数：</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>药物或治疗</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Last exposure</source>
        <translation>末次日期</translation>
    </message>
    <message>
        <source>Earliest clearing date</source>
        <translation>最早可输注日期</translation>
    </message>
    <message>
        <source>Overall status</source>
        <translation>总体状态</translation>
    </message>
    <message>
        <source>No prior exposures: no washout rule applies.</source>
        <translation>无既往治疗：不适用任何洗脱期规则。</translation>
    </message>
    <message>
        <source>To fill in or correct: {fields}.</source>
        <translation>需填写或修正：{fields}。</translation>
    </message>
    <message>
        <source>✔ CLEARED — NOT READY TO ISSUE</source>
        <translation>✔ 已放行 — 尚不能签发</translation>
    </message>
    <message>
        <source>✔ CLEARED FOR INFUSION — READY TO ISSUE</source>
        <translation>✔ 已放行 — 准予输注，可以签发</translation>
    </message>
    <message>
        <source>Every washout rule passes, every warning is acknowledged and the label is complete.</source>
        <translation>所有洗脱期规则均通过，所有警告均已确认，标签信息完整。</translation>
    </message>
    <message>
        <source>✖ NOT CLEARED</source>
        <translation>✖ 未放行 — 禁止输注</translation>
    </message>
    <message>
        <source>{level} ({group})</source>
        <translation>{level}（{group}）</translation>
    </message>
    <message>
        <source>; de-escalation confirmed, reference: {ref}</source>
        <translation>；降级已确认，依据：{ref}</translation>
    </message>
    <message>
        <source>none given</source>
        <translation>未填写</translation>
    </message>
    <message>
        <source>{rate} CAR-T cells/kg × {kg} kg = {uncapped} = {whole}</source>
        <translation>{rate} CAR-T 细胞/kg × {kg} kg = {uncapped} = {whole}</translation>
    </message>
    <message>
        <source>Earliest infusion date: {earliest} (planned {planned})</source>
        <translation>最早输注日期：{earliest}（计划 {planned}）</translation>
    </message>
    <message>
        <source>Earliest infusion date for the infusion-based windows only: {earliest} (planned {planned})</source>
        <translation>仅满足以输注为参照的洗脱期的最早输注日期：{earliest}（计划 {planned}）</translation>
    </message>
    <message>
        <source>Planned infusion {planned}: no infusion date clears by waiting (see above)</source>
        <translation>计划输注 {planned}：等待不能解决，任何输注日期都不行（见上文）</translation>
    </message>
    <message>
        <source>Planned infusion {planned}: no infusion-based window stands in its way</source>
        <translation>计划输注 {planned}：没有以输注为参照的洗脱期妨碍该日期</translation>
    </message>
    <message>
        <source>earliest consent date: {earliest}, a new consent is needed (signed {consent})</source>
        <translation>最早知情同意签署日期：{earliest}，需重新签署知情同意（原签署于 {consent}）</translation>
    </message>
    <message>
        <source>not entered</source>
        <translation>未填写</translation>
    </message>
    <message>
        <source>consent {consent}: no consent-based window stands in its way</source>
        <translation>知情同意 {consent}：没有以知情同意为参照的洗脱期妨碍</translation>
    </message>
    <message>
        <source>consent date not entered</source>
        <translation>未填写知情同意签署日期</translation>
    </message>
    <message>
        <source>{infusion}; {consent}</source>
        <translation>{infusion}；{consent}</translation>
    </message>
    <message>
        <source>flat dose: body weight does not change it</source>
        <translation>固定剂量：体重不影响剂量</translation>
    </message>
    <message>
        <source>Acknowledge this warning</source>
        <translation>确认此警告</translation>
    </message>
    <message>
        <source>not used for a flat dose ({weight} recorded)</source>
        <translation>固定剂量不使用体重（记录值 {weight}）</translation>
    </message>
    <message>
        <source>{kg} kg exactly</source>
        <translation>精确值 {kg} kg</translation>
    </message>
    <message>
        <source>■ CAP APPLIED: {uncapped} reduced to the maximum {cap}</source>
        <translation>■ 已按上限给药：{uncapped} 减至上限 {cap}</translation>
    </message>
    <message>
        <source>not applied (maximum {cap})</source>
        <translation>未达上限（上限 {cap}）</translation>
    </message>
    <message>
        <source>no cap for this level</source>
        <translation>该剂量水平无上限</translation>
    </message>
    <message>
        <source>{years} years on {date} ({source})</source>
        <translation>{years} 岁（{date}，{source}）</translation>
    </message>
    <message>
        <source>from the date of birth</source>
        <translation>按出生日期计算</translation>
    </message>
    <message>
        <source>as typed</source>
        <translation>按输入</translation>
    </message>
    <message>
        <source>enter the product label (concentration and container volume)</source>
        <translation>请填写产品标签（浓度和每袋体积）</translation>
    </message>
    <message>
        <source>{volume} (at {conc} cells/mL, rounded down to {grad})</source>
        <translation>{volume}（浓度 {conc} 细胞/mL，按 {grad} 向下取整）</translation>
    </message>
    <message>
        <source>{n} × {volume}</source>
        <translation>{n} × {volume}</translation>
    </message>
    <message>
        <source>{cells} ({deviation} %, {diff} cells against the dose)</source>
        <translation>{cells}（{deviation} %，与剂量相差 {diff} 个细胞）</translation>
    </message>
    <message>
        <source> (classified by hand)</source>
        <translation>（手动归类）</translation>
    </message>
    <message>
        <source>infusion</source>
        <translation>输注</translation>
    </message>
    <message>
        <source>consent</source>
        <translation>知情同意</translation>
    </message>
    <message>
        <source>✔ PASS</source>
        <translation>✔ 通过</translation>
    </message>
    <message>
        <source>✖ FAIL</source>
        <translation>✖ 未通过</translation>
    </message>
    <message>
        <source>{d} d before {ref}; window {n} d</source>
        <translation>{ref}前 {d} 天；洗脱期 {n} 天</translation>
    </message>
</context>
<context>
    <name>SheetActions</name>
    <message>
        <source>Dose sheet unavailable</source>
        <translation>剂量单不可用</translation>
    </message>
    <message>
        <source>The dose sheet module is not part of this installation ({error}).</source>
        <translation>本安装不包含剂量单模块（{error}）。</translation>
    </message>
    <message>
        <source>Export dose sheet as PDF</source>
        <translation>将剂量单导出为 PDF</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <source>The PDF could not be written to {path}: {error}</source>
        <translation>无法将 PDF 写入 {path}：{error}</translation>
    </message>
    <message>
        <source>Print dose sheet</source>
        <translation>打印剂量单</translation>
    </message>
    <message>
        <source>Dose sheet preview</source>
        <translation>剂量单预览</translation>
    </message>
</context>
<context>
    <name>SignDialog</name>
    <message>
        <source>Sign</source>
        <translation>签名</translation>
    </message>
    <message>
        <source>Your user ID and password, entered now, are your electronic signature. The signature records your printed name, the date and time, and this meaning.</source>
        <translation>此时输入的用户名和密码即为您的电子签名。签名记录您的姓名、日期时间及以下含义。</translation>
    </message>
    <message>
        <source>User ID</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
</context>
<context>
    <name>TemporaryPasswordDialog</name>
    <message>
        <source>Reset password</source>
        <translation>重置密码</translation>
    </message>
    <message>
        <source>A temporary password for &apos;{user}&apos;. A new signing key is made with it, and &apos;{user}&apos; must choose their own password before signing anything.</source>
        <translation>为“{user}”设定临时密码。将随之生成新的签名密钥；“{user}”在签署任何内容前必须设定自己的密码。</translation>
    </message>
    <message>
        <source>Temporary password</source>
        <translation>临时密码</translation>
    </message>
    <message>
        <source>Repeat the password</source>
        <translation>再次输入密码</translation>
    </message>
    <message>
        <source>Next: sign…</source>
        <translation>下一步：签名…</translation>
    </message>
    <message>
        <source>Type the temporary password.</source>
        <translation>请输入临时密码。</translation>
    </message>
    <message>
        <source>The two passwords differ; type them again.</source>
        <translation>两次输入的密码不一致；请重新输入。</translation>
    </message>
</context>
<context>
    <name>UsersDialog</name>
    <message>
        <source>Users</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Records database: {path}</source>
        <translation>记录库：{path}</translation>
    </message>
    <message>
        <source>User ID</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Disable…</source>
        <translation>停用…</translation>
    </message>
    <message>
        <source>Unlock…</source>
        <translation>解锁…</translation>
    </message>
    <message>
        <source>Reset password…</source>
        <translation>重置密码…</translation>
    </message>
    <message>
        <source>Add a user</source>
        <translation>添加用户</translation>
    </message>
    <message>
        <source>pharmacist</source>
        <translation>药师</translation>
    </message>
    <message>
        <source>nurse</source>
        <translation>护士</translation>
    </message>
    <message>
        <source>admin</source>
        <translation>管理员</translation>
    </message>
    <message>
        <source>Full name (printed with signatures)</source>
        <translation>姓名（随签名打印）</translation>
    </message>
    <message>
        <source>Initial password</source>
        <translation>初始密码</translation>
    </message>
    <message>
        <source>Repeat the password</source>
        <translation>再次输入密码</translation>
    </message>
    <message>
        <source>Add and sign…</source>
        <translation>添加并签名…</translation>
    </message>
    <message>
        <source>disabled</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>locked after {count} failed signatures</source>
        <translation>连续 {count} 次签名失败后已锁定</translation>
    </message>
    <message>
        <source>active ({count} failed signature(s) in a row)</source>
        <translation>启用（已连续 {count} 次签名失败）</translation>
    </message>
    <message>
        <source>active</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>Reading the records</source>
        <translation>正在读取记录库</translation>
    </message>
    <message>
        <source>The two passwords differ; type them again.</source>
        <translation>两次输入的密码不一致；请重新输入。</translation>
    </message>
    <message>
        <source>Meaning: user added. As an administrator I add &apos;{user}&apos; with the role {role}.</source>
        <translation>含义：添加用户。我作为管理员添加“{user}”，角色为{role}。</translation>
    </message>
    <message>
        <source>Not added: {error}</source>
        <translation>未添加：{error}</translation>
    </message>
    <message>
        <source>Resetting the password</source>
        <translation>正在重置密码</translation>
    </message>
    <message>
        <source>User &apos;{user}&apos; added and recorded.</source>
        <translation>用户“{user}”已添加并记录。</translation>
    </message>
    <message>
        <source>Adding the user</source>
        <translation>正在添加用户</translation>
    </message>
    <message>
        <source>Meaning: user disabled. As an administrator I disable &apos;{user}&apos;; they can no longer sign.</source>
        <translation>含义：停用用户。我作为管理员停用“{user}”；该用户将无法再签名。</translation>
    </message>
    <message>
        <source>Disabling the user</source>
        <translation>正在停用用户</translation>
    </message>
    <message>
        <source>Not disabled: {error}</source>
        <translation>未停用：{error}</translation>
    </message>
    <message>
        <source>User &apos;{user}&apos; disabled and recorded.</source>
        <translation>用户“{user}”已停用并记录。</translation>
    </message>
    <message>
        <source>Meaning: user unlocked. As an administrator I unlock &apos;{user}&apos; after failed signatures.</source>
        <translation>含义：解锁用户。我作为管理员解锁因签名失败而锁定的“{user}”。</translation>
    </message>
    <message>
        <source>Unlocking the user</source>
        <translation>正在解锁用户</translation>
    </message>
    <message>
        <source>Not unlocked: {error}</source>
        <translation>未解锁：{error}</translation>
    </message>
    <message>
        <source>User &apos;{user}&apos; unlocked and recorded.</source>
        <translation>用户“{user}”已解锁并记录。</translation>
    </message>
    <message>
        <source>Meaning: password reset. As an administrator I give &apos;{user}&apos; a temporary password and a new signing key; they must choose their own before signing.</source>
        <translation>含义：重置密码。我以管理员身份为“{user}”设定临时密码和新的签名密钥；其签名前必须设定自己的密码。</translation>
    </message>
    <message>
        <source>Not reset: {error}</source>
        <translation>未重置：{error}</translation>
    </message>
    <message>
        <source>Password of &apos;{user}&apos; reset and recorded, with a new signing key; they choose their own at their next signature.</source>
        <translation>“{user}”的密码已重置并记录，并生成新的签名密钥；其下次签名时设定自己的密码。</translation>
    </message>
</context>
<context>
    <name>VerifyWindow</name>
    <message>
        <source>InfuseCalc - bedside verification</source>
        <translation>InfuseCalc — 床旁核对</translation>
    </message>
    <message>
        <source>Scan the sheet&apos;s QR code or type the sheet ID</source>
        <translation>扫描剂量单二维码或输入剂量单编号</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Sheet</source>
        <translation>剂量单</translation>
    </message>
    <message>
        <source>Your independent entry</source>
        <translation>您的独立录入</translation>
    </message>
    <message>
        <source>Check the subject ID against the wristband. Enter each value from the chart and the product label yourself; the sheet&apos;s values are shown only after you sign.</source>
        <translation>请核对受试者编号与腕带一致。请根据病历和产品标签亲自录入每一项；剂量单上的数值仅在您签名后显示。</translation>
    </message>
    <message>
        <source>(unit)</source>
        <translation>（单位）</translation>
    </message>
    <message>
        <source>Body weight</source>
        <translation>体重</translation>
    </message>
    <message>
        <source>(choose)</source>
        <translation>（请选择）</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>组</translation>
    </message>
    <message>
        <source>Dose level</source>
        <translation>剂量水平</translation>
    </message>
    <message>
        <source>from the label, like 1.3e7</source>
        <translation>按标签填写，例如 1.3e7</translation>
    </message>
    <message>
        <source>Concentration (CAR-T cells/mL)</source>
        <translation>浓度（CAR-T 细胞/mL）</translation>
    </message>
    <message>
        <source>from the label, like 10</source>
        <translation>按标签填写，例如 10</translation>
    </message>
    <message>
        <source>Volume per bag or vial (mL)</source>
        <translation>每袋（瓶）体积（mL）</translation>
    </message>
    <message>
        <source>Lot</source>
        <translation>批号</translation>
    </message>
    <message>
        <source>bag or vial IDs, separated by commas</source>
        <translation>袋（瓶）号，以逗号分隔</translation>
    </message>
    <message>
        <source>Bag IDs</source>
        <translation>袋号</translation>
    </message>
    <message>
        <source>Next sheet</source>
        <translation>下一张剂量单</translation>
    </message>
    <message>
        <source>Cannot verify this sheet: %1</source>
        <translation>无法核对此剂量单：%1</translation>
    </message>
    <message>
        <source>Opening the sheet</source>
        <translation>正在打开剂量单</translation>
    </message>
    <message>
        <source>Sheet %1 opened.</source>
        <translation>已打开剂量单 %1。</translation>
    </message>
    <message>
        <source>Subject %1</source>
        <translation>受试者 %1</translation>
    </message>
    <message>
        <source>Meaning: verified. I independently computed the dose of sheet %1 for subject %2 from the chart and the product label.</source>
        <translation>含义：已核对。我已根据病历和产品标签，独立计算受试者 %2 的剂量单 %1 的剂量。</translation>
    </message>
    <message>
        <source>Not signed: %1</source>
        <translation>未签名：%1</translation>
    </message>
    <message>
        <source>Comparing and signing</source>
        <translation>正在比对并签名</translation>
    </message>
    <message>
        <source>verified</source>
        <translation>已核对</translation>
    </message>
    <message>
        <source>mismatch recorded</source>
        <translation>不一致已记录</translation>
    </message>
    <message>
        <source>Signed by %1 (%2) at %3 UTC; meaning: %4</source>
        <translation>%1（%2）签名于 %3 UTC；含义：%4</translation>
    </message>
    <message>
        <source>The sheet is now blocked: the pharmacist voids it and issues a new one.</source>
        <translation>该剂量单现已锁定：由药师作废并重新签发新的剂量单。</translation>
    </message>
    <message>
        <source>This station cannot see the pharmacy&apos;s records, so it could NOT check whether the sheet was voided: if in doubt, call the pharmacy before infusing.</source>
        <translation>本工作站无法访问药房记录，因此无法核查该剂量单是否已作废：如有疑问，输注前请致电药房。</translation>
    </message>
    <message>
        <source>Protocol file (sha256)</source>
        <translation>方案文件（sha256）</translation>
    </message>
    <message>
        <source>VERIFIED</source>
        <translation>核对一致</translation>
    </message>
    <message>
        <source>Compare and sign…</source>
        <translation>比对并签名…</translation>
    </message>
    <message>
        <source>Dose: %1</source>
        <translation>剂量：%1</translation>
    </message>
    <message>
        <source>Draw %1 from %2 container(s)</source>
        <translation>从 %2 袋中抽取 %1</translation>
    </message>
    <message>
        <source>MISMATCH - NOT VERIFIED. Do not infuse; resolve with the pharmacist.</source>
        <translation>不一致 — 核对未通过。禁止输注；请与药师核实。</translation>
    </message>
    <message>
        <source>These fields differ:</source>
        <translation>以下各项不一致：</translation>
    </message>
    <message>
        <source>%1: you entered %2, the sheet says %3</source>
        <translation>%1：您录入 %2，剂量单为 %3</translation>
    </message>
    <message>
        <source>Subject ID</source>
        <translation>受试者编号</translation>
    </message>
    <message>
        <source>Weight (kg)</source>
        <translation>体重（kg）</translation>
    </message>
    <message>
        <source>Dose (CAR-T cells)</source>
        <translation>剂量（CAR-T 细胞）</translation>
    </message>
    <message>
        <source>Concentration (cells/mL)</source>
        <translation>浓度（细胞/mL）</translation>
    </message>
    <message>
        <source>Volume per container (mL)</source>
        <translation>每袋体积（mL）</translation>
    </message>
    <message>
        <source>Volume to draw (mL)</source>
        <translation>抽取体积（mL）</translation>
    </message>
    <message>
        <source>Containers</source>
        <translation>袋数</translation>
    </message>
</context>
</TS>
