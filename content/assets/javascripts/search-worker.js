/*
 * Tekan search worker: Pagefind behind Material's own search box.
 *
 * Material's bundle starts this file as its search worker (the "search" URL in
 * __config) and speaks its usual protocol to it: SETUP -> READY, QUERY -> RESULT.
 * The box, the keyboard shortcuts and the result list therefore stay Material's;
 * only the engine is Pagefind, which loads just the index chunks a query needs.
 *
 * Everything here comes from the site itself: the site root is two folders up
 * from this file, so the search works under any sub-path.
 */
"use strict";

const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;

// Results go out ten at a time: Pagefind fetches one small fragment for each result shown.
// The true count and the next ten travel on the page's channel (tekan-search.js shows them),
// since Material's box counts only the items it is given.
const MAX_RESULTS = 10;
const SAMPLE_LABEL = "示例";

const siteRoot = new URL("../../", self.location.href);
let pagefind = null;
let latestQuery = 0;

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, char => ({
    "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;"
  })[char]);
}

// The index holds whole words, segmented at build time with the data's own dictionary
// (hooks/tekan/search/segment.py), and Pagefind matches each query word from the start of an
// index word. So a query is split only where the reader would expect a word to end:
// at spaces, between Chinese and Latin or digits (2023南粤工匠), and around the terms many
// pages share (cities, awards, site kinds, collections, article terms), which the build
// lists in search/settings.json: 深圳焊工 -> 深圳 焊工. What is left stays whole, so that
// 五一劳动奖章 or 比亚迪汽车 is one word to look up, not several common pieces.
// The patterns for a word come from the build too (`token`, `han`: segment.py's, the index's own),
// so that 3.996亿 is split here as the index keeps it: 3.996 亿. query_words() in segment.py is the
// same splitting in Python; tests/builds/test_query_split.py runs both on the same queries.
let tokens = /$^/g;
let han = /$^/;
let traditional = {};
let termsByFirst = new Map();

function useRules(settings) {
  tokens = new RegExp(settings.token, "g");
  han = new RegExp("^(?:" + settings.han + ")");
  traditional = settings.traditional || {};
  termsByFirst = new Map();
  const terms = settings.terms || [];
  for (const term of [...terms].sort((a, b) => b.length - a.length)) {
    if (!termsByFirst.has(term[0]))
      termsByFirst.set(term[0], []);
    termsByFirst.get(term[0]).push(term);
  }
}

function splitAtTerms(run) {
  const parts = [];
  let rest = "", matched = false;
  for (let i = 0; i < run.length;) {
    const term = (termsByFirst.get(run[i]) || []).find(t => run.startsWith(t, i));
    if (term) {
      if (rest) parts.push(rest);
      parts.push(term);
      rest = "";
      matched = true;
      i += term.length;
    } else {
      rest += run[i];
      i += 1;
    }
  }
  if (rest) parts.push(rest);
  // A single character left beside a term is a particle (广州的爱心驿站), not something to look up.
  return matched ? parts.filter(part => part.length > 1) : parts;
}

function queryWords(query) {
  let simplified = "";
  for (const char of query.normalize("NFKC").toLowerCase())
    simplified += traditional[char] || char;
  const words = [];
  for (const run of simplified.match(tokens) || [])
    words.push(...(han.test(run) ? splitAtTerms(run) : [run]));
  return words.join(" ");
}

// The build writes search/settings.json: the index's shards (a large site is split so that a
// common word stays fast), the traditional -> simplified table and the shared terms.
async function load() {
  const [module, settings] = await Promise.all([
    import(new URL("pagefind/pagefind.js", siteRoot).href),
    fetch(new URL("search/settings.json", siteRoot)).then(r => r.json())
  ]);
  pagefind = module;
  useRules(settings);
  const [first, ...others] = settings.shards || ["pagefind/"];
  const baseUrl = siteRoot.pathname;
  // The summary shown under a result mentions cities and units in passing: it must not outrank
  // the page whose name matches (佛山 -> the city page), so only the title counts as a meta match.
  const ranking = { metaWeights: { title: 5.0, summary: 0.0 } };
  await pagefind.options({ basePath: new URL(first, siteRoot).pathname, baseUrl, excerptLength: 0, ranking });
  await pagefind.init();
  for (const shard of others)
    await pagefind.mergeIndex(new URL(shard, siteRoot).pathname, { baseUrl, ranking });
}

