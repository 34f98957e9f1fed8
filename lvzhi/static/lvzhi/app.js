// Small progressive enhancements; the pages work without JavaScript.
// No template carries inline script or event handlers (the Content-Security-Policy forbids
// them): behaviour is declared with data-attributes and wired up here.
(function () {
  "use strict";

  document.addEventListener("click", function (event) {
    var target = event.target;
    if (!(target instanceof Element)) { return; }
    var toggle = target.closest("[data-toggle-nav]");
    if (toggle) {
      document.querySelector("nav.side").classList.toggle("open");
      return;
    }
    // <button data-add-to="FIELD_ID" data-code="CODE">: append CODE to the text field once.
    var add = target.closest("button[data-add-to]");
    if (add) {
      var field = document.getElementById(add.getAttribute("data-add-to"));
      var code = add.getAttribute("data-code") || "";
      if (field && code && (" " + field.value + " ").indexOf(" " + code + " ") < 0) {
        field.value = (field.value.trim() + " " + code).trim();
      }
      add.disabled = true;
      return;
    }
    // <a data-history-back href="FALLBACK">: go back where there is a page to go back to.
    var back = target.closest("a[data-history-back]");
    if (back && window.history.length > 1) {
      event.preventDefault();
      window.history.back();
    }
  });

  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target instanceof HTMLSelectElement && target.matches("select[data-autosubmit]") && target.form) {
      target.form.submit();
    }
  });

  // <textarea data-count-into="SELECTOR">: show the length in SELECTOR within the same form.
  document.addEventListener("input", function (event) {
    var target = event.target;
    if (!(target instanceof Element) || !target.matches("[data-count-into]")) { return; }
    var scope = target.closest("form") || document;
    var out = scope.querySelector(target.getAttribute("data-count-into"));
    if (out) { out.textContent = String(target.value.length); }
    // with data-max: nothing is cut (no maxlength, which truncates a paste silently); the
    // counter says the text is too long, and the server refuses it with the limit named
    var max = parseInt(target.getAttribute("data-max") || "", 10);
    var counter = out ? out.closest(".counter") : null;
    if (counter && max) {
      var over = target.value.length > max;
      counter.classList.toggle("over", over);
      var note = counter.querySelector(".over-note");
      if (note) { note.hidden = !over; }
      if (over) { target.setAttribute("aria-invalid", "true"); } else { target.removeAttribute("aria-invalid"); }
    }
  });

  // htmx: a box marked data-swap-errors="409 422" shows those error answers (they carry the
  // messages) instead of ignoring them; a data-receipt-box keeps one #receipt on the page.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var box = event.target instanceof Element ? event.target.closest("[data-swap-errors]") : null;
    if (!box) { return; }
    var status = String(event.detail.xhr.status);
    if (box.getAttribute("data-swap-errors").split(/\s+/).indexOf(status) >= 0) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
    if (status === "200" && box.hasAttribute("data-receipt-box")) {
      document.querySelectorAll("#receipt").forEach(function (el) { el.removeAttribute("id"); });
    }
  });
})();
