/* Adds a "Copy" button next to each share URL field. Without JavaScript the field is
   still there, read-only and selectable. No network, no tracking. */
(function () {
  "use strict";
  function copyFrom(field, button) {
    var done = function () { button.textContent = "Copied"; setTimeout(function () { button.textContent = "Copy link"; }, 2000); };
    field.select();
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(done, function () { document.execCommand("copy"); done(); });
    } else {
      document.execCommand("copy");
      done();
    }
  }
  var fields = document.querySelectorAll("[data-share-url]");
  Array.prototype.forEach.call(fields, function (field) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button button-small share-copy-button";
    button.textContent = "Copy link";
    button.addEventListener("click", function () { copyFrom(field, button); });
    field.addEventListener("focus", function () { field.select(); });
    field.insertAdjacentElement("afterend", button);
  });
})();
