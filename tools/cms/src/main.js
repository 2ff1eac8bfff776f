// /admin/: Sveltia CMS in Simplified Chinese, reading and writing Tekan's data files (see entry-yaml.js).
import { parse } from 'yaml';

import { pythonPattern, readEntry, writeEntry } from './entry-yaml.js';

// The UI language is zh-CN whatever the browser's language: Sveltia picks it from navigator.languages.
for (const name of ['language', 'languages']) {
  const value = name === 'language' ? 'zh-CN' : Object.freeze(['zh-CN']);
  Object.defineProperty(navigator, name, { get: () => value, configurable: true });
}

// The hosts the CMS may talk to: this site and the git host named in backend.yml. Anything else (a status
// ping, a CDN, a stock-photo or translation service) is refused here, before it leaves the browser.
// GitLab's and Gitea's base_url is the instance (its API included); GitHub's is an OAuth client beside its API.
const API_HOSTS = { github: ['https://api.github.com'], gitlab: ['https://gitlab.com'], gitea: [] };

const allowedOrigins = (backend = {}) => {
  const own = [backend.base_url, backend.api_root, backend.graphql_api_root].filter(Boolean);
  const hosted = backend.name === 'github' ? !backend.api_root : !backend.base_url && !backend.api_root;
  const origins = new Set([window.location.origin]);
  for (const url of [...own, ...(hosted ? (API_HOSTS[backend.name] ?? []) : [])]) {
    try {
      origins.add(new URL(url, window.location.href).origin);
    } catch {
      // not a URL: the CMS reports the setting itself
    }
  }
  return origins;
};

const guardFetch = (origins) => {
  const fetchAnywhere = window.fetch.bind(window);
  window.fetch = (resource, options) => {
    const url = new URL(resource instanceof Request ? resource.url : String(resource), window.location.href);
    if (['http:', 'https:'].includes(url.protocol) && !origins.has(url.origin)) {
      return Promise.reject(new TypeError(`不访问站外地址：${url.origin}`));
    }
    return fetchAnywhere(resource, options);
  };
};

const start = async () => {
  const backendText = await (await fetch(new URL('backend.yml', document.baseURI), { cache: 'no-cache' })).text();
  guardFetch(allowedOrigins(parse(backendText)?.backend));
  // formats.json is written with config.yml by `tekan schemas` (hooks/tekan/editors/cms.py).
  const response = await fetch(new URL('formats.json', document.baseURI), { cache: 'no-cache' });
  const { quote_patterns: sources, formats } = await response.json();
  const quotePatterns = sources.map(pythonPattern);
  const { default: CMS } = await import('@sveltia/cms');
  for (const [name, format] of Object.entries(formats)) {
    CMS.registerCustomFormat(name, 'yml', {
      fromFile: readEntry,
      toFile: (content) => writeEntry(content, format, quotePatterns),
    });
  }
  await CMS.init();
};

start();
