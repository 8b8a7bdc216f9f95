// One question per screen, with a read-aloud button. Without this script
// the form still works: every question on one page.
(function () {
  var form = document.getElementById("screening");
  if (!form) return;
  var steps = Array.prototype.slice.call(form.querySelectorAll("fieldset.question"));
  var submit = form.querySelector('button[type="submit"]');
  var i = 0;
  function show() {
    steps.forEach(function (f, j) { f.classList.toggle("hidden", j !== i); });
    submit.classList.toggle("hidden", i < steps.length - 1 || !answered(steps[i]));
    var first = steps[i].querySelector("input");
    if (first) first.focus();
  }
  function answered(f) { return !!f.querySelector("input:checked"); }
  steps.forEach(function (f, j) {
    f.addEventListener("change", function () {
      if (j < steps.length - 1) { i = j + 1; show(); } else { submit.classList.remove("hidden"); submit.focus(); }
    });
  });
  form.querySelectorAll("[data-speak]").forEach(function (b) {
    b.addEventListener("click", function () {
      if (!("speechSynthesis" in window)) return;
      speechSynthesis.cancel();
      speechSynthesis.speak(new SpeechSynthesisUtterance(b.getAttribute("data-speak")));
    });
  });
  show();
})();
