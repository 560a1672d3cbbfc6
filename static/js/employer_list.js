// The employer list: one checkbox selects every row of the page for a bulk action.
(function () {
  "use strict";
  var all = document.getElementById("select-all");
  if (!all) { return; }
  var rows = document.querySelectorAll('input[name="employer"][form="bulk-form"]');
  all.hidden = false;
  all.addEventListener("change", function () {
    rows.forEach(function (box) { box.checked = all.checked; });
  });
})();
