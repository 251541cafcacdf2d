/* newsdex: small enhancements; every feature also works without JavaScript. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function searchParams() {
    var params = new URLSearchParams(window.location.search);
    params.delete("page");
    // The page's switch is on unless the link says otherwise; the API's default is off.
    var cross = params.getAll("cross_lang").filter(function (v) { return v.trim(); });
    params.delete("cross_lang");
    params.set("cross_lang", cross.length ? cross[cross.length - 1] : "1");
    Array.from(params.keys()).forEach(function (key) {
      // the form's empty fields mean "not given"; the API refuses an empty date or number
      if (key.indexOf("find_") === 0 || !params.getAll(key).some(function (v) {
        return v.trim();
      })) { params.delete(key); }
    });
    return params;
  }

  // "/" anywhere but in a field puts the cursor in the search box, as on most search sites.
  document.addEventListener("keydown", function (event) {
    var box = document.getElementById("q");
    var target = event.target;
    var typing = target && (target.isContentEditable ||
      /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
    if (event.key === "/" && box && !typing && !event.ctrlKey && !event.metaKey &&
        !event.altKey) {
      event.preventDefault();
      box.focus();
      box.select();
    }
  });

  // Sort: apply the choice at once (a Sort button is there without JavaScript).
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });

  // Facet value search: ask /api/facets/<name> as the user types.
  function toggleUrl(name, value, selected) {
    var params = searchParams();
    if (selected) {
      var kept = params.getAll(name).filter(function (v) { return v !== value; });
      params.delete(name);
      kept.forEach(function (v) { params.append(name, v); });
    } else if (params.getAll(name).indexOf(value) < 0) {
      params.append(name, value);
    }
    var query = params.toString();
    return window.location.pathname + (query ? "?" + query : "");
  }

  function renderValues(list, name, values, needle) {
    list.textContent = "";
    if (!values.length) {
      var none = document.createElement("li");
      none.className = "none";
      none.textContent = "No values contain \u201c" + needle + "\u201d.";
      list.appendChild(none);
      return;
    }
    values.forEach(function (v) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = toggleUrl(name, v.value, v.selected);
      if (v.selected) { a.className = "selected"; }
      var label = document.createElement("span");
      label.className = "label";
      label.textContent = v.label;
      var n = document.createElement("span");
      n.className = "n";
      n.textContent = String(v.count);
      a.appendChild(label);
      a.appendChild(document.createTextNode(" "));
      a.appendChild(n);
      li.appendChild(a);
      list.appendChild(li);
    });
  }

  document.querySelectorAll("input[data-facet-find]").forEach(function (input) {
    var name = input.getAttribute("data-facet-find");
    var section = input.closest(".facet");
    var list = section.querySelector(".values");
    var original = list.innerHTML;
    var timer = null;
    var latest = 0;
    input.form.addEventListener("submit", function (event) { event.preventDefault(); });
    // Keys: Enter opens the first value, arrows walk the values, Escape goes back.
    function links() { return Array.from(list.querySelectorAll("a")); }
    input.addEventListener("keydown", function (event) {
      var found = links();
      if (!found.length) { return; }
      if (event.key === "Enter") { event.preventDefault(); found[0].click(); }
      if (event.key === "ArrowDown") { event.preventDefault(); found[0].focus(); }
    });
    list.addEventListener("keydown", function (event) {
      var found = links();
      var at = found.indexOf(document.activeElement);
      if (at < 0) { return; }
      if (event.key === "ArrowDown" && at + 1 < found.length) {
        event.preventDefault(); found[at + 1].focus();
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        if (at > 0) { found[at - 1].focus(); } else { input.focus(); }
      } else if (event.key === "Escape") {
        input.focus();
      }
    });
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        var needle = input.value.trim();
        if (!needle) { list.innerHTML = original; return; }
        var params = searchParams();
        params.set("contains", needle);
        params.set("limit", "30");
        var ticket = ++latest;
        fetch("/api/facets/" + encodeURIComponent(name) + "?" + params.toString(),
              { headers: { Accept: "application/json" } })
          .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
          .then(function (data) {
            if (ticket === latest) { renderValues(list, name, data.values, needle); }
          })
          .catch(function () { /* keep the list as it is */ });
      }, 150);
    });
  });

  // Search box: entity names as you type (/api/complete), an ARIA 1.2 combobox with a
  // listbox. Choosing a name filters by it (person=<id>, place=..., org=...) in place of the
  // word typed, keeping every other parameter of the form (filters, dates, the switch).
  var KINDS = { person: "Person", place: "Place", org: "Organization" };

  function typedWord(box) {
    // The word before the caret: [field:]start of a name, or null when it is no name.
    var before = box.value.slice(0, box.selectionStart === null ? box.value.length
                                                                : box.selectionStart);
    var m = /(^|\s)([^\s]*)$/.exec(before);
    var word = m ? m[2] : "";
    var start = before.length - word.length;
    var facet = null;
    var f = /^(person|place|org):(.*)$/.exec(word);
    if (f) { facet = f[1]; word = f[2]; }
    word = word.replace(/^[+"(]+/, "");
    if (/^-|:|[*?"()[\]{}]/.test(word) || /^(AND|OR|NOT|TO)$/.test(word) ||
        word.length < 2) { return null; }
    return { prefix: word, facet: facet, start: start, end: before.length };
  }

  function setupComplete(box) {
    var form = box.form;
    var combo = box.parentNode;  // the templates wrap the box: moving it would blur it
    var list = document.createElement("ul");
    list.id = "q-suggestions";
    list.className = "suggestions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Names");
    list.hidden = true;
    combo.appendChild(list);
    var status = document.createElement("span");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    combo.appendChild(status);
    box.setAttribute("role", "combobox");
    box.setAttribute("aria-autocomplete", "list");
    box.setAttribute("aria-controls", list.id);
    box.setAttribute("aria-expanded", "false");
    box.setAttribute("autocomplete", "off");
    var options = [];
    var active = -1;
    var typed = null;
    var timer = null;
    var latest = 0;

    function close() {
      latest++;  // a request still in flight is not shown
      list.hidden = true;
      list.textContent = "";
      options = [];
      active = -1;
      box.setAttribute("aria-expanded", "false");
      box.removeAttribute("aria-activedescendant");
    }
    function activate(i) {
      options.forEach(function (o, j) { o.li.setAttribute("aria-selected", String(i === j)); });
      active = i;
      if (i < 0) { box.removeAttribute("aria-activedescendant"); return; }
      box.setAttribute("aria-activedescendant", options[i].li.id);
      options[i].li.scrollIntoView({ block: "nearest" });
    }
    function choose(option) {
      var params = new URLSearchParams();
      new FormData(form).forEach(function (value, key) {
        if (key.indexOf("find_") !== 0 && (String(value).trim() || key === "cross_lang")) {
          params.append(key, value);
        }
      });
      var cross = params.getAll("cross_lang");  // the form's hidden 0 and its checkbox
      params.delete("cross_lang");
      if (cross.length) { params.set("cross_lang", cross[cross.length - 1]); }
      var rest = (box.value.slice(0, typed.start) + box.value.slice(typed.end))
        .replace(/\s+/g, " ").trim();
      params.delete("q");
      if (rest) { params.set("q", rest); }
      if (params.getAll(option.facet).indexOf(option.value) < 0) {
        params.append(option.facet, option.value);
      }
      close();
      window.location.assign((form.getAttribute("action") || window.location.pathname) +
                             "?" + params.toString());
    }
    function show(values, prefix) {
      list.textContent = "";
      options = values.map(function (v, i) {
        var li = document.createElement("li");
        li.id = "q-suggestion-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.className = "suggestion-" + v.facet;
        var kind = document.createElement("span");
        kind.className = "kind";
        kind.textContent = KINDS[v.facet] || v.facet;
        var label = document.createElement("span");
        label.className = "label";
        label.textContent = v.label;
        var n = document.createElement("span");
        n.className = "n";
        n.textContent = v.count + (v.count === 1 ? " article" : " articles");
        li.appendChild(kind);
        li.appendChild(document.createTextNode(" "));
        li.appendChild(label);
        li.appendChild(document.createTextNode(" "));
        li.appendChild(n);
        li.addEventListener("mousedown", function (event) { event.preventDefault(); });
        li.addEventListener("click", function () { choose(options[i]); });
        li.addEventListener("mousemove", function () { if (active !== i) { activate(i); } });
        list.appendChild(li);
        return { li: li, facet: v.facet, value: v.value };
      });
      active = -1;
      box.removeAttribute("aria-activedescendant");
      list.hidden = !options.length;
      box.setAttribute("aria-expanded", String(options.length > 0));
      status.textContent = options.length ? options.length + " names start with \u201c" +
        prefix + "\u201d: arrow keys to choose" : "";
    }
    box.addEventListener("input", function () {
      window.clearTimeout(timer);
      var word = typedWord(box);
      if (!word) { close(); return; }
      timer = window.setTimeout(function () {
        var params = new URLSearchParams({ prefix: word.prefix, limit: "8" });
        if (word.facet) { params.set("facet", word.facet); }
        var ticket = ++latest;
        fetch("/api/complete?" + params.toString(), { headers: { Accept: "application/json" } })
          .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
          .then(function (data) {
            if (ticket !== latest) { return; }
            typed = word;
            show(data.values, word.prefix);
          })
          .catch(function () { if (ticket === latest) { close(); } });
      }, 120);
    });
    box.addEventListener("keydown", function (event) {
      if (list.hidden) { return; }
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        var step = event.key === "ArrowDown" ? 1 : -1;
        var next = active + step;
        if (next >= options.length) { next = 0; }
        if (next < -1) { next = options.length - 1; }
        activate(next);
      } else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();
        choose(options[active]);
      } else if (event.key === "Escape") {
        event.preventDefault();  // not the search field's own clearing
        close();
      } else if (event.key === "Tab") {
        close();
      }
    });
    box.addEventListener("blur", function () { window.setTimeout(close, 100); });
    form.addEventListener("submit", close);
  }

  var mainBox = document.getElementById("q");
  if (mainBox && mainBox.form && mainBox.parentNode.classList.contains("combo") &&
      window.fetch) { setupComplete(mainBox); }

  // Timeline: drag across bars to narrow to their whole span.
  document.querySelectorAll("svg.chart").forEach(function (svg) {
    var bars = Array.from(svg.querySelectorAll("a.bar"));
    var from = null;
    var dragged = false;

    function barAt(event) {
      var el = document.elementFromPoint(event.clientX, event.clientY);
      return el && el.closest ? el.closest("a.bar") : null;
    }
    function mark(a, b) {
      var lo = Math.min(a, b), hi = Math.max(a, b);
      bars.forEach(function (bar, i) { bar.classList.toggle("brushed", i >= lo && i <= hi); });
    }
    svg.addEventListener("pointerdown", function (event) {
      var bar = barAt(event);
      if (!bar || event.button !== 0) { return; }
      from = bars.indexOf(bar);
      dragged = false;
    });
    svg.addEventListener("pointermove", function (event) {
      if (from === null) { return; }
      var bar = barAt(event);
      if (!bar) { return; }
      var to = bars.indexOf(bar);
      if (to !== from) { dragged = true; }
      if (dragged) { mark(from, to); }
    });
    window.addEventListener("pointerup", function (event) {
      if (from === null) { return; }
      var bar = barAt(event);
      var to = bar ? bars.indexOf(bar) : from;
      var start = from;
      from = null;
      if (!dragged || to < 0) { return; }
      var lo = bars[Math.min(start, to)], hi = bars[Math.max(start, to)];
      var params = searchParams();
      params.set("since", lo.getAttribute("data-since"));
      params.set("until", hi.getAttribute("data-until"));
      window.location.assign(window.location.pathname + "?" + params.toString());
    });
    svg.addEventListener("click", function (event) {
      if (dragged) { event.preventDefault(); dragged = false; }
    });
  });
})();
