import assert from 'node:assert/strict';
import fc from 'fast-check';
import { FlatJsonFields } from '../../../src/core/io/jsonFields';

const WANTED = ['model', 'target', 'prediction', 'score', 'n', 'é'];

/** Strings with the escapes, controls, quotes and non-ASCII characters the scanner must get right. */
const textArb = fc
  .array(
    fc.oneof(
      { weight: 6, arbitrary: fc.string({ maxLength: 12 }) },
      { weight: 2, arbitrary: fc.constantFrom('"', '\\', '\n', '\t', '\r', '\u0000', '\u001f', '/', '\u2028') },
      { weight: 2, arbitrary: fc.constantFrom('é', '日本', '😀', '\ud800', '\udfff', '\ufffd', 'a"b', 'x\\y') },
      // Plain runs that carry strings across the scanner's short-string limit (48 bytes), with
      // escapes and quotes on either side of it.
      { weight: 1, arbitrary: fc.nat({ max: 60 }).map((n) => 'r'.repeat(n)) },
    ),
    { maxLength: 12 },
  )
  .map((parts) => parts.join(''));

const valueArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: textArb },
  {
    weight: 3,
    arbitrary: fc.oneof(
      fc.integer(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.constantFrom(0, -0, 1e21, 123456789012345678, 2 ** 53 + 1, 0.1, -1.5e-7),
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom(true, false, null) },
  { weight: 1, arbitrary: fc.constantFrom({}, [], { a: 1 }, [1, 'x']) },
);

const keyArb = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...WANTED) },
  { weight: 3, arbitrary: fc.constantFrom('prompt', 'doc_id', 'task', 'mod', 'targets') },
  { weight: 1, arbitrary: textArb },
);

/** A flat JSON object as text, in one of the spacings JSON allows. */
function render(pairs: [string, unknown][], sp: string, escapeAll: boolean): string {
  const body = pairs
    .map(([k, v]) => {
      let text = JSON.stringify(v);
      // Escaped forms of the same strings (\u00e9, \/) must decode to the same values.
      if (escapeAll && typeof v === 'string') text = text.replace(/[^\x20-\x7e]|\//g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
      return `${sp}${JSON.stringify(k)}${sp}:${sp}${text}${sp}`;
    })
    .join(',');
  return `${sp}{${body}}${sp}`;
}

const pairsArb = fc.array(fc.tuple(keyArb, valueArb), { maxLength: 8 });

/**
 * A run of lines as a log has them: each either a new random object or the keys of the line before
 * with new values (the scanner remembers the last line's layout), each maybe damaged.
 */
const runArb = fc
  .tuple(
    pairsArb,
    fc.array(
      fc.record({
        same: fc.boolean(),
        values: fc.array(valueArb, { minLength: 8, maxLength: 8 }),
        pairs: pairsArb,
        sp: fc.constantFrom('', ' ', '  '),
        escapeAll: fc.boolean(),
        damage: fc.constantFrom(false, false, true),
      }),
      { minLength: 1, maxLength: 5 },
    ),
  )
  .map(([first, specs]) => {
    let keys = first.map(([k]) => k);
    return specs.map((spec) => {
      const pairs: [string, unknown][] = spec.same ? keys.map((k, i) => [k, spec.values[i]]) : spec.pairs;
      keys = pairs.map(([k]) => k);
      return { text: render(pairs, spec.sp, spec.escapeAll), damage: spec.damage };
    });
  });

/** Damage to a line's bytes: an inserted, deleted or replaced byte, or a cut. */
const damageArb = fc.oneof(
  fc.constant(undefined),
  fc.record({
    kind: fc.constantFrom('insert', 'delete', 'replace', 'cut'),
    at: fc.nat(),
    byte: fc.oneof(fc.constantFrom(0x22, 0x5c, 0x09, 0x0d, 0x00, 0x1f, 0x20, 0x2c, 0x3a, 0x7b, 0x7d, 0x75, 0x80, 0xc3, 0xff), fc.integer({ min: 0, max: 255 })),
  }),
);

function damage(bytes: Buffer, d: { kind: string; at: number; byte: number } | undefined): Buffer {
  if (d === undefined || bytes.length === 0) return bytes;
  const at = d.at % bytes.length;
  // A line never holds '\n' (it ends the line): that byte stands for a vertical tab here.
  const b = Buffer.from([d.byte === 0x0a ? 0x0b : d.byte]);
  if (d.kind === 'insert') return Buffer.concat([bytes.subarray(0, at), b, bytes.subarray(at)]);
  if (d.kind === 'delete') return Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + 1)]);
  if (d.kind === 'replace') return Buffer.concat([bytes.subarray(0, at), b, bytes.subarray(at + 1)]);
  return bytes.subarray(0, at);
}

