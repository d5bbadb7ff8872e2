// A "select all" box in a table header ticks or clears every row's box of the same form.
document.addEventListener("change", function (event) {
  var all = event.target.closest("[data-select-all]");
  if (!all || !all.form) return;
  all.form.querySelectorAll('input[type="checkbox"][name]').forEach(function (box) {
    box.checked = all.checked;
  });
});
