/** The pure core never imports `vscode` (it runs in the CLI, in plain Node and in workers). */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

function tsFiles(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) tsFiles(p, out);
    else if (p.endsWith('.ts')) out.push(p);
  }
  return out;
}

describe('core boundary', () => {
  it('no file in src/core, src/protocol.ts or src/cli.ts imports vscode', () => {
    const files = [...tsFiles(join(process.cwd(), 'src', 'core')), join(process.cwd(), 'src', 'protocol.ts'), join(process.cwd(), 'src', 'cli.ts')];
    assert.ok(files.length > 20);
    const offenders = files.filter((f) => /(from\s+['"]vscode['"]|require\(\s*['"]vscode['"]\s*\))/.test(readFileSync(f, 'utf8')));
    assert.deepEqual(offenders, []);
  });
});
