// Supervisor dashboard: figures from /api/v1/dashboard, charts as server-drawn SVG, CSV export.
import { $, api, el, signIn } from "./staff.js";

const pct = (r) => (r === null || r === undefined ? "—" : `${Math.round(r * 100)}%`);
const secs = (s) => (s === null || s === undefined ? "—" : s < 90 ? `${s.toFixed(1)}秒` : `${(s / 60).toFixed(1)}分钟`);
const num = (v, d = 1) => (v === null || v === undefined ? "—" : Number(v).toFixed(d));

function day(offset) {
  const d = new Date(Date.now() + offset * 86400000 + 8 * 3600000); // China time
  return d.toISOString().substring(0, 10);
}

signIn(["supervisor", "admin"], () => {
  $("from").value = day(-6);
  $("to").value = day(0);
  $("month-to").value = day(0).substring(0, 7);
  const y = Number(day(0).substring(0, 4));
  const m = Number(day(0).substring(5, 7));
  const back = new Date(Date.UTC(y, m - 12, 1)); // twelve months up to this one
  $("month-from").value = back.toISOString().substring(0, 7);
  load();
  loadMoney();
  loadFeedback();
});

$("period").addEventListener("submit", (e) => { e.preventDefault(); load(); });
$("months").addEventListener("submit", (e) => { e.preventDefault(); loadMoney(); });

function tile(label, value, sub) {
  const t = el("div", "tile");
  t.appendChild(el("div", "label", label));
  t.appendChild(el("div", "value", value));
  if (sub) t.appendChild(el("div", "sub", sub));
  return t;
}

function table(id, head, rows) {
  const t = $(id);
  t.replaceChildren();
  const tr = el("tr");
  head.forEach((h) => tr.appendChild(el("th", null, h)));
  t.appendChild(tr);
  for (const r of rows) {
    const row = el("tr");
    r.forEach((c) => row.appendChild(el("td", null, c)));
    t.appendChild(row);
  }
}

async function load() {
  const q = `from=${encodeURIComponent($("from").value)}&to=${encodeURIComponent($("to").value)}`;
  const r = await api("GET", `/api/v1/dashboard/kpis?${q}`);
  if (!r.ok) { $("definition").textContent = r.data.message || "加载失败"; return; }
  const k = r.data.kpis;
  $("csv").href = `/api/v1/dashboard/kpis.csv?${q}`;
  $("definition").textContent = r.data.containmentDefinition;
  const c = k.conversations;
  $("tiles").replaceChildren(
    tile("会话数", c.total, `转人工 ${c.handedOff} · 回电 ${c.callbacks}`),
    tile("机器人独立解决率", pct(c.containmentRate), `${c.contained}/${c.total}`),
    tile("转人工率", pct(c.handoffRate)),
    tile("机器人首次响应", secs(k.botFirstResponse.p50), `P90 ${secs(k.botFirstResponse.p90)}`),
    tile("人工首次响应", secs(k.agentFirstResponse.p50), `P90 ${secs(k.agentFirstResponse.p90)}`),
    tile("转人工等待", secs(k.handoffWait.p50), `超时 ${k.waitsBreached} 次`),
    tile("工单完成率", pct(k.workOrders.completionRate), `${k.workOrders.completed}/${k.workOrders.created} · 平均${num(k.workOrders.meanHoursToComplete)}小时`),
    tile("会话满意度", num(k.satisfaction.conversationMean), `${k.satisfaction.conversationScores} 份评价`),
    tile("工单评分", num(k.satisfaction.orderMean), `${k.satisfaction.orderRatings} 份评价`));
  const cp = k.complaints;
  $("complaint-tiles").replaceChildren(
    tile("投诉 / 建议", `${cp.complaints} / ${cp.suggestions}`, `已答复 ${cp.answered}`),
    tile("首次答复用时", cp.medianHoursToFirstAnswer == null ? "—" : `${num(cp.medianHoursToFirstAnswer)}小时`, `平均 ${num(cp.meanHoursToFirstAnswer)}小时`),
    tile("按期答复率", pct(cp.answeredInTime)),
    tile("按期办结率", pct(cp.closedInTime)),
    tile("回访满意度", num(cp.meanFollowUpScore), `${cp.followUps} 份回访 · 已解决 ${pct(cp.resolvedRate)}`));
  const kindLabel = (x) => (x === "suggestion" ? "建议" : "投诉");
  table("complaint-subjects", ["类型", "事由", "数量"], cp.bySubject.map((x) => [kindLabel(x.kind), x.label, x.count]));
  table("complaint-buildings", ["类型", "楼栋", "数量"], cp.byBuilding.map((x) => [kindLabel(x.kind), x.label, x.count]));
  table("sla", ["环节", "达成", "总数", "达成率"], k.sla.map((s) => [s.label, s.met, s.total, pct(s.compliance)]));
  table("categories", ["类别", "新建", "完成", "完成率", "平均用时"], k.ordersByCategory.map((o) =>
    [o.label, o.created, o.completed, pct(o.completionRate), o.meanHoursToComplete == null ? "—" : `${num(o.meanHoursToComplete)}小时`]));
  const charts = $("charts");
  charts.replaceChildren();
  for (const name of r.data.charts) {
    const img = el("img", "chart");
    img.alt = name;
    img.src = `/api/v1/dashboard/charts/${name}.svg?${q}`;
    charts.appendChild(img);
  }
}

