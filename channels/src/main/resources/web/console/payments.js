// Supervisors: the community's (or one resident's) payments and a refund form for each paid one.
import { $, api, el, signIn, time } from "./staff.js";

signIn(["supervisor", "admin"], load);
$("filter").addEventListener("submit", (e) => { e.preventDefault(); load(); });

async function load() {
  const resident = $("resident").value.trim();
  const r = await api("GET", "/api/v1/console/payments" + (resident ? `?resident=${encodeURIComponent(resident)}` : ""));
  const t = $("payments");
  t.textContent = "";
  if (!r.ok) { $("msg").textContent = r.data.message || "读取失败"; return; }
  const head = el("tr");
  for (const h of ["商户订单号", "住户", "金额", "已退", "状态", "支付时间", "微信交易单号", "退款"]) head.appendChild(el("th", null, h));
  t.appendChild(head);
  for (const p of r.data.payments) {
    const tr = el("tr");
    for (const v of [p.outTradeNo, p.residentId, "¥" + p.amount, "¥" + p.refunded, p.state, time(p.paidAt), p.transactionId || ""]) {
      tr.appendChild(el("td", null, v));
    }
    const cell = el("td");
    for (const f of p.refunds) cell.appendChild(el("div", null, `¥${f.amount} ${f.reason}（${f.state}）`));
    if (p.state === "paid" && Number(p.refundable) > 0) {
      const form = el("form");
      const amount = el("input");
      amount.placeholder = `≤ ${p.refundable}`;
      amount.inputMode = "decimal";
      amount.required = true;
      const reason = el("input");
      reason.placeholder = "退款原因（必填）";
      reason.required = true;
      form.append(amount, reason, el("button", null, "退款"));
      form.addEventListener("submit", async (e) => {
        e.preventDefault();
        const res = await api("POST", `/api/v1/console/payments/${encodeURIComponent(p.outTradeNo)}/refunds`,
          { amount: amount.value.trim(), reason: reason.value.trim() });
        $("msg").textContent = res.ok ? `已提交退款 ¥${res.data.amount}（${res.data.state}）` : (res.data.message || "退款失败");
        if (res.ok) load();
      });
      cell.appendChild(form);
    }
    tr.appendChild(cell);
    t.appendChild(tr);
  }
}
