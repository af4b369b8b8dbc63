/* Inside a wall frame: the dark look with ?look=dark, and the page's height posted to the host
   page (only a number: nothing about the reader is sent anywhere). */
(function () {
  "use strict";
  if (/(^|[?&])look=dark(&|$)/.test(window.location.search.slice(1))) { document.documentElement.setAttribute("data-look", "dark"); }
  if (window.parent === window) { return; }
  var last = 0;
  function post() {
    var height = Math.ceil(document.documentElement.scrollHeight);
    if (height !== last) {
      last = height;
      window.parent.postMessage({ type: "chorus-wall-height", height: height }, "*");
    }
  }
  if (window.ResizeObserver) { new ResizeObserver(post).observe(document.body); }
  window.addEventListener("load", post);
  post();
})();
