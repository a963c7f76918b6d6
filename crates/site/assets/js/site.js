// Progressive enhancement only: every page works without this script.
// Suggestions while typing: fills a <datalist> for search fields marked data-suggest.
(function () {
  "use strict";
  document.querySelectorAll("input[data-suggest]").forEach(function (input, i) {
    var list = document.createElement("datalist");
    list.id = "suggest-" + i;
    input.setAttribute("list", list.id);
    input.parentNode.appendChild(list);
    var timer = null, last = "";
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var q = input.value.trim();
      if (q.length < 2 || q === last) return;
      timer = setTimeout(function () {
        last = q;
        fetch("/api/v1/suggest?q=" + encodeURIComponent(q))
          .then(function (r) { return r.ok ? r.json() : null; })
          .then(function (data) {
            if (!data || !data.items) return;
            list.textContent = "";
            data.items.slice(0, 8).forEach(function (s) {
              var o = document.createElement("option");
              o.value = s.text;
              list.appendChild(o);
            });
          })
          .catch(function () {});
      }, 150);
    });
  });
})();

// Back-office: keep each field's character counter current while typing (the server counts too; this
// only helps). The counter says how many characters there are of the maximum; it is not a live region,
// so screen readers are not interrupted on every key.
(function () {
  document.querySelectorAll("[data-counter-for]").forEach(function (counter) {
    var field = document.getElementById(counter.getAttribute("data-counter-for"));
    var max = field && field.getAttribute("data-max");
    if (!max) return;
    var words = counter.textContent.replace(/^\s*\d+\s*\/\s*\d+\s*/, "");
    var update = function () {
      var n = field.value.replace(/\s+/g, " ").trim().length;
      counter.textContent = n + " / " + max + " " + words;
      counter.classList.toggle("over", n > Number(max));
    };
    field.addEventListener("input", update);
  });
})();

// Back-office: tools for rich-text fields. Without this script a field is typed as plain text (a blank
// line starts a paragraph, lines starting with "- " or "1. " make a list) and the server turns it into
// the allowed HTML. The tools only help to type that: make the selected lines a list, and show a
// preview built with the server's rules. The preview is built from text nodes, never from HTML.
(function () {
  "use strict";
  var bullet = /^\s*[-*•] /;
  var numbered = /^\s*\d{1,3}[.)] /;

  // The typed text as blocks: {tag: "p" | "ul" | "ol", items: [lines]}, as the server reads it.
  function blocks(text) {
    var out = [], para = null, list = null;
    text.split(/\r?\n/).forEach(function (raw) {
      var line = raw.trim();
      if (!line) { para = null; list = null; return; }
      var tag = bullet.test(line) ? "ul" : numbered.test(line) ? "ol" : null;
      if (tag) {
        para = null;
        if (!list || list.tag !== tag) { list = { tag: tag, items: [] }; out.push(list); }
        list.items.push(line.replace(tag === "ul" ? bullet : numbered, "").trim());
      } else {
        list = null;
        if (!para) { para = { tag: "p", items: [] }; out.push(para); }
        para.items.push(line);
      }
    });
    return out;
  }

  function render(target, text) {
    target.textContent = "";
    blocks(text).forEach(function (b) {
      var el = document.createElement(b.tag);
      b.items.forEach(function (item, i) {
        if (b.tag === "p") {
          if (i > 0) el.appendChild(document.createElement("br"));
          el.appendChild(document.createTextNode(item));
        } else {
          var li = document.createElement("li");
          li.textContent = item;
          el.appendChild(li);
        }
      });
      target.appendChild(el);
    });
  }

  // Makes the lines touched by the selection list items ("- " or "1. ", "2. ", …), or plain lines
  // again when they all are items of that kind already.
  function toggleList(field, kind) {
    var v = field.value, start = field.selectionStart, end = field.selectionEnd;
    var from = v.lastIndexOf("\n", start - 1) + 1;
    var to = v.indexOf("\n", end > start && v[end - 1] === "\n" ? end - 1 : end);
    if (to < 0) to = v.length;
    var lines = v.slice(from, to).split("\n");
    var marker = kind === "bullets" ? bullet : numbered;
    var all = lines.every(function (l) { return !l.trim() || marker.test(l); });
    var n = 0;
    var changed = lines.map(function (l) {
      if (!l.trim()) return l;
      var plain = l.replace(bullet, "").replace(numbered, "");
      if (all) return plain;
      n += 1;
      return (kind === "bullets" ? "- " : n + ". ") + plain;
    }).join("\n");
    field.value = v.slice(0, from) + changed + v.slice(to);
    field.focus();
    field.setSelectionRange(from, from + changed.length);
    field.dispatchEvent(new Event("input", { bubbles: true }));
  }

  document.querySelectorAll("[data-rich-for]").forEach(function (tools) {
    var field = document.getElementById(tools.getAttribute("data-rich-for"));
    if (!field) return;
    var preview = document.getElementById(field.id + "-preview");
    var body = preview && preview.querySelector(".rich-preview-body");
    tools.hidden = false;
    tools.querySelectorAll("button[data-rich]").forEach(function (button) {
      var what = button.getAttribute("data-rich");
      button.addEventListener("click", function () {
        if (what !== "preview") { toggleList(field, what); return; }
        if (!preview || !body) return;
        var open = preview.hidden;
        preview.hidden = !open;
        button.setAttribute("aria-expanded", String(open));
        button.textContent = button.getAttribute(open ? "data-hide-label" : "data-show-label");
        if (open) render(body, field.value);
      });
    });
    field.addEventListener("input", function () {
      if (preview && body && !preview.hidden) render(body, field.value);
    });
  });
})();
