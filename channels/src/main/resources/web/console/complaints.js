// Complaints and suggestions: agents read, supervisors and admins answer (the resident gets the answer
// in their own channel and is asked whether it resolved the matter). Past-deadline ones are flagged.
import { $, api, el, signIn, time } from "./staff.js";

let answering = false;
signIn(["agent", "supervisor", "admin"], (me) => { answering = me && ["supervisor", "admin"].includes(me.role); load(); });
$("open").addEventListener("change", load);

async function load() {
  const r = await api("GET", "/api/v1/console/complaints" + ($("open").checked ? "?open=true" : ""));
  const t = $("complaints");
  t.textContent = "";
  if (!r.ok) { $("msg").textContent = r.data.message || "读取失败"; return; }
  const head = el("tr");
  for (const h of ["单号", "类型", "事由", "住户原话", "房号", "提出时间", "首次答复期限", "办结期限", "答复", "回访", ""]) {
    head.appendChild(el("th", null, h));
  }
  t.appendChild(head);
  for (const k of r.data.complaints) {
    const tr = el("tr", k.breached ? "overdue" : null);
    const flag = k.firstAnswerBreached ? "（超时未答复）" : k.closeBreached ? "（超时未办结）" : "";
    const linked = k.linkedTo ? `（同一问题见${k.linkedTo}）` : k.repeats ? `（重复反映${k.repeats}次）` : "";
    const followUp = k.followUpAt ? `${k.followUpResolved === true ? "已解决" : k.followUpResolved === false ? "未解决" : ""}${k.followUpScore ? " " + k.followUpScore + "分" : ""}` : "";
    for (const v of [k.code + flag, k.kind === "suggestion" ? "建议" : "投诉", k.subjectLabel + linked, k.words, k.house || "",
      time(k.createdAt), time(k.firstAnswerDue), time(k.closeDue), k.answer ? `${k.answer}（${k.answeredBy}）` : "", followUp]) {
      tr.appendChild(el("td", null, v));
    }
    const cell = el("td");
    if (answering && !k.closedAt && k.status !== "cancelled") {
      const form = el("form");
      const text = el("textarea");
      text.placeholder = "答复住户（会发到住户的微信或网页聊天）";
      text.required = true;
      const close = el("input");
      close.type = "checkbox";
      const closeLabel = el("label", null, " 同时办结");
      closeLabel.prepend(close);
      form.append(text, closeLabel, el("button", null, "答复"));
      form.addEventListener("submit", async (e) => {
        e.preventDefault();
        const res = await api("POST", `/api/v1/console/complaints/${encodeURIComponent(k.code)}/reply`,
          { text: text.value.trim(), close: close.checked });
        $("msg").textContent = res.ok ? `已答复 ${k.code}` : (res.data.message || "答复失败");
        if (res.ok) load();
      });
      cell.appendChild(form);
    }
    tr.appendChild(cell);
    t.appendChild(tr);
  }
}
