// Finished sessions wait here until the server has them. The same client
// id is sent each time, so the server stores a session once however often
// the tablet retries.
var LimberOutbox = (function () {
  var key = "limber.outbox";
  function all() { try { return JSON.parse(localStorage.getItem(key) || "[]"); } catch (e) { return []; } }
  function save(list) { localStorage.setItem(key, JSON.stringify(list)); }
  function csrf() { var m = document.querySelector('meta[name="csrf-token"]'); return m ? m.content : ""; }
  function add(session) { var list = all(); list.push(session); save(list); }
  function show() {
    var el = document.getElementById("offline-queue");
    if (el) el.classList.toggle("hidden", all().length === 0);
  }
  // flush sends what waits; it resolves true when nothing is left.
  function flush() {
    var list = all();
    if (list.length === 0) { show(); return Promise.resolve(true); }
    var s = list[0];
    return fetch("/api/v1/me/sessions", {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf() },
      body: JSON.stringify(s)
    }).then(function (r) {
      if (r.ok || (r.status >= 400 && r.status < 500 && r.status !== 401 && r.status !== 429)) {
        // Stored (or refused for good): take it off the tablet.
        save(all().filter(function (x) { return x.client_id !== s.client_id; }));
        return flush();
      }
      show();
      return false;
    }).catch(function () { show(); return false; });
  }
  window.addEventListener("online", flush);
  document.addEventListener("DOMContentLoaded", function () { show(); flush(); });
  return { add: add, flush: flush, pending: function () { return all().length; } };
})();
