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
  function showScreen(id, focusEl) {
    screens.forEach(function (s) { $(s).classList.toggle("hidden", s !== id); });
    if (id === "s-exercise") place();
    var h = focusEl || $(id).querySelector("h1");
    if (h) { if (!focusEl) h.setAttribute("tabindex", "-1"); h.focus(); }
  }
  // The exercise screen is laid over the page from just under the header
  // (its controls must never need a scroll): where that is depends on the
  // text size and the header's wrapping.
  function place() {
    window.scrollTo(0, 0);
    root.style.setProperty("--player-top", Math.max(0, Math.round(root.getBoundingClientRect().top)) + "px");
  }
  window.addEventListener("resize", function () { if (!$("s-exercise").classList.contains("hidden")) place(); });
  if (window.MutationObserver) new MutationObserver(function () { if (!$("s-exercise").classList.contains("hidden")) place(); })
    .observe(document.documentElement, { attributes: true, attributeFilter: ["class"] });
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
    // A disabled button says why it waits.
    var label = confirm.getAttribute("data-label") || confirm.textContent;
    el.innerHTML = "";
    for (var i = 0; i <= 10; i++) {
      var b = document.createElement("button");
      b.type = "button"; b.textContent = String(i); b.setAttribute("aria-pressed", "false");
      b.setAttribute("aria-label", "Pain " + i + " out of 10");
      b.addEventListener("click", (function (v, btn) { return function () {
        el.querySelectorAll("button").forEach(function (x) { x.setAttribute("aria-pressed", "false"); });
        btn.setAttribute("aria-pressed", "true");
        value = v;
        picked.textContent = "You chose " + v + " out of 10.";
        confirm.disabled = false; confirm.textContent = label;
      }; })(i, b));
      el.appendChild(b);
    }
    confirm.addEventListener("click", function () { if (value !== null) onConfirm(value); });
    return function reset() {
      value = null; confirm.disabled = true; confirm.textContent = "Tap a number first"; picked.textContent = "Tap a number.";
      el.querySelectorAll("button").forEach(function (x) { x.setAttribute("aria-pressed", "false"); });
    };
  }

  // Time as minutes and seconds (1:05), the way a clock shows it.
  function mmss(n) { n = Math.max(0, Math.round(n)); return Math.floor(n / 60) + ":" + (n % 60 < 10 ? "0" : "") + (n % 60); }

  // A countdown that can be paused; it survives being interrupted only as
  // far as the current exercise (which then starts again).
  var timer = null, paused = false, showCount = true, running = false;
  function setPaused(p) {
    paused = p;
    $("b-pause").textContent = paused ? "Carry on" : "Pause";
    $("s-exercise").classList.toggle("paused", paused);
    $("paused-banner").classList.toggle("hidden", !paused);
    figApply();
  }

  // The figure: the item's SVG in a frame of its own (it is a document with
  // its own style, which this page's policy would not let inline), driven
  // by this player's clock through classes on its root: ph-start before
  // Start, ph-move then ph-hold through a hold, ph-return in the rest, the
  // up and down of a counted repetition; paused, or reduced motion, shows
  // the start and hold side by side.
  var figPh = "ph-start", figSrc = "";
  var reduceMotion = window.matchMedia ? window.matchMedia("(prefers-reduced-motion: reduce)") : null;
  if (reduceMotion && reduceMotion.addEventListener) reduceMotion.addEventListener("change", function () { figApply(); });
  function figRoot() {
    var f = $("ex-figure").querySelector("iframe");
    try { var d = f && f.contentDocument; return d && d.documentElement && d.documentElement.classList ? d.documentElement : null; } catch (e) { return null; }
  }
  function figApply() {
    var svg = figRoot();
    if (!svg) return;
    ["ph-start", "ph-move", "ph-hold", "ph-return"].forEach(function (c) { svg.classList.remove(c); });
    // Read the style between: the same phase again (the next repetition)
    // then starts its movement afresh.
    var strip = svg.querySelector(".strip");
    if (strip) void svg.ownerDocument.defaultView.getComputedStyle(strip).animationName;
    svg.classList.add(figPh);
    svg.classList.toggle("paused", paused);
    svg.classList.toggle("static", !!(reduceMotion && reduceMotion.matches));
    svg.classList.toggle("hc", document.documentElement.classList.contains("contrast"));
  }
  // The frame takes the figure's own shape, as large as its box allows:
  // around a figure of another shape the frames before and after the one
  // shown would peek in.
  function figFit() {
    var f = $("ex-figure").querySelector("iframe"), svg = figRoot(), vb = svg && svg.viewBox && svg.viewBox.baseVal;
    if (!f || !vb || !vb.width || !vb.height) return;
    var box = $("ex-figure"), r = vb.width / vb.height, w = Math.min(box.clientWidth, box.clientHeight * r);
    f.style.width = Math.floor(w) + "px"; f.style.height = Math.floor(w / r) + "px";
  }
  if (window.ResizeObserver) new ResizeObserver(figFit).observe($("ex-figure"));
  function figPhase(ph) { if (ph !== figPh || ph === "ph-move" || ph === "ph-return") { figPh = ph; figApply(); } }
  // figShow puts the figure of one side on screen ("" for an item done
  // once: no side is named).
  function figShow(it, side) {
    var fig = $("ex-figure"), url = side === "left" && it.figure_url_left ? it.figure_url_left : it.figure_url;
    $("s-exercise").classList.toggle("has-figure", !!url);
    fig.classList.toggle("hidden", !url);
    $("ex-side").textContent = side === "left" ? "Left side" : side === "right" ? "Right side" : "";
    $("ex-side").classList.toggle("hidden", !side);
    if (!url) { figSrc = ""; var old = fig.querySelector("iframe"); if (old) old.remove(); return; }
    if (url === figSrc) return figApply();
    figSrc = url;
    var f = fig.querySelector("iframe");
    if (!f) {
      f = document.createElement("iframe");
      f.setAttribute("tabindex", "-1");
      f.addEventListener("load", function () { figFit(); figApply(); });
      fig.insertBefore(f, fig.firstChild);
    }
    f.title = "Picture of " + it.name + (side ? ", " + (side === "left" ? "left" : "right") + " side" : "");
    f.src = url;
  }

  function countdown(seconds, label, done, tick) {
    var left = seconds;
    $("phase").textContent = label;
    $("timer").textContent = mmss(left);
    showCount = true;
    clearInterval(timer);
    timer = setInterval(function () {
      if (paused) return;
      left--;
      if (showCount) $("timer").textContent = mmss(left);
      if (tick) tick(seconds - left, left);
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
    figPh = "ph-start";
    figShow(it, it.per_side ? "right" : "");
    // Done only once the exercise has started: before, it would record an
    // exercise as done that never was.
    $("b-start").classList.remove("hidden");
    $("b-done").classList.add("hidden");
    $("b-pause").classList.add("hidden");
    setPaused(false); running = false;
    $("phase").textContent = ""; $("timer").textContent = "";
    showUndo($("b-undo"));
    $("ex-text").scrollTop = 0;
    showScreen("s-exercise");
    say(it.name + ". " + it.position_label + ". " + it.dosage_words);
  }

  // Counted repetitions: no hold and no time, only a number of moves, each
  // paced by rep_seconds (4 s when the plan does not say).
  function counted(it) { return !(it.hold_seconds > 0) && !(it.seconds > 0) && it.reps > 0; }

  function play() {
    var it = items[state.index];
    keepAwake();
    // Starting settles the exercise before: no going back to it now.
    if (state.undo) { delete state.undo; save(); }
    $("b-undo").classList.add("hidden");
    running = true;
    $("b-start").classList.add("hidden");
    $("b-pause").classList.remove("hidden");
    $("b-done").classList.remove("hidden");
    // Start is gone: the keyboard's place moves to Pause, not to the page.
    $("b-pause").focus();
    var sides = it.per_side ? 2 : 1, reps = Math.max(it.reps || 1, 1) * Math.max(it.sets || 1, 1);
    var queue = [];
    if (it.seconds > 0) {
      queue.push({ t: it.seconds, label: "Keep going", speak: "Begin." });
    } else if (counted(it)) {
      var per = it.rep_seconds > 0 ? it.rep_seconds : 4, sets = Math.max(it.sets || 1, 1), n = it.reps;
      for (var cs = 1; cs <= sides; cs++) {
        for (var st = 1; st <= sets; st++) {
          for (var k = 1; k <= n; k++) {
            var side = sides > 1 ? (cs === 1 ? "Right side. " : "Left side. ") : "";
            var set = sets > 1 ? "Set " + st + " of " + sets + ". " : "";
            queue.push({ t: per, count: k, side: sides > 1 ? (cs === 1 ? "right" : "left") : "", label: side + set + "Repetition " + k + " of " + n,
              speak: k === 1 ? (cs === 2 && st === 1 ? "Change sides. " : "") + "Begin. One." : String(k) + "." });
          }
          if (!(cs === sides && st === sets) && it.rest_seconds > 0) queue.push({ t: it.rest_seconds, rest: true, label: "Rest", speak: "Rest." });
        }
      }
    } else {
      for (var s = 1; s <= sides; s++) {
        for (var r = 1; r <= reps; r++) {
          var where = (sides > 1 ? (s === 1 ? "Right side" : "Left side") + ", " : "") + "time " + r + " of " + reps;
          queue.push({ t: it.hold_seconds, hold: true, side: sides > 1 ? (s === 1 ? "right" : "left") : "", label: "Hold: " + where, speak: (r === 1 && s === 2 ? "Change sides. " : "") + "Hold." });
          if (!(s === sides && r === reps) && it.rest_seconds > 0) queue.push({ t: it.rest_seconds, rest: true, label: "Rest", speak: "Rest." });
        }
      }
    }
    var step = function (k) {
      if (k >= queue.length) { chime(); say("Done."); return record("done"); }
      var q = queue[k];
      if (q.side) figShow(it, q.side);
      if (q.count) {
        // A repetition shows its number, not a countdown; a chime only at
        // the first, so the count is not a string of beeps. The figure
        // moves out in its first half and back in its second.
        if (q.count === 1) chime();
        say(q.speak);
        figPhase("ph-move");
        var back = false;
        countdown(q.t, q.label, function () { step(k + 1); }, function (gone) {
          if (!back && gone >= q.t / 2) { back = true; figPhase("ph-return"); }
        });
        showCount = false;
        $("timer").textContent = String(q.count);
        return;
      }
      // A hold: into the position (2 s), then held; a rest goes back; a
      // timed exercise shows the position it keeps.
      figPhase(q.hold ? "ph-move" : q.rest ? "ph-return" : "ph-hold");
      chime(); say(q.speak);
      countdown(q.t, q.label, function () { step(k + 1); }, q.hold ? function (gone) { if (gone >= 2) figPhase("ph-hold"); } : null);
    };
    chime(); say("Get ready.");
    countdown(5, "Get ready", function () { step(0); });
  }

  function record(status, reason) {
    clearInterval(timer); running = false; setPaused(false);
    var it = items[state.index];
    if (it) {
      var r = { item_id: it.id, status: status, at: new Date().toISOString() };
      if (reason) r.reason = reason;
      state.results.push(r);
    }
    // A Done or a Skip tapped by mistake can be taken back from the next
    // screen, until its Start (or Finish) is tapped.
    if (it && status !== "stopped") state.undo = { name: it.name };
    else delete state.undo;
    state.index++;
    save();
    if (status !== "stopped") showExercise();
  }

  function showUndo(b) {
    b.classList.toggle("hidden", !state.undo);
    if (state.undo) b.textContent = "\u2190 Back to " + state.undo.name;
  }
  function undo() {
    if (!state.undo || !state.results.length) return;
    state.results.pop();
    state.index--;
    delete state.undo;
    save();
    say("Back to " + items[state.index].name + ".");
    showExercise();
  }

  // What to do, by stop reason (RULES.md §3.4), and whether the PT is
  // alerted at once: the page carries both from the core's stop table.
  // Whether the PT has been told is said apart, once the server answered.
  var advice = {}, alerting = [];
  var emergencyReasons = [], restCall = [];
  root.querySelectorAll('[data-reasons="stop"] [data-reason]').forEach(function (b) {
    advice[b.getAttribute("data-reason")] = b.getAttribute("data-advice");
    if (b.getAttribute("data-rest-call") === "true") restCall.push(b.getAttribute("data-reason"));
    if (b.getAttribute("data-alerts") === "true") alerting.push(b.getAttribute("data-reason"));
    if (b.getAttribute("data-emergency") === "true") emergencyReasons.push(b.getAttribute("data-reason"));
  });

  function finishExercises() {
    resetAfter();
    showUndo($("b-undo-after"));
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
  // The numbers to call, as big links a tap dials: the emergency number
  // first when the advice names it, then the care team (or the clinic).
  function calls(box, emergency) {
    box.innerHTML = "";
    var add = function (label, number, cls) {
      if (!number) return;
      var a = document.createElement("a");
      a.className = "call " + cls; a.href = "tel:" + number.replace(/[^0-9+*#]/g, "");
      a.appendChild(document.createTextNode(label + ": "));
      var n = document.createElement("span"); n.className = "num"; n.textContent = number; a.appendChild(n);
      box.appendChild(a);
    };
    // No number set: say what to do plainly rather than leave a gap.
    var say1 = function (t, cls) { var p = document.createElement("p"); p.className = "call-missing " + cls; p.textContent = t; box.appendChild(p); };
    if (emergency) {
      if (contacts.emergency_number) add("Emergency", contacts.emergency_number, "emergency");
      else say1("Call your local emergency number now.", "emergency");
    }
    if (phone()) add(contacts.care_team_phone ? "Your care team" : "Your clinic", phone(), "care");
    else if (!emergency) say1("Call your clinic.", "care");
  }
  function live() { return (state.stops || []).filter(function (x) { return !x.corrected; }); }

  function finish(painAfter) {
    state.finished = true; delete state.undo; save();
    var session = LimberOutbox.sessionOf(state, painAfter);
    LimberOutbox.add(session);
    localStorage.removeItem(progressKey);
    if (wake) { try { wake.release(); } catch (e) {} }
    var stops = live(), lastStop = stops.length ? stops[stops.length - 1] : null;
    // The rise that counts and what to say come from the core (the page).
    var riseMin = Number(root.getAttribute("data-pain-rise")) || 2;
    var rose = painAfter !== null && painAfter - state.pain_before >= riseMin;
    $("done-h").textContent = rose ? "Rest now" : (lastStop ? "Session ended" : "Well done");
    var adv = $("done-advice"), rise = $("done-rise");
    rise.innerHTML = "";
    var line = function (t) { var p = document.createElement("p"); p.textContent = t; rise.appendChild(p); };
    // The stop's advice first (it may name the emergency number) with the
    // numbers right under it, the pain rise's below: the more urgent is
    // never replaced, nor pushed out of view.
    $("done-stop-advice").textContent = lastStop ? advice[lastStop.reason] || "" : "";
    $("done-stop-advice").classList.toggle("hidden", !lastStop);
    if (rose) {
      // When the stop's advice said what to do already, only the rise.
      line("Your pain is " + (painAfter - state.pain_before) + " points higher than before the session.");
      if (!(lastStop && restCall.indexOf(lastStop.reason) >= 0)) {
        root.querySelectorAll("#rise-advice li").forEach(function (li) { line(li.textContent); });
      }
    }
    adv.classList.toggle("hidden", !rose && !lastStop);
    calls($("done-calls"), lastStop && emergencyReasons.indexOf(lastStop.reason) >= 0);
    summary(painAfter);
    listInto($("done-waiting-list"), $("done-waiting"), waiting);
    doneSession = session.client_id;
    shownStop = lastStop ? { client_id: lastStop.client_id, alerts: lastStop.worrying, tried: shownStop ? shownStop.tried : false } : null;
    $("done-stop-sent").classList.toggle("hidden", !lastStop);
    stopStatus();
    $("done-msg").textContent = "Sending…";
    showScreen("s-done");
    say(adv.textContent || "Well done. Session finished.");
    LimberOutbox.flush();
  }

  // The end: what was done, skipped, pain before and after, and this
  // week's sessions (from the server, once this one is stored).
  function summary(painAfter) {
    var ul = $("done-summary"); ul.innerHTML = "";
    var n = function (st) { return state.results.filter(function (r) { return r.status === st; }).length; };
    var row = function (k, v) { var li = document.createElement("li"); li.appendChild(document.createTextNode(k + ": ")); var b = document.createElement("strong"); b.textContent = v; li.appendChild(b); ul.appendChild(li); return li; };
    row("Exercises done", n("done") + " of " + items.length);
    if (n("skipped")) row("Skipped", String(n("skipped")));
    if (n("stopped")) row("Stopped", String(n("stopped")));
    row("Pain before", state.pain_before + " out of 10");
    row("Pain after", painAfter === null ? "not given" : painAfter + " out of 10");
    var week = row("Sessions this week", "…"); week.id = "done-week"; week.classList.add("hidden");
  }
  function weekCount() {
    var d = new Date(), monday = new Date(d.getFullYear(), d.getMonth(), d.getDate() - ((d.getDay() + 6) % 7));
    fetch("/api/v1/me/sessions?limit=50", { credentials: "same-origin" }).then(function (r) { if (!r.ok) throw new Error(String(r.status)); return r.json(); })
      .then(function (b) {
        var list = b.sessions || [], k = list.filter(function (x) { return new Date(x.finished_at) >= monday; }).length;
        var li = $("done-week"); if (!li) return;
        li.querySelector("strong").textContent = String(k);
        li.classList.remove("hidden");
      }).catch(function () {});
  }

  // The end screen follows the outbox: "saved" once the server has the
  // session, and the stop's own line (has the PT been told?).
  var doneSession = null, weekAsked = false;
  function doneStatus(failed) {
    if (!doneSession) return;
    var queued = LimberOutbox.waiting("session", doneSession);
    if (!queued && !weekAsked) { weekAsked = true; weekCount(); }
    $("done-msg").textContent = !queued ? "Your session is saved." :
      (failed || navigator.onLine === false ? "Saved on this tablet. It will be sent when the tablet is back online." : "Sending…");
  }

  // The stop's own message: the PT is said to be told only once the
  // server has answered with an alert.
  var shownStop = null;
  function stopStatus() {
    if (!shownStop) return;
    // A worrying stop corrected to a harmless one: its alert stands, so
    // the screen speaks of that one, and says the PT sees the correction.
    var shown = shownStop, tail = "";
    if (!shown.alerts) {
      (state.stops || []).forEach(function (x) {
        if (x.worrying && x.corrected && x.client_id !== shownStop.client_id) shown = { client_id: x.client_id, alerts: true, tried: shownStop.tried };
      });
      if (shown !== shownStop) tail = " They will see that you corrected it.";
    }
    var a = LimberOutbox.stopAnswer(shown.client_id);
    var el = { set textContent(t) { $("stop-sent").textContent = t + tail; $("done-stop-sent").textContent = t + tail; } };
    if (shown !== shownStop && !a) {
      el.textContent = navigator.onLine === false || shown.tried ? "This tablet is offline. Your PT will be told as soon as it is back online." : "Sending to your PT…";
      return;
    }
    if (a && a.refused) el.textContent = "This could not be sent to your PT. Please call your care team" + (phone() ? " on " + phone() : "") + ".";
    else if (a && a.alert_id) el.textContent = "Your PT has been told.";
    else if (a) el.textContent = "This is saved for your PT with today's session.";
    else if (shownStop.alerts) el.textContent = navigator.onLine === false || shownStop.tried ?
      "This tablet is offline. The message to your PT will go as soon as it is back online." : "Sending to your PT…";
    else el.textContent = shownStop.tried ? "This is kept on this tablet and will go with today's session." : "Saving…";
  }
  // "Offline" is said only once a whole attempt to send has failed.
  document.addEventListener("limber-outbox", function (e) {
    var failed = !!(e.detail && e.detail.failed);
    if (shownStop && failed) shownStop.tried = true;
    stopStatus();
    doneStatus(failed);
  });

  // A double tap from a shaky hand: the second tap lands where the first
  // did, on whatever the first one put there (Done, then the next
  // exercise's Skip; Start, then Pause). A tap within 700 ms and 40 px of
  // the one before is dropped. Keys and screen readers send clicks with
  // no pointer (detail 0): those always go through, and nothing is said.
  var lastTap = null;
  root.addEventListener("click", function (e) {
    if (!e.isTrusted || e.detail === 0) return;
    var now = Date.now(), x = e.clientX, y = e.clientY;
    if (lastTap && now - lastTap.t < 700 && Math.abs(x - lastTap.x) < 40 && Math.abs(y - lastTap.y) < 40) {
      e.preventDefault(); e.stopPropagation();
      return;
    }
    lastTap = { t: now, x: x, y: y };
  }, true);

  // Wiring
  scale(root.querySelector('[data-scale="before"]'), $("pb-picked"), $("b-pain-before"), function (v) {
    state.pain_before = v; save(); showExercise();
  });
  var resetAfter = scale(root.querySelector('[data-scale="after"]'), $("pa-picked"), $("b-pain-after"), function (v) { finish(v); });
  $("b-skip-pain").addEventListener("click", function () { finish(null); });
  $("b-start").addEventListener("click", play);
  $("b-pause").addEventListener("click", function () {
    setPaused(!paused);
    say(paused ? "Paused." : "Carry on.");
  });
  $("b-undo").addEventListener("click", undo);
  $("b-undo-after").addEventListener("click", undo);
  $("b-done").addEventListener("click", function () { chime(); record("done"); });
  // Skip and Stop hold the clock where it is; Go back carries on from there.
  var pausedBefore = false;
  function hold() { pausedBefore = paused; if (running) setPaused(true); }
  $("b-skip").addEventListener("click", function () { hold(); showScreen("s-skip"); });
  $("b-stop").addEventListener("click", function () { hold(); correcting = null; $("stop-correcting").classList.add("hidden"); showScreen("s-stop"); say("What happened?"); });
  root.querySelectorAll('[data-reasons="skip"] [data-reason]').forEach(function (b) {
    b.addEventListener("click", function () { record("skipped", b.getAttribute("data-reason")); });
  });
  // "I tapped the wrong one": the reasons again; the new one goes as a new
  // stop naming the first (which stays sent: the PT sees both).
  var correcting = null;
  root.querySelectorAll('[data-reasons="stop"] [data-reason]').forEach(function (b) {
    b.addEventListener("click", function () {
      var reason = b.getAttribute("data-reason");
      var worrying = alerting.indexOf(reason) >= 0, stop;
      if (correcting) {
        var prev = correcting; correcting = null;
        if (prev.reason === reason) return showStopped(prev.reason, prev, false);
        stop = { client_id: uuid(), session_client_id: state.client_id, plan_id: state.plan_id, item_id: prev.item_id, reason: reason,
          at: new Date().toISOString(), corrects: prev.client_id };
        prev.corrected = true;
        // The session's record of that item carries the reason meant.
        for (var i = state.results.length - 1; i >= 0; i--) {
          if (state.results[i].item_id === prev.item_id && state.results[i].status === "stopped") { state.results[i].reason = reason; break; }
        }
      } else {
        stop = { client_id: uuid(), session_client_id: state.client_id, plan_id: state.plan_id, item_id: items[state.index].id, reason: reason, at: new Date().toISOString() };
      }
      var entry = { client_id: stop.client_id, item_id: stop.item_id, reason: reason, worrying: worrying };
      state.stops = (state.stops || []).concat([entry]);
      LimberOutbox.addStop(stop);
      if (stop.corrects) save(); else record("stopped", reason);
      showStopped(reason, entry, true);
      LimberOutbox.flush();
    });
  });
  function showStopped(reason, entry, fresh) {
    var worrying = entry.worrying;
    if (fresh || !shownStop || shownStop.client_id !== entry.client_id) shownStop = { client_id: entry.client_id, alerts: worrying, tried: false };
    $("stop-advice").textContent = advice[reason];
    stopStatus();
    // After a worrying stop the session ends: nothing else today until
    // the PT has heard (RULES.md §3.4: stop, rest, the follow-up).
    var worried = live().some(function (x) { return x.worrying; });
    $("b-next-after-stop").classList.toggle("hidden", worried || state.index >= items.length);
    $("b-finish-now").className = "";
    calls($("stop-calls"), emergencyReasons.indexOf(reason) >= 0);
    showScreen("s-stopped");
    say(advice[reason]);
  }
  $("b-wrong-reason").addEventListener("click", function () {
    var st = live();
    correcting = st[st.length - 1] || null;
    if (!correcting) return;
    var was = root.querySelector('[data-reasons="stop"] [data-reason="' + correcting.reason + '"]');
    $("stop-correcting").textContent = "You tapped \u201c" + (was ? was.textContent : "") + "\u201d. Tap what really happened. Your PT will see both.";
    $("stop-correcting").classList.remove("hidden");
    showScreen("s-stop");
    say("What happened?");
  });
  // Go back: from the reasons of a correction, to the stopped screen; from
  // Skip or Stop, to the exercise as it was (the clock carries on).
  root.querySelectorAll("[data-back]").forEach(function (b) {
    b.addEventListener("click", function () {
      if (correcting) { var c = correcting; correcting = null; return showStopped(c.reason, c, false); }
      if (!running) return showExercise();
      setPaused(pausedBefore);
      showScreen("s-exercise", $("b-pause"));
      say(paused ? "Paused." : "Carry on.");
    });
  });
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
    // Said before the session starts: when a wheelchair user must move to
    // the bed (the plan says so only when it has no other way).
    var move = (t.session && t.session.transfer_notice) || "";
    $("transfer-notice-text").textContent = move;
    $("transfer-notice").classList.toggle("hidden", !move);
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
      var worried = live().some(function (x) { return x.worrying; });
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
