// The tablet's settings: text size, contrast, spoken cues. Kept in
// localStorage on this tablet.
(function () {
  var key = "limber.settings";
  var form = document.getElementById("settings");
  var saved = document.getElementById("saved");
  var s = {};
  try { s = JSON.parse(localStorage.getItem(key) || "{}"); } catch (e) {}
  var defaults = { text: "normal", contrast: "off", voice: "on" };
  ["text", "contrast", "voice"].forEach(function (name) {
    var v = s[name] || defaults[name];
    var input = form.querySelector('input[name="' + name + '"][value="' + v + '"]');
    if (input) input.checked = true;
  });
  form.addEventListener("change", function (e) {
    s[e.target.name] = e.target.value;
    localStorage.setItem(key, JSON.stringify(s));
    var c = document.documentElement.classList;
    c.remove("text-large", "text-largest", "contrast");
    if (s.text === "large") c.add("text-large");
    if (s.text === "largest") c.add("text-largest");
    if (s.contrast === "on") c.add("contrast");
    saved.textContent = "Saved.";
  });
})();
