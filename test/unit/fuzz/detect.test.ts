/**
 * Detection fuzzing: every reader's detect() on random heads (random bytes, and text made of the
 * very tokens detectors look for) under every kind of file name never throws and answers a boolean;
 * detectReader picks a reader or says why not; and the valid logs of docs.ts, damaged or not, are
 * claimed by their own reader when intact.
 */
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { detectReader, READERS } from '../../../src/core/formats/registry';
import {
  bigbenchCaseArb, buildBigbench, buildEval, buildHelm, buildInspectJson, buildJsonl, buildOpenai, buildParquet, buildResults,
  buildSamples, buildTable, evalCaseArb, helmCaseArb, inspectCaseArb, jsonlCaseArb, openaiCaseArb, parquetCaseArb,
  resultsCaseArb, samplesCaseArb, tableCaseArb, type Built,
} from './docs';
import { count, params, runs, tally } from './support';

const NAMES = [
  'x.csv', 'x.tsv', 'x.tab', 'x.csv.gz', 'x.jsonl', 'x.ndjson', 'x.jsonl.gz', 'x.json', 'x.json.gz', 'x.eval', 'x.parquet',
  'x.txt', 'x', '.csv', 'results_2024-05-01T12-00-00.json', 'org__m-1b/samples_arc_2024-05-01T12-00-00.123.jsonl',
  'arith/results/scores_fam_1b.json', 'run:model=a_b/per_instance_stats.json', 'run/scenario_state.json', 'C:\\logs\\x.csv',
];

/** The tokens detectors look for, so random text sometimes almost looks like a log. */
const TOKENS = [
  '{', '}', '[', ']', ',', ':', '\n', '\r\n', ' ', '\t', '"', '\ufeff', 'PAR1', 'PK\u0003\u0004', '\u001f\u008b', 'header.json',
  '_journal/start.json', '"doc_id":', '"filtered_resps":', '"resps":', '"doc_hash":', '"arguments":', '"results":', '"acc,none":',
  '"acc_stderr":', '"versions":', '"n-shot":', '"eval":', '"eval_id":', '"version": 2', '"model":', '"model_family":',
  '"score_dict":', '"preferred_score":', '"instance_id":', '"stats":', '"adapter_spec":', '"request_states":', '"spec":',
  '"completion_fns":', '"run_id":', '"event_id":', '"sample_id":', '"type":', '"data":', 'model,item,acc', 'a\tb\tc', '1',
  '"x"', 'null', '\u0000', '\uffff', '💥',
];

const headArb = fc.oneof(
  fc.uint8Array({ maxLength: 2048 }).map((b) => Buffer.from(b)),
  fc.array(fc.constantFrom(...TOKENS), { maxLength: 60 }).map((t) => Buffer.from(t.join(''), 'latin1')),
  fc.array(fc.constantFrom(...TOKENS), { maxLength: 60 }).map((t) => Buffer.from(t.join(''))),
  fc.string({ unit: 'binary', maxLength: 300 }).map((s) => Buffer.from(s)),
);

function headOf(b: Built): Buffer {
  const raw = b.files[b.main]!;
  let bytes = Buffer.isBuffer(raw) ? raw : Buffer.from(raw);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes);
  return bytes.subarray(0, 64 * 1024);
}

describe('fuzz: format detection', function () {
  this.timeout(120_000);

  const n = runs(10_000);
  it(`${count(n)} random heads under every kind of name: each detect() answers a boolean, detectReader a reader or a reason`, () => {
    fc.assert(
      fc.property(headArb, fc.constantFrom(...NAMES), fc.constantFrom('/w/', '/w/a b/', ''), (head, name, dir) => {
        const path = dir + name;
        for (const r of READERS) {
          let claimed: unknown;
          assert.doesNotThrow(() => {
            claimed = r.detect(path, head);
          }, `${r.id}.detect threw`);
          assert.equal(typeof claimed, 'boolean', r.id);
        }
        const picked = detectReader(path, head);
        if (typeof picked === 'string') assert.ok(picked.length > 0);
        else assert.ok(READERS.includes(picked));
      }),
      params(10_000),
    );
    for (const r of READERS) tally(r.id === 'csv' ? 'csv' : r.id, 'detect', n);
    tally('tsv', 'detect', n);
  });

  const claims: [string, string, fc.Arbitrary<Built>][] = [
    ['csv', 'csv', tableCaseArb(true).map((c) => buildTable(c, ','))],
    ['tsv', 'csv', tableCaseArb(true).map((c) => buildTable(c, '\t'))],
    ['jsonl', 'jsonl', jsonlCaseArb(true).map(buildJsonl)],
    ['lm-eval-samples', 'lm-eval-samples', samplesCaseArb(true).map(buildSamples)],
    ['lm-eval-results', 'lm-eval-results', resultsCaseArb(true).map(buildResults)],
    ['inspect-json', 'inspect-json', inspectCaseArb(true).map(buildInspectJson)],
    ['inspect-eval', 'inspect-eval', evalCaseArb(true).map(buildEval)],
    ['bigbench-scores', 'bigbench-scores', bigbenchCaseArb(true).map(buildBigbench)],
    ['helm', 'helm', helmCaseArb(true).map(buildHelm)],
    ['openai-evals', 'openai-evals', openaiCaseArb(true).map(buildOpenai)],
    ['parquet', 'parquet', parquetCaseArb(true).map(buildParquet)],
  ];
  for (const [format, readerId, arb] of claims) {
    const m = runs(1000);
    it(`${format}: ${count(m)} valid logs (one bad record or not) are claimed by their own reader`, () => {
      fc.assert(
        fc.property(arb, (b) => {
          const picked = detectReader(b.main, headOf(b));
          assert.equal(typeof picked === 'string' ? picked : picked.id, readerId);
        }),
        params(1000),
      );
      tally(format, 'detect', m);
    });
  }
});
