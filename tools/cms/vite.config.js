// One self-contained folder (dist/) served at /admin/: every script, style, font and translation local.
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

export default defineConfig({
  base: './',
  logLevel: 'warn',
  plugins: [noCdnFonts()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The CMS is one large app; Vite's 500 kB warning is expected.
    chunkSizeWarningLimit: 8000,
    sourcemap: false,
  },
});
