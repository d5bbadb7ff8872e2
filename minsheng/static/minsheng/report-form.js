// The report form: while photos upload (which can take a while on a phone network), show progress.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (!form.hasAttribute("data-upload-progress")) return;
  var files = form.querySelector("input[type=file]");
  var bar = form.querySelector(".upload-progress");
  if (bar && files && files.files.length) {
    bar.hidden = false;
    bar.setAttribute("aria-busy", "true");
  }
});
