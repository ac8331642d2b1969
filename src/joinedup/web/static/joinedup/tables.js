/* joinedup: wide tables scroll inside their own box, never the page.
 *
 * Every table of a page is put in a <div class="table-scroll"> (unless it already
 * is in one); joinedup.css lets that box scroll sideways and keeps the table's
 * first column in view. A box that does scroll becomes a keyboard stop (tabindex 0)
 * and a named region, so the table can be scrolled with the arrow keys and a screen
 * reader says what it is (WCAG 2.1.1; axe's "scrollable-region-focusable"). Boxes
 * that fit lose both again when the window widens. No inline script, no eval: the
 * content security policy stays as it is. */
(function () {
  "use strict";

  function wrap(table) {
    var box = table.closest(".table-scroll");
    if (box) return box;
    box = document.createElement("div");
    box.className = "table-scroll";
    table.parentNode.insertBefore(box, table);
    box.appendChild(table);
    return box;
  }

  function heading(box) {
    for (var el = box; el && el !== document.body; el = el.parentElement) {
      for (var prev = el.previousElementSibling; prev; prev = prev.previousElementSibling) {
        if (/^H[1-6]$/.test(prev.tagName)) return prev.textContent.trim();
      }
    }
    return "";
  }

  function tidy(text) {
    return (text || "").replace(/\s+/g, " ").trim();
  }

  // Names already given to landmarks of the page (sections, regions).
  function usedNames(except) {
    var used = {};
    var marks = document.querySelectorAll("section[aria-labelledby], section[aria-label], [role=region]");
    for (var i = 0; i < marks.length; i++) {
      if (marks[i] === except) continue;
      var by = marks[i].getAttribute("aria-labelledby");
      var label = by ? document.getElementById(by) : null;
      used[tidy(label ? label.textContent : marks[i].getAttribute("aria-label"))] = true;
    }
    return used;
  }

  // The box's name, unique among the page's landmarks: the table's caption, or the
  // heading above it with the caption, or the caption (or heading) with the column
  // headings ("Survey rounds: Round, Period, Status, …"); numbered as a last resort.
  function name(box) {
    var caption = box.querySelector("caption");
    var cells = box.querySelectorAll("thead th, tr:first-child > th");
    var columns = Array.prototype.map.call(cells, function (c) { return tidy(c.textContent); })
      .filter(Boolean).join(", ");
    var title = tidy(caption ? caption.textContent : "");
    var above = tidy(heading(box));
    var choices = [title, above && title && above !== title ? above + ": " + title : "",
                   [title || above, columns].filter(Boolean).join(": "), tidy(document.title)];
    var used = usedNames(box);
    for (var i = 0; i < choices.length; i++) {
      if (choices[i] && !used[choices[i]]) return choices[i];
    }
    for (var n = 2; ; n++) {
      var numbered = (choices[2] || choices[3]) + " (" + n + ")";
      if (!used[numbered]) return numbered;
    }
  }

  function update(box) {
    // A box in a closed <details> is out of reach: it becomes a stop when opened.
    var shown = box.getClientRects().length > 0 && !box.closest("details:not([open])");
    var scrolls = shown && box.scrollWidth > box.clientWidth + 1;
    if (scrolls && !box.hasAttribute("tabindex")) {
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      if (!box.hasAttribute("aria-label")) box.setAttribute("aria-label", name(box));
      box.dataset.scrolls = "yes";
    } else if (!scrolls && box.dataset.scrolls === "yes") {
      box.removeAttribute("tabindex");
      box.removeAttribute("role");
      box.removeAttribute("aria-label");
      delete box.dataset.scrolls;
    }
  }

  var boxes = [];
  function all() {
    boxes.forEach(update);
  }

  function start() {
    var tables = document.querySelectorAll("main table");
    for (var i = 0; i < tables.length; i++) {
      var box = wrap(tables[i]);
      if (boxes.indexOf(box) < 0) boxes.push(box);
    }
    all();
    var pending = false;
    window.addEventListener("resize", function () {
      if (pending) return;
      pending = true;
      window.requestAnimationFrame(function () {
        pending = false;
        all();
      });
    });
    // Closed <details> hold tables of no width: measure them when they open.
    document.addEventListener("toggle", all, true);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