describe('FlatJsonFields', () => {
  it('gives what JSON.parse gives for every wanted field, or declines; never accepts a line JSON.parse rejects', () => {
    let accepted = 0;
    let declinedValid = 0;
    let repeats = 0;
    fc.assert(
      fc.property(runArb, fc.array(damageArb, { minLength: 5, maxLength: 5 }), fc.nat({ max: 11 }), fc.nat({ max: 40 }), (run, damages, offset, tail) => {
        const lines = run.map((l, k) => damage(Buffer.from(l.text, 'utf8'), l.damage ? damages[k] : undefined));
        // The lines sit one after another inside a bigger buffer at every alignment, with other bytes
        // around them, as lines of a read chunk do (and the buffer itself starts at an odd offset of
        // its memory). One scanner reads them in order, as the reader does.
        const size = lines.reduce((a, l) => a + l.length + 1, 0);
        const backing = Buffer.alloc(offset + size + tail + 3, 0x41);
        const buf = backing.subarray(3);
        const fields = new FlatJsonFields(WANTED);
        let at = offset;
        const spans = lines.map((line) => {
          line.copy(buf, at);
          buf[at + line.length] = 0x0a;
          const span = [at, at + line.length] as const;
          at += line.length + 1;
          return span;
        });
        lines.forEach((line, k) => {
          const ok = fields.scan(buf, spans[k]![0], spans[k]![1]);
          let parsed: unknown;
          let valid = true;
          try {
            parsed = JSON.parse(line.toString('utf8'));
          } catch {
            valid = false;
          }
          if (!ok) {
            if (valid && parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) declinedValid++;
            return;
          }
          accepted++;
          if (k > 0 && run[k - 1]!.text === run[k]!.text) repeats++;
          assert.ok(valid, `accepted a line JSON.parse rejects: ${JSON.stringify(line.toString('latin1'))}`);
          assert.ok(parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed));
          const o = parsed as Record<string, unknown>;
          for (const name of WANTED) {
            const expected = Object.prototype.hasOwnProperty.call(o, name) ? o[name] : undefined;
            const got = fields.values[fields.names.indexOf(name)];
            assert.ok(Object.is(got, expected), `${name}: ${String(got)} vs ${String(expected)} in ${JSON.stringify(line.toString('utf8'))}`);
          }
          assert.equal(fields.values[fields.names.length], undefined, 'the spare slot stays undefined');
        });
      }),
      { numRuns: 10_000, seed: 20261123 },
    );
    // The property is only worth something if both sides ran: many lines taken, the rest declined.
    assert.ok(accepted > 5000, `only ${accepted} lines accepted`);
    assert.ok(declinedValid > 100, `only ${declinedValid} valid lines declined`);
    assert.ok(repeats < accepted, 'lines vary');
  });

  it('reads the usual eval row, with escapes in a skipped prompt and reused short strings', () => {
    const fields = new FlatJsonFields(['model', 'target', 'prediction', 'correct']);
    const rows = [
      '{"model":"m-70m","prompt":"Q: a\\nb \\"c\\" \\u00e9\\\\","target":"42","prediction":"4\\u0032","correct":1}',
      '{"model":"m-70m","prompt":"","target":"caf\\u00e9","prediction":"café","correct":0.5}',
    ];
    const buf = Buffer.from(rows.join('\n') + '\n', 'utf8');
    let start = 0;
    const got: unknown[] = [];
    for (const r of rows) {
      const end = start + Buffer.byteLength(r);
      assert.ok(fields.scan(buf, start, end));
      got.push(Object.fromEntries(fields.names.map((n, k) => [n, fields.values[k]])));
      start = end + 1;
    }
    assert.deepEqual(got, [
      { model: 'm-70m', target: '42', prediction: '42', correct: 1 },
      { model: 'm-70m', target: 'café', prediction: 'café', correct: 0.5 },
    ]);
  });

  it('gives the right value whether a field keeps changing (its reuse paused) or repeats again', () => {
    // Same-length values that change on every line (reuse given up, retried now and then), then a
    // run of one value (reuse resumes), then changes again; a second field that always repeats.
    const targets: string[] = [];
    for (let i = 0; i < 300; i++) targets.push(i < 100 ? `t${String(i).padStart(3, '0')}` : i < 220 ? 'same' : i % 2 ? 'odd1' : `e${String(i).padStart(3, '0')}`);
    const rows = targets.map((t, i) => JSON.stringify({ model: 'm-1b', target: t, prediction: i % 3 ? t : 'x', correct: i % 2 }));
    const buf = Buffer.from(rows.join('\n'), 'utf8');
    const fields = new FlatJsonFields(['model', 'target', 'prediction']);
    let start = 0;
    rows.forEach((r, i) => {
      const end = start + Buffer.byteLength(r);
      assert.ok(fields.scan(buf, start, end));
      const want = JSON.parse(r) as Record<string, unknown>;
      fields.names.forEach((n, k) => assert.equal(fields.values[k], want[n], `line ${i + 1} ${n}`));
      start = end + 1;
    });
  });

  it('declines a raw control byte inside a string, even in a field it skips', () => {
    const fields = new FlatJsonFields(['model']);
    for (const c of ['\t', '\r', '\u0000', '\u001f']) {
      const buf = Buffer.from(`{"prompt":"a${c}b","model":"x"}`, 'utf8');
      assert.equal(fields.scan(buf, 0, buf.length), false, JSON.stringify(c));
    }
  });
});
