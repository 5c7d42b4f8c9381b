// Unit tier: bundles each test/unit/**/*.test.ts with esbuild (no type check: `npm run check-types`
// does that) and runs them with Mocha in this Node process. Usage:
//   node scripts/unit.mjs [test files or folders...]      (default: test/unit)
import * as esbuild from 'esbuild';
import Mocha from 'mocha';
import { readdirSync, statSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function collect(p, out) {
  const st = statSync(p);
  if (st.isDirectory()) {
    for (const e of readdirSync(p).sort()) collect(path.join(p, e), out);
  } else if (p.endsWith('.test.ts')) {
    out.push(p);
  }
  return out;
}

/** Runs the unit tests; resolves to {passed, failed, skipped}. */
export async function runUnit(targets = [path.join(root, 'test', 'unit')], { grep } = {}) {
  const files = targets.flatMap((t) => collect(path.resolve(t), []));
  const outdir = path.join(root, 'out', 'unit');
  rmSync(outdir, { recursive: true, force: true });
  await esbuild.build({
    entryPoints: files,
    outdir,
    outbase: path.join(root, 'test', 'unit'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    external: ['mocha', 'vscode', 'fast-check', 'playwright-core', 'esbuild'],
    logLevel: 'error',
  });
  const mocha = new Mocha({ timeout: 60000, reporter: 'dot', grep });
  for (const f of files) {
    const rel = path.relative(path.join(root, 'test', 'unit'), f).replace(/\.ts$/, '.js');
    mocha.addFile(path.join(outdir, rel));
  }
  return new Promise((resolve) => {
    const runner = mocha.run(() => {
      const s = runner.stats ?? {};
      resolve({ passed: s.passes ?? 0, failed: s.failures ?? 0, skipped: s.pending ?? 0 });
    });
  });
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const gi = args.indexOf('--grep');
  let grep;
  if (gi >= 0) { grep = args[gi + 1]; args.splice(gi, 2); }
  const r = await runUnit(args.length ? args : undefined, { grep });
  console.log(`${r.passed} passed, ${r.failed} failed${r.skipped ? `, ${r.skipped} skipped` : ''}`);
  process.exitCode = r.failed ? 1 : 0;
}
