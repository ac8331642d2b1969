/* The network map of the partnership page (networks/_map.html).
 *
 * The picture is drawn on the server and works without this script; the script
 * adds filters by sector and by tie strength, one organisation's own network on
 * click or Enter, and the full name beside an organisation on hover and on
 * keyboard focus. No eval, no inline script: it only reads the data- attributes
 * the server wrote on the picture's marks and lines.
 */
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, key) {
      return key in values ? String(values[key]) : all;
    });
  }

  function init(root) {
    var svg = root.querySelector("svg.network-picture");
    var form = root.querySelector(".netmap-controls");
    if (!svg || !form) { return; }
    var status = root.querySelector("[data-netmap-status]");
    var nodes = Array.prototype.slice.call(svg.querySelectorAll(".jn-node"));
    var lines = Array.prototype.slice.call(svg.querySelectorAll(".jn-edges line"));
    var marks = Array.prototype.slice.call(
      svg.querySelectorAll(".jn-labels [data-node], .jn-leaders [data-node]"));
    var strength = form.querySelector("select[name=strength]");
    var ego = null;
    var tip = makeTip(svg);

    svg.setAttribute("role", "group");
    nodes.forEach(function (g) {
      var name = g.getAttribute("aria-label");
      g.setAttribute("tabindex", "0");
      g.setAttribute("role", "button");
      g.setAttribute("aria-pressed", "false");
      g.addEventListener("click", function () { choose(g); });
      g.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          choose(g);
        } else if (event.key === "Escape") {
          ego = null;
          apply();
        }
      });
      g.addEventListener("focus", function () { tip.show(g, name); });
      g.addEventListener("mouseenter", function () { tip.show(g, name); });
      g.addEventListener("blur", tip.hide);
      g.addEventListener("mouseleave", tip.hide);
    });
    form.hidden = false;
    form.addEventListener("change", apply);
    form.querySelector("[data-netmap-reset]").addEventListener("click", function () {
      form.querySelectorAll("input[name=sector]").forEach(function (box) { box.checked = true; });
      if (strength) { strength.selectedIndex = 0; }
      ego = null;
      apply();
    });

    function choose(g) {
      ego = ego === g.dataset.node ? null : g.dataset.node;
      apply();
    }

    function apply() {
      var sectors = {};
      form.querySelectorAll("input[name=sector]").forEach(function (box) {
        sectors[box.value] = box.checked;
      });
      var least = strength ? Number(strength.value) : -Infinity;
      var shown = {};
      nodes.forEach(function (g) { shown[g.dataset.node] = sectors[g.dataset.sector] !== false; });
      if (ego !== null && !shown[ego]) { ego = null; }
      var near = {};
      var ties = 0;
      lines.forEach(function (line) {
        var a = line.dataset.a, b = line.dataset.b;
        var strong = line.dataset.s === undefined || Number(line.dataset.s) >= least;
        var on = shown[a] && shown[b] && strong;
        if (on && ego !== null) {
          on = a === ego || b === ego;
          if (on) { near[a] = true; near[b] = true; }
        }
        line.classList.toggle("jn-off", !on);
        if (on) { ties += 1; }
      });
      if (ego !== null) { near[ego] = true; }
      var names = [];
      var count = 0;
      nodes.forEach(function (g) {
        var id = g.dataset.node;
        var dim = ego !== null && !near[id];
        g.classList.toggle("jn-off", !shown[id]);
        g.classList.toggle("jn-dim", dim);
        g.classList.toggle("jn-ego", id === ego);
        g.setAttribute("aria-pressed", id === ego ? "true" : "false");
        if (shown[id] && !dim) { count += 1; }
        if (ego !== null && near[id] && id !== ego) { names.push(g.getAttribute("aria-label")); }
      });
      marks.forEach(function (m) {
        var id = m.dataset.node;
        m.classList.toggle("jn-off", !shown[id]);
        m.classList.toggle("jn-dim", ego !== null && !near[id]);
      });
      if (!status) { return; }
      if (ego === null) {
        status.textContent = format(root.dataset.msgAll, { n: count, t: ties });
      } else {
        var self = svg.querySelector('.jn-node[data-node="' + ego + '"]');
        status.textContent = format(root.dataset.msgEgo, {
          name: self.getAttribute("aria-label"),
          n: names.length,
          names: names.length ? names.join("; ") : root.dataset.msgNone
        });
      }
    }
  }

  /* One tooltip per picture, drawn last so nothing covers it. */
  function makeTip(svg) {
    var group = document.createElementNS(SVG, "g");
    var box = document.createElementNS(SVG, "rect");
    var text = document.createElementNS(SVG, "text");
    group.setAttribute("class", "jn-tip");
    group.setAttribute("aria-hidden", "true");
    group.setAttribute("display", "none");
    box.setAttribute("rx", "3");
    group.appendChild(box);
    group.appendChild(text);
    svg.appendChild(group);
    var view = svg.viewBox.baseVal;
    return {
      show: function (g, name) {
        var mark = g.querySelector(".jn-mark").getBBox();
        text.textContent = name;
        group.setAttribute("display", "inline");
        var width = text.getComputedTextLength() + 12;
        var x = Math.min(Math.max(mark.x + mark.width / 2 - width / 2, 2), view.width - width - 2);
        var y = mark.y - 28 < 2 ? mark.y + mark.height + 6 : mark.y - 28;
        box.setAttribute("x", x);
        box.setAttribute("y", y);
        box.setAttribute("width", width);
        box.setAttribute("height", 22);
        text.setAttribute("x", x + 6);
        text.setAttribute("y", y + 15.5);
      },
      hide: function () { group.setAttribute("display", "none"); }
    };
  }

  document.querySelectorAll("[data-netmap]").forEach(init);
}());
