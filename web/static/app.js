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
