// Agent console: queue on the left, one conversation in the middle, the resident on the right.
// Everything from the server is inserted as text, never as HTML: residents' words are hostile input.
import { $, api, el, time, signIn } from "./staff.js";
import { mediaList, photoStrip } from "./media.js";

const CHANNELS = { web: "网页", wechat: "微信", voice: "电话" };
const STATES = { queued: "排队中", human: "人工处理中", bot: "机器人", closed: "已结束" };
const view = { me: null, id: null, detail: null, queueEvents: null, shown: new Set() };

signIn(["agent", "supervisor", "admin"], (me) => {
  view.me = me;
  if (me.role !== "agent") $("dashboard-link").hidden = false;
  if (["supervisor", "admin"].includes(me.role)) $("import-link").hidden = false;
  if (me.role === "admin") { $("audit").hidden = false; loadAudit(); }
  stream();
  loadCallbacks();
  loadBindingRequests();
});

function minutes(seconds) {
  return seconds < 60 ? `${seconds}秒` : `${Math.floor(seconds / 60)}分钟`;
}

// One event stream: the queue whenever it changes, and the open conversation's new messages.
function stream() {
  if (view.queueEvents) view.queueEvents.close();
  const q = view.id ? `?conversation=${encodeURIComponent(view.id)}` : "";
  view.queueEvents = new EventSource(`/api/v1/console/events${q}`);
  view.queueEvents.addEventListener("queue", (e) => renderQueue(JSON.parse(e.data)));
  view.queueEvents.addEventListener("message", (e) => addMessage(JSON.parse(e.data)));
}

function renderQueue(data) {
  $("stats").textContent = `排队 ${data.waiting} · 在线客服 ${data.agentsOnline} · 回电任务 ${data.callbacks}`;
  $("alert").hidden = !(data.breached > 0);
  $("alert").textContent = data.breached > 0 ? `有 ${data.breached} 位住户等待已超时，请尽快接入。` : "";
  const list = $("queue");
  list.replaceChildren();
  if (!data.queue.length) list.appendChild(el("li", "empty", "暂无待处理会话"));
  for (const q of data.queue) {
    const li = el("li", "entry " + q.state + (q.waitBreached ? " breached" : "") + (q.undelivered ? " undelivered" : "")
      + (q.id === view.id ? " open" : ""));
    li.dataset.id = q.id;
    li.appendChild(el("div", "who", q.residentName || "访客"));
    li.appendChild(el("div", "meta", `${CHANNELS[q.channel] || q.channel} · ${STATES[q.state]}`
      + (q.undelivered ? " · 回复未送达" : "")
      + (q.state === "queued" ? ` · 已等待${minutes(q.waitSeconds)}` : ` · ${q.agentName || ""}`)));
    li.appendChild(el("div", "reason", q.summary || q.reason || ""));
    li.addEventListener("click", () => open(q.id));
    list.appendChild(li);
  }
  if (view.id) loadCallbacks();
  loadBindingRequests();
}

// Followers who cannot get a code ask to be bound by name and house: check the claim (call the
// number on record), then confirm it to the matching resident, or name another, or turn it down.
async function loadBindingRequests() {
  const r = await api("GET", "/api/v1/binding-requests");
  if (!r.ok) return;
  const list = $("binding-requests");
  list.replaceChildren();
  if (!r.data.requests.length) list.appendChild(el("li", "empty", "暂无绑定申请"));
  for (const q of r.data.requests) {
    const li = el("li", "entry binding");
    li.appendChild(el("div", "who", `${q.claimedName} · ${q.claimedHouse}`));
    li.appendChild(el("div", "meta", q.matchedResident
      ? `与登记住户相符：${q.matchedName}（${q.matchedResident}，${q.houseCode}）` : "与登记住户不符，请核实后指定住户编号"));
    const ok = el("button", null, "核实无误，确认绑定");
    ok.type = "button";
    ok.addEventListener("click", async () => {
      const resident = q.matchedResident ? "" : (prompt("要绑定的住户编号") || "");
      if (!q.matchedResident && !resident) return;
      const res = await api("POST", `/api/v1/binding-requests/${q.id}/confirm`, { resident });
      if (!res.ok) alert(res.data.message);
      loadBindingRequests();
    });
    const no = el("button", null, "不通过");
    no.type = "button";
    no.addEventListener("click", async () => {
      const res = await api("POST", `/api/v1/binding-requests/${q.id}/reject`, {});
      if (!res.ok) alert(res.data.message);
      loadBindingRequests();
    });
    li.append(ok, no);
    if (q.conversationId) li.addEventListener("click", (e) => { if (e.target.tagName !== "BUTTON") open(q.conversationId); });
    list.appendChild(li);
  }
}

