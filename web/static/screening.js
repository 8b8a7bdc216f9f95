// One question per screen, each with a Back; an answer that would stop the
// day is asked once more; every answer is shown for review before it is
// sent. Which answers stop the day comes from the server (data-urgent-on),
// never from this script. Without this script the form still works: every
// question on one page, and the server asks "Is that right?" itself.
(function () {
  var form = document.getElementById("screening");
  if (!form) return;
  var steps = Array.prototype.slice.call(form.querySelectorAll("fieldset.question"));
  var submit = form.querySelector("[data-submit]");
  var intro = document.getElementById("screening-intro");
  var confirmBox = document.getElementById("confirm");
  var review = document.getElementById("review");
  var list = review.querySelector("[data-list]");
  var noList = review.querySelector("[data-no-list]");
  var otherList = review.querySelector("[data-other-list]");
  var noBox = review.querySelector("[data-nos]");
  var noSummary = noBox.querySelector("summary");
  var saidHeading = review.querySelector("[data-said-h]");
  var labels = { yes: "Yes", no: "No", not_sure: "Not sure" };
  var i = 0, fromReview = false, pending = null;
  form.classList.add("stepped");

  // Answers are kept on this tablet until they are sent, so a patient who
  // leaves half-way (Home, the tablet sleeping) finds them again the same
  // day. Another day starts afresh; sending clears them.
  var KEY = "limber.screening";
  function today() { var d = new Date(); return d.getFullYear() + "-" + (d.getMonth() + 1) + "-" + d.getDate(); }
  function save() {
    var answers = {};
    steps.forEach(function (f) { var v = value(f); if (v) answers[f.getAttribute("data-id")] = v; });
    try { localStorage.setItem(KEY, JSON.stringify({ day: today(), answers: answers })); } catch (e) { /* a comfort only */ }
  }
  function restore() {
    var kept = null;
    try { kept = JSON.parse(localStorage.getItem(KEY) || "null"); } catch (e) {}
    if (!kept || kept.day !== today()) { try { localStorage.removeItem(KEY); } catch (e) {} return -1; }
    var first = -1;
    steps.forEach(function (f, j) {
      var v = kept.answers && kept.answers[f.getAttribute("data-id")];
      var input = v && f.querySelector('input[value="' + String(v).replace(/"/g, "") + '"]');
      if (input) input.checked = true;
      else if (first < 0) first = j;
    });
    return first < 0 ? steps.length : first;
  }

  function value(f) { var c = f.querySelector("input:checked"); return c ? c.value : ""; }
  function urgentOn(f) { var u = f.getAttribute("data-urgent-on"); return u ? u.split(",") : []; }
  function hideAll() {
    steps.forEach(function (f) { f.classList.add("hidden"); });
    confirmBox.classList.add("hidden");
    review.classList.add("hidden");
    submit.classList.add("hidden");
    if (intro) intro.classList.add("hidden");
  }
  function showStep(j) {
    i = j;
    hideAll();
    var f = steps[i];
    f.classList.remove("hidden");
    f.querySelector(".step-nav").classList.remove("hidden");
    f.querySelector("[data-next]").classList.toggle("hidden", !value(f));
    if (intro) intro.classList.toggle("hidden", i !== 0);
    // Focus the question, not an answer: a focus ring on "Yes" looks like
    // an answer already chosen.
    f.setAttribute("tabindex", "-1");
    f.focus();
  }
  function next() {
    if (fromReview || i === steps.length - 1) { showReview(); return; }
    showStep(i + 1);
  }
  function showConfirm(f, answer) {
    pending = f;
    hideAll();
    confirmBox.querySelector("[data-said]").textContent = answer === "not_sure" ? '"not sure"' : "yes";
    confirmBox.querySelector("[data-what]").textContent = f.getAttribute("data-short");
    confirmBox.classList.remove("hidden");
    confirmBox.querySelector("[data-confirm-yes]").focus();
  }
  function reviewRow(f, j) {
    var v = value(f);
    var scale = !!f.querySelector(".scale");
    var li = document.createElement("li");
    li.setAttribute("data-id", f.getAttribute("data-id"));
    if (v === "yes" || v === "not_sure" || !v) li.className = "said-yes";
    if (urgentOn(f).indexOf(v) >= 0) li.className += " urgent-answer";
    var q = document.createElement("span");
    q.className = "q";
    var short = f.getAttribute("data-short");
    q.textContent = short.charAt(0).toUpperCase() + short.slice(1);
    var a = document.createElement("span");
    a.className = "a";
    // A scale answer says its scale: "2 out of 10", as the player does.
    a.textContent = !v ? "No answer" : scale ? v + " out of 10" : labels[v] || v;
    var b = document.createElement("button");
    b.type = "button";
    b.className = "secondary";
    b.textContent = "Change";
    b.setAttribute("aria-label", "Change the answer to: " + short);
    b.addEventListener("click", function () { showStep(j); });
    li.appendChild(q); li.appendChild(a); li.appendChild(b);
    return li;
  }
  // The answers that are not "No" come first, marked by words and a thick
  // border as well as colour; the "No"s are folded under one line.
  function showReview() {
    fromReview = true;
    hideAll();
    list.textContent = "";
    noList.textContent = "";
    otherList.textContent = "";
    var said = 0, nos = 0;
    steps.forEach(function (f, j) {
      var row = reviewRow(f, j);
      if (value(f) === "no") { noList.appendChild(row); nos++; return; }
      if (row.className.indexOf("said-yes") < 0) { otherList.appendChild(row); return; }
      said++;
      var tag = document.createElement("strong");
      tag.className = "tag";
      tag.textContent = "Check: ";
      row.querySelector(".q").insertBefore(tag, row.querySelector(".q").firstChild);
      list.appendChild(row);
    });
    saidHeading.textContent = said ? "You said yes or not sure to" : "You said no to every yes-or-no question";
    noSummary.textContent = nos + (nos === 1 ? " answer: No. Show it" : " answers: all No. Show them");
    noBox.classList.toggle("hidden", nos === 0);
    noBox.open = false;
    review.classList.remove("hidden");
    submit.classList.remove("hidden");
    review.querySelector("h2").focus();
  }

  steps.forEach(function (f, j) {
    f.addEventListener("change", function (e) {
      if (e.target.type !== "radio") return;
      save();
      if (urgentOn(f).indexOf(e.target.value) >= 0) { showConfirm(f, e.target.value); return; }
      next();
    });
    f.querySelector("[data-back]").addEventListener("click", function () {
      if (fromReview) { showReview(); return; }
      if (j === 0) { location.href = "/patient"; return; }
      showStep(j - 1);
    });
    f.querySelector("[data-next]").addEventListener("click", next);
  });
  confirmBox.querySelector("[data-confirm-yes]").addEventListener("click", function () { pending = null; next(); });
  confirmBox.querySelector("[data-confirm-no]").addEventListener("click", function () {
    // Undo the tap: the question comes back with no answer chosen.
    pending.querySelectorAll("input:checked").forEach(function (x) { x.checked = false; });
    save();
    showStep(steps.indexOf(pending));
  });
  // Every urgent answer was asked again here, so the server need not ask.
  form.addEventListener("submit", function () {
    form.querySelector('input[name="confirmed"]').value = "yes";
    try { localStorage.removeItem(KEY); } catch (e) {}
  });
  form.querySelectorAll("[data-speak]").forEach(function (b) {
    b.addEventListener("click", function () {
      if (!("speechSynthesis" in window)) return;
      speechSynthesis.cancel();
      speechSynthesis.speak(new SpeechSynthesisUtterance(b.getAttribute("data-speak")));
    });
  });
  var resume = restore();
  if (resume >= steps.length) showReview();
  else showStep(Math.max(resume, 0));
})();
