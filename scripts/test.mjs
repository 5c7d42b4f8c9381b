// `npm test`: everything, from a fresh clone. Installs npm packages when missing (the integration
// tier installs its own Debian packages and VS Code server), type-checks, lints, builds, runs the unit
// tier in plain Node and the integration tier in a real VS Code, and ends with one plain line:
//   N passed, N failed[, N skipped]
// A failed gate (install, types, lint, build) counts as a failed test so a broken tree never reads
// as green; passed gates are not counted as tests.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const onlyUnit = process.argv.includes('--unit');
const totals = { passed: 0, failed: 0, skipped: 0 };
const gates = [];

function run(label, cmd, args, opts = {}) {
  console.log(`\n== ${label}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  const ok = r.status === 0;
  gates.push({ label, ok });
  if (!ok) {
    totals.failed++;
    console.log(`== ${label} FAILED (exit ${r.status ?? r.signal})`);
  }
  return ok;
}

if (!existsSync(path.join(root, 'node_modules', '.package-lock.json'))) {
  run('install npm packages', 'npm', ['ci', '--no-audit', '--no-fund']);
}
run('type-check', 'npx', ['tsc', '--noEmit', '-p', '.']);
if (existsSync('webview/tsconfig.json')) run('type-check webview', 'npx', ['tsc', '--noEmit', '-p', 'webview']);
if (existsSync('eslint.config.mjs')) run('lint', 'npx', ['eslint', 'src', 'webview', 'test', '--max-warnings=0']);
run('build', 'node', ['esbuild.mjs']);

const { runUnit } = await import('./unit.mjs');
console.log('\n== unit tests (plain Node)');
const unit = await runUnit();
console.log(`unit: ${unit.passed} passed, ${unit.failed} failed${unit.skipped ? `, ${unit.skipped} skipped` : ''}`);
totals.passed += unit.passed;
totals.failed += unit.failed;
totals.skipped += unit.skipped;

if (!onlyUnit && existsSync('scripts/integration.mjs')) {
  console.log('\n== integration tests (real VS Code extension host)');
  const r = spawnSync('node', ['scripts/integration.mjs'], { stdio: 'inherit' });
  const file = path.join(root, 'out', 'integration-results.json');
  if (existsSync(file)) {
    const res = JSON.parse(readFileSync(file, 'utf8'));
    totals.passed += res.passed ?? 0;
    totals.failed += res.failed ?? 0;
    totals.skipped += res.skipped ?? 0;
    if (r.status !== 0 && !(res.failed > 0)) totals.failed++;
  } else {
    console.log('== integration tier produced no results file: counted as one failure');
    totals.failed++;
  }
}

const failedGates = gates.filter((g) => !g.ok).map((g) => g.label);
if (failedGates.length) console.log(`\nfailed steps: ${failedGates.join(', ')}`);
console.log(`\n${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exitCode = totals.failed > 0 ? 1 : 0;
