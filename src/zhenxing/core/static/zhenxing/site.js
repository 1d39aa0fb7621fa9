// Small behaviours that must work without inline scripts (the CSP forbids them).
document.addEventListener("click", function (event) {
  var toggle = event.target.closest(".menu-toggle");
  if (toggle) {
    var nav = document.getElementById("nav");
    var open = nav.classList.toggle("open");
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
  }
});

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
