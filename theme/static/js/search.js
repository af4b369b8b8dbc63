/* Site search on /search/: Pagefind's own API, loaded from this site (no other request).
   Results are built as DOM nodes; an excerpt's <mark> highlights are copied as text.
   The filters (kind, topic, language, product) are filled from the index itself. */
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  if (!form) { return; }
  var input = document.getElementById("search-q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var nojs = document.getElementById("search-nojs");
  var fieldset = document.getElementById("search-filters");
  var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-filter]"));
  var base = form.getAttribute("data-index");
  var engine = null;
  var latest = 0;
  var timer = null;
  var KINDS = { story: "Stories", testimonial: "Testimonials", advocate: "Advocates", prompt: "Daily prompts" };
  var languageNames = window.Intl && Intl.DisplayNames ? new Intl.DisplayNames([document.documentElement.lang || "en"], { type: "language" }) : null;
  if (nojs) { nojs.hidden = true; }

  function load() {
    if (!engine) {
      engine = import(base + "pagefind.js").then(function (pagefind) {
        return Promise.resolve(pagefind.options ? pagefind.options({ baseUrl: base.replace(/[^/]+\/$/, "") }) : null)
          .then(function () { return pagefind.init ? pagefind.init() : null; })
          .then(function () { return pagefind; });
      });
      engine.then(fillFilters).catch(function () { engine = null; });
    }
    return engine;
  }

  function label(name, value) {
    if (name === "kind") { return KINDS[value] || value; }
    if (name === "language" && languageNames) {
      try { return languageNames.of(value) + " (" + value + ")"; } catch (e) { return value; }
    }
    return value;
  }

  function fillFilters(pagefind) {
    return pagefind.filters().then(function (available) {
      selects.forEach(function (select) {
        var name = select.getAttribute("data-filter");
        var values = Object.keys(available[name] || {}).sort(function (a, b) { return label(name, a).localeCompare(label(name, b)); });
        values.forEach(function (value) {
          var option = document.createElement("option");
          option.value = value;
          option.textContent = label(name, value);
          select.appendChild(option);
        });
        select.disabled = values.length === 0;
      });
      fieldset.hidden = false;
    });
  }

  function chosen() {
    var filters = {};
    selects.forEach(function (select) {
      if (select.value) { filters[select.getAttribute("data-filter")] = select.value; }
    });
    return filters;
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

  function show(results, total, query) {
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
    var shown = total > results.length ? " (the first " + results.length + " shown)" : "";
    say(total === 0 ? "No results for “" + query + "”." :
      total + (total === 1 ? " result" : " results") + " for “" + query + "”" + shown + ".");
  }

  function run() {
    var query = input.value.trim();
    var ticket = ++latest;
    if (!query) { list.hidden = true; list.textContent = ""; status.hidden = true; return; }
    say("Searching…");
    var total = 0;
    load().then(function (pagefind) { return pagefind.search(query, { filters: chosen() }); })
      .then(function (search) {
        total = search.results.length;
        return Promise.all(search.results.slice(0, 20).map(function (r) { return r.data(); }));
      })
      .then(function (results) { if (ticket === latest) { show(results, total, query); } })
      .catch(function () {
        if (ticket === latest) { say("Search is being updated or is not available right now; browse the pages below."); }
      });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var url = new URL(window.location.href);
    url.searchParams.set("q", input.value.trim());
    window.history.replaceState(null, "", url);
    window.clearTimeout(timer);          // the typing's pending search would only repeat this one
    run();
  });
  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(run, 250);
  });
  selects.forEach(function (select) { select.addEventListener("change", run); });
  input.addEventListener("focus", function () { load().catch(function () {}); }, { once: true });
  var given = new URLSearchParams(window.location.search).get("q");
  if (given) { input.value = given; run(); }
})();
