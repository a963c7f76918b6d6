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
