// "机器人会怎么回答": ask the knowledge search a question as a resident of the community would, and
// see the ranked articles, the passage the bot would quote and whether it would rather not answer.
// Reusable: mountKbAsk(element, communityId) fills the element; nothing is written as HTML.

function node(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined && text !== null) e.textContent = String(text);
  return e;
}

export function mountKbAsk(element, communityId) {
  element.classList.add("kb-ask");
  element.textContent = "";
  const form = node("form");
  const input = node("input", "kb-ask-input");
  input.placeholder = "输入住户可能会问的问题，例如：车库月租怎么续费";
  input.maxLength = 500;
  const go = node("button", "kb-ask-go", "问一下");
  go.type = "submit";
  form.append(node("h3", null, "机器人会怎么回答"), input, go);
  const verdict = node("p", "verdict");
  verdict.setAttribute("role", "status");
  const quote = node("div", "kb-ask-passages");
  const hits = node("ol", "kb-ask-hits");
  element.append(form, verdict, quote, hits);

  async function ask() {
    const q = input.value.trim();
    if (!q) return;
    verdict.className = "verdict";
    verdict.textContent = "查询中…";
    quote.textContent = "";
    hits.textContent = "";
    const params = new URLSearchParams({ q, k: "5" });
    if (communityId) params.set("community", communityId);
    let data = {};
    let ok = false;
    try {
      const res = await fetch("/api/v1/knowledge/search?" + params, { credentials: "same-origin" });
      ok = res.ok;
      data = await res.json();
    } catch (e) { /* shown below */ }
    if (!ok) { verdict.textContent = "查询失败：" + (data.message || "请稍后再试"); return; }
    verdict.className = "verdict " + (data.abstained ? "abstain" : "answer");
    verdict.textContent = data.abstained
      ? `不会回答（把握 ${data.confidence}），机器人会请住户换个说法或转人工`
      : `会回答（把握 ${data.confidence}），引用以下内容：`;
    if (!data.abstained) {
      for (const p of data.passages) {
        const b = node("blockquote", "kb-ask-passage", p.text);
        b.dataset.doc = p.docId;
        quote.append(node("div", "hint", `《${p.title}》`), b);
      }
    }
    for (const h of data.hits) {
      const li = node("li", null, `${h.title}（${h.docId}）`);
      li.dataset.doc = h.docId;
      li.append(node("span", "hint", ` 得分 ${Math.round(h.score * 1000) / 1000}${h.section ? " · " + h.section : ""}`));
      hits.append(li);
    }
    if (!data.hits.length) hits.append(node("li", "empty", "没有找到相关文章"));
  }

  form.addEventListener("submit", (e) => { e.preventDefault(); ask(); });
  return { ask: (q) => { input.value = q; return ask(); } };
}

// for pages that are not modules
window.mountKbAsk = mountKbAsk;
