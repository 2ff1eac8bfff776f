/* Material's bundle, loaded at the reader's first interaction instead of at page load.
 *
 * Evaluating Material's bundle and mounting its components was most of a phone's blocking time at load (160-580 ms
 * at Lighthouse's 4x slowdown, on every page), while nothing it does is needed to read a page: the drawer and
 * the search overlay open by CSS (checkbox toggles), links are links. Its header, palette, search box and
 * back-to-top are needed once the reader does something, so the bundle is fetched on the first touch, key, scroll,
 * mouse move or focus (or at once for a shared `?q=` search link), then told the document is ready: it mounts on
 * a DOMContentLoaded event that has long passed (browser/document/index.ts in its source).
 *
 * Until then, two things the first tap needs are done here, so that it is not lost:
 * - the palette toggle is shown, and a tap on it applies and remembers the scheme as Material does (its
 *   components/palette/index.ts), in the same storage key, so Material starts from it when it mounts;
 * - a tap on the search button focuses the box in the same gesture (a phone shows its keyboard only then).
 * A key that opens the search (`/`, `s`, `f`) is given to Material again once it has mounted.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var bundle = script && script.getAttribute("data-bundle");
  if (!bundle) {
    return;
  }
  var TRIGGERS = ["pointerdown", "touchstart", "keydown", "scroll", "wheel", "mousemove", "focusin"];
  var SEARCH_KEYS = ["/", "s", "f"];
  var loading = false;
  var parsed = false;  // the browser's own DOMContentLoaded has fired (a shared ?q= link may load the bundle before)
  document.addEventListener("DOMContentLoaded", function () { parsed = true; }, { once: true });
  var palette = document.querySelector("[data-md-component=palette]");
  var inputs = palette ? palette.querySelectorAll("input") : [];
  var searchLabel = document.querySelector("header [for=__search]");
  var searchBox = document.querySelector("input.md-search__input");

  function showToggle(index) {
    for (var i = 0; i < inputs.length; i++) {
      var label = inputs[i].nextElementSibling;
      if (label && label.tagName === "LABEL") {
        label.hidden = i !== index;
      }
    }
  }

  function currentPalette() {
    var stored = window.__md_get ? window.__md_get("__palette") : null;
    if (stored && typeof stored.index === "number") {
      return Math.max(0, Math.min(stored.index, inputs.length - 1));
    }
    for (var i = 0; i < inputs.length; i++) {
      if (matchMedia(inputs[i].getAttribute("data-md-color-media")).matches) {
        return i;
      }
    }
    return 0;
  }

  function paletteChanged(event) {
    var input = event.target;
    var index = Array.prototype.indexOf.call(inputs, input);
    var color = {};
    ["media", "scheme", "primary", "accent"].forEach(function (key) {
      color[key] = input.getAttribute("data-md-color-" + key);
      document.body.setAttribute("data-md-color-" + key, color[key]);
    });
    showToggle(index);
    if (window.__md_set) {
      window.__md_set("__palette", { index: index, color: color });
    }
  }

  function focusSearch() {
    if (searchBox) {
      searchBox.focus();
    }
  }

  function listen(on) {
    TRIGGERS.forEach(function (type) {
      if (on) {
        window.addEventListener(type, load, { capture: true, passive: true });
      } else {
        window.removeEventListener(type, load, true);
      }
    });
  }

  function load(event) {
    if (loading) {
      return;
    }
    loading = true;
    listen(false);
    var replay = event && event.type === "keydown" && SEARCH_KEYS.indexOf(event.key) !== -1 &&
      !event.ctrlKey && !event.metaKey && !event.altKey && !/^(INPUT|TEXTAREA|SELECT)$/.test(event.target.tagName)
      ? event.key : null;
    var tag = document.createElement("script");
    tag.src = bundle;
    tag.onload = function () {
      // Material's own handlers from here on.
      if (palette) {
        palette.removeEventListener("change", paletteChanged);
      }
      if (searchLabel) {
        searchLabel.removeEventListener("click", focusSearch);
      }
      if (parsed) {
        document.dispatchEvent(new Event("DOMContentLoaded"));
      }
      // Words typed into the box before Material listened: let it see them (it reads the box on keyup).
      if (searchBox && searchBox.value) {
        searchBox.dispatchEvent(new Event("input", { bubbles: true }));
        searchBox.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
      }
      if (replay) {
        window.dispatchEvent(new KeyboardEvent("keydown", { key: replay, bubbles: true, cancelable: true }));
      }
    };
    tag.onerror = function () {  // a dropped connection: the next interaction tries again
      tag.remove();
      loading = false;
      listen(true);
    };
    document.body.appendChild(tag);
  }

  if (inputs.length) {
    showToggle(currentPalette());
    palette.addEventListener("change", paletteChanged);
  }
  if (searchLabel) {
    searchLabel.addEventListener("click", focusSearch);
  }
  if (new URLSearchParams(window.location.search).has("q")) {
    load(null);  // a shared search link: Material opens the search with its query
  } else {
    listen(true);
  }
})();
