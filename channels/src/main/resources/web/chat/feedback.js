// The page a WeChat answer links to: the answer, and 👍/👎 for it. The link's key stands for the
// follower; all text is inserted as text.
const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const m = params.get("m") || "";
const k = params.get("k") || "";

async function load() {
  const res = await fetch(`/api/v1/feedback/links/${encodeURIComponent(m)}?k=${encodeURIComponent(k)}`);
  const data = await res.json().catch(() => ({}));
  if (!res.ok) { $("answer").textContent = data.message || "链接已失效。"; return; }
  if (data.question) { $("question").textContent = data.question; $("question").hidden = false; }
  $("answer").textContent = data.answer;
  $("votes").hidden = false;
  mark(data.helpful);
}

function mark(helpful) {
  document.querySelectorAll("#votes button").forEach((b) =>
    b.setAttribute("aria-pressed", String(helpful !== null && helpful !== undefined && b.dataset.helpful === String(helpful))));
}

document.querySelectorAll("#votes button").forEach((b) => b.addEventListener("click", async () => {
  const helpful = b.dataset.helpful === "true";
  const res = await fetch(`/api/v1/feedback/links/${encodeURIComponent(m)}`, { method: "POST",
    headers: { "Content-Type": "application/json" }, body: JSON.stringify({ k, helpful }) });
  const data = await res.json().catch(() => ({}));
  if (!res.ok) { $("msg").textContent = data.message || "提交失败，请稍后再试。"; return; }
  mark(helpful);
  $("msg").textContent = helpful ? "谢谢您的评价！" : "谢谢反馈，我们会补充完善这方面的解答。";
}));
load();
