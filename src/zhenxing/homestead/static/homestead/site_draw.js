/* 勾绘用地范围: click the corners of the site on a map of the applicant's village (its boundary, the
   registered parcels and the basic farmland as outlines, no tiles), close the ring, and the polygon goes
   into the form's hidden site_geojson field as GeoJSON in EPSG:4490 (Leaflet's lat/lon, which CGCS2000
   matches to centimetres). From the third corner on, the server's pre-checks (the reviewers' own: area
   cap, parcels, farmland, village boundary) are asked again at each change, so the applicant sees what
   would fail before saving. */
(function () {
  "use strict";
  var el = document.getElementById("site-map");
  var field = document.querySelector("input[name=site_geojson]");
  if (!el || !field || !window.L) { return; }
  var status = document.getElementById("site-status");
  var panel = document.getElementById("site-checks");
  var save = document.getElementById("save-application");
  var oldParcel = document.querySelector("input[name=old_parcel]");
  var csrf = document.querySelector("input[name=csrfmiddlewaretoken]");
  var checkUrl = el.getAttribute("data-check-url");
  var village = el.getAttribute("data-village");
  var map = L.map(el, { attributionControl: false, doubleClickZoom: false, zoomSnap: 0.25 }).setView([42.05, 123.55], 15);
  var points = [];
  var line = L.polyline([], { color: "#8a6d1d", weight: 2 }).addTo(map);
  var corners = L.layerGroup().addTo(map);
  var shape = null;
  var STYLES = {
    boundary: { color: "#333", weight: 2.5, fill: false, dashArray: "6 4" },
    parcel: { color: "#6b6b6b", weight: 1, fillColor: "#bdbdbd", fillOpacity: 0.35 },
    farmland: { color: "#2e7d32", weight: 1, fillColor: "#81c784", fillOpacity: 0.3 }
  };

  function say(text) { if (status) { status.textContent = text; } }

  var layersUrl = el.getAttribute("data-layers-url");
  if (layersUrl) {
    fetch(layersUrl, { credentials: "same-origin" }).then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        var order = { farmland: 0, parcel: 1, boundary: 2 };  // the boundary drawn last, on top
        data.features.sort(function (a, b) { return order[a.properties.kind] - order[b.properties.kind]; });
        var layer = L.geoJSON(data, {
          style: function (f) { return STYLES[f.properties.kind] || STYLES.parcel; }, interactive: false
        }).addTo(map);
        var boundary = L.geoJSON({ type: "FeatureCollection", features: data.features.filter(
          function (f) { return f.properties.kind === "boundary"; }) });
        var bounds = boundary.getBounds().isValid() ? boundary.getBounds() : layer.getBounds();
        if (bounds.isValid() && !shape) { map.fitBounds(bounds, { padding: [10, 10] }); }
        el.setAttribute("data-village-shown", "1");  // tests wait for this before drawing
      });
  }

  // --- the live pre-check -------------------------------------------------------------------------
  var timer = null;
  var asked = 0;

  function polygonOf(latlngs) {
    var ring = latlngs.map(function (p) { return [p.lng, p.lat]; });
    ring.push(ring[0]);
    return { type: "Polygon", coordinates: [ring] };
  }

  function grouped(text) {  // "93187.22" -> "93,187.22", the way the checks write it
    var parts = String(text).split(".");
    parts[0] = parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    return parts.join(".");
  }

  function item(cls, label, verdict, detail) {
    var li = document.createElement("li");
    li.className = cls;
    var strong = document.createElement("strong");
    strong.textContent = label + "：" + verdict;
    li.appendChild(strong);
    li.appendChild(document.createTextNode(" " + detail));
    return li;
  }

  function show(result) {
    if (!panel) { return; }
    var list = panel.querySelector("ul");
    var summary = panel.querySelector(".site-summary");
    list.textContent = "";
    if (result.problem) {
      list.appendChild(item("fail", "用地图形", "不通过", result.problem));
      summary.textContent = "图形有误，请清除后重新勾绘。";
      panel.setAttribute("data-result", "fail");
    } else {
      result.checks.forEach(function (c) {
        var cls = c.passed === true ? "pass" : (c.passed === false ? "fail" : "unknown");
        var verdict = c.passed === true ? "通过" : (c.passed === false ? "不通过" : "无法核查");
        list.appendChild(item(cls, c.label, verdict, c.detail));
      });
      summary.textContent = "面积 " + grouped(result.area_m2) + " m²（" + grouped(result.area_mu) + " 亩）。" +
        (result.passed ? "预检通过，可以保存。" : "预检未通过：请按红色提示调整用地范围。");
      panel.setAttribute("data-result", result.passed ? "pass" : "fail");
    }
    panel.hidden = false;
    var failed = result.problem || !result.passed;
    if (shape) { shape.setStyle(failed ? { color: "#b71c1c", fillColor: "#f4b4ae" } : { color: "#1b5e20", fillColor: "#b9e0bb" }); }
    if (save) {
      if (failed) {
        save.setAttribute("data-confirm", "用地预检未通过（见红色提示），审查时将不予通过。仍要保存吗？");
      } else {
        save.removeAttribute("data-confirm");
      }
    }
  }

  function check(latlngs) {
    clearTimeout(timer);
    if (!checkUrl) { return; }
    if (latlngs.length < 3) {  // nothing to check yet: an earlier answer would be about another drawing
      asked++;
      if (panel && !shape) { panel.hidden = true; }
      if (save && !shape) { save.removeAttribute("data-confirm"); }
      return;
    }
    if (panel) { panel.setAttribute("data-result", "pending"); }  // until the answer for this drawing
    timer = setTimeout(function () {
      var mine = ++asked;
      fetch(checkUrl, {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf ? csrf.value : "" },
        body: JSON.stringify({ geometry: polygonOf(latlngs), village: village,
          old_parcel: oldParcel ? oldParcel.value : "" })
      }).then(function (r) { return r.ok ? r.json() : null; }).then(function (result) {
        if (result && mine === asked) { show(result); }  // an older answer arriving late is dropped
      });
    }, 250);
  }

  function drawn() { return shape ? shape.getLatLngs()[0] : points; }

  // --- drawing ------------------------------------------------------------------------------------
  function finish() {
    if (points.length < 3) { say("至少需要 3 个拐点。"); return; }
    field.value = JSON.stringify(polygonOf(points));
    if (shape) { map.removeLayer(shape); }
    shape = L.polygon(points, { color: "#8a6d1d", fillColor: "#f6e3b4", fillOpacity: 0.6 }).addTo(map);
    line.setLatLngs([]);
    corners.clearLayers();
    say("已勾绘 " + points.length + " 个拐点的用地范围。");
    check(points);
    points = [];
  }

  function redraw() {
    line.setLatLngs(points);
    corners.clearLayers();
    points.forEach(function (p) { L.circleMarker(p, { radius: 4, color: "#8a6d1d" }).addTo(corners); });
    say(points.length ? "已点 " + points.length + " 个拐点。" : "请在图上点击用地的拐点。");
    check(points);
  }

  map.on("click", function (e) {
    if (points.length >= 3 && map.latLngToContainerPoint(points[0]).distanceTo(e.containerPoint) < 10) {
      finish();
      return;
    }
    if (shape && !points.length) {  // a new drawing replaces the finished one
      map.removeLayer(shape);
      shape = null;
      field.value = "";
    }
    points.push(e.latlng);
    redraw();
  });
  document.getElementById("site-finish").addEventListener("click", finish);
  document.getElementById("site-undo").addEventListener("click", function () {
    points.pop();
    redraw();
  });
  document.getElementById("site-clear").addEventListener("click", function () {
    points = [];
    line.setLatLngs([]);
    corners.clearLayers();
    if (shape) { map.removeLayer(shape); shape = null; }
    field.value = "";
    asked++;
    clearTimeout(timer);
    if (panel) { panel.hidden = true; }
    if (save) { save.removeAttribute("data-confirm"); }
    say("已清除，请重新勾绘。");
  });
  if (oldParcel) { oldParcel.addEventListener("change", function () { check(drawn()); }); }
  // A drawing kept by the form after a rejected submit is shown (and checked) again.
  if (field.value) {
    try {
      var kept = L.geoJSON(JSON.parse(field.value)).getLayers()[0];
      shape = L.polygon(kept.getLatLngs(), { color: "#8a6d1d", fillColor: "#f6e3b4" }).addTo(map);
      map.fitBounds(shape.getBounds());
      check(drawn());
    } catch (err) { field.value = ""; }
  }
}());
