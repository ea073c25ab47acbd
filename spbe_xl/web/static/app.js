// spbe-xl local page: the chosen files, the job's progress, the findings filters.
"use strict";
(function () {
  function chosenFiles() {
    var input = document.getElementById("files");
    var names = document.getElementById("chosen");
    var drop = document.getElementById("drop");
    if (!input || !names || !drop) return;
    var label = drop.querySelector(".drop-text");
    input.addEventListener("change", function () {
      var list = Array.prototype.map.call(input.files, function (f) { return f.name; });
      label.textContent = label.dataset.chosen.replace("{n}", String(list.length));
      names.textContent = list.join(", ");
    });
    ["dragenter", "dragover"].forEach(function (e) {
      drop.addEventListener(e, function () { drop.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (e) {
      drop.addEventListener(e, function () { drop.classList.remove("over"); });
    });
  }

  function progress() {
    var box = document.getElementById("progress");
    if (!box) return;
    var phases = {
      "reading titles": box.dataset.phaseReadingTitles,
      "converting": box.dataset.phaseConverting
    };
    function poll() {
      fetch(box.dataset.status, { cache: "no-store" })
        .then(function (r) { return r.json(); })
        .then(function (s) {
          if (s.state === "done" || s.state === "failed") { window.location.reload(); return; }
          if (s.phase && phases[s.phase]) document.getElementById("phase").textContent = phases[s.phase];
          var bar = document.getElementById("bar");
          bar.max = Math.max(s.total, 1);
          bar.value = s.done;
          document.getElementById("count").textContent =
            box.dataset.of.replace("{done}", s.done).replace("{total}", s.total);
          window.setTimeout(poll, 600);
        })
        .catch(function () { window.setTimeout(poll, 2000); });
    }
    window.setTimeout(poll, 300);
  }

  function filters() {
    var form = document.getElementById("filters");
    if (!form) return;
    form.querySelectorAll("select").forEach(function (s) {
      s.addEventListener("change", function () { form.submit(); });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    chosenFiles();
    progress();
    filters();
  });
})();
