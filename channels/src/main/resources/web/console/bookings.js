// Staff: a facility's bookings of a day (cancel any); supervisors and admins also edit the
// facilities (hours, slot length, capacity, fee, how far ahead) and the community's rules.
import { $, api, el, signIn } from "./staff.js";

let manager = false;

signIn(["agent", "supervisor", "admin"], async (me) => {
  manager = me.role === "supervisor" || me.role === "admin";
  await facilities();
  load();
  if (manager) { $("manage").hidden = false; rules(); }
});
$("filter").addEventListener("submit", (e) => { e.preventDefault(); load(); });

async function facilities() {
  const r = await api("GET", "/api/v1/bookings/facilities");
  if (!r.ok) { $("msg").textContent = r.data.message || "读取失败"; return; }
  const select = $("facility");
  const chosen = select.value;
  select.textContent = "";
  for (const f of r.data.facilities.filter((x) => x.active)) {
    const o = el("option", null, f.name);
    o.value = f.code;
    select.appendChild(o);
  }
  if (chosen) select.value = chosen;
  if (manager) editor(r.data.facilities);
}

async function load() {
  const t = $("bookings");
  t.textContent = "";
  if (!$("facility").value) { $("msg").textContent = "本小区还没有可预约的场地。"; return; }
  // no day chosen: the server's today in the community's time zone
  const day = $("day").value ? `&day=${$("day").value}` : "";
  const r = await api("GET", `/api/v1/bookings/day?facility=${encodeURIComponent($("facility").value)}${day}`);
  if (!r.ok) { $("msg").textContent = r.data.message || "读取失败"; return; }
  $("day").value = r.data.day;
  const head = el("tr");
  for (const h of ["时段", "房屋", "预约号", "状态", "费用", "渠道", ""]) head.appendChild(el("th", null, h));
  t.appendChild(head);
  for (const b of r.data.bookings) {
    const tr = el("tr");
    const state = { confirmed: "有效", awaiting_payment: "待支付", cancelled: "已取消" }[b.status] || b.status;
    const paid = { free: "免费", at_facility: "（现场付）", awaiting: "（待在线支付）", online: "（已在线支付）",
      refunded: "（已退款）" }[b.feePaid] || "";
    for (const v of [b.label, b.house, b.code, state, b.feePaid === "free" ? paid : `¥${b.fee}${paid}`, b.channel]) {
      tr.appendChild(el("td", null, v));
    }
    const cell = el("td");
    if (b.status !== "cancelled") {
      const cancel = el("button", null, "取消");
      cancel.type = "button";
      cancel.addEventListener("click", async () => {
        const res = await api("POST", `/api/v1/bookings/${encodeURIComponent(b.code)}/cancel`, {});
        $("msg").textContent = res.ok ? `已取消 ${b.code}` : (res.data.message || "取消失败");
        load();
      });
      cell.appendChild(cancel);
    }
    tr.appendChild(cell);
    t.appendChild(tr);
  }
  if (!r.data.bookings.length) $("msg").textContent = "这一天还没有预约。";
  else $("msg").textContent = "";
}

function editor(list) {
  const t = $("facilities");
  t.textContent = "";
  const head = el("tr");
  for (const h of ["编号", "名称", "开放", "关闭", "每段分钟", "每段可约", "费用(元)", "可提前天数", "开放预约", ""]) head.appendChild(el("th", null, h));
  t.appendChild(head);
  for (const f of [...list, { code: "", name: "", open: "09:00", close: "21:00", slotMinutes: 60, capacity: 1, fee: "0", advanceDays: 7, active: true }]) {
    const tr = el("tr");
    const input = (value, type) => { const i = el("input"); i.value = value; if (type) i.type = type; const td = el("td"); td.appendChild(i); tr.appendChild(td); return i; };
    const code = input(f.code);
    code.placeholder = "新场地编号";
    if (f.code) code.readOnly = true;
    const name = input(f.name);
    const open = input(f.open.substring(0, 5), "time");
    const close = input(f.close.substring(0, 5), "time");
    const slot = input(f.slotMinutes, "number");
    const capacity = input(f.capacity, "number");
    const fee = input(f.fee);
    const advance = input(f.advanceDays, "number");
    const active = input("", "checkbox");
    active.checked = f.active;
    const save = el("button", null, f.code ? "保存" : "添加");
    save.type = "button";
    save.addEventListener("click", async () => {
      const res = await api("PUT", `/api/v1/bookings/facilities/${encodeURIComponent(code.value.trim())}`, {
        name: name.value.trim(), open: open.value, close: close.value, slotMinutes: Number(slot.value),
        capacity: Number(capacity.value), fee: fee.value.trim(), advanceDays: Number(advance.value), active: active.checked });
      $("msg").textContent = res.ok ? `已保存：${res.data.name}` : (res.data.message || "保存失败");
      if (res.ok) facilities();
    });
    const td = el("td");
    td.appendChild(save);
    tr.appendChild(td);
    t.appendChild(tr);
  }
}

async function rules() {
  const r = await api("GET", "/api/v1/bookings/rules");
  if (!r.ok) return;
  $("activePerHouse").value = r.data.activePerHouse;
  $("cancelBeforeMinutes").value = r.data.cancelBeforeMinutes;
}

$("rules").addEventListener("submit", async (e) => {
  e.preventDefault();
  const res = await api("PUT", "/api/v1/bookings/rules", { activePerHouse: Number($("activePerHouse").value),
    cancelBeforeMinutes: Number($("cancelBeforeMinutes").value) });
  $("msg").textContent = res.ok ? "规则已保存。" : (res.data.message || "保存失败");
});
