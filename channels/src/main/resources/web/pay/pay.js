// Pays an offer: JSAPI inside WeChat (WeixinJSBridge), a QR code elsewhere; then the receipt.
const $ = (id) => document.getElementById(id);
const token = decodeURIComponent(location.pathname.split("/").pop());
let order = null;

async function json(method, path) {
  const res = await fetch(path, { method, credentials: "same-origin" });
  const data = await res.json().catch(() => ({}));
  return { ok: res.ok, data };
}

async function load() {
  const r = await json("GET", `/api/v1/payments/offers/${encodeURIComponent(token)}`);
  const box = $("offer");
  box.textContent = "";
  if (!r.ok) { box.textContent = r.data.message || "这笔缴费已失效。"; return; }
  const ul = document.createElement("ul");
  for (const b of r.data.bills) {
    const li = document.createElement("li");
    li.textContent = `${b.house} ${b.item} ${b.period}：¥${b.amount}`;
    ul.appendChild(li);
  }
  const total = document.createElement("p");
  total.className = "total";
  total.textContent = `合计 ¥${r.data.total}`;
  box.append(ul, total);
  $("pay").textContent = `微信支付 ¥${r.data.total}`;
  $("pay").hidden = false;
}

function jsapi(params) {
  const call = () => window.WeixinJSBridge.invoke("getBrandWCPayRequest", params, (res) => {
    if (res.err_msg === "get_brand_wcpay_request:ok") $("msg").textContent = "支付完成，正在确认…";
    else if (res.err_msg === "get_brand_wcpay_request:cancel") $("msg").textContent = "已取消支付，可再次点击支付。";
    else $("msg").textContent = "支付未成功，请稍后再试。";
  });
  if (window.WeixinJSBridge) call();
  else document.addEventListener("WeixinJSBridgeReady", call, { once: true });
}

async function pay() {
  $("pay").disabled = true;
  const r = await json("POST", `/api/v1/payments/offers/${encodeURIComponent(token)}/order`);
  $("pay").disabled = false;
  if (!r.ok) { $("msg").textContent = r.data.message || "暂时无法支付，请稍后再试。"; return; }
  order = r.data;
  if (order.jsapi) jsapi(order.jsapi);
  else if (order.qr) { $("qr-img").src = order.qr; $("qr").hidden = false; $("pay").hidden = true; }
  poll();
}

async function poll() {
  if (!order) return;
  const r = await json("GET", order.stateUrl);
  if (r.ok && r.data.state === "paid") { location.href = order.receiptUrl; return; }
  if (r.ok && r.data.state === "closed") { $("msg").textContent = "订单已关闭，请重新支付。"; $("qr").hidden = true; $("pay").hidden = false; return; }
  setTimeout(poll, 2000);
}

$("pay").addEventListener("click", pay);
load();
