/**
 * Property-based fuzzing of every reader through readInput on real files (see harness.ts for the
 * properties and docs.ts for the logs). Run counts are in the test titles; the last test prints the
 * total per reader, including the in-memory and detection cases of the other fuzz files.
 */
import { fuzzReader } from './harness';
import {
  bigbenchCaseArb, buildBigbench, buildEval, buildHelm, buildInspectJson, buildJsonl, buildOpenai, buildParquet,
  buildResults, buildSamples, buildTable, evalCaseArb, helmCaseArb, inspectCaseArb, jsonlCaseArb, openaiCaseArb,
  parquetCaseArb, resultsCaseArb, samplesCaseArb, tableCaseArb,
} from './docs';

describe('fuzz: every reader through readInput', function () {
  this.timeout(180_000);

  describe('csv', () => fuzzReader({ id: 'csv', arb: tableCaseArb, build: (c) => buildTable(c, ','), injected: 5000, mutated: 5000 }));
  describe('tsv', () => fuzzReader({ id: 'tsv', arb: tableCaseArb, build: (c) => buildTable(c, '\t'), injected: 5000, mutated: 5000 }));
  describe('jsonl', () => fuzzReader({ id: 'jsonl', arb: jsonlCaseArb, build: buildJsonl, injected: 5000, mutated: 5000 }));
  describe('lm-eval-samples', () => fuzzReader({ id: 'lm-eval-samples', arb: samplesCaseArb, build: buildSamples, injected: 5000, mutated: 5000 }));
  describe('lm-eval-results', () => fuzzReader({ id: 'lm-eval-results', arb: resultsCaseArb, build: buildResults, injected: 5000, mutated: 5000 }));
  describe('inspect-json', () => fuzzReader({ id: 'inspect-json', arb: inspectCaseArb, build: buildInspectJson, injected: 5000, mutated: 5000 }));
  describe('inspect-eval', () => fuzzReader({ id: 'inspect-eval', arb: evalCaseArb, build: buildEval, injected: 5000, mutated: 5000 }));
  describe('bigbench-scores', () => fuzzReader({ id: 'bigbench-scores', arb: bigbenchCaseArb, build: buildBigbench, injected: 5000, mutated: 5000 }));
  describe('helm', () => fuzzReader({ id: 'helm', arb: helmCaseArb, build: buildHelm, injected: 5000, mutated: 5000 }));
  describe('openai-evals', () => fuzzReader({ id: 'openai-evals', arb: openaiCaseArb, build: buildOpenai, injected: 5000, mutated: 5000 }));
  describe('parquet', () => fuzzReader({ id: 'parquet', arb: parquetCaseArb, build: buildParquet, injected: 5000, mutated: 5000 }));
});
