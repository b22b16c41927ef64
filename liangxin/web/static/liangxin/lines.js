// The equipment rows of an enterprise's application: add a row, remove a row. The form posts rows as
// line-N-key; the rows are renumbered after each change so the labels read 第 1 行, 第 2 行 … in order.
(function () {
  "use strict";
  var table = document.querySelector('[data-testid="lines"] tbody');
  var add = document.querySelector("[data-add-line]");
  if (!table || !add) return;

  function renumber() {
    var rows = table.querySelectorAll("tr[data-line]");
    rows.forEach(function (row, index) {
      row.querySelectorAll("input[data-key]").forEach(function (input) {
        input.name = "line-" + index + "-" + input.dataset.key;
        input.setAttribute("aria-label", "第 " + (index + 1) + " 行" + input.dataset.label);
      });
      var remove = row.querySelector("[data-remove-line]");
      remove.setAttribute("aria-label", "删除第 " + (index + 1) + " 行");
      remove.hidden = rows.length < 2;
    });
  }

  add.hidden = false;
  add.addEventListener("click", function () {
    var rows = table.querySelectorAll("tr[data-line]");
    var row = rows[rows.length - 1].cloneNode(true);
    row.querySelectorAll("input").forEach(function (input) {
      input.value = "";
    });
    table.appendChild(row);
    renumber();
    row.querySelector("input").focus();
  });
  table.addEventListener("click", function (event) {
    var remove = event.target.closest("[data-remove-line]");
    if (!remove) return;
    remove.closest("tr").remove();
    renumber();
  });
  renumber();
})();
