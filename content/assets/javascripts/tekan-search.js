/* Tekan search, page side: a light first view, and a result count that tells the truth.
 *
 * Material's bundle starts the search worker (search-worker.js) on every page and shows its results in
 * Material's box. Two things the box cannot do are done here, over a BroadcastChannel to the worker:
 *
 * - Pagefind's script, wasm and metadata are fetched only when a reader goes to search: "warm" is sent
 *   on the box's first focus or the first key that opens it (`/`, `s`, `f`), so the index is on its way
 *   while the reader types. Without BroadcastChannel the worker loads Pagefind at the first query.
 * - Material counts the items it is given, ten at most. The worker announces the query's true total;
 *   it replaces Material's count, and 「显示更多」 asks for the next ten, added to Material's list in
 *   Material's own item markup (a copy of its first item, filled in with text, never HTML).
 */
(function () {
  "use strict";

  var box = document.querySelector("input.md-search__input");
  var result = document.querySelector(".md-search-result");
  if (!box || !result || typeof BroadcastChannel !== "function") {
    return;
  }
  var meta = result.querySelector(".md-search-result__meta");
  var list = result.querySelector(".md-search-result__list");
  var channel = null;  // to the worker, opened when the reader goes to search
  var more = null;  // 「显示更多」, added then too
  var answer = { query: null, total: 0 };  // the worker's latest total, for the query it answered
  var pending = null;  // the request for more results in flight

  // Nothing but two listeners at page load (a phone's first view has enough to do: a long task here counted in
  // Lighthouse's blocking time): the channel, 「显示更多」 and the observers of Material's results are made when
  // the reader goes to search.
  function warm() {
    if (channel) {
      return;
    }
    channel = new BroadcastChannel("tekan-search");
    channel.addEventListener("message", answered);
    channel.postMessage({ type: "warm" });
    attach();
  }

  // 「显示更多」 and the observers, once Material's bundle has run (it is loaded at the reader's first interaction,
  // tekan-material.js): Material takes the result's last child for its list when it mounts, and would fill a
  // link added before then. Called again when a search worker says hello, which Material starts as it mounts.
  function attach() {
    if (more || typeof window.component$ === "undefined") {
      return;
    }
    // A link, not a button: Material's search dialog moves between results with the arrow keys over
    // links (Tab closes it), and this should be reached the same way.
    more = document.createElement("a");
    more.href = "#";
    more.setAttribute("role", "button");
    more.className = "tk-search-more";
    more.hidden = true;
    more.addEventListener("click", askForMore);
    result.appendChild(more);
    new MutationObserver(show).observe(meta, { childList: true, characterData: true, subtree: true });
    new MutationObserver(show).observe(list, { childList: true });
    show();
  }

  function figure(number) {
    return number.toLocaleString("en-US");  // 1,482: grouped, as the site's figures are
  }

  // Material rewrites its count and list on every answer: put the true count back, if it is for this query.
  function show() {
    var current = answer.query !== null && answer.query === box.value && answer.total > 0;
    if (current) {
      var text = answer.total === 1 ? "找到 1 个符合条件的结果" : figure(answer.total) + " 个符合条件的结果";
      if (meta.textContent !== text) {
        meta.textContent = text;
      }
    }
    if (!more) {
      return;
    }
    var rest = current ? answer.total - list.children.length : 0;
    more.hidden = rest <= 0 || list.children.length === 0;
    if (!more.hidden) {  // figures are formatted only when shown (the first toLocaleString is slow on a phone)
      more.setAttribute("aria-disabled", pending !== null ? "true" : "false");
      more.textContent = pending ? "正在载入…" : "显示更多（还有 " + figure(rest) + " 个）";
    }
  }

  // One more result in the markup of Material's first item: address, title, summary and the 示例 tag.
  function addItem(template, item) {
    var copy = template.cloneNode(true);
    var link = copy.querySelector("a");
    var article = copy.querySelector("article");
    var title = copy.querySelector("h1, h2");
    link.setAttribute("href", new URL(item.location, document.baseURI).href);
    title.textContent = item.title;
    while (title.nextSibling) {
      article.removeChild(title.nextSibling);
    }
    if (item.text) {
      article.appendChild(document.createTextNode(item.text));
    }
    if (item.sample) {
      var tags = document.createElement("nav");
      var tag = document.createElement("span");
      tags.className = "md-tags";
      tag.className = "md-tag";
      tag.textContent = "示例";
      tags.appendChild(tag);
      article.appendChild(tags);
    }
    list.appendChild(copy);
  }

  function answered(event) {
    var message = event.data || {};
    if (message.type === "hello") {  // a worker started after "warm" was sent (tekan-material.js): again
      channel.postMessage({ type: "warm" });
      attach();
    } else if (message.type === "total") {
      answer = { query: message.query, total: message.total };
      show();
    } else if (message.type === "items" && pending && message.request === pending.request) {
      var template = list.firstElementChild;
      if (pending.query === box.value && list.children.length === pending.offset && template) {
        message.items.forEach(function (item) { addItem(template, item); });
      }
      pending = null;
      show();
    }
  }

  function askForMore(event) {
    event.preventDefault();
    event.stopPropagation();  // Material closes the search on a click on any link in it
    if (pending) {
      return;
    }
    pending = { request: Math.random().toString(36).slice(2), query: box.value, offset: list.children.length };
    channel.postMessage({ type: "more", request: pending.request, query: pending.query, offset: pending.offset });
    show();
  }

  // A shared search link (?q=…): Material opens its query by itself, without the box being focused.
  if (new URLSearchParams(window.location.search).has("q")) {
    warm();
  }
  box.addEventListener("focus", warm, { once: true });
  document.addEventListener("keydown", function (event) {
    if (["/", "s", "f"].indexOf(event.key) !== -1) {
      warm();
    }
  });
})();
