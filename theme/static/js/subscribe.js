/* The filter on /subscribe/: shown only when JavaScript runs (every list is complete and
   usable without it). Hides the rows whose name does not contain what was typed. */
(function () {
  "use strict";
  var form = document.querySelector("[data-feed-filter]");
  if (!form) { return; }
  var input = form.querySelector("input");
  var count = form.querySelector("output");
  var rows = Array.prototype.slice.call(document.querySelectorAll("[data-feed-row]"));
  var kinds = Array.prototype.slice.call(document.querySelectorAll("[data-feed-kind]"));
  var names = rows.map(function (row) { return row.querySelector(".feed-name").textContent.toLowerCase(); });
  function apply() {
    var words = input.value.toLowerCase().trim().split(/\s+/).filter(Boolean);
    var shown = 0;
    rows.forEach(function (row, index) {
      var match = words.every(function (word) { return names[index].indexOf(word) !== -1; });
      row.hidden = !match;
      if (match) { shown += 1; }
    });
    kinds.forEach(function (kind) {
      kind.hidden = !kind.querySelector("[data-feed-row]:not([hidden])");
      if (words.length) { kind.open = !kind.hidden; }   // show what matches; closing again is the reader's choice
    });
    count.textContent = words.length ? shown + (shown === 1 ? " feed matches" : " feeds match") : "";
  }
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  input.addEventListener("input", apply);
  form.hidden = false;
})();
