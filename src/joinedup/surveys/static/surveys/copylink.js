// Copy buttons beside the survey links on a coordinator's round page. Without
// JavaScript the links are read-only text fields that can be selected and copied;
// this script shows a "Copy" button beside each and selects a field when it is
// clicked. Loaded as a file from this site, so the content security policy allows it.
(function () {
  "use strict";

  function copied(button) {
    var label = button.textContent;
    button.textContent = button.getAttribute("data-done") || label;
    window.setTimeout(function () { button.textContent = label; }, 2000);
  }

  function byHand(field, button) {
    field.focus();
    field.select();
    try {
      if (document.execCommand("copy")) { copied(button); }
    } catch (e) { /* the link stays selected for the user to copy */ }
  }

  function copy(button) {
    var field = document.getElementById(button.getAttribute("data-copy"));
    if (!field) { return; }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(
        function () { copied(button); },
        function () { byHand(field, button); }
      );
    } else {
      byHand(field, button);
    }
  }

  function start() {
    document.querySelectorAll("button.copy-link").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { copy(button); });
    });
    document.querySelectorAll("input.survey-link").forEach(function (field) {
      field.addEventListener("focus", function () { field.select(); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
