/* The Mastodon share page: fills the post from ?text=, asks for the reader's server
   (remembered on this device only) and opens https://SERVER/share?text=... there.
   No third-party service, no network request of its own. */
(function () {
  "use strict";
  var form = document.querySelector("[data-mastodon-share]");
  if (!form) { return; }
  var KEY = "chorus-mastodon-server";
  var server = form.elements.server;
  var text = form.elements.text;
  var error = form.querySelector(".mastodon-error");
  text.value = new URLSearchParams(window.location.search).get("text") || "";
  try { server.value = window.localStorage.getItem(KEY) || ""; } catch (e) { /* storage off */ }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var host = server.value.trim().replace(/^https?:\/\//i, "").replace(/^@?[^@\/]*@/, "").replace(/\/.*$/, "");
    if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+(:\d+)?$/i.test(host)) {
      error.hidden = false;
      server.focus();
      return;
    }
    error.hidden = true;
    try { window.localStorage.setItem(KEY, host); } catch (e) { /* storage off */ }
    window.location.href = "https://" + host + "/share?text=" + encodeURIComponent(text.value);
  });
})();
