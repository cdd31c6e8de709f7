/* extractor review: filters, hover and click details (inlined into each page).
   The page is static: the text is already cut into segments (<span class="seg"
   data-s="ids">), each listing the spans (records, dropped facts, gold misses)
   that cover it; this script only decides which are visible and shows them. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("review-data").textContent);
  var spans = {};
  data.spans.forEach(function (s) { spans[s.id] = s; });
  var segs = Array.prototype.slice.call(document.querySelectorAll("#text .seg"));
  segs.forEach(function (el) {
    el._ids = el.getAttribute("data-s").split(" ").map(Number);
  });
  var rows = Array.prototype.slice.call(document.querySelectorAll("#records tbody tr"));
  var boxes = Array.prototype.slice.call(document.querySelectorAll(".filters input[type=checkbox]"));
  var selected = null;

  function state() {
    var st = { type: {}, rule: {}, layer: {} };
    boxes.forEach(function (b) { st[b.getAttribute("data-f")][b.value] = b.checked; });
    return st;
  }

  function visible(s, st) {
    if (st.layer[s.layer] === false) return false;
    if (st.type[s.type] === false) return false;
    if (s.rule && st.rule[s.rule] === false) return false;
    return true;
  }

  function label(s) {
    var what = s.layer === "miss" ? "gold miss" : s.layer === "dropped" ? "dropped" : s.status === "fp" ? "false positive" : "";
    return s.type + " " + JSON.stringify(s.text) + " = " + s.key + (what ? " [" + what + "]" : "") +
      (s.rule ? " (" + s.rule + ")" : "");
  }

  function apply() {
    var st = state();
    segs.forEach(function (el) {
      var vis = el._ids.map(function (i) { return spans[i]; }).filter(function (s) { return visible(s, st); });
      var cls = ["seg"];
      var recs = vis.filter(function (s) { return s.layer === "record"; });
      if (recs.length) {
        // the innermost record gives the colour
        recs.sort(function (a, b) { return (a.end - a.start) - (b.end - b.start); });
        cls.push("t-" + recs[0].type);
        if (recs.some(function (s) { return s.status === "fp"; })) cls.push("fp");
      }
      if (vis.some(function (s) { return s.layer === "dropped"; })) cls.push(recs.length ? "dropped" : "dropped-only");
      if (vis.some(function (s) { return s.layer === "miss"; })) cls.push("miss");
      if (vis.length) cls.push("on");
      if (selected !== null && el._ids.indexOf(selected) >= 0 && vis.some(function (s) { return s.id === selected; })) cls.push("sel");
      el.className = cls.join(" ");
      el.title = vis.map(label).join("\n");
      el._vis = vis;
    });
    rows.forEach(function (tr) {
      tr.hidden = !visible(spans[Number(tr.getAttribute("data-id"))], st);
    });
    var shown = rows.filter(function (tr) { return !tr.hidden; }).length;
    var counter = document.getElementById("shown");
    if (counter) counter.textContent = shown + " of " + rows.length + " shown";
  }

  function cell(text) {
    var td = document.createElement("td");
    td.textContent = text;
    return td;
  }

  function details(list) {
    var box = document.getElementById("details");
    box.textContent = "";
    if (!list.length) {
      var p = document.createElement("p");
      p.className = "hint";
      p.textContent = "Click a highlighted mention (or a row below) to see its record.";
      box.appendChild(p);
      return;
    }
    list.forEach(function (s) {
      var item = document.createElement("div");
      item.className = "item";
      var head = document.createElement("div");
      head.className = "head";
      var sw = document.createElement("span");
      sw.className = "swatch";
      sw.style.background = "var(--" + s.type + ")";
      head.appendChild(sw);
      head.appendChild(document.createTextNode(" " + s.type + " = " + s.key));
      var badge = s.layer === "miss" ? ["miss", "gold miss"] : s.layer === "dropped" ? ["dropped", "dropped"] :
        s.status === "fp" ? ["fp", "false positive"] : s.status === "match" ? ["match", "matches gold"] :
        s.status === "attr" ? ["attr", "attribute differs"] : null;
      if (badge) {
        var b = document.createElement("span");
        b.className = "badge " + badge[0];
        b.textContent = badge[1];
        head.appendChild(b);
      }
      item.appendChild(head);
      var t = document.createElement("table");
      var fields = [["text", JSON.stringify(s.text)], ["offsets", s.start + "–" + s.end]];
      if (s.rule) fields.push(["rule", s.rule]);
      if (s.note) fields.push(["note", s.note]);
      Object.keys(s.attrs).forEach(function (k) {
        var v = s.attrs[k];
        fields.push([k, typeof v === "string" ? v : JSON.stringify(v)]);
      });
      fields.forEach(function (f) {
        var tr = document.createElement("tr");
        tr.appendChild(cell(f[0]));
        var td = cell(f[1]);
        if (f[0] === "rule" || f[0] === "checks") td.className = "mono";
        tr.appendChild(td);
        t.appendChild(tr);
      });
      item.appendChild(t);
      box.appendChild(item);
    });
  }

  function select(id) {
    selected = id;
    apply();
    var first = segs.filter(function (el) { return el._ids.indexOf(id) >= 0; })[0];
    if (first && first.scrollIntoView) first.scrollIntoView({ block: "center", behavior: "smooth" });
    details([spans[id]]);
  }

  document.getElementById("text").addEventListener("click", function (ev) {
    var el = ev.target.closest ? ev.target.closest(".seg") : null;
    if (!el || !el._vis || !el._vis.length) return;
    selected = el._vis[0].id;
    apply();
    details(el._vis);
  });
  rows.forEach(function (tr) {
    tr.addEventListener("click", function () { select(Number(tr.getAttribute("data-id"))); });
  });
  boxes.forEach(function (b) { b.addEventListener("change", apply); });
  Array.prototype.slice.call(document.querySelectorAll(".filters button[data-all]")).forEach(function (btn) {
    btn.addEventListener("click", function () {
      var on = btn.getAttribute("data-all") === "on";
      boxes.forEach(function (b) { if (b.getAttribute("data-f") === btn.getAttribute("data-group")) b.checked = on; });
      apply();
    });
  });
  apply();
  details([]);
})();
