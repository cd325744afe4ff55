// The question editor: a choice's "at step" and "leads to step" selects offer
// the scenario's step keys as they are typed, added or removed in the form,
// before it is saved (quizzes.forms.StepSelect renders them as stored).
(function () {
  "use strict";

  function stepKeys() {
    var keys = [];
    document.querySelectorAll('input[name^="steps-"][name$="-key"]').forEach(function (input) {
      var deleted = document.querySelector(
        'input[name="' + input.name.replace(/-key$/, "-DELETE") + '"]'
      );
      var key = input.value.trim();
      if (key && !(deleted && deleted.value === "1") && keys.indexOf(key) === -1) {
        keys.push(key);
      }
    });
    return keys;
  }

  function refresh() {
    var keys = stepKeys();
    document.querySelectorAll("select[data-step-select]").forEach(function (select) {
      var current = select.value;
      var wanted = [""].concat(keys);
      if (current && keys.indexOf(current) === -1) {
        wanted.push(current);
      }
      var have = Array.prototype.map.call(select.options, function (o) { return o.value; });
      if (have.join("\n") === wanted.join("\n")) {
        return;
      }
      select.textContent = "";
      wanted.forEach(function (value, index) {
        var label = value;
        if (index === 0) {
          label = select.dataset.blankLabel;
        } else if (keys.indexOf(value) === -1) {
          label = "\u201c" + value + "\u201d (not a step of this scenario)";
        }
        select.add(new Option(label, value, false, value === current));
      });
      select.value = current;
    });
  }

  document.addEventListener("input", function (event) {
    if (event.target.matches && event.target.matches('input[name^="steps-"][name$="-key"]')) {
      refresh();
    }
  });
  document.addEventListener("DOMContentLoaded", function () {
    refresh();
    // New choice rows come from a template; deleted steps are hidden, not removed.
    new MutationObserver(refresh).observe(document.body, {
      childList: true,
      subtree: true,
      attributes: true,
      attributeFilter: ["value", "hidden", "class"],
    });
  });
})();
