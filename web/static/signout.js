// On a signed-out page (after signing out, or once the PT has signed this
// tablet out), nothing of the patient's may stay behind: the service
// worker's copies of the pages and of the plan, and the plan and the
// unfinished session kept for offline use, and the figures of the plan.
// Stops and sessions not yet sent (limber.stops, limber.outbox) and the
// text settings stay: the outbox is sent the next
// time this tablet is set up, and the sign-out button warns about it.
(function () {
  function waiting() {
    var n = 0;
    // Stops are sent before sessions: one not yet sent warns too.
    ["limber.stops", "limber.outbox"].forEach(function (k) {
      try { n += JSON.parse(localStorage.getItem(k) || "[]").length; } catch (e) {}
    });
    try { if (localStorage.getItem("limber.progress")) n++; } catch (e) {}
    return n;
  }
  if (document.body.hasAttribute("data-signed-out")) {
    // What the server said of sent stops and sessions goes too: the next
    // person at this tablet must not read it.
    try { ["limber.today", "limber.progress", "limber.screening", "limber.refused", "limber.stop-answers"].forEach(function (k) { localStorage.removeItem(k); }); } catch (e) {}
    if (window.caches) {
      caches.keys().then(function (keys) { keys.forEach(function (k) { caches.delete(k); }); });
    }
  }
  var warn = document.getElementById("signout-warning");
  if (warn && waiting() > 0) warn.hidden = false;
})();
