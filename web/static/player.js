// The session player: one exercise per screen, counted holds, rests and
// repetitions, a sound and a spoken cue at each change, pause, skip, stop
// with a reason, pain before and after. It keeps its place on the tablet, so
// a session interrupted by a sleeping tablet or a break resumes where it
// stopped; a stop goes to the PT at once and the session when it ends, both
// through the outbox (offline-safe). A session left unfinished is sent as
// it was the next time the player opens on another day or plan.
(function () {
  var root = document.getElementById("player");
  if (!root) return;
  // Test builds run the clock faster; everyone else gets 1.
  var speed = Number(root.getAttribute("data-speed") || "1") || 1;
  var settings = {};
  try { settings = JSON.parse(localStorage.getItem("limber.settings") || "{}"); } catch (e) {}
  var voiceOn = settings.voice !== "off";
  var progressKey = "limber.progress";
  var todayKey = "limber.today";

  var $ = function (id) { return document.getElementById(id); };
  var screens = ["s-loading", "s-pain-before", "s-exercise", "s-skip", "s-stop", "s-stopped", "s-pain-after", "s-done", "s-nothing"];
  function showScreen(id) {
    screens.forEach(function (s) { $(s).classList.toggle("hidden", s !== id); });
    var h = $(id).querySelector("h1");
    if (h) { h.setAttribute("tabindex", "-1"); h.focus(); }
  }
  // Browsers speak only after the person has touched the page.
  var acted = false;
  ["pointerdown", "keydown"].forEach(function (ev) { document.addEventListener(ev, function () { acted = true; }, { once: true, capture: true }); });
  function say(text) {
    $("status").textContent = text;
    if (!voiceOn || !acted || !("speechSynthesis" in window)) return;
    try { speechSynthesis.cancel(); speechSynthesis.speak(new SpeechSynthesisUtterance(text)); } catch (e) {}
  }
  var audio;
  function chime() {
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      var o = audio.createOscillator(), g = audio.createGain();
      o.frequency.value = 660; g.gain.value = 0.08;
      o.connect(g); g.connect(audio.destination);
      o.start(); o.stop(audio.currentTime + 0.15);
    } catch (e) {}
  }
  var wake = null;
  function keepAwake() {
    // Never wait on it: the player works without it.
    if ("wakeLock" in navigator) navigator.wakeLock.request("screen").then(function (w) { wake = w; }).catch(function () {});
  }
  document.addEventListener("visibilitychange", function () { if (document.visibilityState === "visible" && state && !state.finished) keepAwake(); });

  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = new Uint8Array(16); crypto.getRandomValues(b);
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }
  function today() { var d = new Date(); return d.getFullYear() + "-" + (d.getMonth() + 1) + "-" + d.getDate(); }

  // {v, client_id, plan_id, plan_version, day, index, results[], stops[], pain_before, started_at}
  var state = null;
  var items = [], waiting = [], contacts = {};
  function save() { if (state) localStorage.setItem(progressKey, JSON.stringify(state)); }

  // Pain scales: eleven big buttons. A tap only selects (a mis-tap is put
  // right with another tap); the big button under it confirms.
  function scale(el, picked, confirm, onConfirm) {
    var value = null;
    el.innerHTML = "";
    for (var i = 0; i <= 10; i++) {
      var b = document.createElement("button");
      b.type = "button"; b.textContent = String(i); b.setAttribute("aria-pressed", "false");
      b.setAttribute("aria-label", "Pain " + i + " of 10");
      b.addEventListener("click", (function (v, btn) { return function () {
        el.querySelectorAll("button").forEach(function (x) { x.setAttribute("aria-pressed", "false"); });
        btn.setAttribute("aria-pressed", "true");
        value = v;
        picked.textContent = "You chose " + v + " out of 10.";
        confirm.disabled = false;
      }; })(i, b));
      el.appendChild(b);
    }
    confirm.addEventListener("click", function () { if (value !== null) onConfirm(value); });
    return function reset() {
      value = null; confirm.disabled = true; picked.textContent = "Tap a number.";
      el.querySelectorAll("button").forEach(function (x) { x.setAttribute("aria-pressed", "false"); });
    };
  }

  // A countdown that can be paused; it survives being interrupted only as
  // far as the current exercise (which then starts again).
  var timer = null, paused = false, showCount = true;
  function countdown(seconds, label, done) {
    var left = seconds;
    $("phase").textContent = label;
    $("timer").textContent = String(left);
    showCount = true;
    clearInterval(timer);
    timer = setInterval(function () {
      if (paused) return;
      left--;
      if (showCount) $("timer").textContent = String(Math.max(left, 0));
      if (left <= 0) { clearInterval(timer); done(); }
    }, 1000 / speed);
  }

  function showExercise() {
    var it = items[state.index];
    if (!it) return finishExercises();
    $("ex-count").textContent = "Exercise " + (state.index + 1) + " of " + items.length;
    $("ex-progress").max = items.length; $("ex-progress").value = state.index;
    $("ex-name").textContent = it.name;
    $("ex-position").textContent = it.position_label;
    $("ex-dose").textContent = it.dosage_words;
    var steps = $("ex-steps"); steps.innerHTML = "";
    (it.steps || []).forEach(function (s) { var li = document.createElement("li"); li.textContent = s; steps.appendChild(li); });
    var cues = $("ex-cues"); cues.innerHTML = "";
    (it.cues || []).forEach(function (s) { var li = document.createElement("li"); li.textContent = s; cues.appendChild(li); });
    // Done only once the exercise has started: before, it would record an
    // exercise as done that never was.
    $("b-start").classList.remove("hidden");
    $("b-done").classList.add("hidden");
    $("b-pause").classList.add("hidden");
    $("b-pause").textContent = "Pause"; paused = false;
    $("phase").textContent = ""; $("timer").textContent = "";
    showScreen("s-exercise");
    say(it.name + ". " + it.position_label + ". " + it.dosage_words);
  }

  // Counted repetitions: no hold and no time, only a number of moves, each
  // paced by rep_seconds (4 s when the plan does not say).
  function counted(it) { return !(it.hold_seconds > 0) && !(it.seconds > 0) && it.reps > 0; }

  function play() {
    var it = items[state.index];
    keepAwake();
    $("b-start").classList.add("hidden");
    $("b-pause").classList.remove("hidden");
    $("b-done").classList.remove("hidden");
    var sides = it.per_side ? 2 : 1, reps = Math.max(it.reps || 1, 1) * Math.max(it.sets || 1, 1);
    var queue = [];
    if (it.seconds > 0) {
      queue.push({ t: it.seconds, label: "Keep going", speak: "Begin." });
    } else if (counted(it)) {
      var per = it.rep_seconds > 0 ? it.rep_seconds : 4, sets = Math.max(it.sets || 1, 1), n = it.reps;
      for (var cs = 1; cs <= sides; cs++) {
        for (var st = 1; st <= sets; st++) {
          for (var k = 1; k <= n; k++) {
            var side = sides > 1 ? (cs === 1 ? "First side. " : "Other side. ") : "";
            var set = sets > 1 ? "Set " + st + " of " + sets + ". " : "";
            queue.push({ t: per, count: k, label: side + set + "Repetition " + k + " of " + n,
              speak: k === 1 ? (cs === 2 && st === 1 ? "Change sides. " : "") + "Begin. One." : String(k) + "." });
          }
          if (!(cs === sides && st === sets) && it.rest_seconds > 0) queue.push({ t: it.rest_seconds, label: "Rest", speak: "Rest." });
        }
      }
    } else {
      for (var s = 1; s <= sides; s++) {
        for (var r = 1; r <= reps; r++) {
          var where = (sides > 1 ? (s === 1 ? "First side" : "Other side") + ", " : "") + "time " + r + " of " + reps;
          queue.push({ t: it.hold_seconds, label: "Hold: " + where, speak: (r === 1 && s === 2 ? "Change sides. " : "") + "Hold." });
          if (!(s === sides && r === reps) && it.rest_seconds > 0) queue.push({ t: it.rest_seconds, label: "Rest", speak: "Rest." });
        }
      }
    }
    var step = function (k) {
      if (k >= queue.length) { chime(); say("Done."); return record("done"); }
      if (queue[k].count) {
        // A repetition shows its number, not a countdown; a chime only at
        // the first, so the count is not a string of beeps.
        if (queue[k].count === 1) chime();
        say(queue[k].speak);
        countdown(queue[k].t, queue[k].label, function () { step(k + 1); });
        showCount = false;
        $("timer").textContent = String(queue[k].count);
        return;
      }
      chime(); say(queue[k].speak);
      countdown(queue[k].t, queue[k].label, function () { step(k + 1); });
    };
    chime(); say("Get ready.");
    countdown(5, "Get ready", function () { step(0); });
  }

  function record(status, reason) {
    clearInterval(timer); paused = false;
    var it = items[state.index];
    if (it) {
      var r = { item_id: it.id, status: status, at: new Date().toISOString() };
      if (reason) r.reason = reason;
      state.results.push(r);
    }
    state.index++;
    save();
    if (status !== "stopped") showExercise();
  }

  // What to do, by stop reason (RULES.md §3.4), and whether the PT is
  // alerted at once: the page carries both from the core's stop table.
  // Whether the PT has been told is said apart, once the server answered.
  var advice = {}, alerting = [];
  root.querySelectorAll('[data-reasons="stop"] [data-reason]').forEach(function (b) {
    advice[b.getAttribute("data-reason")] = b.getAttribute("data-advice");
    if (b.getAttribute("data-alerts") === "true") alerting.push(b.getAttribute("data-reason"));
  });

  function finishExercises() {
    resetAfter();
    // After a stop the question may be skipped: someone who is unwell is
    // not held back by a form.
    $("b-skip-pain").classList.toggle("hidden", !(state.stops || []).length);
    showScreen("s-pain-after");
    say("How much pain do you have now?");
  }


  function listInto(list, box, its) {
    list.innerHTML = "";
    its.forEach(function (it) { var li = document.createElement("li"); li.textContent = it.name; list.appendChild(li); });
    box.classList.toggle("hidden", its.length === 0);
  }

  function phone() { return contacts.care_team_phone || contacts.clinic_phone || ""; }

  function finish(painAfter) {
    state.finished = true; save();
    LimberOutbox.add(LimberOutbox.sessionOf(state, painAfter));
    localStorage.removeItem(progressKey);
    if (wake) { try { wake.release(); } catch (e) {} }
    var stopped = (state.stops || []).length > 0;
    var rose = painAfter !== null && painAfter - state.pain_before >= 2;
    $("done-h").textContent = rose ? "Rest now" : (stopped ? "Session ended" : "Well done");
    var adv = $("done-advice"), lastStop = stopped ? state.stops[state.stops.length - 1] : null;
    adv.classList.toggle("hidden", !rose && !lastStop);
    // After a stop its advice stays in front of the patient.
    if (lastStop && !rose) adv.textContent = advice[lastStop.reason] || "";
    if (rose) {
      // RULES.md §3.4: rest supported; not settled in about 30 minutes, call.
      adv.innerHTML = "";
      ["Your pain is " + (painAfter - state.pain_before) + " points higher than before the session.",
        "Rest in a comfortable, supported position.",
        "If the pain has not settled in about 30 minutes, call your care team" + (phone() ? " on " + phone() : "") + "."
      ].forEach(function (t) { var p = document.createElement("p"); p.textContent = t; adv.appendChild(p); });
    }
    listInto($("done-waiting-list"), $("done-waiting"), waiting);
    $("done-msg").textContent = "Sending…";
    showScreen("s-done");
    say(rose ? adv.textContent : (stopped ? "Session ended." : "Well done. Session finished."));
    LimberOutbox.flush().then(function (sent) {
      $("done-msg").textContent = sent ? "Your session is saved." : "Saved on this tablet, will be sent when online.";
    });
  }

  // The stop's own message: the PT is said to be told only once the
  // server has answered with an alert.
  var shownStop = null;
  function stopStatus() {
    if (!shownStop) return;
    var a = LimberOutbox.stopAnswer(shownStop.client_id), el = $("stop-sent");
    if (a && a.refused) el.textContent = "This could not be sent to your PT. Please call your care team" + (phone() ? " on " + phone() : "") + ".";
    else if (a && a.alert_id) el.textContent = "Your PT has been told.";
    else if (a) el.textContent = "This is saved for your PT with today's session.";
    else if (shownStop.alerts) el.textContent = navigator.onLine === false || shownStop.tried ?
      "This tablet is offline. The message to your PT will go as soon as it is back online." : "Sending to your PT…";
    else el.textContent = shownStop.tried ? "This is kept on this tablet and will go with today's session." : "Saving…";
  }
  // "Offline" is said only once a whole attempt to send has failed.
  document.addEventListener("limber-outbox", function (e) {
    if (!shownStop) return;
    if (e.detail && e.detail.failed) shownStop.tried = true;
    stopStatus();
  });

  // Wiring
  scale(root.querySelector('[data-scale="before"]'), $("pb-picked"), $("b-pain-before"), function (v) {
    state.pain_before = v; save(); showExercise();
  });
  var resetAfter = scale(root.querySelector('[data-scale="after"]'), $("pa-picked"), $("b-pain-after"), function (v) { finish(v); });
  $("b-skip-pain").addEventListener("click", function () { finish(null); });
  $("b-start").addEventListener("click", play);
  $("b-pause").addEventListener("click", function () {
    paused = !paused;
    $("b-pause").textContent = paused ? "Carry on" : "Pause";
    say(paused ? "Paused." : "Carry on.");
  });
  $("b-done").addEventListener("click", function () { chime(); record("done"); });
  $("b-skip").addEventListener("click", function () { clearInterval(timer); showScreen("s-skip"); });
  $("b-stop").addEventListener("click", function () { clearInterval(timer); showScreen("s-stop"); say("What happened?"); });
  root.querySelectorAll('[data-reasons="skip"] [data-reason]').forEach(function (b) {
    b.addEventListener("click", function () { record("skipped", b.getAttribute("data-reason")); });
  });
  root.querySelectorAll('[data-reasons="stop"] [data-reason]').forEach(function (b) {
    b.addEventListener("click", function () {
      var reason = b.getAttribute("data-reason"), it = items[state.index];
      var stop = { client_id: uuid(), session_client_id: state.client_id, plan_id: state.plan_id, item_id: it.id, reason: reason, at: new Date().toISOString() };
      var worrying = alerting.indexOf(reason) >= 0;
      state.stops = (state.stops || []).concat([{ client_id: stop.client_id, item_id: it.id, reason: reason, worrying: worrying }]);
      LimberOutbox.addStop(stop);
      record("stopped", reason);
      shownStop = { client_id: stop.client_id, alerts: worrying, tried: false };
      $("stop-advice").textContent = advice[reason];
      stopStatus();
      // After a worrying stop the session ends: nothing else today until
      // the PT has heard (RULES.md §3.4: stop, rest, the follow-up).
      $("b-next-after-stop").classList.toggle("hidden", worrying || state.index >= items.length);
      $("b-finish-now").className = "";
      $("stop-phone").classList.toggle("hidden", !phone());
      $("stop-phone-number").textContent = phone();
      showScreen("s-stopped");
      say(advice[reason]);
      LimberOutbox.flush();
    });
  });
  root.querySelectorAll("[data-back]").forEach(function (b) { b.addEventListener("click", showExercise); });
  $("b-next-after-stop").addEventListener("click", showExercise);
  $("b-finish-now").addEventListener("click", finishExercises);

  function showCues(t) {
    var list = $("session-cue-list");
    list.innerHTML = "";
    (t.cues || []).forEach(function (c) { var li = document.createElement("li"); li.textContent = c; list.appendChild(li); });
    $("session-cues").classList.toggle("hidden", !(t.cues || []).length);
  }

  function nothing(msg, showPhone) {
    $("nothing-msg").textContent = msg;
    $("nothing-phone").classList.toggle("hidden", !(showPhone && phone()));
    $("nothing-phone-number").textContent = phone();
    showScreen("s-nothing");
  }

  function start(t) {
    contacts = t.contacts || {};
    showCues(t);
    // Only deliverable items take a numbered screen, in the plan's order;
    // those waiting for the PT's OK are listed once, before and after.
    var byId = {};
    (t.items || []).forEach(function (it) { byId[it.id] = it; });
    items = (t.order || []).map(function (id) { return byId[id]; }).filter(Boolean);
    if (items.length !== (t.items || []).length) items = t.items || [];
    waiting = t.waiting || [];
    listInto($("session-waiting-list"), $("session-waiting"), waiting);
    var saved = null;
    try { saved = JSON.parse(localStorage.getItem(progressKey) || "null"); } catch (e) {}
    var same = saved && !saved.finished && saved.v === 2 && saved.plan_id === t.plan_id && saved.plan_version === t.plan_version && saved.day === today();
    // Left unfinished under another plan version: sent as it was (the
    // outbox does the same for one from an earlier day on every page).
    if (saved && !saved.finished && !same) LimberOutbox.adoptUnfinished(true);
    if (!items.length) {
      nothing(t.screening && t.screening.message ? t.screening.message : "There is nothing in your plan for today.");
      return;
    }
    if (same) {
      state = saved;
      say("Welcome back. Let's carry on.");
      if (state.pain_before === undefined || state.pain_before === null) return showScreen("s-pain-before");
      // After a worrying stop a reload does not lead on to the next exercise.
      var worried = (state.stops || []).some(function (x) { return x.worrying; });
      return state.index >= items.length || worried ? finishExercises() : showExercise();
    }
    state = { v: 2, client_id: uuid(), plan_id: t.plan_id, plan_version: t.plan_version, day: today(), index: 0, results: [], stops: [],
      pain_before: null, started_at: new Date().toISOString(), screening_id: t.screening ? t.screening.id : null };
    save();
    showScreen("s-pain-before");
    say("How much pain do you have now?");
  }

  // An answer for a clinic day that is over (kept by the service worker or
  // this tablet) carries that day's screening: screening is daily, so it is
  // not followed. Without day_ends_at (an older server) it is not trusted
  // offline either after the tablet's own date changed.
  function over(t) {
    if (t.day_ends_at) return Date.now() >= Date.parse(t.day_ends_at);
    return !t.saved_on || t.saved_on !== today();
  }
  function stale(t) {
    contacts = t.contacts || contacts;
    $("nothing-h").textContent = "Today's questions come first";
    nothing("This tablet cannot reach the clinic, and the plan saved on it is from an earlier day. " +
      "A session needs today's questions first. Connect the tablet to the internet, then open the session again." +
      (phone() ? " If you need help, call your clinic." : ""), true);
  }

  fetch(root.getAttribute("data-today"), { credentials: "same-origin" })
    .then(function (r) { if (!r.ok) throw new Error(String(r.status)); return r.json(); })
    .then(function (t) {
      if (t.screening_required) { location.href = "/patient/screening"; return; }
      if (over(t)) return stale(t);
      t.saved_on = today();
      localStorage.setItem(todayKey, JSON.stringify(t));
      start(t);
    })
    .catch(function () {
      // Offline: follow what this tablet last loaded, if it is for today.
      var t = null;
      try { t = JSON.parse(localStorage.getItem(todayKey) || "null"); } catch (e) {}
      if (t && over(t)) stale(t);
      else if (t) { $("status").textContent = "Offline: using the plan saved on this tablet."; start(t); }
      else nothing("Cannot reach the clinic and no plan is saved on this tablet yet.");
    });
})();
