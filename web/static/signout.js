// On a signed-out page (after signing out, or once the PT has signed this
// tablet out), nothing of the patient's may stay behind: the service
// worker's copies of the pages and of the plan, and the plan and the
// unfinished session kept for offline use. Sessions not yet sent
// (limber.outbox) and the text settings stay: the outbox is sent the next
// time this tablet is set up, and the sign-out button warns about it.
(function () {
  function waiting() {
    var n = 0;
    try { n = JSON.parse(localStorage.getItem("limber.outbox") || "[]").length; } catch (e) {}
    try { if (localStorage.getItem("limber.progress")) n++; } catch (e) {}
    return n;
  }
  if (document.body.hasAttribute("data-signed-out")) {
    try { localStorage.removeItem("limber.today"); localStorage.removeItem("limber.progress"); localStorage.removeItem("limber.screening"); } catch (e) {}
    if (window.caches) {
      caches.keys().then(function (keys) { keys.forEach(function (k) { caches.delete(k); }); });
    }
  }
  var warn = document.getElementById("signout-warning");
  if (warn && waiting() > 0) warn.hidden = false;
})();
