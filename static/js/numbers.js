// Counts as clerks type them in Vietnam, by the rules of ingest/numbers.py (the save uses that module; the tests
// compare the two): "2.000", "2 000" and "2,000" are two thousand only when every group after a separator has
// exactly three digits; anything else is not a count. parseCount returns {value} (null for blank) or {error}.
(function () {
  "use strict";
  var MAX_COUNT = 2147483647;
  var SPACES = /[\u0020\u00a0\u202f\u2009]/g;
  var DIGITS = /^\+?\d+$/;
  var GROUPED = /^\+?\d{1,3}(?:([.,\u0020])\d{3})(?:\1\d{3})*$/;

  function parseCount(raw) {
    var text = String(raw === undefined || raw === null ? "" : raw).replace(SPACES, " ").trim();
    if (!text) { return { value: null }; }
    var digits;
    if (DIGITS.test(text)) {
      digits = text.replace("+", "");
    } else if (GROUPED.test(text)) {
      digits = text.replace(/[.,\s+]/g, "");
    } else {
      return { error: text };
    }
    var number = parseInt(digits, 10);
    if (number > MAX_COUNT) { return { error: text }; }
    return { value: number };
  }

  window.covidmapsNumbers = { parseCount: parseCount, MAX_COUNT: MAX_COUNT };
})();
