/* The search box: suggestions while typing (from the server, best first) and "find my commune" by the browser's
   location. Without this script the box is a plain form that opens the search page. The position is sent once,
   by POST, to find the commune; it is not kept. */
(function () {
  "use strict";
  var form = document.querySelector("form.site-search[data-suggest]");
  if (!form) return;
  var input = form.querySelector("input[name=q]");
  var list = form.querySelector(".search-suggest");
  var status = form.querySelector("#site-search-status");
  var day = form.querySelector("input[name=ngay]");
  var timer = null, asked = 0, active = -1, items = [];

  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", list.id);

  function close() {
    list.hidden = true;
    list.textContent = "";
    items = [];
    active = -1;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }

  function show(results) {
    close();
    results.forEach(function (result, index) {
      var li = document.createElement("li");
      li.id = "site-search-option-" + index;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.className = "search-suggest__item";
      // An option holds no link (no control inside a control): choosing it opens its page.
      li.dataset.url = result.url;
      li.addEventListener("click", function () { window.location.href = result.url; });
      var link = document.createElement("span");
      link.className = "search-suggest__option";
      var name = document.createElement("span");
      name.className = "search-suggest__name";
      name.textContent = result.name;
      link.appendChild(name);
      if (result.district) {
        var district = document.createElement("span");
        district.className = "search-suggest__district";
        district.textContent = result.district;
        link.appendChild(district);
      }
      var level = document.createElement("span");
      level.className = "level level--" + (result.level || "none");
      level.textContent = result.label;
      link.appendChild(level);
      li.appendChild(link);
      list.appendChild(li);
      items.push(li);
    });
    if (items.length) {
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      status.textContent = items.length + " " + status.dataset.some;
    } else {
      status.textContent = status.dataset.none;
    }
  }

  function choose(index) {
    if (!items.length) return;
    if (active >= 0) items[active].setAttribute("aria-selected", "false");
    active = (index + items.length) % items.length;
    items[active].setAttribute("aria-selected", "true");
    input.setAttribute("aria-activedescendant", items[active].id);
    items[active].scrollIntoView({ block: "nearest" });
  }

  function ask() {
    var query = input.value.trim();
    if (!query) { close(); status.textContent = ""; return; }
    var params = new URLSearchParams({ q: query });
    if (day && day.value) params.set("ngay", day.value);
    var ticket = ++asked;
    fetch(form.dataset.suggest + "?" + params.toString(), { headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : { results: [] }; })
      .then(function (data) { if (ticket === asked) show(data.results || []); })
      .catch(function () { /* the form still works: Enter opens the search page */ });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(ask, 150);
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown") { event.preventDefault(); choose(active + 1); }
    else if (event.key === "ArrowUp") { event.preventDefault(); choose(active - 1); }
    else if (event.key === "Escape") { close(); }
    else if (event.key === "Enter" && active >= 0) {
      event.preventDefault();
      window.location.href = items[active].dataset.url;
    }
  });
  document.addEventListener("click", function (event) {
    if (!form.contains(event.target)) close();
  });

  var locate = form.querySelector(".site-search__locate-button");
  var said = form.querySelector(".site-search__locate-status");
  if (locate && navigator.geolocation && window.isSecureContext) {
    locate.hidden = false;
    locate.addEventListener("click", function () {
      said.textContent = locate.dataset.asking;
      locate.disabled = true;
      navigator.geolocation.getCurrentPosition(function (position) {
        var body = new URLSearchParams({
          lat: position.coords.latitude.toFixed(5), lon: position.coords.longitude.toFixed(5)
        });
        fetch(form.dataset.locate, { method: "POST", body: body, credentials: "omit" })
          .then(function (response) { return response.json(); })
          .then(function (data) {
            locate.disabled = false;
            if (data.result) { window.location.href = data.result.url; }
            else { said.textContent = data.error || locate.dataset.failed; }
          })
          .catch(function () { locate.disabled = false; said.textContent = locate.dataset.failed; });
      }, function () {
        locate.disabled = false;
        said.textContent = locate.dataset.denied;
      }, { enableHighAccuracy: false, timeout: 15000, maximumAge: 600000 });
    });
  }
})();
