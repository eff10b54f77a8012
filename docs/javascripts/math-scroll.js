// A formula wider than the page scrolls sideways inside its box; keyboard users must be able to
// scroll it too (WCAG 2.1.1), so such a box becomes focusable. Which boxes overflow depends on the
// screen width, so this is decided in the browser.
// Measuring a box lays it out, and most boxes sit in blocks the browser skips while they are off
// screen (content-visibility): measuring them all at once blocked a phone for a third of a second.
// So boxes are measured a few at a time when the browser is idle, again when the math font
// arrives or the window is resized, and a box that changes size (an answer opened) is re-checked.
// When a full pass is done, <html> carries data-math-scroll="checked" (the browser tests wait for it).
(function () {
  var boxes = Array.prototype.slice.call(document.querySelectorAll(".math-scroll"));
  var idle = window.requestIdleCallback || function (work) {
    return setTimeout(function () { work({ timeRemaining: function () { return 10; } }); }, 1);
  };
  var queue = [];
  var running = false;

  function check(box) {
    if (box.scrollWidth > box.clientWidth + 1) {
      box.setAttribute("tabindex", "0");
    } else {
      box.removeAttribute("tabindex");
    }
  }
  function work(deadline) {
    var start = Date.now();  // short slices: a long one would still block a slow phone
    while (queue.length && deadline.timeRemaining() > 2 && Date.now() - start < 15) {
      check(queue.shift());
    }
    if (queue.length) {
      idle(work);
    } else {
      running = false;
      document.documentElement.setAttribute("data-math-scroll", "checked");
    }
  }
  function checkAll() {
    document.documentElement.removeAttribute("data-math-scroll");
    queue = boxes.slice();
    if (!running) {
      running = true;
      idle(work);
    }
  }

  // The first notice for each box is its size at load, which the idle pass measures anyway.
  var seen = new WeakSet();
  var observer = new ResizeObserver(function (entries) {
    entries.forEach(function (entry) {
      if (seen.has(entry.target)) {
        check(entry.target);
      } else {
        seen.add(entry.target);
      }
    });
  });
  boxes.forEach(function (box) { observer.observe(box); });
  checkAll();
  if (document.fonts) {
    document.fonts.ready.then(checkAll);
  }
  var resized;
  window.addEventListener("resize", function () {
    clearTimeout(resized);
    resized = setTimeout(checkAll, 150);
  });
})();
