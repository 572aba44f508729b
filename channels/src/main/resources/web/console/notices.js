// Notices (公告): everyone at the desk sees them and how far each reached; supervisors and admins
// publish, edit and withdraw them (the server audits each change).
import { $, api, el, signIn } from "./staff.js";

const CHANNELS = { wechat: "微信", web: "网页", voice: "电话", chat: "对话" };
const STATES = { current: "生效中", scheduled: "未开始", expired: "已过期", withdrawn: "已撤回" };
let me = null;

signIn(["agent", "supervisor", "admin"], (who) => { me = who; load(); });

async function load() {
  const r = await api("GET", "/api/v1/console/notices");
  const t = $("notices");
  t.textContent = "";
  if (!r.ok) { $("msg").textContent = r.data.message || "读取失败"; return; }
  const publisher = me && ["supervisor", "admin"].includes(me.role);
  $("notice-form").hidden = !publisher;
  const select = $("notice-category");
  if (!select.options.length) {
    for (const c of r.data.categories) { const o = el("option", null, c.label); o.value = c.code; select.appendChild(o); }
  }
  const head = el("tr");
  for (const h of ["类别", "标题", "范围", "有效期", "状态", "送达", "正文", ""]) head.appendChild(el("th", null, h));
  t.appendChild(head);
  for (const n of r.data.notices) {
    const tr = el("tr");
    tr.dataset.notice = n.id;
    const reach = n.reach;
    const per = Object.entries(reach.byChannel).map(([k, v]) => `${CHANNELS[k] || k} ${v}`).join(" · ");
    for (const v of [n.label, n.title, n.buildings.length ? n.buildings.join("、") + "幢" : "全小区",
      `${n.validFrom} 至 ${n.validUntil}`, STATES[n.state] || n.state,
      `${reach.reached}/${reach.targeted} 户人（${per}）`, n.body]) {
      tr.appendChild(el("td", null, v));
    }
    tr.children[5].className = "reach";
    const cell = el("td");
    if (publisher && n.state !== "withdrawn") {
      const edit = el("button", null, "修改");
      edit.type = "button";
      edit.addEventListener("click", () => fill(n));
      const withdraw = el("button", null, "撤回");
      withdraw.type = "button";
      withdraw.addEventListener("click", async () => {
        const reason = prompt("撤回原因（可不填）") ?? "";
        const res = await api("POST", `/api/v1/console/notices/${n.id}/withdraw`, { reason });
        $("msg").textContent = res.ok ? "已撤回" : (res.data.message || "撤回失败");
        load();
      });
      cell.append(edit, withdraw);
    }
    tr.appendChild(cell);
    t.appendChild(tr);
  }
}

function fill(n) {
  $("notice-id").value = n.id;
  $("notice-title").value = n.title;
  $("notice-category").value = n.category;
  $("notice-buildings").value = n.buildings.join(",");
  $("notice-from").value = n.validFrom;
  $("notice-until").value = n.validUntil;
  $("notice-body").value = n.body;
  $("form-title").textContent = "修改公告";
  $("notice-submit").textContent = "保存修改";
  $("notice-cancel").hidden = false;
}

function reset() {
  $("notice-form").reset();
  $("notice-id").value = "";
  $("form-title").textContent = "发布公告";
  $("notice-submit").textContent = "发布";
  $("notice-cancel").hidden = true;
}

$("notice-cancel").addEventListener("click", reset);
$("notice-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const id = $("notice-id").value;
  const body = {
    title: $("notice-title").value.trim(), category: $("notice-category").value,
    buildings: $("notice-buildings").value.trim(), validFrom: $("notice-from").value,
    validUntil: $("notice-until").value, body: $("notice-body").value.trim(),
  };
  const res = await api("POST", "/api/v1/console/notices" + (id ? `/${id}` : ""), body);
  $("msg").textContent = res.ok ? (id ? "已保存修改" : "已发布") : (res.data.message || "保存失败");
  if (res.ok) { reset(); load(); }
});
