// Upload progress for the notice import: bytes sent, then the server's reading and extraction.
document.addEventListener("htmx:xhr:progress", function (event) {
  var bar = document.getElementById("upload-progress");
  var stage = document.getElementById("upload-stage");
  if (!bar || !event.detail.lengthComputable) return;
  var percent = Math.round((event.detail.loaded / event.detail.total) * 100);
  bar.value = percent;
  if (stage) stage.textContent = percent < 100 ? "正在上传… " + percent + "%" : "正在识别项目、单位和目标…";
  if (percent >= 100) bar.removeAttribute("value");
});
