// The daily entry sheet: spreadsheet keys, live column totals, and a warning before leaving unsaved figures.
(function () {
  "use strict";
  var form = document.getElementById("sheet-form");
  var table = document.getElementById("sheet");
  if (!form || !table) { return; }
  var dirty = false;

  function inputs() { return Array.prototype.slice.call(table.querySelectorAll("tbody input[type=text]")); }
  // Inputs are named c-<area id>-<column key>.
  function columnOf(input) { return input.name.split("-").slice(2).join("-"); }

  function moveVertically(input, step) {
    var column = columnOf(input);
    var list = inputs().filter(function (each) { return columnOf(each) === column && !each.disabled; });
    var index = list.indexOf(input) + step;
    if (index >= 0 && index < list.length) { list[index].focus(); }
  }

  function grouped(number) { return String(number).replace(/\B(?=(\d{3})+(?!\d))/g, "."); }

  // The totals read each cell with the parser of the save (numbers.js): a cell it cannot read is marked, and its
  // column's total shows "?" rather than a sum that would differ from what is saved.
  function updateTotals() {
    var totals = {};
    var unreadable = {};
    var parse = window.covidmapsNumbers.parseCount;
    inputs().forEach(function (input) {
      var column = columnOf(input);
      if (column === "note" || column === "comment") { return; }
      var read = parse(input.value);
      input.classList.toggle("cell-unreadable", read.error !== undefined);
      if (read.error !== undefined) {
        unreadable[column] = true;
      } else if (read.value !== null) {
        totals[column] = (totals[column] || 0) + read.value;
      }
    });
    table.querySelectorAll("tfoot [data-total]").forEach(function (cell) {
      var key = cell.dataset.total;
      if (key === "note") { cell.textContent = ""; return; }
      cell.textContent = unreadable[key] ? "?" : grouped(totals[key] || 0);
      cell.title = unreadable[key] ? form.dataset.unreadable : "";
    });
  }

  table.addEventListener("keydown", function (event) {
    var input = event.target;
    if (input.tagName !== "INPUT") { return; }
    if (event.key === "Enter" && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      moveVertically(input, event.shiftKey ? -1 : 1);
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      moveVertically(input, event.key === "ArrowDown" ? 1 : -1);
    }
  });
  table.addEventListener("focusin", function (event) {
    if (event.target.tagName === "INPUT") { event.target.select(); }
  });
  table.addEventListener("input", function () { dirty = true; updateTotals(); });
  document.addEventListener("keydown", function (event) {
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "s") {
      event.preventDefault();
      if (form.querySelector("input[type=submit]")) { dirty = false; form.requestSubmit(); }
    }
  });
  form.addEventListener("submit", function () { dirty = false; });

  // Figures are saved to the date the sheet shows. A changed date opens its sheet at once when nothing is typed;
  // otherwise the save carries the chosen date and the server refuses it rather than saving to the shown date.
  var chooser = document.getElementById("sheet-date");
  var shown = document.getElementById("sheet-shown-date");
  var district = document.getElementById("sheet-district");
  function chosen() {
    if (shown && chooser) { shown.value = chooser.value; }
    if (!dirty && chooser && chooser.form && chooser.value) { chooser.form.requestSubmit(); }
  }
  if (chooser) { chooser.addEventListener("change", chosen); }
  if (district) { district.addEventListener("change", function () { if (!dirty) { district.form.requestSubmit(); } }); }
  window.addEventListener("beforeunload", function (event) {
    if (dirty) { event.preventDefault(); event.returnValue = form.dataset.unsaved; }
  });

  updateTotals();
  var firstError = table.querySelector("td.cell-error input");
  if (firstError) { firstError.focus(); }
})();
