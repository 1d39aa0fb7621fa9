/* 派单: choosing a catalogue entry puts its departments in the form — the first as 主办, the rest as 协办 —
   as the page did for the entry the case already had; the street may still change either. */
(function () {
  "use strict";
  var category = document.querySelector("select.dispatch-category");
  var lead = document.querySelector("select.dispatch-lead");
  if (!category || !lead) { return; }
  category.addEventListener("change", function () {
    var option = category.options[category.selectedIndex];
    var named = (option.getAttribute("data-departments") || "").split(",").filter(Boolean);
    if (!named.length) { return; }
    lead.value = named[0];
    document.querySelectorAll(".co-departments input[name=co_departments]").forEach(function (box) {
      box.checked = named.indexOf(box.value) > 0;
    });
  });
}());
