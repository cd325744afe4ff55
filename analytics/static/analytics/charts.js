// Draws the dashboard's charts from the JSON the page carries beside each one.
// A static file, not an inline script, so the Content-Security-Policy holds.
document.addEventListener("DOMContentLoaded", function () {
  if (typeof Plotly === "undefined") {
    return; // The tables above carry the same numbers.
  }
  document.querySelectorAll("[data-chart]").forEach(function (element) {
    var source = document.getElementById(element.dataset.chart);
    if (!source) {
      return;
    }
    var figure = JSON.parse(source.textContent);
    Plotly.newPlot(element, figure.data, figure.layout, {
      displaylogo: false,
      responsive: true,
    });
  });
});
