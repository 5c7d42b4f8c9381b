/**
 * Shared helpers of the fuzz tier: a scratch folder on tmpfs when there is one (a case is a few small
 * files written and read back thousands of times), run counts scaled by MIRAGE_FUZZ_SCALE, and the
 * invariants every read must keep whatever the input:
 *   - readInput resolves (it never throws for content),
 *   - every problem has an integer line >= 0 and a non-empty message,
 *   - rows equals the rows the series cells account for, every record line is >= 1,
 *   - no NaN, infinite or non-positive scale reaches a model cell, no NaN reaches a score column,
 *   - the summary serialises to JSON.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync, accessSync, constants } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { readInput, type FileResult } from '../../../src/core/analyze';

/** Multiplies every numRuns (MIRAGE_FUZZ_SCALE=0.1 for a quick local pass, 10 for a long soak). */
export const FUZZ_SCALE = (() => {
  const v = Number(process.env.MIRAGE_FUZZ_SCALE ?? '1');
  return Number.isFinite(v) && v > 0 ? v : 1;
})();

/** numRuns scaled by MIRAGE_FUZZ_SCALE (at least 5). */
export function runs(n: number): number {
  return Math.max(5, Math.round(n * FUZZ_SCALE));
}

/** Formats a count for a test title: 4000 -> "4,000". */
export function count(n: number): string {
  return n.toLocaleString('en-US');
}

/**
 * Cases per reader over the whole fuzz tier (all test files share it through globalThis); printed
 * once at the end of the run.
 */
const TALLY_KEY = '__mirageFuzzTally';
type Tally = { counts: Map<string, Map<string, number>>; printed: boolean };
const tallyStore: Tally = ((globalThis as Record<string, unknown>)[TALLY_KEY] as Tally | undefined) ?? { counts: new Map(), printed: false };
(globalThis as Record<string, unknown>)[TALLY_KEY] = tallyStore;

/** Adds `n` cases of kind `kind` ("on disk", "in memory", "detect") for a reader. */
export function tally(reader: string, kind: string, n: number): void {
  const m = tallyStore.counts.get(reader) ?? new Map<string, number>();
  m.set(kind, (m.get(kind) ?? 0) + n);
  tallyStore.counts.set(reader, m);
}

after(() => {
  if (tallyStore.printed || tallyStore.counts.size === 0) return;
  tallyStore.printed = true;
  const lines = [...tallyStore.counts].sort(([a], [b]) => (a < b ? -1 : 1)).map(([reader, m]) => {
    const total = [...m.values()].reduce((a, b) => a + b, 0);
    return `  ${reader.padEnd(16)} ${count(total).padStart(7)}  (${[...m].map(([k, n]) => `${count(n)} ${k}`).join(', ')})`;
  });
  console.log(`\nfast-check cases per reader (MIRAGE_FUZZ_SCALE=${FUZZ_SCALE}):\n${lines.join('\n')}`);
});

/**
 * fast-check parameters of a property: its scaled run count; failures print seed and path, and
 * MIRAGE_FUZZ_SEED (with MIRAGE_FUZZ_PATH) replays one: `MIRAGE_FUZZ_SEED=-838130009
 * MIRAGE_FUZZ_PATH=2133:25:0 node scripts/unit.mjs test/unit/fuzz/parsePaths.test.ts --grep csv`.
 */
export function params(numRuns: number): fc.Parameters<unknown> {
  const seed = process.env.MIRAGE_FUZZ_SEED;
  const path = process.env.MIRAGE_FUZZ_PATH;
  const replay = seed !== undefined && seed !== '' ? { seed: Number(seed), ...(path ? { path } : {}) } : {};
  return { numRuns: runs(numRuns), verbose: 0, ...replay };
}

function scratchRoot(): string {
  // tmpfs makes a write + read round trip several times cheaper than an overlay disk.
  for (const base of ['/dev/shm', tmpdir()]) {
    try {
      if (!existsSync(base)) continue;
      accessSync(base, constants.W_OK);
      return mkdtempSync(join(base, 'mirage-fuzz-'));
    } catch {
      // try the next one
    }
  }
  return mkdtempSync(join(tmpdir(), 'mirage-fuzz-'));
}

const roots: string[] = [];

/** A fresh scratch folder for this test file (removed after the file's run). */
export function scratch(): string {
  const r = scratchRoot();
  roots.push(r);
  return r;
}

