// Client-side search over topics, roles, teams, standards and SOPs. No network, no libraries.
(function () {
  "use strict";
  var input = document.getElementById("search");
  var list = document.getElementById("search-results");
  var data = document.getElementById("search-data");
  if (!input || !list || !data) { return; }
  var items = JSON.parse(data.textContent).map(function (item) {
    item.hay = fold([item.t, item.d, item.s].join(" "));
    return item;
  });

  function fold(text) {
    return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  function score(item, words) {
    var title = fold(item.t), total = 0;
    for (var i = 0; i < words.length; i++) {
      if (item.hay.indexOf(words[i]) < 0) { return 0; }
      total += title.indexOf(words[i]) === 0 ? 3 : title.indexOf(words[i]) > 0 ? 2 : 1;
    }
    return total;
  }

  function show(query) {
    var words = fold(query).split(/\s+/).filter(Boolean);
    while (list.firstChild) { list.removeChild(list.firstChild); }
    if (!words.length) { list.hidden = true; return; }
    var hits = items.map(function (item) { return [score(item, words), item]; })
      .filter(function (pair) { return pair[0] > 0; })
      .sort(function (a, b) { return b[0] - a[0] || a[1].t.localeCompare(b[1].t); })
      .slice(0, 12);
    if (!hits.length) {
      var none = document.createElement("li");
      none.className = "empty";
      none.textContent = list.getAttribute("data-empty");
      list.appendChild(none);
    }
    hits.forEach(function (pair) {
      var item = pair[1], li = document.createElement("li"), a = document.createElement("a");
      a.href = "#" + item.h;
      var kind = document.createElement("span"), title = document.createElement("strong"),
          detail = document.createElement("small");
      kind.className = "kind"; kind.textContent = item.k;
      title.textContent = item.t; detail.textContent = item.d;
      a.appendChild(kind); a.appendChild(title); a.appendChild(detail);
      li.appendChild(a);
      list.appendChild(li);
    });
    list.hidden = false;
  }

  input.addEventListener("input", function () { show(input.value); });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { input.value = ""; show(""); }
    if (event.key === "Enter") {
      var first = list.querySelector("a");
      if (first) { window.location.hash = first.getAttribute("href").slice(1); }
    }
  });
  list.addEventListener("click", function () { list.hidden = true; });
  // A query in the address bar (#search=payroll) fills the box: handy for links and tests.
  var match = /^#search=(.*)$/.exec(window.location.hash);
  if (match) { input.value = decodeURIComponent(match[1]); show(input.value); }
})();
