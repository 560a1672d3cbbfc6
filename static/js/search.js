// "/" anywhere on a page (outside a field) puts the cursor in the header's search field.
(function () {
  "use strict";
  var field = document.getElementById("header-search-q");
  if (!field) { return; }
  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) { return; }
    var target = event.target;
    var tag = target && target.tagName;
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable)) {
      return;
    }
    event.preventDefault();
    field.focus();
    field.select();
  });
})();
