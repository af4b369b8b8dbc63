/* On the host page: give each <iframe data-chorus-wall> the height its frame reports.
   Messages count only from that frame's own window and origin. No cookies, no other requests. */
(function () {
  "use strict";
  function frames() { return Array.prototype.slice.call(document.querySelectorAll("iframe[data-chorus-wall]")); }
  frames().forEach(function (frame) { frame.style.border = "0"; frame.style.width = "100%"; });
  window.addEventListener("message", function (event) {
    var data = event.data;
    if (!data || data.type !== "chorus-wall-height" || typeof data.height !== "number") { return; }
    frames().forEach(function (frame) {
      if (frame.contentWindow === event.source && new URL(frame.src, document.baseURI).origin === event.origin) {
        frame.style.height = Math.max(100, Math.min(data.height, 20000)) + "px";
      }
    });
  });
})();
