// A long filter form folds behind 筛选 on a phone ({% filterfold %}, core/templatetags/folds.py): open
// on a wide screen, closed on a narrow one (the breakpoint of site.css). A fold htmx re-renders with the
// results stays as the user left it, and its summary recounts the filters chosen as they change.
(function () {
  var narrow = window.matchMedia("(max-width: 640px)");
  var kept = {};

  function folds(root) {
    var found = root.querySelectorAll ? Array.prototype.slice.call(root.querySelectorAll("details.filter-fold")) : [];
    if (root.matches && root.matches("details.filter-fold")) found.unshift(root);
    return found;
  }

  function settle(root) {
    folds(root).forEach(function (fold) {
      if (fold.id in kept) {
        fold.open = kept[fold.id];
        delete kept[fold.id];
      } else {
        fold.open = !narrow.matches;
      }
    });
  }

  // The same rule as folds.chosen: a named control with a non-blank value, a box only when ticked.
  function recount(fold) {
    var note = fold.querySelector(".fold-note");
    if (!note) return;
    var names = (fold.getAttribute("data-fold-names") || "").split(" ").filter(Boolean);
    var count = names.filter(function (name) {
      return Array.prototype.some.call(fold.querySelectorAll("[name]"), function (control) {
        if (control.name !== name) return false;
        if (control.type === "checkbox" || control.type === "radio") return control.checked;
        return control.value.trim() !== "";
      });
    }).length;
    note.textContent = count ? "（已选 " + count + " 项）" : "";
  }

  function changed(event) {
    var fold = event.target.closest && event.target.closest("details.filter-fold");
    if (fold) recount(fold);
  }

  document.addEventListener("change", changed);
  document.addEventListener("input", changed);
  document.addEventListener("htmx:beforeSwap", function (event) {
    folds(event.detail.target).forEach(function (fold) {
      kept[fold.id] = fold.open;
    });
  });
  document.addEventListener("htmx:load", function (event) {
    settle(event.detail.elt);
  });
  narrow.addEventListener("change", function () {
    folds(document).forEach(function (fold) {
      fold.open = !narrow.matches;
    });
  });
  settle(document);
})();
