// Wide things on narrow screens: each chart starts scrolled so that its root box is in view,
// and a hint says so wherever a table or chart is wider than its frame. No libraries.
(function () {
  "use strict";

  function centreRoot(frame) {
    var root = frame.querySelector(".oc-root");
    if (!root) { return; }
    var box = root.getBoundingClientRect(), view = frame.getBoundingClientRect();
    frame.scrollLeft += box.left + box.width / 2 - (view.left + view.width / 2);
  }

  function layout() {
    var frames = document.querySelectorAll(".scroll-x");
    for (var i = 0; i < frames.length; i++) {
      var frame = frames[i], wide = frame.scrollWidth > frame.clientWidth + 1;
      var hint = frame.previousElementSibling;
      if (hint && hint.classList.contains("scroll-hint")) { hint.hidden = !wide; }
      if (wide) { centreRoot(frame); }
    }
  }

  window.addEventListener("resize", layout);
  layout();  // this script runs at the end of <body>: the layout is there to measure
})();
