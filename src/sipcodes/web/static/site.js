// Progressive enhancement only: every page works without this script.
// 1. The compare picker goes straight to the canonical comparison URL (needed on a static host).
// 2. On a static host the search page has no server: search the downloaded index instead.
(function () {
  "use strict";
  var body = document.body;
  var prefix = body.dataset.lang === "en" ? "" : "/" + body.dataset.lang;

  var picker = document.querySelector("form.compare-picker");
  if (picker) {
    picker.addEventListener("submit", function (event) {
      var a = picker.querySelector("#a").selectedOptions[0];
      var b = picker.querySelector("#b").selectedOptions[0];
      if (!a || !b || a.value === b.value) { return; }  // let the server explain
      event.preventDefault();
      var first = Number(a.value) < Number(b.value) ? a : b;
      var second = first === a ? b : a;
      window.location.href = prefix + "/compare/sip/" + first.dataset.slug + "-vs-" + second.dataset.slug;
    });
  }

  var live = document.getElementById("live-results");
  var query = new URLSearchParams(window.location.search).get("q");
  if (!live || !query || live.dataset.done !== undefined) { return; }
  var input = document.getElementById("q");
  if (input) { input.value = query; }
  fetch(body.dataset.searchIndex).then(function (r) { return r.json(); }).then(function (index) {
    var words = query.toLowerCase().split(/[^\p{L}\p{N}\-\/]+/u).filter(Boolean);
    var hits = index.filter(function (rec) {
      return words.every(function (w) {
        return String(rec.code).indexOf(w) === 0 || rec.text.indexOf(w) !== -1;
      });
    });
    var list = document.createElement("ul");
    list.className = "results";
    hits.slice(0, 50).forEach(function (rec) {
      var li = document.createElement("li");
      var link = document.createElement("a");
      link.href = rec.url;
      link.textContent = rec.code + " " + rec.reason;
      li.appendChild(link);
      li.appendChild(document.createElement("br"));
      li.appendChild(document.createTextNode(rec.summary));
      list.appendChild(li);
    });
    live.textContent = hits.length ? "" : "—";
    live.appendChild(list);
    live.hidden = false;
  });
})();
