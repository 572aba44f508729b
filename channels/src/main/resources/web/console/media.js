// Photos and voice residents sent, as staff pages show them: thumbnails that open the full image,
// voice as a player/download link. Loaded from /api/v1/media with the staff session; never cached.
import { el } from "./staff.js";

export function photoStrip(urls, label) {
  const box = el("div", "photos");
  if (!urls || !urls.length) return box;
  if (label) box.appendChild(el("span", "hint", label));
  urls.forEach((url, i) => {
    const a = el("a");
    a.href = url;
    a.target = "_blank";
    a.rel = "noopener";
    const img = el("img");
    img.src = url;
    img.alt = `图片${i + 1}`;
    img.loading = "lazy";
    a.appendChild(img);
    box.appendChild(a);
  });
  return box;
}

// What came in one conversation: stored pieces as thumbnails or audio, the rest with their state.
export function mediaList(items) {
  const box = el("div", "photos");
  for (const m of items) {
    if (m.state !== "stored") {
      box.appendChild(el("span", "hint", `${m.kind === "voice" ? "语音" : "图片"}${m.state === "pending" ? "下载中" : "下载失败"}`));
    } else if (m.kind === "image") {
      box.appendChild(photoStrip([m.url]).firstChild);
    } else {
      const a = el("a", null, "语音");
      a.href = m.url;
      a.target = "_blank";
      a.rel = "noopener";
      box.appendChild(a);
    }
  }
  return box;
}
