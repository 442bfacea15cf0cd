// The chat widget: one script (widget.js) a customer's site embeds, served by the gateway
// under /widget/ with its demo page (dist/widget).
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  publicDir: resolve(import.meta.dirname, 'public'),
  build: {
    outDir: resolve(import.meta.dirname, '../../../dist/widget'),
    emptyOutDir: true,
    target: 'es2020',
    sourcemap: true,
    lib: {
      entry: resolve(import.meta.dirname, 'src/widget.ts'),
      formats: ['iife'],
      name: 'TandemWidget',
      fileName: () => 'widget.js',
    },
  },
});
