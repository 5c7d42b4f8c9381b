// Installs what running the extension in a real VS Code needs on machines that cannot download
// VS Code: Debian's chromium, ripgrep and libkrb5-dev (apt-get), and code-server (npm) into a cache
// outside the repo. Idempotent and non-interactive (CI=true, no stdin). See
// ../shared/recipes/real-vscode.md for why each step is done by hand.
//   node scripts/installVscode.mjs        prints the code-server entry point when ready
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync, symlinkSync, copyFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** code-server 4.99.x is the last line that runs on Node 20; it carries VS Code 1.99.3. */
export const CODE_SERVER_VERSION = '4.99.4';
/** Where code-server is cached; override with MIRAGE_VSCODE_CACHE. */
export const cacheDir =
  process.env.MIRAGE_VSCODE_CACHE ??
  path.join(os.homedir(), '.cache', 'mirage-lens', `code-server-${CODE_SERVER_VERSION}`);
export const codeServerEntry = path.join(cacheDir, 'node_modules/code-server/out/node/entry.js');
export const chromiumPath = process.env.MIRAGE_CHROMIUM ?? '/usr/bin/chromium';

const log = (m) => console.log(`[install] ${m}`);

function run(cmd, args, cwd, extraEnv = {}) {
  execFileSync(cmd, args, {
    cwd,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, npm_config_yes: 'true', DEBIAN_FRONTEND: 'noninteractive', ...extraEnv },
  });
}

function has(cmd) {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function dpkgHas(pkg) {
  try {
    const out = execFileSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
    return out.includes('install ok installed');
  } catch {
    return false;
  }
}

/** Installs the Debian packages that are missing (apt-get update first, once). */
export function ensureAptPackages() {
  const missing = [];
  if (!existsSync(chromiumPath)) missing.push('chromium');
  if (!has('rg')) missing.push('ripgrep');
  if (!dpkgHas('libkrb5-dev')) missing.push('libkrb5-dev');
  if (missing.length === 0) return;
  if (!has('apt-get')) throw new Error(`missing ${missing.join(', ')} and no apt-get to install them`);
  const sudo = process.getuid?.() === 0 ? [] : ['sudo', '-n'];
  log(`apt-get install ${missing.join(' ')}`);
  const apt = (args) => (sudo.length ? run(sudo[0], [...sudo.slice(1), 'apt-get', ...args]) : run('apt-get', args));
  apt(['update', '-q']);
  apt(['install', '-y', '-q', '--no-install-recommends', ...missing]);
}

/** Installs code-server into the cache unless it is there and runs; returns the entry point. */
export function ensureCodeServer() {
  const done = path.join(cacheDir, '.complete');
  if (existsSync(done) && existsSync(codeServerEntry)) return codeServerEntry;
  ensureAptPackages();
  log(`code-server@${CODE_SERVER_VERSION} into ${cacheDir} (a few minutes, once)`);
  rmSync(cacheDir, { recursive: true, force: true });
  mkdirSync(cacheDir, { recursive: true });
  writeFileSync(path.join(cacheDir, 'package.json'), '{"name":"mirage-vscode-cache","private":true}\n');
  const quiet = ['--no-audit', '--no-fund', '--loglevel=error'];
  // Its own postinstall downloads ripgrep from GitHub, which these machines cannot reach.
  run('npm', ['install', '--ignore-scripts', ...quiet, `code-server@${CODE_SERVER_VERSION}`], cacheDir);
  run('npm', ['rebuild', 'argon2'], cacheDir);
  const vs = path.join(cacheDir, 'node_modules/code-server/lib/vscode');
  run('npm', ['install', '--omit=dev', '--ignore-scripts', ...quiet], vs);
  const rgDir = path.join(vs, 'node_modules/@vscode/ripgrep/bin');
  mkdirSync(rgDir, { recursive: true });
  copyFileSync(execFileSync('sh', ['-c', 'command -v rg'], { encoding: 'utf8' }).trim(), path.join(rgDir, 'rg'));
  run('npm', ['rebuild', '--loglevel=error'], vs); // node-pty, spdlog, kerberos... against this Node
  symlinkSync('node_modules', path.join(vs, 'node_modules.asar'));
  run('npm', ['install', '--omit=dev', '--ignore-scripts', ...quiet], path.join(vs, 'extensions'));
  symlinkSync('code-linux.sh', path.join(vs, 'bin/remote-cli/code-server'));
  symlinkSync('browser-linux.sh', path.join(vs, 'bin/helpers/browser.sh'));
  const version = execFileSync(process.execPath, [codeServerEntry, '--version'], { encoding: 'utf8' });
  log(`ready: ${version.split('\n')[0]}`);
  writeFileSync(done, version);
  return codeServerEntry;
}

/** Everything the integration and end-to-end tiers need. */
export function ensureAll() {
  ensureAptPackages();
  return ensureCodeServer();
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(ensureAll());
}
