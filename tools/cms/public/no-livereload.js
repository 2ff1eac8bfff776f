// `mkdocs serve` adds its live-reload script to every HTML page, /admin/ included: the CMS would then reload
// itself after every save (its own), leaving the form. The preview's pages keep reloading; this one does not.
(() => {
  const open = XMLHttpRequest.prototype.open;
  XMLHttpRequest.prototype.open = function (method, url, ...rest) {
    if (String(url).includes('/livereload/')) {
      this.send = () => {}; // never answered: the live-reload script waits forever
    }
    return open.call(this, method, url, ...rest);
  };
})();
