// 关怀模式 (care mode, after MIIT's guideline for ageing-friendly websites): larger text and controls,
// stronger contrast, wider lines. Remembered in localStorage across pages. The class is put on <html> before
// the first paint by a one-line inline script (partials/tekan/app-head.html, same storage key), so a page never
// flashes small text; this deferred file runs the buttons.
(function () {
  var KEY = "tekan.care";
  var root = document.documentElement;

  function apply(on) {
    root.classList.toggle("tk-care", on);
    var buttons = document.querySelectorAll("[data-tk-care]");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].setAttribute("aria-pressed", on ? "true" : "false");
    }
  }

  if (root.classList.contains("tk-care")) {  // as the inline script set it from storage; the page says "off"
    apply(true);
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-tk-care]");
    if (!button) return;
    var on = !root.classList.contains("tk-care");
    try {
      window.localStorage.setItem(KEY, on ? "1" : "0");
    } catch (error) {
      // not remembered, but still applied to this page
    }
    apply(on);
  });
})();
