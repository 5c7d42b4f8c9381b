// Starts code-server (a real VS Code workbench and extension host) on loopback and opens it in
// headless Chromium with playwright-core. Shared by the integration tier, the end-to-end test,
// the screenshots and `npm run try`. See ../shared/recipes/real-vscode.md.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync, cpSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromiumPath, ensureAll } from './installVscode.mjs';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Copies a folder into a fresh temporary directory (tests write into their workspace). */
export function tempCopy(src, prefix = 'mirage-ws-') {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  cpSync(src, dir, { recursive: true });
  return dir;
}

/** User settings that keep the workbench quiet and deterministic. */
export const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'security.workspace.trust.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'git.enabled': false,
  'chat.commandCenter.enabled': false,
  'window.commandCenter': false,
  'editor.hover.delay': 300,
};

/**
 * Starts code-server on a free loopback port. Resolves when it listens.
 * @returns {{ port, stop, urlFor(payload?), dev, userDataDir, proc }}
 */
export async function startCodeServer({ workspace, settings = {}, env = {}, log = () => {} }) {
  const entry = ensureAll();
  const port = await freePort();
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'mirage-cs-'));
  const userDataDir = path.join(tmp, 'ud');
  mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  writeFileSync(
    path.join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({ ...QUIET_SETTINGS, ...settings }, null, 2),
  );
  const args = [
    entry, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry',
    '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
    '--user-data-dir', userDataDir, '--extensions-dir', path.join(tmp, 'ext'), workspace,
  ];
  const proc = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let output = '';
  const onData = (d) => {
    output += d;
    log(String(d));
  };
  proc.stdout.on('data', onData);
  proc.stderr.on('data', onData);
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`code-server did not start:\n${output}`)), 60_000);
    const check = () => {
      if (/HTTP server listening on/.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    proc.stdout.on('data', check);
    proc.stderr.on('data', check);
    proc.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`code-server exited (${code}):\n${output}`));
    });
  });
  const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
  return {
    port,
    proc,
    userDataDir,
    output: () => output,
    /** The workbench URL; `payload` entries are [key, value] pairs (extensionDevelopmentPath...). */
    urlFor(payload = []) {
      const q = new URLSearchParams({ folder: workspace });
      if (payload.length) q.set('payload', JSON.stringify(payload));
      return `http://127.0.0.1:${port}/?${q}`;
    },
    /** The payload that loads this repo as the extension under development. */
    dev(extraPayload = []) {
      return [['extensionDevelopmentPath', remote(root)], ...extraPayload];
    },
    remote,
    async stop() {
      if (proc.exitCode === null) {
        proc.kill('SIGTERM');
        await new Promise((r) => {
          const t = setTimeout(() => {
            proc.kill('SIGKILL');
            r();
          }, 5000);
          proc.once('exit', () => {
            clearTimeout(t);
            r();
          });
        });
      }
      // Its user data and extensions folder: one per run, nothing to keep.
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/** Launches headless Debian Chromium through playwright-core. */
export async function launchBrowser() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
    ],
  });
}

/** Runs the esbuild script (extension host bundle and webview). */
export async function buildExtension() {
  // MIRAGE_PRODUCTION_BUILD=1 (npm run bench) measures the minified bundle users install.
  const flags = process.env.MIRAGE_PRODUCTION_BUILD === '1' ? ['--production'] : [];
  await new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [path.join(root, 'esbuild.mjs'), ...flags], { cwd: root, stdio: 'inherit' });
    p.on('exit', (c) => (c === 0 ? resolve() : reject(new Error(`esbuild.mjs exited ${c}`))));
  });
}