async function loadCallbacks() {
  const r = await api("GET", "/api/v1/console/callbacks");
  if (!r.ok) return;
  const list = $("callbacks");
  list.replaceChildren();
  if (!r.data.callbacks.length) list.appendChild(el("li", "empty", "暂无回电任务"));
  for (const c of r.data.callbacks) {
    const li = el("li", "entry callback " + c.status);
    li.appendChild(el("div", "who", `${c.contact}（${CHANNELS[c.channel] || c.channel}）`));
    li.appendChild(el("div", "reason", c.request));
    li.appendChild(el("div", "meta", `${time(c.createdAt)} · ${c.status === "open" ? "待领取" : "已领取：" + (c.staffName || "")}`));
    const b = el("button", null, c.status === "open" ? "领取" : "已回电");
    b.type = "button";
    b.addEventListener("click", async () => {
      const action = c.status === "open" ? "claim" : "done";
      const body = action === "done" ? { outcome: prompt("回电结果", "已回电") || "已回电" } : {};
      const res = await api("POST", `/api/v1/console/callbacks/${c.id}/${action}`, body);
      if (!res.ok) alert(res.data.message);
      loadCallbacks();
    });
    li.appendChild(b);
    list.appendChild(li);
  }
}

async function open(id) {
  const r = await api("GET", `/api/v1/console/conversations/${encodeURIComponent(id)}`);
  if (!r.ok) { alert(r.data.message); return; }
  view.id = id;
  view.shown = new Set();
  view.detail = r.data.conversation;
  const main = $("conversation");
  main.replaceChildren($("conversation-template").content.cloneNode(true));
  for (const m of r.data.messages) addMessage(m);
  renderHead();
  renderProfile(r.data.profile);
  renderNotes(r.data.notes);
  loadMedia();
  $("side").hidden = false;
  wireConversation(main);
  stream();
}

function renderHead() {
  const d = view.detail;
  const main = $("conversation");
  main.querySelector(".who").textContent = d.residentId ? "住户" : "访客";
  main.querySelector(".channel").textContent = CHANNELS[d.channel] || d.channel;
  main.querySelector(".state").textContent = STATES[d.state] + (d.agentName ? `（${d.agentName}）` : "");
  main.querySelector(".summary").textContent = d.summary ? `机器人摘要：${d.summary}` : "";
  const mine = d.agentCode === view.me.code;
  const boss = view.me.role !== "agent";
  // a conversation the bot holds shows here only when its answer did not reach the resident: take it over
  main.querySelector(".claim").hidden = !["queued", "bot"].includes(d.state);
  main.querySelector(".assign").hidden = !boss || !["queued", "human"].includes(d.state);
  main.querySelector(".transfer").hidden = d.state !== "human" || !(mine || boss);
  main.querySelector(".transfer-to").hidden = !(d.state === "queued" && boss) && (d.state !== "human" || !(mine || boss));
  main.querySelector(".return").hidden = d.state !== "human" || !(mine || boss);
  main.querySelector(".close").hidden = !["queued", "human"].includes(d.state) || !(mine || boss || d.state === "queued");
  main.querySelector(".disposition").hidden = main.querySelector(".close").hidden;
  main.querySelector(".reply").hidden = d.state !== "human" || !(mine || boss);
}

function addMessage(m) {
  if (view.shown.has(m.id)) return;
  view.shown.add(m.id);
  const ol = $("conversation").querySelector(".transcript");
  if (!ol) return;
  const who = { resident: "住户", bot: "机器人", agent: "客服", system: "系统" }[m.author] || m.author;
  const li = el("li", "m " + m.author);
  li.appendChild(el("span", "at", `${time(m.at)} ${who}`));
  li.appendChild(el("div", "text", m.text));
  ol.appendChild(li);
  li.scrollIntoView({ block: "end" });
  // a photo or voice is downloaded in the background: show it once it is stored
  if (m.author === "resident" && /^\[(图片|语音)\]$/.test(m.text || "")) setTimeout(loadMedia, 3000);
}

// Photos and voice the resident sent in this conversation, above the transcript.
async function loadMedia() {
  if (!view.id) return;
  const r = await api("GET", `/api/v1/media?conversation=${encodeURIComponent(view.id)}`);
  const main = $("conversation");
  let box = main.querySelector(".conversation-media");
  if (!r.ok || !r.data.media.length) { if (box) box.remove(); return; }
  if (!box) {
    box = el("div", "conversation-media");
    main.querySelector(".transcript").before(box);
  }
  box.replaceChildren(el("span", "hint", "住户发来的图片/语音："), mediaList(r.data.media));
}

