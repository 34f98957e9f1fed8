// Draws the oversight charts with Chart.js (served locally, loaded only on pages that need it).
// Markup: <figure class="chart" hidden><canvas data-chart="ID"></canvas></figure> and a
// <script type="application/json" id="ID"> written by Django's json_script with
// {type: "bar"|"doughnut", labels: [...], datasets: [{label, data, color?, colors?}],
//  stacked?: bool, horizontal?: bool, links?: [[url per label] per dataset]}.
// With links, a click on a bar (or slice) opens the list behind that figure (the drill-down).
// The same numbers are always in a table on the page; without JavaScript the figure stays hidden.
(function () {
  "use strict";
  var PALETTE = ["#9b1c1c", "#0969da", "#1a7f37", "#d4a72c", "#8250df", "#cf222e", "#1b7c83",
                 "#bc4c00", "#6e7781", "#bf3989", "#4d2d00", "#0a3069", "#116329", "#a40e26",
                 "#953800", "#3e1f79", "#57606a"];

  function colour(i) { return PALETTE[i % PALETTE.length]; }

  function config(spec) {
    var doughnut = spec.type === "doughnut";
    var datasets = (spec.datasets || []).map(function (d, i) {
      var fill = doughnut ? (d.colors || spec.labels.map(function (_, j) { return colour(j); }))
                          : (d.color || colour(i));
      return { label: d.label, data: d.data, backgroundColor: fill, borderColor: doughnut ? "#fff" : fill,
               borderWidth: doughnut ? 2 : 0, maxBarThickness: 28 };
    });
    var options = { responsive: true, maintainAspectRatio: false, animation: false,
                    plugins: { legend: { position: doughnut ? "right" : "top" } } };
    if (!doughnut) {
      var stacked = !!spec.stacked;
      options.indexAxis = spec.horizontal ? "y" : "x";
      options.scales = { x: { stacked: stacked, beginAtZero: true, ticks: { precision: 0 } },
                         y: { stacked: stacked, beginAtZero: true, ticks: { precision: 0 } } };
    }
    if (spec.links) {
      options.onClick = function (event, elements) {
        if (!elements || !elements.length) { return; }
        var el = elements[0], row = spec.links[el.datasetIndex] || [];
        if (row[el.index]) { window.location.href = row[el.index]; }
      };
      options.onHover = function (event, elements) {
        event.native.target.style.cursor = elements && elements.length ? "pointer" : "default";
      };
    }
    return { type: doughnut ? "doughnut" : "bar", data: { labels: spec.labels, datasets: datasets },
             options: options };
  }

  function draw() {
    if (typeof window.Chart === "undefined") { return; }
    var family = getComputedStyle(document.body).fontFamily;
    if (family) { window.Chart.defaults.font.family = family; }
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var source = document.getElementById(canvas.getAttribute("data-chart"));
      if (!source) { return; }
      var spec;
      try { spec = JSON.parse(source.textContent); } catch (e) { return; }
      var figure = canvas.closest("figure");
      if (figure) { figure.hidden = false; }
      new window.Chart(canvas, config(spec));
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
