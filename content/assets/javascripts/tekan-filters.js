/* Listing filters: narrow the cards by their data-* attributes and keep every choice's count current.
 *
 * The form is rendered at build time (partials/tekan/filters.html) with `hidden`; this script shows it,
 * so readers without JavaScript see the list, its pager and the per-city links instead of dead controls.
 * A choice's count is the number of cards it would show together with the other filters as they are set.
 * The chosen filters go into the address (?city=guangzhou), so a filtered list can be shared.
 *
 * A long list is split into numbered pages (tekan/pages/paging.py). A reader who filters means the whole list,
 * not the page in front of them: so the first filter loads the list's other pages (same site, same card
 * markup), and from then on the filters and counts cover every card. Until a reader filters, nothing more
 * is downloaded, and the counts shown are the build's counts for the whole list.
 */
(function () {
  "use strict";

  var form = document.querySelector("[data-tk-filters]");
  var list = document.querySelector("[data-tk-list]");
  if (!form || !list) {
    return;
  }
  var slice = function (items) { return Array.prototype.slice.call(items); };
  var ownCards = slice(list.querySelectorAll(":scope > .tk-card"));
  var selects = slice(form.querySelectorAll("select"));
  var status = form.querySelector("[data-tk-status]");
  var unfilteredStatus = status.textContent;
  var empty = document.querySelector("[data-tk-empty]");
  var pager = document.querySelector("[data-tk-pager]");
  var total = parseInt(list.getAttribute("data-tk-total"), 10) || ownCards.length;
  var pageUrls = (list.getAttribute("data-tk-pages") || "").split(" ").filter(Boolean);
  var pageNumber = parseInt(list.getAttribute("data-tk-page") || "1", 10);
  var paged = pageUrls.length > 1;

  // "page": only this page's cards are here; "loading": the others are on their way; "all": the whole list is here.
  var state = paged ? "page" : "all";
  var cards = ownCards;
  var missingPages = 0;

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

  function filtering() {
    return selects.some(function (select) { return select.value; });
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

  // A card from another page links and points to its picture relative to that page: make those addresses absolute.
  function rebase(card, pageAddress) {
    ["href", "src"].forEach(function (name) {
      slice(card.querySelectorAll("[" + name + "]")).forEach(function (element) {
        element.setAttribute(name, new URL(element.getAttribute(name), pageAddress).href);
      });
    });
  }

  function fetchCards(url) {
    var address = new URL(url, window.location.href).href;
    return window.fetch(address, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) {
        throw new Error(address + " " + response.status);
      }
      return response.text();
    }).then(function (html) {
      var other = new DOMParser().parseFromString(html, "text/html").querySelector("[data-tk-list]");
      return slice(other ? other.querySelectorAll(":scope > .tk-card") : []).map(function (card) {
        rebase(card, address);
        return document.importNode(card, true);
      });
    });
  }

  // Brings every other page's cards into this list, hidden, in the list's order.
  function loadOtherPages() {
    state = "loading";
    status.textContent = "正在载入全部 " + pageUrls.length + " 页，以便在全部 " + total + " 条中筛选…";
    return Promise.all(pageUrls.map(function (url, index) {
      return index + 1 === pageNumber ? null : fetchCards(url).catch(function () { return false; });
    })).then(function (pages) {
      var all = [];
      var before = true;
      missingPages = 0;
      pages.forEach(function (found) {
        if (found === null) {
          before = false;
          all = all.concat(ownCards);
          return;
        }
        if (found === false) {
          missingPages += 1;
          return;
        }
        found.forEach(function (card) {
          card.setAttribute("data-tk-other-page", "");
          card.hidden = true;
          list.insertBefore(card, before ? ownCards[0] : null);
          all.push(card);
        });
      });
      cards = all;
      state = "all";
    });
  }

  function update() {
    var active = filtering();
    var shown = 0;
    cards.forEach(function (card) {
      // Unfiltered, a page shows its own cards, as without JavaScript; filtered, every match in the list.
      var visible = active ? matchesOthers(card, null) : !card.hasAttribute("data-tk-other-page");
      card.hidden = !visible;
      shown += visible ? 1 : 0;
    });
    if (state === "all" && missingPages === 0) {
      selects.forEach(updateCounts);  // before that, the build's counts for the whole list stand
    }
    if (pager) {
      pager.hidden = active;  // the matches of every page are shown together
    }
    if (!active) {
      status.textContent = unfilteredStatus;  // the build's words (partials/tekan/filters.html)
    } else if (missingPages) {
      status.textContent = "显示 " + shown + " 条；有 " + missingPages + " 页未能载入，结果可能不全";
    } else {
      status.textContent = "显示 " + shown + " / " + total + " 条";
    }
    if (empty) {
      empty.hidden = !active || shown !== 0;
    }
  }

  function refresh() {
    if (state === "page" && filtering()) {
      loadOtherPages().then(refresh);
      return;
    }
    if (state !== "loading") {  // a change made while loading is applied once the pages are in
      update();
    }
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

  // Start from the address, keeping only choices this listing has.
  var params = new URLSearchParams(window.location.search);
  selects.forEach(function (select) {
    var wanted = params.get(select.name);
    if (wanted && Array.prototype.some.call(select.options, function (o) { return o.value === wanted; })) {
      select.value = wanted;
    }
  });

  form.addEventListener("change", function () {
    refresh();
    saveToAddress();
  });
  form.addEventListener("reset", function () {
    // The form resets its controls after this event; update once it has.
    window.setTimeout(function () {
      refresh();
      saveToAddress();
    }, 0);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
  });
  form.hidden = false;
  refresh();
})();