function renderProfile(p) {
  const box = $("profile");
  box.replaceChildren();
  if (!p) { box.appendChild(el("p", "hint", "未验证身份的访客：个人事项请先请其在渠道内验证身份。")); return; }
  box.appendChild(el("p", "name", `${p.name}（${p.code}）${p.wechatBound ? " · 已绑定微信" : " · 未绑定微信"}`));
  box.appendChild(el("p", null, "房屋：" + p.houses.map((h) => `${h.code}（${h.role === "owner" ? "业主" : h.role}）`).join("、")));
  if (p.houses.length) $("order-house").value = p.houses[0].code;
  box.appendChild(el("p", null, `未缴费用：${p.unpaidBills.length} 笔，共 ${p.unpaidTotal} 元`));
  const bills = el("ul", "bills");
  for (const b of p.unpaidBills) bills.appendChild(el("li", null, `${b.house} ${b.item} ${b.period}：${b.amount}元（${b.due}到期）`));
  box.appendChild(bills);
  box.appendChild(el("p", null, "近期工单："));
  const orders = el("ul", "orders");
  for (const w of p.workOrders) {
    const li = el("li", null, `${w.code} ${w.title} · ${w.statusLabel}`);
    if (w.photos && w.photos.length) li.appendChild(photoStrip(w.photos));
    orders.appendChild(li);
  }
  if (!p.workOrders.length) orders.appendChild(el("li", "empty", "无"));
  box.appendChild(orders);
}

function renderNotes(notes) {
  const ul = $("notes");
  ul.replaceChildren();
  for (const n of notes) ul.appendChild(el("li", null, `${time(n.at)} ${n.staffName}：${n.body}`));
}

async function act(action, body) {
  const r = await api("POST", `/api/v1/console/conversations/${encodeURIComponent(view.id)}/${action}`, body || {});
  const msg = $("conversation").querySelector(".action-msg");
  msg.textContent = r.ok ? "" : (r.data.message || "操作失败");
  return r;
}

async function refresh() {
  const r = await api("GET", `/api/v1/console/conversations/${encodeURIComponent(view.id)}`);
  if (!r.ok) return;
  view.detail = r.data.conversation;
  renderHead();
  renderNotes(r.data.notes);
  for (const m of r.data.messages) addMessage(m);
}

function wireConversation(main) {
  api("GET", "/api/v1/console/agents").then((r) => {
    const select = main.querySelector(".transfer-to");
    for (const a of (r.data.agents || []).filter((x) => x.code !== view.me.code)) {
      const o = el("option", null, `${a.name}（${a.code}）${a.online ? " 在线" : ""}`);
      o.value = a.code;
      select.appendChild(o);
    }
  });
  main.querySelector(".claim").addEventListener("click", async () => { await act("claim"); refresh(); });
  main.querySelector(".transfer").addEventListener("click", async () => {
    await act("transfer", { to: main.querySelector(".transfer-to").value }); refresh();
  });
  main.querySelector(".assign").addEventListener("click", async () => {
    await act("assign", { to: main.querySelector(".transfer-to").value }); refresh();
  });
  main.querySelector(".return").addEventListener("click", async () => { await act("return"); refresh(); });
  main.querySelector(".close").addEventListener("click", async () => {
    await act("close", { disposition: main.querySelector(".disposition").value }); refresh();
  });
  main.querySelector(".reply").addEventListener("submit", async (e) => {
    e.preventDefault();
    const box = main.querySelector(".reply-text");
    const r = await act("reply", { text: box.value });
    if (r.ok) {
      box.value = "";
      if (!r.data.delivered) main.querySelector(".action-msg").textContent = r.data.problem;
      refresh();
    }
  });
  main.querySelector(".canned").addEventListener("submit", async (e) => {
    e.preventDefault();
    const q = main.querySelector(".canned-q").value.trim();
    const r = await api("GET", `/api/v1/console/canned?q=${encodeURIComponent(q)}`);
    const ul = main.querySelector(".canned-list");
    ul.replaceChildren();
    for (const a of r.data.answers || []) {
      const li = el("li", null);
      li.appendChild(el("strong", null, a.title));
      li.appendChild(el("div", "text", a.text));
      const use = el("button", null, "填入回复");
      use.type = "button";
      use.addEventListener("click", () => { main.querySelector(".reply-text").value = a.text; });
      li.appendChild(use);
      ul.appendChild(li);
    }
  });
}

$("note-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const r = await act("notes", { text: $("note-text").value });
  if (r.ok) { $("note-text").value = ""; refresh(); }
});

$("order-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const house = $("order-house").value.trim();
  const location = $("order-location").value.trim();
  const r = await api("POST", `/api/v1/console/conversations/${encodeURIComponent(view.id)}/work-orders`,
    { house: house || null, location: location || null, description: $("order-description").value.trim() });
  $("order-msg").textContent = r.ok ? `已创建工单 ${r.data.code}（${r.data.priorityLabel}）` : r.data.message;
  if (r.ok) { $("order-description").value = ""; refresh(); }
});

async function loadAudit() {
  const r = await api("GET", `/api/v1/console/audit?q=${encodeURIComponent($("audit-q").value.trim())}&limit=50`);
  const ol = $("audit-list");
  ol.replaceChildren();
  for (const e of r.data.entries || []) {
    ol.appendChild(el("li", null, `${time(e.at)} ${e.actor} ${e.action} ${e.subject || ""} ${e.details || ""}`));
  }
}

$("audit-form").addEventListener("submit", (e) => { e.preventDefault(); loadAudit(); });
