// Importing office documents into the knowledge base (supervisors and admins): upload, look at the
// proposed articles, untick or rename them, save; then ask what the bot would answer. Every text from
// the file or the server is shown with textContent, never as HTML.
import { $, api, el, signIn } from "./staff.js";

const CATEGORIES = { fees: "收费", procedures: "办事流程", facilities: "设施", rules: "规定",
  contacts: "联系方式", emergencies: "应急", notices: "通知" };
let me = null;
let preview = null;

signIn(["supervisor", "admin"], (who) => { me = who; });

function say(text, detail) {
  $("msg").textContent = text || "";
  $("detail").textContent = detail || "";
}

$("upload-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const file = $("file").files[0];
  if (!file) return;
  say("正在读取……");
  $("preview").hidden = true;
  $("saved").hidden = true;
  const res = await fetch(`/api/v1/console/knowledge-import?name=${encodeURIComponent(file.name)}`, {
    method: "POST", credentials: "same-origin", body: file,
    headers: { "Content-Type": "application/octet-stream", "X-CSRF-Token": me.csrf } });
  let data = {};
  try { data = await res.json(); } catch (err) { /* not JSON */ }
  if (!res.ok) {
    // the Chinese sentence for the page, the operator's English reason beside it
    say(`未导入：${data.message || "读取失败"}`, data.detail || "");
    return;
  }
  preview = data;
  show(data);
  say(`读到 ${data.articles.length} 篇文章，请检查后保存。`);
});

function show(data) {
  $("preview-file").textContent = `${data.file}（${data.kind}）`;
  const warnings = $("warnings");
  warnings.textContent = "";
  for (const w of data.warnings) warnings.appendChild(el("li", null, w));
  const list = $("articles");
  list.textContent = "";
  for (const a of data.articles) {
    const box = el("div", "import-article");
    box.dataset.index = a.index;
    const head = el("label");
    const tick = el("input");
    tick.type = "checkbox";
    tick.checked = true;
    tick.className = "import-tick";
    const title = el("input");
    title.type = "text";
    title.value = a.title;
    title.maxLength = 100;
    title.className = "import-title";
    title.setAttribute("aria-label", "文章标题");
    head.append(tick, " ", title);
    const category = el("select");
    category.className = "import-category";
    for (const c of data.categories) {
      const o = el("option", null, CATEGORIES[c] || c);
      o.value = c;
      category.appendChild(o);
    }
    category.value = a.category;
    const meta = el("p", null, `编号 ${a.docId}${a.replaces ? "（将更新已有的同编号文章）" : ""}`);
    const body = el("pre", null, a.body);
    box.append(head, " 类别 ", category, meta, body);
    list.appendChild(box);
  }
  $("preview").hidden = false;
}

$("confirm").addEventListener("click", async () => {
  if (!preview) return;
  const articles = [];
  for (const box of $("articles").children) {
    if (!box.querySelector(".import-tick").checked) continue;
    articles.push({ index: Number(box.dataset.index), title: box.querySelector(".import-title").value.trim(),
      category: box.querySelector(".import-category").value });
  }
  if (!articles.length) { say("请至少勾选一篇文章。"); return; }
  say("正在保存……");
  const r = await api("POST", `/api/v1/console/knowledge-import/${encodeURIComponent(preview.preview)}/confirm`, { articles });
  if (!r.ok) { say(r.data.message || "保存失败"); return; }
  preview = null;
  $("preview").hidden = true;
  const list = $("saved-list");
  list.textContent = "";
  for (const s of r.data.saved) list.appendChild(el("li", null, `${s.title}（${s.docId}）`));
  $("saved").hidden = false;
  say(`已保存 ${r.data.saved.length} 篇文章，机器人马上就能用。可以在下面试问一下。`);
});

$("ask-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const q = $("ask-q").value.trim();
  const out = $("ask-result");
  out.textContent = "";
  if (!q) return;
  const r = await api("GET", `/api/v1/knowledge/search?community=${encodeURIComponent(me.community || me.communityId || "")}&k=3&q=${encodeURIComponent(q)}`);
  if (!r.ok) { out.appendChild(el("p", "refused", r.data.message || "查询失败")); return; }
  const verdict = el("p", "ask-verdict", r.data.abstained
    ? "机器人没有把握，会说不知道并建议转人工。"
    : `机器人会回答（把握 ${Math.round(r.data.confidence * 100)}%），引用：`);
  out.appendChild(verdict);
  if (!r.data.abstained) {
    for (const p of r.data.passages) {
      const quote = el("blockquote", "ask-quote", p.text);
      quote.dataset.doc = p.docId;
      out.appendChild(quote);
    }
  }
  out.appendChild(el("h4", null, "排名靠前的文章"));
  const ol = el("ol");
  for (const h of r.data.hits) {
    const li = el("li", "ask-hit");
    li.dataset.doc = h.docId;
    li.append(el("strong", null, h.title), el("span", null, `　${h.section || ""}　得分 ${h.score.toFixed(3)}`),
      snippet(h.snippet));
    ol.appendChild(li);
  }
  out.appendChild(ol);
});

// The search marks matched words with <em> in an HTML-escaped snippet: shown as <mark> elements and
// text nodes, so nothing of the document is ever parsed as HTML.
const ENTITIES = { "&quot;": '"', "&amp;": "&", "&lt;": "<", "&gt;": ">", "&#39;": "'", "&#x27;": "'" };
function snippet(html) {
  const div = el("div", "ask-snippet");
  (html || "").split(/(<\/?em>)/).reduce((inside, part) => {
    if (part === "<em>") return true;
    if (part === "</em>") return false;
    const text = part.replace(/&(quot|amp|lt|gt|#39|#x27);/g, (m) => ENTITIES[m]);
    if (text) div.appendChild(inside ? el("mark", null, text) : document.createTextNode(text));
    return inside;
  }, false);
  return div;
}
