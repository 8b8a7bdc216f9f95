// Applies the tablet's display settings before the page paints.
(function () {
  try {
    var s = JSON.parse(localStorage.getItem("limber.settings") || "{}");
    var c = document.documentElement.classList;
    if (s.text === "large") c.add("text-large");
    if (s.text === "largest") c.add("text-largest");
    if (s.contrast === "on") c.add("contrast");
  } catch (e) { /* settings are a comfort, never a blocker */ }
})();
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-print]").forEach(function (b) {
    b.addEventListener("click", function () { window.print(); });
  });
  if ("serviceWorker" in navigator && document.body.classList.contains("patient")) {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {});
  }
});
