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
const API_HOSTS = { github: ['https://api.github.com', 'https://github.com'], gitlab: ['https://gitlab.com'] };

const allowedOrigins = (backend = {}) => {
  const urls = [...(API_HOSTS[backend.name] ?? []), backend.base_url, backend.api_root, backend.graphql_api_root];
  const origins = new Set([window.location.origin]);
  for (const url of urls) {
    try {
      if (url) origins.add(new URL(url, window.location.href).origin);
    } catch {
      // not a URL: the CMS reports the setting itself
    }
  }
  if (backend.base_url || backend.api_root) {
    for (const host of API_HOSTS[backend.name] ?? []) origins.delete(host); // a self-hosted GitLab/Gitea only
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
