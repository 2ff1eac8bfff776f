// One self-contained folder (dist/) served at /admin/: every script, style, font and translation local.
import { defineConfig } from 'vite';

export default defineConfig({
  base: './',
  logLevel: 'warn',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The CMS is one large app; Vite's 500 kB warning is expected.
    chunkSizeWarningLimit: 8000,
    sourcemap: false,
  },
});
