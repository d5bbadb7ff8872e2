// The ballot: count the marked candidates and refuse more than the seats (the server checks too).
(function () {
  var form = document.getElementById("ballot");
  if (!form) return;
  var seats = parseInt(form.dataset.seats, 10);
  var out = document.getElementById("ballot-count");
  var button = form.querySelector("button[type=submit]");
  function update() {
    var n = form.querySelectorAll("input[name=choice]:checked").length;
    var over = n > seats;
    out.textContent = over
      ? "已选 " + n + " 项，超过最多 " + seats + " 项，请减少 " + (n - seats) + " 项。"
      : "已选 " + n + " 项，最多 " + seats + " 项。";
    out.classList.toggle("over", over);
    button.disabled = over;
  }
  form.addEventListener("change", update);
  form.addEventListener("submit", function (event) {
    if (form.querySelectorAll("input[name=choice]:checked").length > seats) event.preventDefault();
  });
  update();
})();
