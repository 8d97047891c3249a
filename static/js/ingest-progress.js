// Progress of a big upload processed in the background: poll the status, then show the result.
(function () {
  "use strict";
  var box = document.getElementById("import-progress");
  if (!box) { return; }
  var bar = document.getElementById("import-bar");
  var count = document.getElementById("import-count");
  var status = document.getElementById("import-status");

  function poll() {
    fetch(box.dataset.statusUrl, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
      .then(function (data) {
        bar.value = data.percent;
        bar.textContent = data.percent + "%";
        count.textContent = data.done + " / " + data.total;
        status.textContent = data.status_label;
        if (data.finished) { window.location.reload(); } else { window.setTimeout(poll, 1000); }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 500);
})();
