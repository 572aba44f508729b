// Unanswered questions grouped by meaning: the desk reads them; supervisors and admins write an
// article, add the question to an article, save the draft from an agent's replies, or set a group aside.
import { $, api, el, time } from "./staff.js";
import { signIn } from "./staff.js";

const KINDS = { abstained: "没找到答案", handoff: "两次答不上转人工", thumbs_down: "住户点了没用" };

signIn(["agent", "supervisor", "admin"], () => load());

async function load() {
  const r = await api("GET", "/api/v1/console/unanswered");
  const box = $("groups");
  box.textContent = "";
  if (!r.ok) { $("msg").textContent = r.data.message || "读取失败"; return; }
  if (!r.data.groups.length) { box.appendChild(el("p", null, "目前没有未解答的问题。")); return; }
  for (const g of r.data.groups) box.appendChild(group(g, r.data));
}

function group(g, data) {
  const card = el("article", "group");
  card.dataset.group = g.id;
  const kinds = Object.entries(g.kinds).map(([k, n]) => `${KINDS[k] || k} ${n}`).join(" · ");
  card.appendChild(el("h3", null, `${g.examples[0].question}（${g.count}次，最近 ${time(g.latest)}）`));
  card.appendChild(el("p", "hint", kinds));
  const list = el("ul", "examples");
  for (const q of g.examples) {
    const li = el("li");
    li.append(el("strong", null, q.question), el("span", "hint", ` ${time(q.at)} · 机器人答：`),
      el("span", "answer", q.answer));
    list.appendChild(li);
  }
  card.appendChild(list);
  if (g.draft) {
    const d = el("details", "draft");
    d.appendChild(el("summary", null, "人工客服答过：可存为文章草稿"));
    const title = el("input");
    title.value = g.draft.title;
    title.className = "draft-title";
    const body = el("textarea");
    body.rows = 6;
    body.value = g.draft.body;
    body.className = "draft-body";
    const category = select(data.categories.map((c) => [c, c]));
    category.value = "procedures";
    d.append(el("label", null, "标题 "), title, el("label", null, "类别 "), category, body);
    if (data.canEdit) {
      const save = button("存为文章", async () => {
        const res = await api("POST", `/api/v1/console/unanswered/${g.id}/article`,
          { title: title.value, body: body.value, category: category.value });
        done(res, res.ok ? `已保存文章《${res.data.title}》` : null);
      });
      save.className = "save-draft";
      d.appendChild(save);
    }
    card.appendChild(d);
  }
  const actions = el("div", "actions");
  const write = el("a", null, "写一篇文章");
  write.href = g.writeArticle;
  actions.appendChild(write);
  if (data.canEdit) {
    const pick = select([["", "加到文章的常见问法…"], ...data.articles.map((a) => [a.docId, a.title])]);
    pick.className = "article-pick";
    const add = button("加为示例问法", async () => {
      if (!pick.value) { $("msg").textContent = "请先选择文章"; return; }
      const res = await api("POST", `/api/v1/console/unanswered/${g.id}/example`, { docId: pick.value });
      done(res, res.ok ? `已把“${res.data.question}”加到文章的常见问法` : null);
    });
    add.className = "add-example";
    const dismiss = button("忽略", async () => {
      done(await api("POST", `/api/v1/console/unanswered/${g.id}/dismiss`, {}), "已忽略这组问题");
    });
    actions.append(pick, add, dismiss);
  }
  card.appendChild(actions);
  return card;
}

function select(options) {
  const s = el("select");
  for (const [value, label] of options) { const o = el("option", null, label); o.value = value; s.appendChild(o); }
  return s;
}

function button(label, onClick) {
  const b = el("button", null, label);
  b.type = "button";
  b.addEventListener("click", onClick);
  return b;
}

function done(res, message) {
  $("msg").textContent = res.ok ? message : (res.data.message || "操作失败");
  if (res.ok) load();
}
