// Staff sign-in shared by the console, the dashboard and the technician page. The session rides in
// an HttpOnly cookie; every change echoes the CSRF token the server handed out at sign-in.
export const $ = (id) => document.getElementById(id);
const session = { csrf: null, me: null };

export async function api(method, path, body) {
  const headers = {};
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (method !== "GET" && session.csrf) headers["X-CSRF-Token"] = session.csrf;
  const res = await fetch(path, { method, credentials: "same-origin", headers,
    body: body === undefined ? undefined : JSON.stringify(body) });
  let data = {};
  try { data = await res.json(); } catch (e) { /* empty or not JSON */ }
  return { ok: res.ok, status: res.status, data };
}

export function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined && text !== null) e.textContent = String(text);
  return e;
}

export function time(iso) {
  return iso ? iso.substring(5, 16).replace("T", " ") : "";
}

// The sign-in form all staff pages share; each page names it in data-title.
function signInForm() {
  const form = $("signin");
  form.appendChild(el("h1", null, form.dataset.title));
  for (const [id, label, type, complete] of [["signin-community", "小区编号", "text", "organization"],
    ["signin-code", "工号", "text", "username"], ["signin-password", "密码", "password", "current-password"]]) {
    const l = el("label", null, label + " ");
    const input = el("input");
    input.id = id;
    input.type = type;
    input.required = true;
    input.autocomplete = complete;
    l.appendChild(input);
    form.appendChild(l);
  }
  const submit = el("button", null, "登录");
  submit.type = "submit";
  const msg = el("p");
  msg.id = "signin-msg";
  msg.setAttribute("role", "alert");
  form.append(submit, msg);
}

/** Shows the sign-in form until a staff member with one of the roles is signed in; resolves to them. */
export async function signIn(roles, onReady) {
  signInForm();
  const me = await api("GET", "/api/v1/staff/me");
  if (me.ok && roles.includes(me.data.role)) {
    session.csrf = me.data.csrf;
    session.me = me.data;
    return ready(onReady);
  }
  $("signin").hidden = false;
  const params = new URLSearchParams(location.search);
  if (params.get("community")) $("signin-community").value = params.get("community");
  $("signin").addEventListener("submit", async (e) => {
    e.preventDefault();
    const r = await api("POST", "/api/v1/staff/login", { community: $("signin-community").value.trim(),
      code: $("signin-code").value.trim(), password: $("signin-password").value });
    $("signin-password").value = "";
    if (!r.ok) { $("signin-msg").textContent = r.data.message || "登录失败"; return; }
    if (!roles.includes(r.data.role)) { $("signin-msg").textContent = "该账号没有此页面的权限。"; return; }
    session.csrf = r.data.csrf;
    session.me = r.data;
    $("signin").hidden = true;
    ready(onReady);
  });
}

function ready(onReady) {
  $("signin").hidden = true;
  $("app").hidden = false;
  $("me").textContent = `${session.me.name}（${session.me.code}）`;
  $("signout").addEventListener("click", async () => {
    await api("POST", "/api/v1/staff/logout");
    location.reload();
  });
  onReady(session.me);
}
