import * as assert from 'node:assert/strict';
import { escapeHtml, panelCsp, panelHtml, scriptJson } from '../../../src/panel/panelHtml';
import { makeNonce } from '../../../src/util/nonce';

const input = (over = {}) => ({
  cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
  nonce: 'abc123+/=',
  scriptUri: 'https://x/dist/webview.js',
  styleUri: 'https://x/dist/webview.css',
  constants: { version: '0.1.0', scope: '/w/</script><script>alert(1)</script>' },
  title: 'a<b>"c"',
  ...over,
});

describe('panelHtml', () => {
  it('uses the strict CSP: no unsafe-*, scripts only by nonce', () => {
    const csp = panelCsp('SRC', 'N');
    assert.equal(
      csp,
      "default-src 'none'; img-src SRC data:; style-src SRC; font-src SRC; script-src 'nonce-N';",
    );
    const html = panelHtml(input());
    assert.ok(!html.includes('unsafe-'));
    assert.ok(html.includes(`content="${escapeHtml(panelCsp(input().cspSource, 'abc123+/='))}"`));
  });

  it('puts the nonce on every script element and has no inline handlers', () => {
    const html = panelHtml(input());
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    assert.equal(scripts.length, 2);
    for (const s of scripts) assert.ok(s.includes('nonce="abc123+/="'), s);
    assert.ok(!/\son\w+=/.test(html));
    assert.ok(html.includes('<div id="app"></div>'));
  });

  it('passes constants as JSON with < escaped, so they cannot close the script', () => {
    const html = panelHtml(input());
    assert.equal((html.match(/<\/script>/g) ?? []).length, 2);
    assert.ok(html.includes('\\u003c/script>'));
    const m = /globalThis\["mirageLens"\] = (.*);<\/script>/.exec(html);
    assert.ok(m);
    assert.deepEqual(JSON.parse(m[1]!), input().constants);
  });

  it('escapes the title and URIs as HTML', () => {
    const html = panelHtml(input({ styleUri: 'https://x/"><script>' }));
    assert.ok(html.includes('<title>a&#60;b&#62;&#34;c&#34;</title>'));
    assert.ok(!html.includes('"><script>'));
  });

  it('links the codicon stylesheet only when given', () => {
    assert.ok(!panelHtml(input()).includes('codicon'));
    assert.ok(panelHtml(input({ codiconUri: 'https://x/dist/codicon.css' })).includes('id="vscode-codicon-stylesheet"'));
  });

  it('escapes line separators in script JSON', () => {
    assert.equal(scriptJson('\u2028<'), '"\\u2028\\u003c"');
  });

  it('makes a fresh, long nonce each time', () => {
    const a = makeNonce();
    const b = makeNonce();
    assert.notEqual(a, b);
    assert.ok(a.length >= 24);
  });
});
