// Keyboard shortcuts for the moderation desk. Everything works without this file:
// it only moves focus (j/k), opens (o) and submits the decision forms after a confirmation (a/r/c).
(function () {
  "use strict";
  function typing(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }
  var rows = Array.prototype.slice.call(document.querySelectorAll(".queue-row"));
  var current = -1;
  function select(index) {
    if (!rows.length) { return; }
    current = Math.max(0, Math.min(rows.length - 1, index));
    rows.forEach(function (row, i) { row.classList.toggle("is-current", i === current); });
    var link = rows[current].querySelector("a.open");
    if (link) { link.focus(); }
  }
  function submitForm(id, field) {
    var form = document.getElementById(id);
    if (!form) { return; }
    var text = field ? form.querySelector("textarea") : null;
    var reply = field ? form.querySelector("select[name=reply]") : null;
    if (text && !text.value.trim() && !(reply && reply.value)) {
      text.focus();
      return;
    }
    if (window.confirm(form.getAttribute("data-confirm") || "Are you sure?")) {
      form.requestSubmit ? form.requestSubmit() : form.submit();
    }
  }
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) { return; }
    var key = event.key;
    if (rows.length && (key === "j" || key === "k")) {
      var active = rows.findIndex(function (row) { return row.contains(document.activeElement); });
      select((active >= 0 ? active : current) + (key === "j" ? 1 : -1));
      event.preventDefault();
    } else if (rows.length && key === "o") {
      var index = rows.findIndex(function (row) { return row.contains(document.activeElement); });
      var row = rows[index >= 0 ? index : Math.max(current, 0)];
      var link = row && row.querySelector("a.open");
      if (link) { window.location.href = link.href; }
    } else if (key === "a") {
      submitForm("form-approve", false);
    } else if (key === "r") {
      submitForm("form-reject", true);
    } else if (key === "c") {
      submitForm("form-request-changes", true);
    }
  });
}());
