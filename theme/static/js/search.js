/* Site search on /search/: Pagefind's own API, loaded from this site (no other request).
   Results are built as DOM nodes; an excerpt's <mark> highlights are copied as text. */
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  if (!form) { return; }
  var input = document.getElementById("search-q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var nojs = document.getElementById("search-nojs");
  var base = form.getAttribute("data-index");
  var engine = null;
  var latest = 0;
  var timer = null;
  if (nojs) { nojs.hidden = true; }

  function load() {
    if (!engine) {
      engine = import(base + "pagefind.js").then(function (pagefind) {
        return Promise.resolve(pagefind.options ? pagefind.options({ baseUrl: base.replace(/[^/]+\/$/, "") }) : null)
          .then(function () { return pagefind.init ? pagefind.init() : null; })
          .then(function () { return pagefind; });
      });
    }
    return engine;
  }

  function say(text) { status.hidden = false; status.textContent = text; }

  function excerpt(html) {
    var p = document.createElement("p");
    p.className = "card-excerpt";
    var doc = new DOMParser().parseFromString("<body>" + html + "</body>", "text/html");
    doc.body.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        p.appendChild(mark);
      } else {
        p.appendChild(document.createTextNode(node.textContent));
      }
    });
    return p;
  }

  function show(results, query) {
    list.textContent = "";
    results.forEach(function (data) {
      var item = document.createElement("li");
      item.className = "card search-result";
      var heading = document.createElement("h2");
      heading.className = "card-title";
      var link = document.createElement("a");
      link.href = data.url;
      link.textContent = (data.meta && data.meta.title) || data.url;
      heading.appendChild(link);
      item.appendChild(heading);
      item.appendChild(excerpt(data.excerpt || ""));
      list.appendChild(item);
    });
    list.hidden = results.length === 0;
    say(results.length === 0 ? "No results for “" + query + "”." :
      results.length + (results.length === 1 ? " result" : " results") + " for “" + query + "”.");
  }

  function run() {
    var query = input.value.trim();
    var ticket = ++latest;
    if (!query) { list.hidden = true; list.textContent = ""; status.hidden = true; return; }
    say("Searching…");
    load().then(function (pagefind) { return pagefind.search(query); })
      .then(function (search) {
        return Promise.all(search.results.slice(0, 20).map(function (r) { return r.data(); }));
      })
      .then(function (results) { if (ticket === latest) { show(results, query); } })
      .catch(function () { if (ticket === latest) { say("Search is not available right now; browse below."); } });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var url = new URL(window.location.href);
    url.searchParams.set("q", input.value.trim());
    window.history.replaceState(null, "", url);
    run();
  });
  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(run, 250);
  });
  var given = new URLSearchParams(window.location.search).get("q");
  if (given) { input.value = given; run(); }
})();
