/* Netra charts: draws every <figure class="chart" data-chart="…"> with the vendored Chart.js.
 *
 * The data comes from the figure's json_script element (see netra.core.charts.Chart.payload);
 * there is no inline script, so the page works under a strict Content-Security-Policy. Without
 * JavaScript the canvas stays hidden and the figures table stays open; once a chart is drawn,
 * its canvas is shown and the table is folded away (still one click, and read by screen readers
 * on request). Charts swapped in by htmx are drawn too.
 */
(function () {
  "use strict";
  if (typeof window.Chart === "undefined") return;
  var Chart = window.Chart;
  var lang = document.documentElement.lang || "id";
  var numbers = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 });
  var reduceMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  Chart.defaults.color = "#1d2430";
  Chart.defaults.borderColor = "#d7dbe2";
  Chart.defaults.font.family = window.getComputedStyle(document.body).fontFamily;
  Chart.defaults.font.size = 13;

  function format(value, percent) {
    if (value === null || value === undefined) return "—";
    return numbers.format(value) + (percent ? "%" : "");
  }

  /* Split a long label into lines of about `width` characters (at most three). */
  function wrap(text, width) {
    var words = String(text).split(/\s+/), lines = [], line = "";
    words.forEach(function (word) {
      if (line && (line + " " + word).length > width) { lines.push(line); line = word; }
      else { line = line ? line + " " + word : word; }
    });
    if (line) lines.push(line);
    if (lines.length > 3) { lines = lines.slice(0, 3); lines[2] = lines[2] + "…"; }
    return lines.length > 1 ? lines : lines[0] || "";
  }

  function config(data, box) {
    var narrow = box.clientWidth < 480;
    var pie = data.kind === "pie";
    var labelWidth = data.horizontal ? (narrow ? 16 : 28) : (narrow ? 10 : 16);
    var datasets = data.series.map(function (series) {
      var set = { label: series.name, data: series.values };
      if (pie) {
        set.backgroundColor = data.colours; set.borderColor = "#fff"; set.borderWidth = 2;
      } else {
        set.backgroundColor = series.colour; set.borderColor = series.colour;
        if (data.kind === "line") { set.fill = false; set.tension = 0; set.pointRadius = 4; set.spanGaps = false; }
      }
      return set;
    });
    var options = {
      responsive: true,
      maintainAspectRatio: false,
      animation: reduceMotion ? false : { duration: 300 },
      plugins: {
        legend: { display: pie || data.series.length > 1, position: "bottom", labels: { boxWidth: 14 } },
        tooltip: { callbacks: { label: function (item) {
          var name = pie ? item.label : item.dataset.label;
          return name + ": " + format(item.raw, data.percent);
        } } }
      }
    };
    if (!pie) {
      var valueAxis = {
        beginAtZero: true, stacked: data.stacked,
        title: { display: !!data.unit, text: data.unit },
        ticks: { precision: data.percent ? undefined : 0, callback: function (value) { return format(value, data.percent); } }
      };
      var labelAxis = {
        stacked: data.stacked, grid: { display: false },
        ticks: { autoSkip: false, callback: function (value) { return wrap(this.getLabelForValue(value), labelWidth); } }
      };
      if (data.percent) valueAxis.suggestedMax = 100;
      options.indexAxis = data.horizontal ? "y" : "x";
      options.scales = data.horizontal ? { x: valueAxis, y: labelAxis } : { x: labelAxis, y: valueAxis };
    }
    return { type: data.kind, data: { labels: data.labels, datasets: datasets }, options: options };
  }

  /* Horizontal bars grow with their number of rows, so that labels stay readable. */
  function height(data, box) {
    if (data.kind !== "bar" || !data.horizontal) return null;
    var perRow = (data.stacked ? 1 : data.series.length) * 22 + 14;
    var narrow = box.clientWidth < 480;
    var wrapped = data.labels.reduce(function (most, label) {
      var lines = wrap(label, narrow ? 16 : 28);
      return Math.max(most, Array.isArray(lines) ? lines.length : 1);
    }, 1);
    perRow = Math.max(perRow, wrapped * 16 + 10);
    return Math.max(160, data.labels.length * perRow + (data.series.length > 1 ? 90 : 60));
  }

  function draw(figure) {
    if (figure.getAttribute("data-drawn") === "true") return;
    var source = document.getElementById(figure.getAttribute("data-chart"));
    var box = figure.querySelector(".chart-canvas");
    var canvas = box && box.querySelector("canvas");
    if (!source || !canvas) return;
    var data;
    try { data = JSON.parse(source.textContent); } catch (error) { return; }
    box.hidden = false;
    var rows = height(data, box);
    if (rows) box.style.height = rows + "px";
    new Chart(canvas, config(data, box));
    figure.setAttribute("data-drawn", "true");
    var table = figure.querySelector("details.chart-data");
    if (table) table.open = false;
  }

  function drawAll(root) {
    (root || document).querySelectorAll("figure.chart[data-chart]").forEach(draw);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", function () { drawAll(); });
  else drawAll();
  document.addEventListener("htmx:afterSettle", function (event) { drawAll(event.target); });
})();
