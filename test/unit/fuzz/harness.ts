/**
 * The properties every reader is fuzzed with, through readInput on files in a scratch folder:
 *   1. injected: a valid log of N records, optionally with one bad record inserted anywhere ->
 *      the reader claims it, rows == N, and exactly one problem, located on the bad record's lines;
 *   2. mutated: the same logs damaged (truncated anywhere, bits flipped, random bytes inserted or
 *      deleted, invalid UTF-8, spans duplicated) or replaced by random bytes -> the invariants of
 *      support.ts hold (no throw, located problems, rows accounted for).
 * Each test's title carries its fast-check run count; `tally` sums them per reader for the run's summary.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import fc from 'fast-check';
import type { Built } from './docs';
import { count, describeResult, mutate, mutationArb, params, readChecked, runs, scratch, tally, writeCase } from './support';

export interface ReaderFuzz<C> {
  id: string;
  /** Valid cases, with (true) or without (false) one bad record. */
  arb: (withBad: boolean) => fc.Arbitrary<C>;
  build: (c: C) => Built;
  /** Runs of the injected property and of the mutated property (before MIRAGE_FUZZ_SCALE). */
  injected: number;
  mutated: number;
  /** Extra check of the injected property (e.g. notes). */
  extra?: (b: Built, r: Awaited<ReturnType<typeof readChecked>>) => void;
}

/** Declares the two on-disk properties of one reader. */
export function fuzzReader<C>(spec: ReaderFuzz<C>): void {
  const injected = runs(spec.injected);
  const mutated = runs(spec.mutated);
  let dir = '';
  before(() => {
    dir = join(scratch(), spec.id);
  });
  let t0 = 0;
  beforeEach(() => {
    t0 = Date.now();
  });
  afterEach(function () {
    if (process.env.MIRAGE_FUZZ_TIMING) console.log(`${Date.now() - t0} ms  ${this.currentTest?.title}`);
  });

  it(`${spec.id}: ${count(injected)} valid logs, half with one bad record injected: every good record kept, the bad one located`, async () => {
    const arb = fc.oneof(spec.arb(true), spec.arb(false));
    await fc.assert(
      fc.asyncProperty(arb, async (c) => {
        const b = spec.build(c);
        const paths = writeCase(dir, b.files);
        const path = paths[b.main]!;
        const r = await readChecked(path);
        const why = describeResult(r);
        assert.equal(r.summary.format, b.format, why);
        assert.equal(r.summary.rows, b.n, `rows: ${why}`);
        if (b.bad) {
          assert.equal(r.summary.problems.length, 1, `one problem expected at lines ${b.bad.join('-')}: ${why}`);
          const line = r.summary.problems[0]!.line;
          assert.ok(line >= b.bad[0] && line <= b.bad[1], `problem at line ${line}, bad record at ${b.bad.join('-')}: ${why}`);
        } else {
          assert.equal(r.summary.problems.length, 0, `no problem expected: ${why}`);
        }
        spec.extra?.(b, r);
      }),
      params(spec.injected),
    );
    tally(spec.id, 'on disk', injected);
  });

  it(`${spec.id}: ${count(mutated)} damaged logs (truncated, bit flips, random bytes, invalid UTF-8, duplicated spans) keep the invariants`, async () => {
    const arb = fc.record({
      c: spec.arb(true),
      ms: fc.array(mutationArb, { minLength: 1, maxLength: 4 }),
      random: fc.option(fc.uint8Array({ maxLength: 512 }), { freq: 8 }),
    });
    await fc.assert(
      fc.asyncProperty(arb, async ({ c, ms, random }) => {
        const b = spec.build(c);
        const main = b.files[b.main]!;
        const damaged = random ? Buffer.from(random) : mutate(Buffer.isBuffer(main) ? main : Buffer.from(main), ms);
        const paths = writeCase(dir, { ...b.files, [b.main]: damaged });
        await readChecked(paths[b.main]!);
      }),
      params(spec.mutated),
    );
    tally(spec.id, 'on disk', mutated);
  });
}
