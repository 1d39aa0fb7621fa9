// Small behaviours that must work without inline scripts (the CSP forbids them).
document.addEventListener("click", function (event) {
  var toggle = event.target.closest(".menu-toggle");
  if (toggle) {
    var nav = document.getElementById("nav");
    var open = nav.classList.toggle("open");
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
  }
});

// Destructive or spending actions ask first: a button, form or link with data-confirm="…" shows the
// question, and the action goes ahead only on 确定. One listener for the whole site, no framework.
document.addEventListener("submit", function (event) {
  var button = event.submitter;
  var question = (button && button.getAttribute("data-confirm")) || event.target.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
    event.stopImmediatePropagation();
  }
}, true);
document.addEventListener("click", function (event) {
  var link = event.target.closest("a[data-confirm]");
  if (link && !window.confirm(link.getAttribute("data-confirm"))) {
    event.preventDefault();
  }
}, true);

// A thumbnail the browser cannot draw (a damaged picture) becomes a plain "文件" box; the link stays.
document.addEventListener("error", function (event) {
  var img = event.target;
  if (img.tagName === "IMG" && img.matches(".thumbs img, img.thumb")) {
    var box = document.createElement("span");
    box.className = "file-kind";
    box.setAttribute("aria-hidden", "true");
    box.textContent = "文件";
    img.replaceWith(box);
  }
}, true);

// A wide table scrolls inside its frame: the frame's edge shows a shadow on the side where more columns
// are hidden, so a table cut at the screen's edge reads as "scroll for more", not as the end of the table.
function markScroll(wrap) {
  var more = wrap.scrollWidth - wrap.clientWidth - wrap.scrollLeft > 1;
  wrap.classList.toggle("more-right", more);
  wrap.classList.toggle("more-left", wrap.scrollLeft > 1);
}
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll(".table-wrap").forEach(function (wrap) {
    markScroll(wrap);
    wrap.addEventListener("scroll", function () { markScroll(wrap); }, { passive: true });
  });
});
window.addEventListener("resize", function () {
  document.querySelectorAll(".table-wrap").forEach(markScroll);
});

// A select marked data-autosubmit (the statistics' period, chart and map choices) submits its form when
// changed; its 切换 button then is only for pages without script.
document.addEventListener("change", function (event) {
  var select = event.target.closest("select[data-autosubmit]");
  if (select && select.form) { select.form.submit(); }
});
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-autosubmit-button]").forEach(function (b) { b.hidden = true; });
});
