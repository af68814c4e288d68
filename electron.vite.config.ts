import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import react from '@vitejs/plugin-react';
import { defineConfig, externalizeDepsPlugin } from 'electron-vite';
import type { UserConfig } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));

/** The renderer build, also used as is by the browser tests that rebuild a stale renderer. */
export const rendererConfig = {
  root: resolve(here, 'renderer'),
  base: './',
  plugins: [react()],
  build: {
    outDir: resolve(here, 'out/renderer'),
    emptyOutDir: true,
    // electron-vite leaves output unminified by default; the renderer has a size budget.
    minify: true,
    rollupOptions: { input: { index: resolve(here, 'renderer/index.html') } },
  },
} satisfies UserConfig;

export default defineConfig({
  main: {
    plugins: [externalizeDepsPlugin()],
    build: {
      outDir: 'out/main',
      rollupOptions: { input: { index: resolve(here, 'main/index.ts') } },
    },
  },
  preload: {
    plugins: [externalizeDepsPlugin()],
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { preload: resolve(here, 'main/preload.ts') },
        // Sandboxed preloads cannot be ES modules.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: rendererConfig,
});
