/* global Office */
/**
 * The small dialog the ribbon command opens to show its result. Everything it
 * shows comes from its query string, set by commands.ts; it is written as text.
 */
function show(): void {
  const params = new URLSearchParams(window.location.search);
  const text = (id: string, value: string | null) => {
    const el = document.getElementById(id);
    if (el && value) el.textContent = value;
    return el;
  };
  document.documentElement.lang = params.get("lang") ?? "zh-CN";
  text("title", params.get("title"));
  text("body", params.get("body"));
  const detail = text("detail", params.get("detail"));
  if (detail && params.get("detail")) detail.hidden = false;
  if (params.get("kind") === "error") document.getElementById("bar")?.classList.add("error");
  const close = text("close", params.get("close"));
  close?.addEventListener("click", () => {
    if (typeof Office !== "undefined" && Office.context?.ui?.messageParent) {
      Office.context.ui.messageParent("close");
    } else {
      window.close();
    }
  });
}

if (typeof Office !== "undefined") {
  void Office.onReady(show);
} else {
  show();
}