// Articles residents rated 👎 at least as often as 👍 in the last 30 days.
async function loadFeedback() {
  const r = await api("GET", "/api/v1/dashboard/feedback?days=30");
  if (!r.ok) return;
  table("poor-articles", ["文章", "有用", "没用", "没用占比"], r.data.articles.map((a) =>
    [`${a.title}（${a.docId}）`, a.helpful, a.unhelpful, pct(a.unhelpfulShare)]));
  if (!r.data.articles.length) $("poor-articles").appendChild(el("caption", null, "近30天没有评价较差的文章。"));
}

const yuan = (v) => (v === null || v === undefined ? "—" : `¥${v}`);

// 收缴率, online share, arrears ageing and reconciliation findings, each with its CSV.
async function loadMoney() {
  const q = `from=${encodeURIComponent($("month-from").value)}&to=${encodeURIComponent($("month-to").value)}`;
  const base = "/api/v1/dashboard/collection";
  $("rates-csv").href = `${base}/rates.csv?${q}`;
  $("ageing-csv").href = `${base}/ageing.csv`;
  $("findings-csv").href = `${base}/findings.csv`;
  const [rates, ageing, findings] = await Promise.all([api("GET", `${base}/rates?${q}`),
    api("GET", `${base}/ageing`), api("GET", `${base}/findings`)]);
  if (!rates.ok) { $("money-definition").textContent = rates.data.message || "加载失败"; return; }
  const c = rates.data.community;
  const overdue = ageing.ok ? ageing.data.buckets.filter((b) => b.key !== "not_due") : [];
  const overdueAmount = overdue.reduce((s, b) => s + Number(b.amount), 0);
  $("money-tiles").replaceChildren(
    tile("收缴率", pct(c.rate), `${yuan(c.collected)} / ${yuan(c.billed)}`),
    tile("已缴账单", `${c.paidBills}/${c.bills}`),
    tile("线上缴费占比", pct(rates.data.online.share), `经管家缴清 ${rates.data.online.bills} 笔 · ${yuan(rates.data.online.collected)}`),
    tile("逾期欠费", yuan(overdueAmount.toFixed(2)), `${overdue.reduce((s, b) => s + b.bills, 0)} 笔`),
    tile("对账差异", findings.ok ? findings.data.findings.filter((f) => f.status === "open").length : "—", "待处理"));
  $("money-definition").textContent = rates.data.definition;
  const rateRow = (r) => [r.label, `${r.paidBills}/${r.bills}`, yuan(r.collected), yuan(r.billed), pct(r.rate)];
  table("by-building", ["楼栋", "已缴/账单", "实收", "应收", "收缴率"], rates.data.buildings.map(rateRow));
  table("by-month", ["到期月份", "已缴/账单", "实收", "应收", "收缴率"], rates.data.months.map(rateRow));
  if (ageing.ok) {
    table("ageing", ["账龄", "笔数", "金额"], ageing.data.buckets.map((b) => [b.label, b.bills, yuan(b.amount)]));
  }
  if (findings.ok) {
    table("findings", ["账单日", "差异", "商户订单号", "微信金额", "本系统金额", "状态"], findings.data.findings.map((f) =>
      [f.day, f.label, f.outRefundNo ? `${f.outTradeNo}（退款 ${f.outRefundNo}）` : f.outTradeNo, yuan(f.wechatYuan),
        yuan(f.ourYuan), f.status === "open" ? "待处理" : "已处理"]));
    // an open finding is closed by a person who says what was done (kept with it and in the audit log)
    const rows = $("findings").querySelectorAll("tr");
    findings.data.findings.forEach((f, i) => {
      if (f.status !== "open") return;
      const b = el("button", null, "标记已处理");
      b.type = "button";
      b.addEventListener("click", async () => {
        const note = window.prompt("处理说明（例如：已原路退款、已与微信支付核实）");
        if (!note || !note.trim()) return;
        const r = await api("POST", `${base}/findings/${f.id}/resolve`, { note: note.trim() });
        if (!r.ok) { window.alert(r.data.message || "操作失败"); return; }
        loadMoney();
      });
      rows[i + 1].lastChild.appendChild(b);
    });
    const run = findings.data.runs[0];
    $("last-run").textContent = !run ? "尚未对账（未配置微信支付时不对账）。"
      : run.error ? `最近一次对账（${run.day}）失败：${run.error}`
        : `最近一次对账：${run.day}，账单 ${run.billRows} 行，差异 ${run.findings} 条。`;
  }
}
