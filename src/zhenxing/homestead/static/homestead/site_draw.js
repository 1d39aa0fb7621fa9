/* 勾绘用地范围: click the corners of the site on a map of the village (its boundary and registered
   parcels, no tiles), close the ring, and the polygon goes into the form's hidden site_geojson field
   as GeoJSON in EPSG:4490 (Leaflet's lat/lon, which CGCS2000 matches to centimetres). */
(function () {
  "use strict";
  var el = document.getElementById("site-map");
  var field = document.querySelector("input[name=site_geojson]");
  if (!el || !field || !window.L) { return; }
  var status = document.getElementById("site-status");
  var map = L.map(el, { attributionControl: false, doubleClickZoom: false }).setView([42.05, 123.55], 15);
  var points = [];
  var line = L.polyline([], { color: "#8a6d1d" }).addTo(map);
  var shape = null;

  function load(url, style, fit) {
    if (!url) { return; }
    fetch(url, { credentials: "same-origin" }).then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        var layer = L.geoJSON(data, { style: style, interactive: false }).addTo(map);
        if (fit && layer.getBounds().isValid()) {
          map.fitBounds(layer.getBounds());
          el.setAttribute("data-village-shown", "1");  // tests wait for this before drawing
        }
      });
  }
  load(el.getAttribute("data-boundaries-url"), { color: "#555", weight: 2, fill: false }, true);
  load(el.getAttribute("data-parcels-url"), { color: "#2f6f2f", weight: 1, fillOpacity: 0.3 }, false);

  function say(text) { if (status) { status.textContent = text; } }

  function finish() {
    if (points.length < 3) { say("至少需要 3 个拐点。"); return; }
    var ring = points.map(function (p) { return [p.lng, p.lat]; });
    ring.push(ring[0]);
    field.value = JSON.stringify({ type: "Polygon", coordinates: [ring] });
    if (shape) { map.removeLayer(shape); }
    shape = L.polygon(points, { color: "#8a6d1d", fillColor: "#f6e3b4", fillOpacity: 0.7 }).addTo(map);
    line.setLatLngs([]);
    say("已勾绘 " + points.length + " 个拐点的用地范围。");
    points = [];
  }

  map.on("click", function (e) {
    if (points.length >= 3 && map.latLngToContainerPoint(points[0]).distanceTo(e.containerPoint) < 8) {
      finish();
      return;
    }
    points.push(e.latlng);
    line.setLatLngs(points);
    say("已点 " + points.length + " 个拐点。");
  });
  document.getElementById("site-finish").addEventListener("click", finish);
  document.getElementById("site-clear").addEventListener("click", function () {
    points = [];
    line.setLatLngs([]);
    if (shape) { map.removeLayer(shape); shape = null; }
    field.value = "";
    say("已清除，请重新勾绘。");
  });
  // A drawing kept by the form after a rejected submit is shown again.
  if (field.value) {
    try {
      var kept = L.geoJSON(JSON.parse(field.value)).getLayers()[0];
      shape = L.polygon(kept.getLatLngs(), { color: "#8a6d1d", fillColor: "#f6e3b4" }).addTo(map);
      map.fitBounds(shape.getBounds());
    } catch (err) { field.value = ""; }
  }
}());
