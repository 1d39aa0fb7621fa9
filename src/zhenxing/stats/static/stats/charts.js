/* 统计分析's charts: draws every [data-chart] div with Plotly (vendor/plotly.min.js, served from the installed
   plotly package) from the figure in its data-chart attribute (stats/charts.py; the CSP forbids inline
   scripts). A chart's 图/表 buttons switch to the same numbers as a table; a bar or slice with a link opens
   it. */
(function () {
  "use strict";


  if (!window.Plotly) { return; } // the table stays: every number is readable without the drawing

  Plotly.register({
    moduleType: "locale",
    name: "zh-CN",
    dictionary: {
      "Download plot as a PNG": "下载图片（PNG）",
      "Download plot": "下载图片",
      "Autoscale": "自动缩放",
      "Reset axes": "重置坐标轴",
      "Double-click to zoom back out": "双击还原",
      "Double-click on legend to isolate one trace": "双击图例只看这一项",
      "Produced with Plotly.js": "由 Plotly.js 绘制"
    },
    format: {
      days: ["星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"],
      shortDays: ["周日", "周一", "周二", "周三", "周四", "周五", "周六"],
      months: ["一月", "二月", "三月", "四月", "五月", "六月", "七月", "八月", "九月", "十月", "十一月", "十二月"],
      shortMonths: ["1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月"],
      periods: ["上午", "下午"],
      dateTime: "%Y年%m月%d日 %X",
      date: "%Y-%m-%d",
      time: "%H:%M:%S",
      decimal: ".",
      thousands: ",",
      grouping: [3],
      currency: ["¥", ""],
      year: "%Y年",
      month: "%Y年%m月",
      dayMonth: "%m月%d日",
      dayMonthYear: "%Y年%m月%d日"
    }
  });

  function config(title) {
    return {
      locale: "zh-CN",
      displaylogo: false,
      responsive: true,
      scrollZoom: false,
      doubleClick: false,
      modeBarButtons: [["toImage"]],
      toImageButtonOptions: { format: "png", filename: title || "统计图", scale: 2 }
    };
  }

  function show(box, view) {
    box.classList.toggle("show-table", view === "table");
    box.querySelectorAll("[data-view]").forEach(function (b) {
      b.setAttribute("aria-pressed", b.getAttribute("data-view") === view ? "true" : "false");
    });
    var plot = box.querySelector("[data-chart]");
    if (view === "plot" && plot && plot.data) { Plotly.Plots.resize(plot); } // drawn while hidden
  }

  function draw(el) {
    var figure;
    try { figure = JSON.parse(el.getAttribute("data-chart")); } catch (e) { return; }
    if (!figure || !figure.data) { return; }
    var box = el.closest("[data-chart-box]");
    var caption = box && box.querySelector(".chart-title");
    var title = caption ? caption.textContent.replace(/\s+/g, "") : "";
    Plotly.newPlot(el, figure.data, figure.layout, config(title)).then(function () {
      el.setAttribute("data-drawn", "true");
      if (box) {
        box.classList.add("drawn");
        var toggle = box.querySelector(".chart-toggle");
        if (toggle) { toggle.hidden = false; }
      }
    });
    el.on("plotly_click", function (data) {
      var point = data && data.points && data.points[0];
      var custom = point && point.customdata;
      if (custom && Array.isArray(custom[0])) { custom = custom[0]; } // a slice holds its points' data
      var link = custom && custom[0];
      if (link) { window.location.href = link; }
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-chart-box] [data-view]");
    if (button) { show(button.closest("[data-chart-box]"), button.getAttribute("data-view")); }
  });

  document.querySelectorAll("[data-chart]").forEach(draw);
})();
