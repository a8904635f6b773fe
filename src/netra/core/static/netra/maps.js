/* Netra maps: draws every <div class="map-canvas" data-map="…"> with the vendored Leaflet.
 *
 * The GeoJSON and the scale come from the figure's json_script element (see
 * netra.core.maps.Choropleth.payload); no inline script (CSP) and no tile server: only the
 * boundaries imported into Netra are drawn. Without JavaScript the map stays hidden and the
 * figures table under it carries the same numbers. The drawn count is left in data-drawn.
 */
(function () {
  "use strict";
  var SCALE = ["#f1f4f9", "#c6d7ee", "#8fb3de", "#4f86c6", "#0b5cad", "#083f78"];
  var lang = document.documentElement.lang || "id";
  var numbers = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 });

  function colour(value, maximum) {
    if (value === null || value === undefined) { return "#d7dbe2"; }
    if (!maximum || value <= 0) { return SCALE[0]; }
    var step = 1 + Math.floor(Math.min(1, value / maximum) * (SCALE.length - 2) + 0.0001);
    return SCALE[Math.min(SCALE.length - 1, step)];
  }

  function draw(element) {
    if (typeof L === "undefined" || element.getAttribute("data-drawn") !== null) { return; }
    var source = document.getElementById(element.getAttribute("data-map"));
    if (!source) { return; }
    var spec = JSON.parse(source.textContent);
    element.hidden = false;
    var map = L.map(element, { attributionControl: false, zoomSnap: 0.25 });
    var layer = L.geoJSON(spec.data, {
      style: function (feature) {
        return { color: "#1d2430", weight: 1, fillOpacity: 0.8,
                 fillColor: colour(feature.properties.value, spec.maximum) };
      },
      onEachFeature: function (feature, shape) {
        var p = feature.properties;
        var text = p.label || (p.value === null ? "—" : numbers.format(p.value) + spec.unit);
        shape.bindTooltip(p.name + ": " + text);
      }
    }).addTo(map);
    if (spec.data.features.length) { map.fitBounds(layer.getBounds()); }
    element.setAttribute("data-drawn", String(spec.data.features.length));
  }

  function drawAll(root) {
    (root || document).querySelectorAll(".map-canvas[data-map]").forEach(draw);
  }

  document.addEventListener("DOMContentLoaded", function () { drawAll(document); });
  document.addEventListener("htmx:afterSwap", function (event) { drawAll(event.target); });
})();
