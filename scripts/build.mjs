// Bundles the Lambda handlers (self-contained, for Serverless) and the local tools
// (CLI, local stack: they run inside the checkout, so their packages stay external).
import { build } from 'esbuild';
import { rmSync } from 'node:fs';

rmSync('dist', { recursive: true, force: true });

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: 'linked',
  // The kernels travel inside the bundle: nothing to locate at run time.
  loader: { '.wasm': 'binary' },
  logLevel: 'warning',
};

// Bundled CommonJS dependencies (the AWS SDK) call `require` for Node built-ins; an ESM
// bundle has none, so give it one (esbuild issue #1921).
const requireShim = "import { createRequire as __segmintRequire } from 'node:module'; const require = __segmintRequire(import.meta.url);";

await Promise.all([
  // One build per function, each self-contained: its bundle and its chunks (dist/functions/chunks/
  // <function>-*). Code imported dynamically (exceljs, for the rare workbook; parts of the AWS
  // SDK) goes into chunks of its own, so a cold start never parses it.
  ...['ingest', 'segment', 'split'].map((name) =>
    build({
      ...common,
      // Segmentation ships its worker thread beside it, sharing its chunks (the kernels among them).
      entryPoints: { [name]: `functions/${name}.ts`, ...(name === 'segment' && { 'hierarchy-thread': 'src/segment/hierarchy-thread.ts' }) },
      outdir: 'dist/functions',
      outExtension: { '.js': '.mjs' },
      splitting: true,
      chunkNames: `chunks/${name}-[name]-[hash]`,
      banner: { js: requireShim },
      minify: true,
    }),
  ),
  // The model comparison's worker thread (src/segment/hierarchies.ts), beside the CLI and local stack.
  // Self-contained: its boot is on the run's critical path, and loading ml-hclust from
  // node_modules (CommonJS, lexed for its exports) took a 66 ms boot to 40 here.
  build({
    ...common,
    entryPoints: { 'hierarchy-thread': 'src/segment/hierarchy-thread.ts' },
    outdir: 'dist',
    outExtension: { '.js': '.mjs' },
  }),
  build({
    ...common,
    entryPoints: { cli: 'src/cli.ts', local: 'src/local/main.ts', 'local-task': 'src/local/task-worker.ts' },
    outdir: 'dist',
    packages: 'external',
    banner: { js: '#!/usr/bin/env node' },
  }),
]);
