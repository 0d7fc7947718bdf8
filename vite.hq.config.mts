import { resolve } from 'node:path';
import { defineConfig } from 'vite';

/**
 * Headquarters' command line, built apart from the desk: out/hq/cli.js, CommonJS for Node, with
 * its npm packages left to node_modules. It bundles hq/ and shared/ only (lint keeps src-main/ out).
 */
export default defineConfig({
  build: {
    ssr: resolve(import.meta.dirname, 'hq/cli.ts'),
    outDir: resolve(import.meta.dirname, 'out/hq'),
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    rolldownOptions: { output: { format: 'cjs', entryFileNames: 'cli.js' } },
  },
});