// Material starts this worker and sends SETUP on every page load. Pagefind (its script, wasm and
// metadata, about half of a page's first view) is fetched only when a reader goes to search: the
// page's tekan-search.js says so on the box's first focus or the `/` key, or a first query arrives.
let loading = null;
function ensureLoaded() {
  if (!loading)
    loading = load().catch(error => {
      loading = null;  // a failed download is tried again at the next query
      throw error;
    });
  return loading;
}

function toItem(data, score, terms) {
  const meta = data.meta || {};
  return [{
    location: data.url,
    title: escapeHtml(meta.title || data.url),
    text: escapeHtml(meta.summary || ""),
    tags: meta.sample ? [SAMPLE_LABEL] : undefined,
    score,
    terms
  }];
}

async function search(query, ticket) {
  if (!String(query).trim())
    return { items: [] };
  await ensureLoaded();
  const normalised = queryWords(query);
  if (!normalised)
    return { items: [] };
  const found = await pagefind.search(normalised);
  // The reader has typed on meanwhile: fetching this query's results would only delay the next one.
  if (ticket !== latestQuery)
    return null;
  if (!found || !found.results)
    return { items: [] };
  const terms = Object.fromEntries(normalised.split(/\s+/).map(term => [term, true]));
  announce({ type: "total", query, total: found.results.length });
  const top = found.results.slice(0, MAX_RESULTS);
  const data = await Promise.all(top.map(result => result.data()));
  return { items: data.map((entry, i) => toItem(entry, top[i].score, terms)) };
}

addEventListener("message", async event => {
  const message = event.data;
  if (message.type === SETUP) {
    postMessage({ type: READY });
  } else if (message.type === QUERY) {
    const ticket = ++latestQuery;
    let result;
    try {
      result = await search(message.data, ticket);
    } catch (error) {
      console.warn("Tekan search failed:", error);
      result = { items: [] };
    }
    // A reader types faster than a search may finish: only the latest query is shown.
    if (ticket === latestQuery)
      postMessage({ type: RESULT, data: result });
  }
});

// The next results of a query, after the first `offset`, as plain values (the page sets them as text).
async function moreResults(query, offset) {
  const normalised = queryWords(query);
  const found = normalised ? await pagefind.search(normalised) : null;
  const next = found && found.results ? found.results.slice(offset, offset + MAX_RESULTS) : [];
  const data = await Promise.all(next.map(result => result.data()));
  return data.map(entry => ({
    location: entry.url,
    title: (entry.meta && entry.meta.title) || entry.url,
    text: (entry.meta && entry.meta.summary) || "",
    sample: Boolean(entry.meta && entry.meta.sample)
  }));
}

// The page's side of the search (tekan-search.js): "warm" when a reader goes to search, "more" for the
// next results. The channel reaches every tab of the site, so answers are keyed by query and request:
// a query gives the same results in every tab, and a worker that has not loaded Pagefind stays out.
const channel = typeof BroadcastChannel === "function" ? new BroadcastChannel("tekan-search") : null;

function announce(message) {
  if (channel)
    channel.postMessage(message);
}

if (channel)
  channel.addEventListener("message", async event => {
    const message = event.data || {};
    if (message.type === "warm") {
      ensureLoaded().catch(error => console.warn("Tekan search failed to load:", error));
    } else if (message.type === "more" && pagefind) {
      try {
        const items = await moreResults(String(message.query), Number(message.offset) || 0);
        announce({ type: "items", request: message.request, items });
      } catch (error) {
        console.warn("Tekan search failed:", error);
      }
    }
  });

// Material starts this worker when its bundle mounts, at the reader's first interaction (tekan-material.js): a page
// that asked to warm before then is told the worker is here, and asks again.
announce({ type: "hello" });
