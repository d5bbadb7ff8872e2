/* The office dashboard's charts: every [data-chart] element names the json_script holding its ECharts
   option (built on the server, minsheng/dashboard/figures.py). Drawn on load and after each htmx swap;
   the table under each chart says the same in text. */
(function () {
  "use strict";
  var charts = [];

  function draw(root) {
    if (typeof echarts === "undefined") return;
    (root || document).querySelectorAll("[data-chart]").forEach(function (el) {
      if (el.dataset.drawn) return;
      var source = document.getElementById(el.dataset.chart);
      if (!source) return;
      var option = JSON.parse(source.textContent);
      // ECharts writes its aria description onto the element: keep the page's own label (title, day, summary)
      option.aria = { enabled: true, label: { description: el.getAttribute("aria-label") } };
      var chart = echarts.init(el);
      chart.setOption(option);
      el.dataset.drawn = "1";
      charts.push(chart);
    });
  }

  function forget(root) {
    charts = charts.filter(function (chart) {
      var dom = chart.getDom();
      if (root.contains(dom)) {
        chart.dispose();
        return false;
      }
      return true;
    });
  }

  var pending;
  window.addEventListener("resize", function () {
    clearTimeout(pending);
    pending = setTimeout(function () {
      charts.forEach(function (chart) { chart.resize(); });
    }, 150);
  });
  document.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.target) forget(event.detail.target);
  });
  document.addEventListener("htmx:load", function (event) { draw(event.detail.elt); });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { draw(document); });
  } else {
    draw(document);
  }
})();
