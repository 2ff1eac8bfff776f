// /admin/: Sveltia CMS in Simplified Chinese, reading and writing Tekan's data files (see entry-yaml.js).
import { pythonPattern, readEntry, writeEntry } from './entry-yaml.js';

// The UI language is zh-CN whatever the browser's language: Sveltia picks it from navigator.languages.
for (const name of ['language', 'languages']) {
  const value = name === 'language' ? 'zh-CN' : Object.freeze(['zh-CN']);
  Object.defineProperty(navigator, name, { get: () => value, configurable: true });
}

const start = async () => {
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
