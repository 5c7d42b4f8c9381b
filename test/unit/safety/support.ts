/** Helpers of the safety tests: the CLI run in this process with its output captured, item ids. */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { main } from '../../../src/cli';
import type { FileResult } from '../../../src/core/analyze';

/** Runs `mirage ARGS...` through the real CLI main in this process; stdout and stderr are captured. */
export async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const ow = process.stdout.write;
  const ew = process.stderr.write;
  const capture =
    (to: string[]) =>
    (chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
      to.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      const cb = rest.find((x) => typeof x === 'function') as (() => void) | undefined;
      cb?.();
      return true;
    };
  process.stdout.write = capture(out) as typeof process.stdout.write;
  process.stderr.write = capture(err) as typeof process.stderr.write;
  let code: number;
  try {
    code = await main(argv);
  } finally {
    process.stdout.write = ow;
    process.stderr.write = ew;
  }
  return { code, out: out.join(''), err: err.join('') };
}

/** Every item id a file result holds, per task, in the order read. */
export function itemIds(r: FileResult): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const s of r.series) for (const m of s.models.values()) (out[s.task] ??= []).push(...m.itemIds);
  return out;
}

/** markdown-it (a dev dependency of @vscode/vsce; VS Code's Markdown preview uses it too), untyped here. */
export interface MarkdownIt {
  render(src: string): string;
}

/**
 * A renderer configured like VS Code's Markdown preview at its most permissive: raw HTML allowed
 * and bare URLs / domains turned into links. Undefined when markdown-it is not installed.
 */
export function markdownRenderer(): MarkdownIt | undefined {
  try {
    const req = createRequire(join(process.cwd(), 'package.json'));
    const Ctor = req('markdown-it') as new (opts: object) => MarkdownIt;
    return new Ctor({ html: true, linkify: true });
  } catch {
    return undefined;
  }
}
