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
  load();
});

$("period").addEventListener("submit", (e) => { e.preventDefault(); load(); });

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
