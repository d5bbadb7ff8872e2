// Upload progress for the ledger import: bytes sent, then the server's reading and checking.
document.addEventListener("htmx:xhr:progress", function (event) {
  var bar = document.getElementById("ledger-upload-progress");
  var stage = document.getElementById("ledger-upload-stage");
  if (!bar || !event.detail.lengthComputable) return;
  var percent = Math.round((event.detail.loaded / event.detail.total) * 100);
  bar.value = percent;
  if (stage) stage.textContent = percent < 100 ? "正在上传… " + percent + "%" : "正在读取台账并逐项校验…";
  if (percent >= 100) bar.removeAttribute("value");
});
