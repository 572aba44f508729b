// The knowledge editor: everyone at the desk reads the articles; supervisors and admins write their
// community's (admins also the company-wide ones). Every save is a version; the "机器人会怎么回答"
// box (kb-ask.js) shows what the bot would answer before and after an edit.
import { $, api, el, signIn, time } from "./staff.js";
import { mountKbAsk } from "./kb-ask.js";

const CATEGORIES = { fees: "收费", procedures: "办事流程", facilities: "设施", rules: "规定", contacts: "联系方式",
  emergencies: "应急", notices: "通知" };
const STATES = { current: "使用中", scheduled: "未生效", expired: "已过期", retired: "已停用" };
const ACTIONS = { imported: "导入", created: "新建", edited: "修改", retired: "停用", restored: "恢复", rolled_back: "回滚" };
const BASE = "/api/v1/console/knowledge";

let me = null;
let canWrite = false;
let canWriteCompany = false;
let open = null; // the article in the editor: {scope, docId, version, ...}; null for a new one

signIn(["agent", "supervisor", "admin"], (who) => {
  me = who;
  canWrite = ["supervisor", "admin"].includes(who.role);
  canWriteCompany = who.role === "admin";
  mountKbAsk($("kb-ask"), who.community);
  fresh();
  load();
});

function say(text) { $("msg").textContent = text; }

async function load() {
  const params = new URLSearchParams();
  if ($("kb-q").value.trim()) params.set("q", $("kb-q").value.trim());
  if ($("kb-scope").value) params.set("scope", $("kb-scope").value);
  const r = await api("GET", BASE + "?" + params);
  const t = $("kb-list");
  t.textContent = "";
  if (!r.ok) { say(r.data.message || "读取失败"); return; }
  canWrite = r.data.canWrite;
  canWriteCompany = r.data.canWriteCompany;
  $("kb-new").hidden = !canWrite;
  const select = $("kb-category");
  if (!select.options.length) {
    for (const c of r.data.categories) { const o = el("option", null, CATEGORIES[c] || c); o.value = c; select.appendChild(o); }
  }
  $("kb-form-scope").options[1].disabled = !canWriteCompany;
  const head = el("tr");
  for (const h of ["范围", "标题", "分类", "状态"]) head.appendChild(el("th", null, h));
  t.appendChild(head);
  for (const a of r.data.articles) {
    const tr = el("tr");
    tr.dataset.doc = a.docId;
    tr.dataset.scope = a.scope;
    if (a.state === "retired") tr.classList.add("retired");
    if (a.overridden) tr.classList.add("overridden");
    if (open && open.docId === a.docId && open.scope === a.scope) tr.classList.add("open");
    tr.append(el("td", null, a.scope === "company" ? (a.overridden ? "全公司（本小区已单独写）" : "全公司") : "本小区"),
      el("td", null, a.title), el("td", null, CATEGORIES[a.category] || a.category), el("td", null, STATES[a.state] || a.state));
    tr.title = a.docId;
    tr.addEventListener("click", () => show(a.scope, a.docId));
    t.appendChild(tr);
  }
  if (r.data.articles.length === 0) t.appendChild(el("tr", "empty", "没有文章"));
}

let searchTimer = null;
$("kb-q").addEventListener("input", () => { clearTimeout(searchTimer); searchTimer = setTimeout(load, 250); });
$("kb-scope").addEventListener("change", load);
$("kb-new").addEventListener("click", () => fresh());

function editable(scope) { return scope === "company" ? canWriteCompany : canWrite; }

function fresh(prefill) {
  open = null;
  $("kb-form").reset();
  $("kb-form-title").textContent = "新建文章";
  $("kb-doc").readOnly = false;
  $("kb-form-scope").disabled = false;
  if (prefill) {
    $("kb-form-scope").value = "community";
    $("kb-doc").value = prefill.docId;
    $("kb-doc").readOnly = true;
    $("kb-form-scope").disabled = true;
    fillFields(prefill);
    $("kb-form-title").textContent = "为本小区单独写一版";
  }
  for (const id of ["kb-retire", "kb-restore", "kb-override"]) $(id).hidden = true;
  $("kb-save").hidden = !canWrite;
  $("kb-form-scope").options[1].disabled = !canWriteCompany;
  $("kb-state").textContent = "";
  $("kb-versions").textContent = "";
  $("kb-diff").textContent = "";
  preview();
}

