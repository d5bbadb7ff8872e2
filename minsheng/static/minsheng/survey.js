// The survey's score: the range and the number box show the same value; the number shown next to
// the range follows it. Without JavaScript both still work (the typed number wins on the server).
(function () {
  "use strict";
  function setup() {
    var range = document.getElementById("survey-range");
    var typed = document.getElementById("survey-typed");
    var shown = document.getElementById("survey-shown");
    if (!range || !shown) return;
    function fromRange() {
      shown.value = range.value;
      shown.textContent = range.value;
      if (typed) typed.value = range.value;
    }
    range.addEventListener("input", fromRange);
    if (typed) {
      typed.addEventListener("input", function () {
        var n = parseInt(typed.value, 10);
        if (!isNaN(n) && n >= 0 && n <= 100) {
          range.value = String(n);
          shown.value = String(n);
          shown.textContent = String(n);
        }
      });
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup);
  else setup();
})();
