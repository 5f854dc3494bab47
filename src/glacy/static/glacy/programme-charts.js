// Draws every dashboard chart from the JSON the page embeds with json_script (no inline script, no network).
(function () {
  "use strict";
  if (typeof Chart === "undefined") { return; }
  var palette = ["#1e6fb8", "#0b6b2f", "#b35c00", "#6b3fa0", "#b3261e", "#00796b", "#7a4b00", "#3f3f9f"];
  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var source = document.getElementById(canvas.getAttribute("data-chart"));
    if (!source) { return; }
    var chart = JSON.parse(source.textContent);
    var horizontal = chart.labels.length > 8;
    new Chart(canvas, {
      type: "bar",
      data: { labels: chart.labels,
              datasets: [{ label: canvas.getAttribute("aria-label"), data: chart.values,
                           backgroundColor: chart.labels.map(function (_label, index) { return palette[index % palette.length]; }) }] },
      options: { animation: false, maintainAspectRatio: false, indexAxis: horizontal ? "y" : "x",
                 plugins: { legend: { display: false } },
                 scales: { x: { beginAtZero: true, ticks: { precision: 0 } }, y: { beginAtZero: true, ticks: { precision: 0 } } } }
    });
  });
})();