after(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

/** Files of one case, by path relative to the case folder. */
export type Files = Record<string, string | Buffer>;

const written = new Map<string, Set<string>>();
const made = new Set<string>();

/**
 * Writes the files of one case into `dir`, removing files an earlier case left there (cheaper
 * than emptying the folder each time); returns their absolute paths.
 */
export function writeCase(dir: string, files: Files): Record<string, string> {
  const before = written.get(dir) ?? new Set<string>();
  const now = new Set<string>();
  const out: Record<string, string> = {};
  for (const [rel, data] of Object.entries(files)) {
    const p = join(dir, rel);
    const parent = dirname(p);
    if (!made.has(parent)) {
      mkdirSync(parent, { recursive: true });
      made.add(parent);
    }
    writeFileSync(p, data);
    now.add(p);
    out[rel] = p;
  }
  for (const p of before) if (!now.has(p)) rmSync(p, { force: true });
  written.set(dir, now);
  return out;
}

/** Asserts the invariants every read keeps (see the module comment). */
export function checkResult(r: FileResult, path: string): void {
  const s = r.summary;
  assert.equal(s.path, path);
  assert.equal(typeof s.format, 'string');
  assert.ok(Number.isInteger(s.rows) && s.rows >= 0, `rows ${s.rows}`);
  for (const p of s.problems) {
    assert.ok(Number.isInteger(p.line) && p.line >= 0, `problem line ${p.line}: ${p.message}`);
    assert.ok(typeof p.message === 'string' && p.message.trim().length > 0, 'problem without a message');
    assert.ok(p.message.length <= 500, `problem message of ${p.message.length} characters`);
  }
  let used = 0;
  for (const cell of r.series.values()) {
    assert.ok(cell.task.length > 0 && typeof cell.family === 'string');
    const src = cell.sources.get(path);
    if (src) {
      used += src.rows;
      assert.ok(Number.isInteger(src.line) && src.line >= 1, `source line ${src.line}`);
    }
    for (const m of cell.models.values()) {
      for (const [k, v] of [['params', m.params], ['flops', m.flops]] as const) {
        assert.ok(v === undefined || (Number.isFinite(v) && v > 0), `${k} ${v} of ${m.model}`);
      }
      assert.ok(m.loss === undefined || Number.isFinite(m.loss), `loss ${m.loss}`);
      for (const [name, col] of m.metrics) {
        for (let i = 0; i < m.itemIds.length; i++) {
          if (col.count.data[i]! > 0) assert.ok(!Number.isNaN(col.sum.data[i]), `NaN in ${name}`);
        }
      }
      for (const [name, a] of m.aggregates) assert.ok(Number.isFinite(a.value), `aggregate ${name} = ${a.value}`);
    }
  }
  assert.equal(used, s.rows, 'rows must equal the rows the series account for');
  JSON.stringify(s);
}

/** Reads `path` with readInput and checks the invariants; returns the result. */
export async function readChecked(path: string): Promise<FileResult> {
  const r = await readInput(path, { resamples: 0 });
  checkResult(r, path);
  return r;
}

/** A one-line description of a result, for assertion messages. */
export function describeResult(r: FileResult): string {
  const s = r.summary;
  const probs = s.problems.slice(0, 5).map((p) => `${p.line}: ${p.message.slice(0, 120)}`).join(' | ');
  return `format=${s.format} rows=${s.rows} skipped=${s.skipped ?? '-'} problems=[${probs}]${s.problems.length > 5 ? ` +${s.problems.length - 5}` : ''}`;
}

// ---------------------------------------------------------------------------------------------
// Byte-level mutations shared by every reader.

/** One damage done to a file's bytes. Positions are fractions of the length, so they shrink well. */
export type Mutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'delete'; at: number; len: number }
  | { kind: 'duplicate'; at: number; len: number }
  | { kind: 'badUtf8'; at: number; seq: number };

/** Invalid UTF-8: a lone continuation, a cut 2- and 3-byte lead, an overlong '/', a surrogate, 0xff. */
const BAD_UTF8 = [[0x80], [0xc3], [0xe2, 0x82], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xff, 0xfe], [0xf4, 0x90, 0x80, 0x80]];

const frac = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });

export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: frac }),
  fc.record({ kind: fc.constant('flip' as const), at: frac, bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: frac, bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: frac, len: fc.integer({ min: 1, max: 64 }) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: frac, len: fc.integer({ min: 1, max: 200 }) }),
  fc.record({ kind: fc.constant('badUtf8' as const), at: frac, seq: fc.integer({ min: 0, max: BAD_UTF8.length - 1 }) }),
);

/** Applies mutations in order. */
export function mutate(input: Buffer, ms: readonly Mutation[]): Buffer {
  let b = Buffer.from(input);
  for (const m of ms) {
    const at = Math.floor(m.at * (b.length + 1));
    switch (m.kind) {
      case 'truncate':
        b = b.subarray(0, at);
        break;
      case 'flip':
        if (b.length > 0) {
          const i = Math.min(at, b.length - 1);
          b[i] = b[i]! ^ (1 << m.bit);
        }
        break;
      case 'insert':
        b = Buffer.concat([b.subarray(0, at), Buffer.from(m.bytes), b.subarray(at)]);
        break;
      case 'delete':
        b = Buffer.concat([b.subarray(0, at), b.subarray(at + m.len)]);
        break;
      case 'duplicate':
        b = Buffer.concat([b.subarray(0, at + m.len), b.subarray(at)]);
        break;
      case 'badUtf8':
        b = Buffer.concat([b.subarray(0, at), Buffer.from(BAD_UTF8[m.seq]!), b.subarray(at)]);
        break;
    }
  }
  return b;
}
