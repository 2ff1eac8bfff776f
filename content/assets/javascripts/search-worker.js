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

// Material shows ten results at once; Pagefind fetches one small fragment for each.
const MAX_RESULTS = 10;
const SAMPLE_LABEL = "示例";

const siteRoot = new URL("../../", self.location.href);
let pagefind = null;
let traditional = {};
let latestQuery = 0;

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, char => ({
    "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;"
  })[char]);
}

// Readers type traditional characters too (勞動模範): map them to the simplified
// forms the site is written in, using the table the build made from its own text.
// Then split the query into words as Pagefind does on a page: inside a worker it
// cannot see <html lang="zh"> and would leave 工人先锋号 unsplit, matching any part.
const words = typeof Intl !== "undefined" && Intl.Segmenter
  ? new Intl.Segmenter("zh", { granularity: "word" })
  : null;

function normalise(query) {
  let simplified = "";
  for (const char of query.normalize("NFKC").toLowerCase())
    simplified += traditional[char] || char;
  const split = words
    ? Array.from(words.segment(simplified), part => part.segment).join(" ")
    : simplified;
  return split.replace(/\s+/g, " ").trim();
}

// The build writes search/settings.json: the index's shards (a large site is split so that a
// common word stays fast) and the traditional -> simplified table.
async function setup() {
  const [module, settings] = await Promise.all([
    import(new URL("pagefind/pagefind.js", siteRoot).href),
    fetch(new URL("search/settings.json", siteRoot)).then(r => r.json())
  ]);
  pagefind = module;
  traditional = settings.traditional || {};
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

async function search(query) {
  const normalised = normalise(query);
  if (!normalised)
    return { items: [] };
  const found = await pagefind.search(normalised);
  if (!found || !found.results)
    return { items: [] };
  const terms = Object.fromEntries(normalised.split(/\s+/).map(term => [term, true]));
  const top = found.results.slice(0, MAX_RESULTS);
  const data = await Promise.all(top.map(result => result.data()));
  return { items: data.map((entry, i) => toItem(entry, top[i].score, terms)) };
}

addEventListener("message", async event => {
  const message = event.data;
  if (message.type === SETUP) {
    await setup();
    postMessage({ type: READY });
  } else if (message.type === QUERY) {
    const ticket = ++latestQuery;
    let result;
    try {
      result = await search(message.data);
    } catch (error) {
      console.warn("Tekan search failed:", error);
      result = { items: [] };
    }
    // A reader types faster than a search may finish: only the latest query is shown.
    if (ticket === latestQuery)
      postMessage({ type: RESULT, data: result });
  }
});
