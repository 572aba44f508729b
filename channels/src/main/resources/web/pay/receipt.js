// The electronic receipt of one paid order; the order's key in the address, or the resident's session.
const no = decodeURIComponent(location.pathname.split("/").pop());
const key = new URLSearchParams(location.search).get("k") || "";

export function receiptCard(r) {
  const card = document.createElement("div");
  card.className = "receipt";
  const h = document.createElement("h3");
  h.textContent = `${r.title || "电子收据"} · ${r.community}`;
  card.appendChild(h);
  const table = document.createElement("table");
  for (const i of r.items || []) {
    const tr = document.createElement("tr");
    for (const v of [i.house, i.item, i.period, "¥" + i.amount]) {
      const td = document.createElement("td");
      td.textContent = v;
      tr.appendChild(td);
    }
    table.appendChild(tr);
  }
  card.appendChild(table);
  const lines = [["合计", "¥" + r.amount], ["微信支付交易单号", r.transactionId], ["商户订单号", r.outTradeNo],
    ["支付时间", r.paidAt]];
  if (r.refunded) lines.push(["已退款", "¥" + r.refunded]);
  const dl = document.createElement("dl");
  for (const [k, v] of lines) {
    const dt = document.createElement("dt");
    dt.textContent = k;
    const dd = document.createElement("dd");
    dd.textContent = v || "";
    dl.append(dt, dd);
  }
  card.appendChild(dl);
  return card;
}

async function show() {
  const box = document.getElementById("receipt");
  if (!box) return;
  const res = await fetch(`/api/v1/payments/${encodeURIComponent(no)}?k=${encodeURIComponent(key)}`,
    { credentials: "same-origin" });
  const data = await res.json().catch(() => ({}));
  box.textContent = "";
  if (!res.ok) { box.textContent = data.message || "没有找到这张收据。"; return; }
  if (!data.receipt) { box.textContent = "这笔订单尚未支付成功。"; return; }
  box.appendChild(receiptCard(data.receipt));
}
show();
