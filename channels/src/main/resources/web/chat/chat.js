// Web chat: plain module, no build step. All text from the server is inserted as text, never HTML.
const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const state = { community: params.get("community"), conversationId: null, signedIn: false, events: null,
  shown: new Set(), answers: new Map(), resending: 0 };

async function api(method, path, body) {
  const res = await fetch(path, {
    method, credentials: "same-origin",
    headers: body ? { "Content-Type": "application/json" } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  let data = {};
  try { data = await res.json(); } catch (e) { /* empty body */ }
  return { ok: res.ok, status: res.status, data };
}

function bubble(kind, text) {
  const div = document.createElement("div");
  div.className = "msg " + kind;
  div.textContent = text;
  $("messages").appendChild(div);
  div.scrollIntoView({ block: "end" });
  return div;
}

function cite(div, citations) {
  if (!citations || !citations.length) return;
  const span = document.createElement("span");
  span.className = "cite";
  span.append("来源：");
  citations.forEach((c) => {
    const a = document.createElement("a");
    a.href = "#";
    a.textContent = "《" + c.title + "》";
    a.dataset.doc = c.docId;
    a.addEventListener("click", (e) => { e.preventDefault(); openDoc(c.docId); });
    span.appendChild(a);
  });
  div.appendChild(span);
}

async function openDoc(docId) {
  const r = await api("GET", `/api/v1/knowledge/${encodeURIComponent(state.community)}/documents/${encodeURIComponent(docId)}`);
  if (!r.ok) return;
  $("doc-title").textContent = r.data.title;
  $("doc-body").textContent = r.data.body;
  $("doc").showModal();
}

async function orderCard(code) {
  const r = await api("GET", `/api/v1/work-orders/${encodeURIComponent(code)}`);
  if (!r.ok) return;
  const w = r.data;
  const card = document.createElement("div");
  card.className = "card";
  card.dataset.order = w.code;
  const h = document.createElement("h4");
  h.textContent = `工单 ${w.code}：${w.title}`;
  const status = document.createElement("div");
  status.className = "status";
  status.textContent = w.statusLabel + (w.assigneeName ? ` · ${w.assigneeName}` : "");
  const ol = document.createElement("ol");
  (w.timeline || []).forEach((e) => {
    const li = document.createElement("li");
    li.textContent = `${e.at.substring(5, 16).replace("T", " ")} ${e.note || e.to}`;
    ol.appendChild(li);
  });
  card.append(h, status, ol);
  const act = (label, action, body) => {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = label;
    b.addEventListener("click", async () => {
      const res = await api("POST", `/api/v1/work-orders/${encodeURIComponent(w.code)}/${action}`, body ? body() : {});
      bubble("bot", res.ok ? `工单已更新：${res.data.statusLabel}` : res.data.message || "操作失败，请稍后再试。");
      if (res.ok) orderCard(w.code);
    });
    card.appendChild(b);
  };
  if (w.status === "submitted" || w.status === "assigned") act("取消", "cancel", () => ({ reason: "住户在网页取消" }));
  if (w.status === "pending_acceptance") act("验收通过", "accept");
  if (w.status === "closed" && !w.rating) act("评5星", "rate", () => ({ rating: 5 }));
  const old = document.querySelector(`.card[data-order="${w.code}"]`);
  if (old) old.replaceWith(card); else $("messages").appendChild(card);
  card.scrollIntoView({ block: "end" });
}

// Each message carries an id of its own, so a resend after a network failure (perhaps answered by
// another server) is never stored or answered twice: the server returns the answer it has.
function newMessageId() {
  if (crypto.randomUUID) return crypto.randomUUID(); // only on https and localhost
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

// Waits before each resend: 1, 2, 4, 8, 8 seconds (then the resident is told to try later).
const RESEND_AFTER = [1000, 2000, 4000, 8000, 8000];
const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function send(body) {
  let note = null;
  try {
    for (let attempt = 0; ; attempt++) {
      let r;
      try {
        r = await api("POST", "/api/v1/chat/messages", body);
      } catch (e) {
        r = { ok: false, status: 0, data: {} }; // no answer at all: the network or the server went away
      }
      if (r.ok || (r.status > 0 && r.status < 500) || attempt >= RESEND_AFTER.length) return r;
      if (!note) {
        note = bubble("system resend", "网络不稳，正在重发…");
        state.resending++; // meanwhile an answer may arrive over the event stream instead
      }
      await wait(RESEND_AFTER[attempt]);
    }
  } finally {
    if (note) { note.remove(); state.resending--; }
  }
}

async function say(text) {
  text = text.trim();
  if (!text) return;
  bubble("user", text);
  const r = await send({ community: state.community, conversationId: state.conversationId, text,
    clientMessageId: newMessageId() });
  if (!r.ok) { bubble("bot", r.data.message || "网络不太稳定，请稍后再试。"); return; }
  follow(r.data.conversationId);
  if (!r.data.reply) return; // a person is answering; their words arrive over the event stream
  // shown once: the event stream may have brought this answer while the page was resending
  const streamed = r.data.replyId != null ? state.answers.get(r.data.replyId) : null;
  if (r.data.replyId != null) state.shown.add(r.data.replyId);
  const div = streamed || bubble("bot", r.data.reply);
  cite(div, r.data.citations);
  if (r.data.answerId) thumbs(div, r.data.answerId);
  for (const a of r.data.actions || []) {
    if ((a.type === "work_order.created" || a.type === "work_order.status") && a.details.id) orderCard(a.details.id);
    if (a.type === "identity.required") $("login").hidden = false;
    if (a.type === "payment.offered") payButton(div, a.details);
    if (a.type === "booking.offered") slotButtons(div, a.details.slots || []);
    if ((a.type === "booking.created" || a.type === "booking.cancelled") && !$("bookings").hidden) showBookings();
  }
}

// 👍/👎 under a knowledge answer: one vote per answer, which a second tap on the other button changes.
function thumbs(div, answerId) {
  const row = document.createElement("span");
  row.className = "feedback";
  row.dataset.answer = answerId;
  const note = document.createElement("small");
  for (const [helpful, label, title] of [[true, "👍", "有用"], [false, "👎", "没用"]]) {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = label;
    b.title = title;
    b.setAttribute("aria-label", title);
    b.dataset.helpful = String(helpful);
    b.addEventListener("click", async () => {
      const r = await api("POST", `/api/v1/feedback/answers/${encodeURIComponent(answerId)}`,
        { conversationId: state.conversationId, helpful });
      if (!r.ok) { note.textContent = r.data.message || "评价没有提交成功，请稍后再试。"; return; }
      row.querySelectorAll("button").forEach((x) => x.setAttribute("aria-pressed", String(x === b)));
      note.textContent = helpful ? "谢谢！" : "谢谢反馈，我们会补充完善这方面的解答。";
    });
    row.appendChild(b);
  }
  row.appendChild(note);
  div.appendChild(row);
}

// The free slots the bot offered: one tap answers with the slot's number.
function slotButtons(div, slots) {
  if (!slots.length) return;
  const row = document.createElement("div");
  row.className = "slots";
  slots.forEach((start, i) => {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = `${i + 1}. ${start.substring(11, 16)}`;
    b.addEventListener("click", () => { row.remove(); say(String(i + 1)); });
    row.appendChild(b);
  });
  div.appendChild(row);
}

// "My bookings": the signed-in resident's bookings to come, each with a cancel button.
async function showBookings() {
  const list = $("bookings-list");
  $("bookings").hidden = false;
  const r = await api("GET", "/api/v1/bookings/mine");
  list.textContent = "";
  const line = (text) => { const li = document.createElement("li"); li.textContent = text; list.appendChild(li); return li; };
  if (r.status === 401 || r.status === 403) { line("登录后可查看和取消您的预约。"); $("login").hidden = false; return; }
  if (!r.ok) { line(r.data.message || "暂时无法查询预约，请稍后再试。"); return; }
  if (!r.data.bookings.length) { line("您目前没有预约。可以直接对我说，例如“周六上午订羽毛球场”。"); return; }
  for (const b of r.data.bookings) {
    const fee = { at_facility: ` · 现场付费 ¥${b.fee}`, awaiting: ` · 待支付 ¥${b.fee}（回复“缴费”即可支付）`,
      online: ` · 已付 ¥${b.fee}` }[b.feePaid] || "";
    const li = line(`${b.facilityName} ${b.label} · 预约号 ${b.code}` + fee);
    li.dataset.booking = b.code;
    const cancel = document.createElement("button");
    cancel.type = "button";
    cancel.textContent = "取消";
    cancel.addEventListener("click", async () => {
      cancel.disabled = true;
      const res = await api("POST", `/api/v1/bookings/${encodeURIComponent(b.code)}/cancel`, {});
      bubble("bot", res.ok ? `已取消预约：${b.facilityName} ${b.label}（预约号 ${b.code}）。` : res.data.message || "取消失败，请稍后再试。");
      showBookings();
    });
    li.appendChild(cancel);
  }
}

// The electronic receipt (电子收据) of a paid order (the same card as the receipt page's).
function receiptCard(r) {
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

// The bot offered a payment: a button; the server makes a Native order for the offer and draws its
// QR code; the page watches the order until it is paid and shows the receipt (电子收据) here.
function payButton(div, offer) {
  const b = document.createElement("button");
  b.type = "button";
  b.className = "pay";
  b.textContent = `去支付 ¥${offer.total}`;
  b.addEventListener("click", async () => {
    b.disabled = true;
    const r = await api("POST", "/api/v1/payments/native", { token: offer.token });
    if (!r.ok) { b.disabled = false; bubble("bot", r.data.message || "暂时无法支付，请稍后再试。"); return; }
    b.remove();
    const card = document.createElement("div");
    card.className = "card paycard";
    card.dataset.payment = r.data.outTradeNo;
    const h = document.createElement("h4");
    h.textContent = `微信扫码支付 ¥${r.data.amount}`;
    const img = document.createElement("img");
    img.className = "qr";
    img.alt = "微信支付二维码";
    img.width = 220;
    img.height = 220;
    img.src = r.data.qr;
    const note = document.createElement("div");
    note.className = "status";
    note.textContent = "请用微信扫一扫完成支付，支付后这里会显示电子收据。";
    card.append(h, img, note);
    $("messages").appendChild(card);
    card.scrollIntoView({ block: "end" });
    watch(card, r.data);
  });
  div.appendChild(b);
}

async function receiptNotice(no) {
  const shown = document.querySelector(`.paycard.paid[data-payment="${CSS.escape(no)}"]`);
  if (shown) return;
  const r = await api("GET", `/api/v1/payments/${encodeURIComponent(no)}`);
  if (!r.ok || !r.data.receipt) return;
  const waiting = document.querySelector(`.paycard[data-payment="${CSS.escape(no)}"]`);
  const card = waiting || document.createElement("div");
  card.className = "card paycard paid";
  card.dataset.payment = no;
  card.textContent = "";
  card.appendChild(receiptCard(r.data.receipt));
  const a = document.createElement("a");
  a.href = r.data.receiptUrl;
  a.target = "_blank";
  a.textContent = "查看电子收据";
  card.appendChild(a);
  if (!waiting) $("messages").appendChild(card);
  card.scrollIntoView({ block: "end" });
}

async function watch(card, order) {
  if (card.classList.contains("paid")) return;
  const r = await api("GET", order.stateUrl);
  if (r.ok && r.data.state === "paid" && r.data.receipt) {
    card.textContent = "";
    card.classList.add("paid");
    card.appendChild(receiptCard(r.data.receipt));
    const a = document.createElement("a");
    a.href = r.data.receiptUrl;
    a.target = "_blank";
    a.textContent = "查看电子收据";
    card.appendChild(a);
    card.scrollIntoView({ block: "end" });
    return;
  }
  if (r.ok && r.data.state === "closed") {
    card.querySelector(".status").textContent = "订单已关闭（超时未支付）。需要缴费请再说一次“缴费”。";
    card.querySelector("img")?.remove();
    return;
  }
  setTimeout(() => watch(card, order), 2000);
}

// Messages the page did not ask for itself: a human agent's replies, notices, the order an agent
// created, the bot's request for a score after the agent hands back. Streamed by the server.
function follow(conversationId) {
  if (state.conversationId === conversationId && state.events) return;
  if (state.events) state.events.close();
  state.conversationId = conversationId;
  state.events = new EventSource(`/api/v1/chat/conversations/${encodeURIComponent(conversationId)}/events`);
  state.events.addEventListener("message", (e) => {
    const m = JSON.parse(e.data);
    if (state.shown.has(m.id)) return;
    state.shown.add(m.id);
    if (m.author === "agent") {
      const div = bubble("agent", m.text);
      div.dataset.kind = m.kind;
      if (m.order) orderCard(m.order);
    } else if (m.author === "system") {
      bubble("system", m.text);
      if (m.order) orderCard(m.order); // a work-order notice: the card shows its state and buttons
      if (m.receipt) receiptNotice(m.receipt); // a payment settled: its receipt, unless shown already
    } else if (m.author === "bot" && m.kind === "text" && state.resending > 0) {
      // the answer to a message being resent, made by another server after this one's went away;
      // the resend's own answer (same id) then only adds its sources and buttons to this bubble
      state.answers.set(m.id, bubble("bot", m.text));
    } else if (m.author === "bot" && m.kind === "csat") {
      const div = bubble("bot csat", m.text);
      const row = document.createElement("div");
      row.className = "scores";
      for (let n = 5; n >= 1; n--) {
        const b = document.createElement("button");
        b.type = "button";
        b.textContent = n + "分";
        b.addEventListener("click", () => { row.remove(); say(String(n)); });
        row.appendChild(b);
      }
      div.appendChild(row);
    }
  });
}

async function start() {
  const list = await api("GET", "/api/v1/communities");
  const communities = (list.data.communities || []);
  const c = communities.find((x) => x.id === state.community) || communities[0];
  if (c) { state.community = c.id; $("community-name").textContent = c.name + " 物业管家"; }
  bubble("bot", "您好，我是物业智能管家。可以问我缴费、装修、门禁、停车等问题；登录后还能查账单、报修、看工单进度。");
  notices();
}

// The banner: current notices for the signed-in resident's building, or the whole community's.
async function notices() {
  const r = await api("GET", `/api/v1/notices?community=${encodeURIComponent(state.community || "")}`);
  const box = $("notices");
  box.textContent = "";
  const list = r.ok ? r.data.notices : [];
  box.hidden = list.length === 0;
  for (const n of list) {
    const item = document.createElement("details");
    item.className = "notice";
    item.dataset.notice = n.id;
    const summary = document.createElement("summary");
    summary.textContent = `【${n.label}】${n.title}`;
    const body = document.createElement("p");
    body.textContent = `${n.body}（${n.validFrom === n.validUntil ? n.validFrom : n.validFrom + " 至 " + n.validUntil}）`;
    item.append(summary, body);
    box.appendChild(item);
  }
}

$("composer").addEventListener("submit", (e) => { e.preventDefault(); say($("text").value); $("text").value = ""; });
document.querySelectorAll(".quick button[data-say]").forEach((b) => b.addEventListener("click", () => say(b.dataset.say)));
$("login-open").addEventListener("click", () => { $("login").hidden = !$("login").hidden; });
$("bookings-open").addEventListener("click", () => showBookings());
$("bookings-close").addEventListener("click", () => { $("bookings").hidden = true; });
$("doc-close").addEventListener("click", () => $("doc").close());
$("elderly").addEventListener("click", () => {
  const on = document.body.classList.toggle("elderly");
  $("elderly").setAttribute("aria-pressed", String(on));
  $("elderly").textContent = on ? "标准模式" : "大字模式";
});
$("send-code").addEventListener("click", async () => {
  const r = await api("POST", "/api/v1/auth/code", { community: state.community, phone: $("phone").value.trim() });
  $("login-msg").textContent = r.data.message || "";
});
$("login-submit").addEventListener("click", async () => {
  const r = await api("POST", "/api/v1/auth/login",
    { community: state.community, phone: $("phone").value.trim(), code: $("code").value.trim() });
  if (!r.ok) { $("login-msg").textContent = r.data.message; return; }
  state.signedIn = true;
  if (state.events) { state.events.close(); state.events = null; }
  state.conversationId = null;
  $("login").hidden = true;
  $("who").textContent = "已登录";
  bubble("bot", "登录成功，现在可以查询账单和报修了。");
  notices();
});
start();
