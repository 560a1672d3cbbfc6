/* Employer pages: Ctrl+Enter (or Cmd+Enter) in a marked textarea saves its form.
   Plain Enter keeps adding lines; without JavaScript the submit button works as always. */
(function () {
  "use strict";
  document.addEventListener("keydown", function (event) {
    var field = event.target;
    if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey)) return;
    if (!field.matches || !field.matches("textarea[data-ctrl-enter-submits]") || !field.form) return;
    event.preventDefault();
    if (field.form.requestSubmit) field.form.requestSubmit();
    else field.form.submit();
  });
  /* After a failed save, put the keyboard focus on the first field to correct. */
  var invalid = document.querySelector("form [aria-invalid=true]");
  if (invalid) invalid.focus();
  /* A form submitted twice by a double click would log the conversation twice. */
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.dataset.submitted) { event.preventDefault(); return; }
    form.dataset.submitted = "true";
  });
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-submitted]").forEach(function (form) {
      delete form.dataset.submitted;
    });
  });
})();
