/* Employer pages: Ctrl+Enter (or Cmd+Enter) in a marked textarea saves its form.
   Plain Enter keeps adding lines; without JavaScript the submit button works as always. */
(function () {
  "use strict";
  function typing(target) {
    var tag = target && target.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable);
  }
  document.addEventListener("keydown", function (event) {
    var field = event.target;
    if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey)) return;
    if (!field.matches || !field.matches("textarea[data-ctrl-enter-submits]") || !field.form) return;
    event.preventDefault();
    if (field.form.requestSubmit) field.form.requestSubmit();
    else field.form.submit();
  });
  /* "n" (outside a field) starts a new log: the cursor goes to the summary. */
  var summary = document.querySelector("textarea[aria-keyshortcuts='n']");
  function startLog() {
    summary.scrollIntoView({ block: "center" });
    summary.focus();
  }
  if (summary) {
    document.addEventListener("keydown", function (event) {
      if (event.key !== "n" || event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
      event.preventDefault();
      startLog();
    });
    document.querySelectorAll("[data-log-again]").forEach(function (link) {
      link.addEventListener("click", function (event) { event.preventDefault(); startLog(); });
    });
  }
  /* A date field: Enter does not send the form by accident. */
  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && event.target.matches && event.target.matches("form.log-form input[type=date]")) {
      event.preventDefault();
    }
  });
  /* A group of checkboxes is one tab stop: the arrow keys move within it, Space ticks. */
  document.querySelectorAll("[data-one-tab-stop]").forEach(function (group) {
    var boxes = Array.prototype.slice.call(group.querySelectorAll("input[type=checkbox]"));
    if (boxes.length < 2) return;
    function rove(active) {
      boxes.forEach(function (box) { box.tabIndex = box === active ? 0 : -1; });
    }
    rove(boxes.filter(function (box) { return box.checked; })[0] || boxes[0]);
    group.addEventListener("keydown", function (event) {
      var index = boxes.indexOf(event.target);
      if (index < 0) return;
      var step = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1 }[event.key];
      if (!step) return;
      event.preventDefault();
      var next = boxes[(index + step + boxes.length) % boxes.length];
      rove(next);
      next.focus();
    });
    group.addEventListener("focusin", function (event) {
      if (boxes.indexOf(event.target) >= 0) rove(event.target);
    });
  });
  /* After a failed save, put the keyboard focus on the first field to correct; after a save,
     on the confirmation in the saved conversation (where the page scrolled to). */
  var invalid = document.querySelector("form [aria-invalid=true]");
  var saved = document.querySelector(".conversation.just-logged");
  if (invalid) invalid.focus();
  else if (saved) saved.focus();
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
