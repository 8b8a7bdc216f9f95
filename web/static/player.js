// The session player: one exercise per screen, counted holds and rests,
// a sound and a spoken cue at each change, pause, skip, stop with a reason,
// pain before and after. It keeps its place on the tablet, so a session
// interrupted by a sleeping tablet or a break resumes where it stopped, and
// it sends the finished session through the outbox (offline-safe).
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

  var state = null; // {client_id, plan_id, plan_version, day, index, results[], pain_before, started_at}
  var items = [];
  function save() { if (state) localStorage.setItem(progressKey, JSON.stringify(state)); }

  // Pain scales: eleven big buttons.
  function scale(el, onPick) {
    el.innerHTML = "";
    for (var i = 0; i <= 10; i++) {
      var b = document.createElement("button");
      b.type = "button"; b.textContent = String(i); b.setAttribute("aria-pressed", "false");
      b.setAttribute("aria-label", "Pain " + i + " of 10");
      b.addEventListener("click", (function (v, btn) { return function () {
        el.querySelectorAll("button").forEach(function (x) { x.setAttribute("aria-pressed", "false"); });
        btn.setAttribute("aria-pressed", "true"); onPick(v);
      }; })(i, b));
      el.appendChild(b);
    }
  }

  // A countdown that can be paused; it survives being interrupted only as
  // far as the current exercise (which then starts again).
  var timer = null, paused = false;
  function countdown(seconds, label, done) {
    var left = seconds;
    $("phase").textContent = label;
    $("timer").textContent = String(left);
    clearInterval(timer);
    timer = setInterval(function () {
      if (paused) return;
      left--;
      $("timer").textContent = String(Math.max(left, 0));
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
    $("ex-locked").classList.toggle("hidden", !it.locked);
    if (it.locked) {
      $("ex-locked-why").textContent = (it.reasons || []).filter(function (r) { return r.decision === "requires_pt_clearance"; }).map(function (r) { return r.text; }).join(" ");
    }
    $("b-start").classList.toggle("hidden", !!it.locked);
    $("b-done").classList.toggle("hidden", !!it.locked);
    $("b-pause").classList.add("hidden");
    $("b-skip").textContent = it.locked ? "Next" : "Skip";
    $("phase").textContent = ""; $("timer").textContent = "";
    showScreen("s-exercise");
    say(it.name + ". " + it.position_label + ". " + it.dosage_words);
  }

  function play() {
    var it = items[state.index];
    keepAwake();
    $("b-start").classList.add("hidden");
    $("b-pause").classList.remove("hidden");
    var sides = it.per_side ? 2 : 1, reps = Math.max(it.reps || 1, 1) * Math.max(it.sets || 1, 1);
    var queue = [];
    if (it.seconds > 0) {
      queue.push({ t: it.seconds, label: "Keep going", speak: "Begin." });
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
      chime(); say(queue[k].speak);
      countdown(queue[k].t, queue[k].label, function () { step(k + 1); });
    };
    chime(); say("Get ready.");
    countdown(5, "Get ready", function () { step(0); });
  }

  function record(status, reason) {
    clearInterval(timer); paused = false;
    var it = items[state.index];
    if (it && !it.locked) {
      var r = { item_id: it.id, status: status, at: new Date().toISOString() };
      if (reason) r.reason = reason;
      state.results.push(r);
    }
    state.index++;
    save();
    if (status !== "stopped") showExercise();
  }

  var advice = {
    sharp_pain: "Stop the exercise and rest in a comfortable, supported position. If the pain does not settle in about 30 minutes, call your care team.",
    leg_symptoms_spreading: "Stop and rest. Pain or tingling spreading down a leg needs your PT to know. Your PT has been told.",
    electric_shock: "Stop. Lift your chin to level and rest. Your PT has been told.",
    dizzy_breathless_chest_pain: "Stop and sit or lie down. If you have chest pain or feel faint and it does not ease at once, call your emergency number.",
    heat_symptoms: "Stop and cool down: a fan, a cool drink, a cool cloth. It should pass as you cool. If it has not settled within 24 hours, contact your care team.",
    spasm_not_easing: "Stop moving, breathe slowly and hold still until the spasm eases.",
    pregnancy_warning: "Stop and call your maternity team now.",
    other: "Stop and rest in a supported position. Tell your PT what happened."
  };

  function finishExercises() {
    showScreen("s-pain-after");
    say("How much pain do you have now?");
  }

  function finish(painAfter) {
    state.finished = true; save();
    var s = {
      client_id: state.client_id, plan_id: state.plan_id, plan_version: state.plan_version,
      started_at: state.started_at, finished_at: new Date().toISOString(),
      pain_before: state.pain_before, pain_after: painAfter, items: state.results
    };
    if (state.screening_id) s.screening_id = state.screening_id;
    LimberOutbox.add(s);
    localStorage.removeItem(progressKey);
    if (wake) { try { wake.release(); } catch (e) {} }
    $("done-msg").textContent = "Sending…";
    showScreen("s-done");
    say("Well done. Session finished.");
    LimberOutbox.flush().then(function (sent) {
      $("done-msg").textContent = sent ? "Your session is saved." : "Saved on this tablet, will be sent when online.";
    });
  }

  // Wiring
  scale(root.querySelector('[data-scale="before"]'), function (v) {
    state.pain_before = v; save(); showExercise();
  });
  scale(root.querySelector('[data-scale="after"]'), function (v) { finish(v); });
  $("b-start").addEventListener("click", play);
  $("b-pause").addEventListener("click", function () {
    paused = !paused;
    $("b-pause").textContent = paused ? "Carry on" : "Pause";
    say(paused ? "Paused." : "Carry on.");
  });
  $("b-done").addEventListener("click", function () { chime(); record("done"); });
  $("b-skip").addEventListener("click", function () {
    if (items[state.index] && items[state.index].locked) return record("skipped");
    clearInterval(timer); showScreen("s-skip");
  });
  $("b-stop").addEventListener("click", function () { clearInterval(timer); showScreen("s-stop"); say("What happened?"); });
  root.querySelectorAll('[data-reasons="skip"] [data-reason]').forEach(function (b) {
    b.addEventListener("click", function () { record("skipped", b.getAttribute("data-reason")); });
  });
  root.querySelectorAll('[data-reasons="stop"] [data-reason]').forEach(function (b) {
    b.addEventListener("click", function () {
      var reason = b.getAttribute("data-reason");
      record("stopped", reason);
      $("stop-advice").textContent = advice[reason];
      showScreen("s-stopped");
      say(advice[reason]);
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

  function start(t) {
    showCues(t);
    // Playable items and those waiting for the PT's OK, in the plan's order.
    var byId = {};
    (t.items || []).forEach(function (it) { byId[it.id] = it; });
    (t.waiting || []).forEach(function (it) { it.locked = true; byId[it.id] = it; });
    items = (t.order || []).map(function (id) { return byId[id]; }).filter(Boolean);
    if (!items.length) items = t.items || [];
    if (!(t.items || []).length) items = [];
    if (!items.length) {
      var msg = t.screening && t.screening.message ? t.screening.message : "There is nothing in your plan for today.";
      $("nothing-msg").textContent = msg;
      showScreen("s-nothing");
      return;
    }
    var saved = null;
    try { saved = JSON.parse(localStorage.getItem(progressKey) || "null"); } catch (e) {}
    if (saved && !saved.finished && saved.plan_id === t.plan_id && saved.plan_version === t.plan_version && saved.day === today()) {
      state = saved;
      say("Welcome back. Let's carry on.");
      if (state.pain_before === undefined || state.pain_before === null) return showScreen("s-pain-before");
      return state.index >= items.length ? finishExercises() : showExercise();
    }
    state = { client_id: uuid(), plan_id: t.plan_id, plan_version: t.plan_version, day: today(), index: 0, results: [],
      pain_before: null, started_at: new Date().toISOString(), screening_id: t.screening ? t.screening.id : null };
    save();
    showScreen("s-pain-before");
    say("How much pain do you have now?");
  }

  fetch(root.getAttribute("data-today"), { credentials: "same-origin" })
    .then(function (r) { if (!r.ok) throw new Error(String(r.status)); return r.json(); })
    .then(function (t) {
      if (t.screening_required) { location.href = "/patient/screening"; return; }
      localStorage.setItem(todayKey, JSON.stringify(t));
      start(t);
    })
    .catch(function () {
      // Offline: follow what this tablet last loaded for today.
      var t = null;
      try { t = JSON.parse(localStorage.getItem(todayKey) || "null"); } catch (e) {}
      if (t) { $("status").textContent = "Offline: using the plan saved on this tablet."; start(t); }
      else { $("nothing-msg").textContent = "Cannot reach the clinic and no plan is saved on this tablet yet."; showScreen("s-nothing"); }
    });
})();
