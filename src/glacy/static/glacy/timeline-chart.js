// Draws the cumulative ratification timeline from the JSON embedded in the page (no network access).
(function () {
  "use strict";
  var dataElement = document.getElementById("timeline-data");
  var canvas = document.getElementById("ratification-chart");
  if (!dataElement || !canvas || typeof Chart === "undefined") { return; }
  var points = JSON.parse(dataElement.textContent);
  var label = canvas.getAttribute("aria-label");
  new Chart(canvas, {
    type: "line",
    data: {
      labels: points.map(function (point) { return point.year; }),
      datasets: [{ label: label, data: points.map(function (point) { return point.total; }),
                   borderColor: "#1e6fb8", backgroundColor: "rgba(30,111,184,0.15)", fill: true, stepped: true }]
    },
    options: { animation: false, plugins: { legend: { display: false } },
               scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
  });
})();