function fillFields(a) {
  $("kb-title").value = a.title;
  $("kb-category").value = a.category;
  $("kb-tags").value = a.tags.join(",");
  $("kb-from").value = a.validFrom || "";
  $("kb-until").value = a.validUntil || "";
  $("kb-body").value = a.body;
}

async function show(scope, docId) {
  const r = await api("GET", `${BASE}/${scope}/${encodeURIComponent(docId)}`);
  if (!r.ok) { say(r.data.message || "读取失败"); return; }
  const a = r.data;
  open = a;
  $("kb-form-title").textContent = `${a.title}（第 ${a.version || 1} 版）`;
  $("kb-form-scope").value = a.scope;
  $("kb-form-scope").disabled = true;
  $("kb-doc").value = a.docId;
  $("kb-doc").readOnly = true;
  fillFields(a);
  const writable = editable(a.scope);
  $("kb-save").hidden = !writable || a.state === "retired";
  $("kb-retire").hidden = !writable || a.state === "retired";
  $("kb-restore").hidden = !writable || a.state !== "retired";
  $("kb-override").hidden = !(a.scope === "company" && canWrite);
  $("kb-state").textContent = `${a.scope === "company" ? "全公司" : "本小区"} · ${STATES[a.state] || a.state} · 编号 ${a.docId} · 来源 ${a.source}`;
  $("kb-diff").textContent = "";
  versions(a);
  preview();
  for (const tr of $("kb-list").querySelectorAll("tr")) {
    tr.classList.toggle("open", tr.dataset.doc === a.docId && tr.dataset.scope === a.scope);
  }
}

function versions(a) {
  const t = $("kb-versions");
  t.textContent = "";
  const head = el("tr");
  for (const h of ["版本", "操作", "谁", "时间", ""]) head.appendChild(el("th", null, h));
  t.appendChild(head);
  for (const v of a.versions) {
    const tr = el("tr");
    tr.dataset.version = v.version;
    const action = (ACTIONS[v.action] || v.action) + (v.fromVersion ? `（到第 ${v.fromVersion} 版）` : "");
    tr.append(el("td", null, v.version), el("td", null, action), el("td", null, v.author), el("td", null, time(v.savedAt)));
    const cell = el("td");
    if (v.version !== a.version) {
      const diff = el("button", "kb-diff-button", "对比当前");
      diff.type = "button";
      diff.addEventListener("click", () => showDiff(a, v.version, a.version));
      cell.appendChild(diff);
      if (editable(a.scope)) {
        const back = el("button", "kb-rollback", "回滚到此版");
        back.type = "button";
        back.addEventListener("click", async () => {
          if (!confirm(`把文章回滚到第 ${v.version} 版？（会保存为新的一版）`)) return;
          const res = await api("POST", `${BASE}/${a.scope}/${encodeURIComponent(a.docId)}/rollback`, { version: v.version });
          say(res.ok ? `已回滚到第 ${v.version} 版，机器人立即按此回答` : "回滚失败：" + (res.data.message || res.status));
          await show(a.scope, a.docId);
          load();
        });
        cell.appendChild(back);
      }
    } else if (v.version > 1) {
      const diff = el("button", "kb-diff-button", "对比上一版");
      diff.type = "button";
      diff.addEventListener("click", () => showDiff(a, v.version - 1, v.version));
      cell.appendChild(diff);
    }
    tr.appendChild(cell);
    t.appendChild(tr);
  }
  // any two versions
  if (a.versions.length > 1) {
    const row = el("tr");
    const cell = el("td");
    cell.colSpan = 5;
    const from = el("select");
    from.id = "kb-diff-from";
    const to = el("select");
    to.id = "kb-diff-to";
    for (const v of a.versions) {
      for (const s of [from, to]) { const o = el("option", null, `第 ${v.version} 版`); o.value = v.version; s.appendChild(o); }
    }
    from.value = a.versions[1].version;
    to.value = a.versions[0].version;
    const go = el("button", null, "对比");
    go.type = "button";
    go.id = "kb-diff-go";
    go.addEventListener("click", () => showDiff(a, Number(from.value), Number(to.value)));
    cell.append("从 ", from, " 到 ", to, " ", go);
    row.appendChild(cell);
    t.appendChild(row);
  }
}

