// Client-side search over topics, roles, teams, standards and SOPs. No network, no libraries.
// The box is an ARIA combobox: arrow keys move through the results (aria-activedescendant),
// Enter opens one, Escape, a click elsewhere or any navigation closes the list.
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
  var active = -1;

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

  var refocusing = false;  // go() is giving the box its focus back

  function options() { return list.querySelectorAll("[role=option]"); }

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function show(query) {
    var words = fold(query).split(/\s+/).filter(Boolean);
    while (list.firstChild) { list.removeChild(list.firstChild); }
    active = -1;
    input.removeAttribute("aria-activedescendant");
    if (!words.length) { close(); return; }
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
    hits.forEach(function (pair, i) {
      var item = pair[1], li = document.createElement("li"), a = document.createElement("a");
      li.id = "search-option-" + i;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      a.href = "#" + item.h;
      a.tabIndex = -1;  // the box keeps the focus; the arrow keys choose
      var kind = document.createElement("span"), title = document.createElement("strong"),
          detail = document.createElement("small");
      kind.className = "kind"; kind.textContent = item.k;
      title.textContent = item.t; detail.textContent = item.d;
      a.appendChild(kind); a.appendChild(title); a.appendChild(detail);
      li.appendChild(a);
      list.appendChild(li);
    });
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
  }

  function move(step) {
    var all = options();
    if (!all.length) { return; }
    if (active >= 0) { all[active].setAttribute("aria-selected", "false"); }
    active = (active + step + all.length) % all.length;
    all[active].setAttribute("aria-selected", "true");
    input.setAttribute("aria-activedescendant", all[active].id);
    all[active].scrollIntoView({ block: "nearest" });
  }

  function go() {
    var all = options(), chosen = all[active >= 0 ? active : 0];
    if (!chosen) { return; }
    close();
    window.location.hash = chosen.querySelector("a").getAttribute("href").slice(1);
    // Going to a fragment may blur the box; keep it focused so typing or Escape carries on
    // there, without the focus handler opening the list again on the query just chosen.
    refocusing = true;
    input.focus({ preventScroll: true });
    refocusing = false;
  }

  var keys = {
    ArrowDown: function () { if (list.hidden) { show(input.value); } move(1); },
    ArrowUp: function () { if (list.hidden) { show(input.value); } move(-1); },
    Enter: go,
    Escape: function () { if (list.hidden) { input.value = ""; } close(); },
    Tab: close
  };

  input.addEventListener("input", function () { show(input.value); });
  input.addEventListener("focus", function () {
    if (!refocusing && input.value && list.hidden) { show(input.value); }
  });
  input.addEventListener("keydown", function (event) {
    var action = keys[event.key];
    if (!action) { return; }
    if (event.key !== "Tab") { event.preventDefault(); }
    action();
  });
  list.addEventListener("click", close);  // the link itself navigates
  document.addEventListener("pointerdown", function (event) {
    if (!event.target.closest || !event.target.closest(".search")) { close(); }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && event.target !== input) { close(); }
  });
  window.addEventListener("hashchange", close);
  // A query in the address bar (#search=payroll) fills the box: handy for links and tests.
  var match = /^#search=(.*)$/.exec(window.location.hash);
  if (match) { input.value = decodeURIComponent(match[1]); show(input.value); }
})();
