// Every page: on a phone the header's menu folds behind a "Menu" button, and parts marked
// data-phone-collapse="Label" fold behind a button of that label. Without JavaScript, or on a
// wider screen, everything stays open.
(function () {
  "use strict";
  var phone = window.matchMedia("(max-width: 40rem)");

  function foldable(button, target) {
    function set(open) {
      button.setAttribute("aria-expanded", String(open));
      target.classList.toggle("is-collapsed", !open);
    }
    function apply() {
      button.hidden = !phone.matches;
      set(!phone.matches);
    }
    button.addEventListener("click", function () {
      set(button.getAttribute("aria-expanded") !== "true");
    });
    phone.addEventListener("change", apply);
    apply();
  }

  // A link to a folded section (<details id=...>) opens it.
  function openTarget() {
    var target = window.location.hash && document.getElementById(window.location.hash.slice(1));
    if (target && target.tagName === "DETAILS") { target.open = true; }
  }
  window.addEventListener("hashchange", openTarget);
  openTarget();

  var menuButton = document.querySelector(".menu-button");
  var menu = document.getElementById("site-menu");
  if (menuButton && menu) { foldable(menuButton, menu); }

  document.querySelectorAll("[data-phone-collapse]").forEach(function (target, index) {
    if (!target.id) { target.id = "phone-collapse-" + index; }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "secondary small phone-toggle";
    button.textContent = target.getAttribute("data-phone-collapse");
    button.setAttribute("aria-controls", target.id);
    target.parentNode.insertBefore(button, target);
    foldable(button, target);
    // A form with errors stays open.
    if (target.querySelector("[aria-invalid=true], .errorlist")) {
      button.setAttribute("aria-expanded", "true");
      target.classList.remove("is-collapsed");
    }
  });
})();
