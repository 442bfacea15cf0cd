// The console: a React app served by the agent desk under /console/ (dist/console).
// `npm run dev:console` serves it with live reload and sends the API to a running desk.
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

const desk = process.env.DESK_URL ?? 'http://127.0.0.1:3003';

export default defineConfig({
  root: import.meta.dirname,
  base: '/console/',
  // JSX through Vite's own transform (no plugin): React 17+'s automatic runtime.
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: resolve(import.meta.dirname, '../../dist/console'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
  },
  server: {
    proxy: {
      '/v1': desk,
      '/console/settings.json': desk,
      '/socket.io': { target: desk, ws: true },
    },
  },
});
