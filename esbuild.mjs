// One build script, several targets: the extension host bundle, the CLI, the reader worker and the
// webview. `node esbuild.mjs [--watch] [--production]`.
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Prints errors in the format of VS Code's $esbuild-watch problem matcher. */
const problemMatcher = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

const common = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  logLevel: 'warning',
  plugins: watch ? [problemMatcher] : [],
};

const node = { ...common, platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'] };

const targets = [
  {
    ...node,
    entryPoints: { extension: 'src/extension.ts' },
    outdir: 'dist',
    // When the bundle starts evaluating, so that activation can report the load of its own code too
    // ("use strict" first: a directive after another statement would not be one).
    banner: { js: '"use strict";\nvar __mirageLoadStart = performance.now();' },
  },
  { ...node, entryPoints: { cli: 'src/cli.ts' }, outdir: 'dist' },
  { ...node, entryPoints: { worker: 'src/core/io/worker.ts' }, outdir: 'dist' },
  {
    ...common,
    entryPoints: { webview: 'webview/main.ts' },
    outdir: 'dist',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    // V8's explicit compile hint (Chromium 136+; a plain comment elsewhere): compile every function
    // with the script, on the background thread that streams it, instead of lazily on first call.
    // Otherwise the panel's first paint compiles ~35 ms of chart.js and element code on the main
    // thread, most of it inside the first chart.
    banner: { js: '//# allFunctionsCalledOnLoad' },
  },
].filter((t) => Object.values(t.entryPoints).every((e) => existsSync(e)));

const contexts = await Promise.all(targets.map((t) => esbuild.context(t)));
if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
}
