/* Listing filters: narrow the cards by their data-* attributes and keep every choice's count current.
 *
 * The form is rendered at build time (partials/tekan/filters.html) with `hidden`; this script shows it,
 * so readers without JavaScript see the full list and the per-city links instead of dead controls.
 * A choice's count is the number of cards it would show together with the other filters as they are set.
 * The chosen filters go into the address (?city=guangzhou), so a filtered list can be shared.
 */
(function () {
  "use strict";

  var form = document.querySelector("[data-tk-filters]");
  var list = document.querySelector("[data-tk-list]");
  if (!form || !list) {
    return;
  }
  var cards = Array.prototype.slice.call(list.querySelectorAll(":scope > .tk-card"));
  var selects = Array.prototype.slice.call(form.querySelectorAll("select"));
  var status = form.querySelector("[data-tk-status]");
  var empty = document.querySelector("[data-tk-empty]");

  // The values of one facet on one card: award holds several ids separated by spaces.
  function cardValues(card, select) {
    var raw = card.getAttribute("data-" + select.name) || "";
    return select.hasAttribute("data-multi") ? raw.split(" ").filter(Boolean) : [raw];
  }

  function matches(card, select) {
    return !select.value || cardValues(card, select).indexOf(select.value) !== -1;
  }

  function matchesOthers(card, except) {
    return selects.every(function (select) {
      return select === except || matches(card, select);
    });
  }

  function updateCounts(select) {
    var counts = {};
    var pool = 0;
    cards.forEach(function (card) {
      if (!matchesOthers(card, select)) {
        return;
      }
      pool += 1;
      cardValues(card, select).forEach(function (value) {
        counts[value] = (counts[value] || 0) + 1;
      });
    });
    Array.prototype.forEach.call(select.options, function (option) {
      var count = option.value ? counts[option.value] || 0 : pool;
      option.textContent = option.getAttribute("data-label") + "（" + count + "）";
      option.disabled = count === 0 && !option.selected;
    });
  }

  function saveToAddress() {
    var params = new URLSearchParams(window.location.search);
    selects.forEach(function (select) {
      if (select.value) {
        params.set(select.name, select.value);
      } else {
        params.delete(select.name);
      }
    });
    var query = params.toString();
    window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
  }

  function update() {
    var shown = 0;
    cards.forEach(function (card) {
      var visible = matchesOthers(card, null);
      card.hidden = !visible;
      shown += visible ? 1 : 0;
    });
    selects.forEach(updateCounts);
    var filtered = selects.some(function (select) { return select.value; });
    status.textContent = filtered ? "显示 " + shown + " / " + cards.length + " 条" : "显示全部 " + cards.length + " 条";
    if (empty) {
      empty.hidden = shown !== 0;
    }
  }

  // Start from the address, keeping only choices this listing has.
  var params = new URLSearchParams(window.location.search);
  selects.forEach(function (select) {
    var wanted = params.get(select.name);
    if (wanted && Array.prototype.some.call(select.options, function (o) { return o.value === wanted; })) {
      select.value = wanted;
    }
  });

  form.addEventListener("change", function () {
    update();
    saveToAddress();
  });
  form.addEventListener("reset", function () {
    // The form resets its controls after this event; update once it has.
    window.setTimeout(function () {
      update();
      saveToAddress();
    }, 0);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
  });
  form.hidden = false;
  update();
})();
