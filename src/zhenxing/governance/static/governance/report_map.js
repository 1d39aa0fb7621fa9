/* 上报事件: the spot of the case, by the device's position ("使用我的位置") or by a click on a small map of
   the chosen village (its boundary, no tiles). Either way the read-only 经度/纬度 inputs get the numbers
   the server checks as before. */
(function () {
  "use strict";
  var box = document.querySelector(".report-location");
  var el = document.getElementById("report-map");
  var lon = document.querySelector("input[name=lon]");
  var lat = document.querySelector("input[name=lat]");
  var place = document.querySelector("select[name=place]");
  var status = document.getElementById("location-status");
  if (!box || !el || !lon || !lat || !window.L) { return; }
  var map = L.map(el, { attributionControl: false, zoomSnap: 0.25 }).setView([42.05, 123.55], 13);
  var outline = null;
  var marker = null;

  function say(text) { status.textContent = text; }

  function put(latlng, how) {
    lon.value = latlng.lng.toFixed(6);
    lat.value = latlng.lat.toFixed(6);
    if (marker) { marker.setLatLng(latlng); } else {
      marker = L.circleMarker(latlng, { radius: 8, color: "#b71c1c", weight: 3, fillOpacity: 0.5 }).addTo(map);
    }
    say(how + "：经度 " + lon.value + "，纬度 " + lat.value + "。");
  }

  function showPlace() {
    if (!place || !place.value) { return; }
    var url = box.getAttribute("data-outline-url").replace("PLACE", encodeURIComponent(place.value));
    fetch(url, { credentials: "same-origin" }).then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (outline) { map.removeLayer(outline); outline = null; }
        if (!data || !data.features.length) { return; }
        outline = L.geoJSON(data, {
          style: function (f) {
            return f.properties.kind === "grid" ? { color: "#0b57a4", weight: 1.5, fill: false }
              : { color: "#333", weight: 2.5, dashArray: "6 4", fillColor: "#fff", fillOpacity: 0.4 };
          }, interactive: false
        }).addTo(map);
        if (!marker) { map.fitBounds(outline.getBounds(), { padding: [8, 8] }); }
        el.setAttribute("data-place-shown", place.value);  // tests wait for this before clicking
      });
  }

  map.on("click", function (e) { put(e.latlng, "已在地图上选定位置"); });
  document.getElementById("use-my-location").addEventListener("click", function () {
    if (!navigator.geolocation) { say("此设备或浏览器不能提供位置，请在地图上点选。"); return; }
    say("正在获取位置…");
    navigator.geolocation.getCurrentPosition(function (pos) {
      var here = L.latLng(pos.coords.latitude, pos.coords.longitude);
      put(here, "已使用本机位置（精度约 " + Math.round(pos.coords.accuracy) + " 米）");
      map.setView(here, Math.max(map.getZoom(), 16));
    }, function (err) {
      say(err.code === 1 ? "未允许获取位置，请在浏览器设置中允许，或在地图上点选。"
        : "暂时无法获取位置，请在地图上点选。");
    }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
  });
  document.getElementById("clear-location").addEventListener("click", function () {
    lon.value = "";
    lat.value = "";
    if (marker) { map.removeLayer(marker); marker = null; }
    say("已清除位置。");
  });
  if (place) { place.addEventListener("change", showPlace); }
  if (lon.value && lat.value) {  // kept by the form after a rejected submit
    put(L.latLng(parseFloat(lat.value), parseFloat(lon.value)), "已选定位置");
    map.setView(marker.getLatLng(), 16);
  }
  showPlace();
}());
