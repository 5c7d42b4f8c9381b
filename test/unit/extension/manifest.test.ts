import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

/**
 * Workspace trust and virtual workspaces: the extension only reads logs (it never runs anything
 * from them), so it works in Restricted Mode, with `mirage.watchGlobs` taken from the user only
 * (an untrusted folder must not widen what is read); it reads through Node's fs, so not on virtual
 * file systems. The declarations must be there, and say so.
 */
describe('manifest: workspace trust and virtual workspaces', () => {
  const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
  const nls = JSON.parse(readFileSync('package.nls.json', 'utf8')) as Record<string, string>;
  const text = (v: unknown): string => String(typeof v === 'string' && /^%.+%$/.test(v) ? nls[v.slice(1, -1)] : v);

  it('declares untrusted workspaces as limited, restricting the watch globs, with a description', () => {
    const u = pkg.capabilities?.untrustedWorkspaces;
    assert.ok(u, 'capabilities.untrustedWorkspaces is declared');
    assert.equal(u.supported, 'limited');
    assert.deepEqual(u.restrictedConfigurations, ['mirage.watchGlobs']);
    const settings = Object.keys(pkg.contributes.configuration.properties);
    for (const k of u.restrictedConfigurations) assert.ok(settings.includes(k), `${k} is a contributed setting`);
    const d = text(u.description);
    assert.notEqual(d, 'undefined', `${u.description} resolves in package.nls.json`);
    assert.match(d, /only reads/);
    assert.match(d, /mirage\.watchGlobs/);
  });

  it('declares virtual workspaces unsupported, with a description', () => {
    const v = pkg.capabilities?.virtualWorkspaces;
    assert.ok(v, 'capabilities.virtualWorkspaces is declared');
    assert.equal(v.supported, false);
    const d = text(v.description);
    assert.notEqual(d, 'undefined', `${v.description} resolves in package.nls.json`);
    assert.match(d, /file: URIs|on disk/);
  });
});