async function showDiff(a, from, to) {
  const r = await api("GET", `${BASE}/${a.scope}/${encodeURIComponent(a.docId)}/diff?from=${from}&to=${to}`);
  const box = $("kb-diff");
  box.textContent = "";
  if (!r.ok) { say(r.data.message || "对比失败"); return; }
  box.appendChild(el("div", "hint", `第 ${from} 版 → 第 ${to} 版`));
  for (const l of r.data.lines) {
    const line = el("div", l.op === "+" ? "add" : l.op === "-" ? "del" : null, (l.op === "=" ? "  " : l.op + " ") + l.text);
    box.appendChild(line);
  }
}

function draft() {
  return {
    docId: $("kb-doc").value.trim(), title: $("kb-title").value, category: $("kb-category").value,
    tags: $("kb-tags").value.split(/[,，、\s]+/).filter((x) => x), body: $("kb-body").value,
    validFrom: $("kb-from").value || null, validUntil: $("kb-until").value || null,
    baseVersion: open ? open.version : null,
  };
}

$("kb-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const d = draft();
  const scope = open ? open.scope : $("kb-form-scope").value;
  const res = open
    ? await api("PUT", `${BASE}/${scope}/${encodeURIComponent(open.docId)}`, d)
    : await api("POST", `${BASE}/${scope}`, d);
  if (!res.ok) { say("保存失败：" + (res.data.message || res.status)); return; }
  say(`已保存第 ${res.data.version} 版，机器人立即按新内容回答`);
  await show(res.data.scope, res.data.docId);
  load();
});

for (const [id, action, done] of [["kb-retire", "retire", "已停用，机器人不再引用这篇文章"], ["kb-restore", "restore", "已恢复"]]) {
  $(id).addEventListener("click", async () => {
    if (!open) return;
    const res = await api("POST", `${BASE}/${open.scope}/${encodeURIComponent(open.docId)}/${action}`);
    say(res.ok ? done : "操作失败：" + (res.data.message || res.status));
    await show(open.scope, open.docId);
    load();
  });
}

$("kb-override").addEventListener("click", () => { if (open) fresh(open); });

// ---- Markdown preview: a small safe subset, built as elements with textContent only ----

$("kb-body").addEventListener("input", preview);
$("kb-title").addEventListener("input", preview);

function preview() {
  const box = $("kb-preview");
  box.textContent = "";
  box.appendChild(markdown($("kb-body").value));
}

/** Headings, lists, tables, paragraphs, **bold** and `code`; everything else shows as plain text. */
export function markdown(text) {
  const root = document.createDocumentFragment();
  const lines = text.replace(/\r\n/g, "\n").split("\n");
  let para = null;
  let list = null;
  let table = null;
  const close = () => { para = null; list = null; table = null; };
  for (const raw of lines) {
    const line = raw.trimEnd();
    let m;
    if (!line.trim()) { close(); continue; }
    if ((m = /^(#{1,6})\s+(.*)$/.exec(line))) {
      close();
      root.appendChild(inline(el("h" + Math.min(6, m[1].length + 2)), m[2]));
    } else if ((m = /^\s*([-*+]|\d+[.、)])\s+(.*)$/.exec(line))) {
      const ordered = /\d/.test(m[1]);
      if (!list || list.tagName !== (ordered ? "OL" : "UL")) {
        close();
        list = el(ordered ? "ol" : "ul");
        root.appendChild(list);
      }
      list.appendChild(inline(el("li"), m[2]));
    } else if (/^\s*\|.*\|\s*$/.test(line)) {
      if (/^\s*\|[\s:|-]+\|\s*$/.test(line)) continue; // the header separator row
      if (!table) { close(); table = el("table"); root.appendChild(table); }
      const tr = el("tr");
      const cells = line.trim().slice(1, -1).split("|");
      for (const c of cells) tr.appendChild(inline(el(table.rows.length ? "td" : "th"), c.trim()));
      table.appendChild(tr);
    } else {
      if (!para) { close(); para = el("p"); root.appendChild(para); } else { para.appendChild(el("br")); }
      inline(para, line.trim());
    }
  }
  return root;
}

function inline(target, text) {
  const parts = text.split(/(\*\*[^*]+\*\*|`[^`]+`)/);
  for (const p of parts) {
    if (!p) continue;
    if (p.startsWith("**") && p.endsWith("**") && p.length > 4) target.appendChild(el("strong", null, p.slice(2, -2)));
    else if (p.startsWith("`") && p.endsWith("`") && p.length > 2) target.appendChild(el("code", null, p.slice(1, -1)));
    else target.appendChild(document.createTextNode(p));
  }
  return target;
}
