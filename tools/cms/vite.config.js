// One self-contained folder (dist/) served at /admin/: every script, style, font and translation local.
import { readFileSync } from 'node:fs';

import { defineConfig } from 'vite';

// Sveltia's UI library also declares its fonts at a public CDN (cdn.jsdelivr.net); the same fonts are bundled
// and declared locally. The CDN's addresses are cut out, so the browser uses the bundled files and never asks
// a CDN (a reader in mainland China may not reach it; /admin/'s CSP would refuse it anyway).
const CDN_FONT = /url\(https:\/\/cdn\.jsdelivr\.net\/fontsource\/[^)]*\)\s*format\([^)]*\)/g;

const noCdnFonts = () => ({
  name: 'tekan-no-cdn-fonts',
  transform(code, id) {
    if (!id.includes('@sveltia') || !code.includes('cdn.jsdelivr.net/fontsource')) return null;
    return { code: code.replace(CDN_FONT, "local('tekan-no-cdn')"), map: null };
  },
});

// Sveltia's zh-CN translation lacks some strings an editor can meet (the slug panel, photo buttons, save
// conflicts); those would show in English. src/zh-CN-extra.json fills them in (tests/builds/test_cms_locale.py).
const merge = (base, extra) => {
  const out = { ...base };
  for (const [key, value] of Object.entries(extra)) {
    out[key] = value && typeof value === 'object' ? merge(base[key] ?? {}, value) : (base[key] ?? value);
  }
  return out;
};

const moreChinese = () => ({
  name: 'tekan-more-chinese',
  transform(code, id) {
    if (!id.replace(/\?.*$/, '').endsWith('/@sveltia/cms/locales/zh-CN.json')) return null;
    const extra = JSON.parse(readFileSync(new URL('./src/zh-CN-extra.json', import.meta.url), 'utf8'));
    const source = code.startsWith('export default') ? null : code;
    if (source === null) this.error('zh-CN.json arrived already as JavaScript: merge before the JSON plugin');
    return { code: JSON.stringify(merge(JSON.parse(source), extra)), map: null };
  },
});

export default defineConfig({
  base: './',
  logLevel: 'warn',
  plugins: [noCdnFonts(), { ...moreChinese(), enforce: 'pre' }],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The CMS is one large app; Vite's 500 kB warning is expected.
    chunkSizeWarningLimit: 8000,
    sourcemap: false,
  },
});
