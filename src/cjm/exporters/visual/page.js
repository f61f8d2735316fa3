/* The journey map page's script: filters, search, details. No request, no eval, text only. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("cjm-data").textContent);
  var words = data.words;
  var form = document.querySelector(".controls");
  var panel = document.querySelector(".panel");
  var panelTitle = document.getElementById("panel-title");
  var panelBody = panel.querySelector(".panel-body");
  var items = Array.prototype.slice.call(document.querySelectorAll("g.item"));
  var lastFocus = null;

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }

  function checkedLabels() {
    var out = {};
    form.querySelectorAll("input[name=label]").forEach(function (box) { out[box.value] = box.checked; });
    return out;
  }

  function apply() {
    var labels = checkedLabels();
    var lane = form.elements.lane ? form.elements.lane.value : "";
    var persona = form.elements.persona ? form.elements.persona.value : "";
    var query = (form.elements.q.value || "").trim().toLowerCase();
    var matches = 0;
    items.forEach(function (g) {
      var label = g.getAttribute("data-label");
      var personas = (g.getAttribute("data-personas") || "").split(" ").filter(Boolean);
      var hidden = (label && labels[label] === false) ||
        (persona && personas.length > 0 && personas.indexOf(persona) < 0);
      g.classList.toggle("is-hidden", !!hidden);
      var record = data.items[g.getAttribute("data-key")];
      var hit = !query || (record && (record.text + " " + record.detail).toLowerCase().indexOf(query) >= 0);
      g.classList.toggle("is-dim", !hidden && !hit);
      if (query && hit && !hidden) matches += 1;
    });
    document.querySelectorAll("g.row").forEach(function (g) {
      g.classList.toggle("is-dim", !!lane && g.getAttribute("data-lane") !== lane);
    });
    document.querySelectorAll("g.curve").forEach(function (g) {
      var own = g.getAttribute("data-persona");
      g.classList.toggle("is-hidden", !!persona && !!own && own !== persona);
    });
    form.elements.matches.textContent = query ? words.matches.replace("{n}", matches) : "";
  }

  function section(title, list) {
    if (!list || !list.length) return;
    panelBody.appendChild(el("h3", title));
    var ul = el("ul");
    list.forEach(function (entry) { ul.appendChild(entry); });
    panelBody.appendChild(ul);
  }

  function evidenceItem(e) {
    var li = el("li");
    li.appendChild(el("div", e.summary || e.id, "full"));
    var meta = [e.method, e.role, e.organisation, e.date, e.kind].filter(Boolean).join(" · ");
    li.appendChild(el("div", meta, "meta"));
    if (e.reference) li.appendChild(el("div", words.reference + ": " + e.reference, "meta"));
    return li;
  }

  function showItem(key) {
    var record = data.items[key];
    if (!record) return false;
    panelTitle.textContent = record.text;
    panelBody.textContent = "";
    var meta = [record.kind, record.labelName, record.stage, record.lane].filter(Boolean).join(" · ");
    panelBody.appendChild(el("p", meta, "meta"));
    if (record.detail) panelBody.appendChild(el("p", record.detail));
    section(words.findings, record.findings.map(function (m) { return el("li", m, "finding"); }));
    if (record.caution) panelBody.appendChild(el("p", "? " + record.caution, "caution"));
    if (record.evidence.length) {
      section(words.evidence + " (" + record.evidence.length + ")", record.evidence.map(evidenceItem));
    } else if (record.label) {
      panelBody.appendChild(el("h3", words.evidence));
      panelBody.appendChild(el("p", words.no_evidence, "meta"));
    }
    section(words.against + " (" + record.against.length + ")", record.against.map(evidenceItem));
    section(words.kpis, record.kpis.map(function (k) {
      var li = el("li");
      li.appendChild(el("strong", k.short));
      var figures = [k.baseline, k.target ? "→ " + k.target : ""].filter(Boolean).join(" ");
      if (figures) li.appendChild(el("span", " " + figures));
      if (k.name !== k.short) li.appendChild(el("div", k.name, "meta"));
      if (k.definition) li.appendChild(el("div", k.definition, "meta"));
      if (k.formula) li.appendChild(el("div", k.formula, "meta"));
      return li;
    }));
    section(words.causes, record.causes.map(function (c) { return el("li", c); }));
    return true;
  }

  function showCell(key) {
    var keys = data.cells[key] || [];
    panelTitle.textContent = words.cell;
    panelBody.textContent = "";
    var ul = el("ul");
    keys.forEach(function (k) {
      var li = el("li");
      var button = el("button", data.items[k].text, "link");
      button.type = "button";
      button.addEventListener("click", function () { open(k); });
      li.appendChild(button);
      if (data.items[k].labelName) li.appendChild(el("span", " · " + data.items[k].labelName, "meta"));
      ul.appendChild(li);
    });
    panelBody.appendChild(ul);
    return true;
  }

  function showRecord(record, lines) {
    panelTitle.textContent = record.name;
    panelBody.textContent = "";
    lines.forEach(function (line) { if (line[1]) panelBody.appendChild(el("p", line[1], line[0])); });
    return true;
  }

  function open(key) {
    var shown = false;
    var target = data.aliases[key] || key;
    if (data.items[target]) shown = showItem(target);
    else if (data.cells[key]) shown = showCell(key);
    else if (data.stages[key]) {
      var s = data.stages[key];
      shown = showRecord(s, [["full", s.description], ["meta", s.duration]]);
    } else if (data.personas[key]) {
      var p = data.personas[key];
      shown = showRecord(p, [["meta", p.role], ["full", p.description]]);
      ["goals", "needs", "frustrations"].forEach(function (part) {
        section(words[part], p[part].map(function (t) { return el("li", t); }));
      });
      section(words.stakeholders, p.stakeholders.map(function (s) {
        return el("li", s.role + (s.concerns.length ? ": " + s.concerns.join(", ") : ""));
      }));
    } else if (data.nodes[key]) {
      var n = data.nodes[key];
      shown = showRecord(n, [["meta", [n.kind, n.layer].filter(Boolean).join(" · ")], ["full", n.description]]);
      section(words.links, n.links.map(function (t) { return el("li", t); }));
    }
    if (!shown) return;
    document.querySelectorAll("g.selected").forEach(function (g) { g.classList.remove("selected"); });
    var g = document.querySelector('g[data-key="' + CSS.escape(key) + '"]');
    if (g) g.classList.add("selected");
    panel.hidden = false;
    panel.querySelector(".close").focus();
  }

  function close() {
    panel.hidden = true;
    document.querySelectorAll("g.selected").forEach(function (g) { g.classList.remove("selected"); });
    if (lastFocus) lastFocus.focus();
  }

  document.querySelector("main").addEventListener("click", function (event) {
    var g = event.target.closest("g[data-key]");
    if (!g) return;
    lastFocus = g;
    open(g.getAttribute("data-key"));
  });
  document.querySelector("main").addEventListener("keydown", function (event) {
    if (event.key !== "Enter" && event.key !== " ") return;
    var g = event.target.closest("g[data-key]");
    if (!g) return;
    event.preventDefault();
    lastFocus = g;
    open(g.getAttribute("data-key"));
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !panel.hidden) close();
  });
  panel.querySelector(".close").addEventListener("click", close);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.querySelector(".print").addEventListener("click", function () { window.print(); });
  form.querySelectorAll(".tabs button").forEach(function (button) {
    button.addEventListener("click", function () {
      var view = button.getAttribute("data-view");
      form.querySelectorAll(".tabs button").forEach(function (b) {
        b.setAttribute("aria-selected", String(b === button));
      });
      document.querySelectorAll(".sheet").forEach(function (sheet) {
        sheet.hidden = sheet.getAttribute("data-view") !== view;
      });
    });
  });
  document.querySelectorAll('.sheet[data-view="blueprint"]').forEach(function (s) { s.hidden = true; });
  document.documentElement.setAttribute("data-ready", "true");
})();
