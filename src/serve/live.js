// The dev server's live-reload script (served at /__broadsheet/live.js with --watch): reloads
// the page after each good rebuild, swaps stylesheets when only they changed, and shows the
// problems of a failed rebuild over the page until they are fixed.
(() => {
  const me = document.currentScript;
  const served = me ? me.dataset.generation : null;
  let overlay = null;
  const show = (text) => {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "broadsheet-problems";
      overlay.setAttribute("role", "alert");
      overlay.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:2147483647;" +
        "margin:0;padding:1rem 1.25rem;background:#2b0d0e;color:#ffe9e9;border-top:4px solid #e0575d;" +
        "font:14px/1.6 ui-monospace,SFMono-Regular,Menlo,monospace;white-space:pre-wrap;box-shadow:0 -4px 24px #0008";
      document.body.appendChild(overlay);
    }
    overlay.textContent = "broadsheet: the last save could not be built; the page shows the last good version.\n\n" + text;
  };
  const clear = () => { if (overlay) { overlay.remove(); overlay = null; } };
  let events = null;
  const open = () => {
    if (events) return;
    events = new EventSource("/__broadsheet/events");
    // A page coming back whose build is not the current one reloads.
    events.addEventListener("hello", (e) => { if (served !== null && e.data !== served) location.reload(); });
    events.addEventListener("reload", () => location.reload());
    events.addEventListener("css", (e) => {
      clear();
      for (const link of document.querySelectorAll('link[rel="stylesheet"]')) {
        const url = new URL(link.href);
        url.searchParams.set("v", e.data);
        link.href = url.href;
      }
    });
    events.addEventListener("problems", (e) => show(e.data));
    events.addEventListener("fixed", clear);
  };
  const close = () => { if (events) { events.close(); events = null; } };
  // A page left for another goes into the back/forward cache, frozen but alive, and its open
  // stream with it: each one held one of the six connections a browser keeps to a host, and
  // the seventh page waited a minute for one. So the stream closes when the page is hidden
  // or frozen, and opens again when it is shown or resumed (its `hello` then says whether
  // the site changed meanwhile).
  addEventListener("pagehide", close);
  document.addEventListener("freeze", close);
  addEventListener("pageshow", open);
  document.addEventListener("resume", open);
  open();
})();
