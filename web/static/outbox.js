// What the tablet must tell the server waits here until the server has it:
// stops (sent first: the PT must hear of them at once) and sessions. The
// same client id is sent each time, so the server stores each once however
// often the tablet retries. An entry leaves the tablet only when stored
// (2xx), or refused for good (400, 409, 413, 422), and then the patient is
// told why. Anything else (401, 403, 429, 5xx, no network) keeps it here.
var LimberOutbox = (function () {
  var queues = { stop: { key: "limber.stops", url: "/api/v1/me/stops" }, session: { key: "limber.outbox", url: "/api/v1/me/sessions" } };
  var answersKey = "limber.stop-answers", refusedKey = "limber.refused";
  function read(key, empty) { try { return JSON.parse(localStorage.getItem(key) || "null") || empty; } catch (e) { return empty; } }
  function write(key, v) { localStorage.setItem(key, JSON.stringify(v)); }
  function all(kind) { return read(queues[kind].key, []); }
  function csrf() { var m = document.querySelector('meta[name="csrf-token"]'); return m ? m.content : ""; }
  function add(session) { var list = all("session"); list.push(session); write(queues.session.key, list); }
  function addStop(stop) { var list = all("stop"); list.push(stop); write(queues.stop.key, list); }
  function remove(kind, id) { write(queues[kind].key, all(kind).filter(function (x) { return x.client_id !== id; })); }
  function pending() { return all("stop").length + all("session").length; }
  // waiting says whether one entry is still on the tablet, not yet stored.
  function waiting(kind, id) { return all(kind).some(function (x) { return x.client_id === id; }); }
  function refused() { return read(refusedKey, []); }

  function show() {
    var el = document.getElementById("offline-queue");
    if (el) el.classList.toggle("hidden", pending() === 0);
    var r = document.getElementById("outbox-refused");
    if (!r) return;
    var list = refused();
    r.classList.toggle("hidden", list.length === 0);
    r.innerHTML = "";
    list.forEach(function (x) { var p = document.createElement("p"); p.textContent = x.text; r.appendChild(p); });
    if (list.length) {
      var b = document.createElement("button");
      b.type = "button"; b.className = "secondary"; b.textContent = "I have read this";
      b.addEventListener("click", function () { write(refusedKey, []); show(); });
      r.appendChild(b);
    }
  }
  function tell(failed) {
    show();
    document.dispatchEvent(new CustomEvent("limber-outbox", { detail: { failed: !!failed } }));
  }

  // A page kept by the service worker may carry an old CSRF token: take a
  // fresh one from the home page.
  function freshToken() {
    return fetch("/patient", { credentials: "same-origin", cache: "no-store" }).then(function (r) {
      if (!r.ok) throw new Error(String(r.status));
      return r.text();
    }).then(function (html) {
      var m = /<meta name="csrf-token" content="([^"]*)">/.exec(html);
      if (!m || !m[1]) throw new Error("no token");
      var meta = document.querySelector('meta[name="csrf-token"]');
      if (!meta) { meta = document.createElement("meta"); meta.name = "csrf-token"; document.head.appendChild(meta); }
      meta.content = m[1];
    });
  }

  function post(kind, entry, retried) {
    return fetch(queues[kind].url, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf() },
      body: JSON.stringify(entry)
    }).then(function (r) {
      if (r.status === 403 && !retried) return freshToken().then(function () { return post(kind, entry, true); });
      return r;
    });
  }

  // answer keeps what the server said of a stop, for the screen that shows
  // it; answers older than two days are dropped, so the list stays short.
  function answer(id, said) {
    var a = read(answersKey, {}), old = Date.now() - 2 * 24 * 3600 * 1000;
    Object.keys(a).forEach(function (k) { if (!(a[k].saved > old)) delete a[k]; });
    said.saved = Date.now(); a[id] = said; write(answersKey, a);
  }

  function settle(kind, entry, r) {
    if (r.ok) {
      return r.json().catch(function () { return {}; }).then(function (body) {
        if (kind === "stop") answer(entry.client_id, { alert_id: body.alert_id === undefined ? null : body.alert_id });
        remove(kind, entry.client_id);
        return true;
      });
    }
    if ([400, 409, 413, 422].indexOf(r.status) >= 0) {
      return r.json().catch(function () { return {}; }).then(function (body) {
        var msg = body && body.error && body.error.message ? body.error.message : "status " + r.status;
        var when = new Date(entry.at || entry.started_at || Date.now());
        var day = isNaN(when) ? "" : " (" + when.toLocaleDateString(undefined, { weekday: "long", day: "numeric", month: "long" }) + ")";
        var text = kind === "stop" ? "One message to your PT" + day + " could not be saved: " + msg + ". Please call your care team."
          : "One session" + day + " could not be saved: " + msg + ". Please tell your PT.";
        var list = refused(); list.push({ text: text.replace("..", "."), at: new Date().toISOString() }); write(refusedKey, list);
        if (kind === "stop") answer(entry.client_id, { refused: msg });
        remove(kind, entry.client_id);
        return true;
      });
    }
    return false;
  }

  // flush sends what waits, stops first; it resolves true when nothing is
  // left. Only one flush runs at a time.
  var running = null;
  function flush() {
    if (running) return running;
    running = step().then(function (done) { running = null; tell(!done); return done; }, function () { running = null; tell(true); return false; });
    return running;
  }
  function step() {
    var kind = all("stop").length ? "stop" : (all("session").length ? "session" : "");
    if (!kind) return Promise.resolve(true);
    var entry = all(kind)[0];
    return post(kind, entry, false).then(function (r) { return settle(kind, entry, r); }).then(function (moved) {
      if (!moved) return false;
      tell();
      return step();
    });
  }

  // sessionOf is a player's saved progress as the server takes it; with no
  // painAfter (null or undefined) it is a session left unfinished, which
  // ended when its last item was recorded.
  function sessionOf(st, painAfter) {
    var done = painAfter !== undefined && painAfter !== null;
    var last = st.results.length ? st.results[st.results.length - 1].at : st.started_at;
    var s = {
      client_id: st.client_id, plan_id: st.plan_id, plan_version: st.plan_version, started_at: st.started_at,
      finished_at: done ? new Date().toISOString() : last, pain_before: st.pain_before, items: st.results
    };
    if (done) s.pain_after = painAfter;
    if (st.screening_id) s.screening_id = st.screening_id;
    return s;
  }
  function today() { var d = new Date(); return d.getFullYear() + "-" + (d.getMonth() + 1) + "-" + d.getDate(); }
  // adoptUnfinished queues a session the player left unfinished on an
  // earlier day (or, when any, whatever its day): never dropped. One that
  // never began (no pain score yet) has nothing to send.
  function adoptUnfinished(any) {
    var st = read("limber.progress", null);
    if (!st || st.finished || (!any && st.day === today())) return;
    localStorage.removeItem("limber.progress");
    if (st.pain_before === null || st.pain_before === undefined || !st.results || !st.plan_id) return;
    if (all("session").some(function (x) { return x.client_id === st.client_id; })) return;
    add(sessionOf(st));
    flush();
  }

  // stopAnswer is what the server said of a stop: {alert_id}, {refused},
  // or null while it waits on the tablet.
  function stopAnswer(id) { return read(answersKey, {})[id] || null; }

  window.addEventListener("online", flush);
  // Retry now and then while something waits (a tablet left on the player).
  setInterval(function () { if (pending()) flush(); }, 15000);
  document.addEventListener("DOMContentLoaded", function () { adoptUnfinished(false); show(); flush(); });
  return { add: add, addStop: addStop, flush: flush, pending: pending, waiting: waiting, stopAnswer: stopAnswer, refused: refused,
    sessionOf: sessionOf, adoptUnfinished: adoptUnfinished };
})();
