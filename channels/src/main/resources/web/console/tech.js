// Technician's H5 page: my work orders, take, start, complete with a note, give back.
// When an order is completed the resident is asked (in their channel) to accept and rate it.
import { $, api, el, time, signIn } from "./staff.js";
import { photoStrip } from "./media.js";

signIn(["technician", "supervisor", "admin"], () => load());

async function act(w, action, body) {
  const r = await api("POST", `/api/v1/work-orders/${encodeURIComponent(w.code)}/${action}`,
    Object.assign({ version: w.version }, body || {}));
  $("tech-msg").textContent = r.ok ? `工单 ${w.code}：${r.data.statusLabel}` : (r.data.message || "操作失败");
  load();
}

function card(w) {
  const d = el("div", "order");
  d.dataset.order = w.code;
  d.appendChild(el("strong", null, `${w.code} · ${w.priorityLabel} · ${w.statusLabel}`));
  d.appendChild(el("div", null, `${w.house || w.location || ""} ${w.title}`));
  d.appendChild(el("div", "hint", w.description));
  if (w.photos && w.photos.length) d.appendChild(photoStrip(w.photos, "住户图片："));
  if (w.resolveDue) d.appendChild(el("div", w.overdue ? "alert" : "hint", `完成时限：${time(w.resolveDue)}`));
  const button = (label, action, body) => {
    const b = el("button", null, label);
    b.type = "button";
    b.addEventListener("click", () => act(w, action, body ? body() : {}));
    d.appendChild(b);
  };
  if (w.status === "submitted") button("抢单", "claim");
  if (w.status === "assigned") button("开始处理", "start");
  if (w.status === "in_progress") {
    const note = el("textarea");
    note.rows = 2;
    note.placeholder = "完工说明（必填）";
    d.appendChild(note);
    button("完工", "complete", () => ({ note: note.value.trim() }));
  }
  if (w.status === "assigned" || w.status === "in_progress") button("退单", "return", () => ({ reason: prompt("退单原因") || "" }));
  return d;
}

async function load() {
  const mine = await api("GET", "/api/v1/work-orders?mine=true&limit=50");
  const open = await api("GET", "/api/v1/work-orders?status=submitted&limit=50");
  const active = (mine.data.workOrders || []).filter((w) => ["assigned", "in_progress", "pending_acceptance"].includes(w.status));
  $("mine").replaceChildren(...(active.length ? active.map(card) : [el("p", "empty", "暂无")]));
  const grab = (open.data.workOrders || []).filter((w) => !w.assignee);
  $("open").replaceChildren(...(grab.length ? grab.map(card) : [el("p", "empty", "暂无")]));
}
