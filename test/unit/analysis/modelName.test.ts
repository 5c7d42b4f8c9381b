import assert from 'node:assert/strict';
import { baseModelName, formatScale, parseScale, splitModelName } from '../../../src/core/analysis/modelName';

describe('modelName', () => {
  it('parses scales given as numbers and strings', () => {
    assert.equal(parseScale(1.3e9), 1.3e9);
    assert.equal(parseScale('1.3B'), 1.3e9);
    assert.equal(parseScale('350M'), 350e6);
    assert.equal(parseScale('7b'), 7e9);
    assert.equal(parseScale('1,300,000'), 1.3e6);
    assert.equal(parseScale('1e9'), 1e9);
    assert.equal(parseScale('abc'), undefined);
    assert.equal(parseScale(-5), undefined);
    assert.equal(parseScale(Number.NaN), undefined);
    assert.equal(parseScale(''), undefined);
  });

  it('splits family and size from model names', () => {
    assert.deepEqual(splitModelName('pythia-1.4b'), { family: 'pythia', params: 1.4e9 });
    assert.deepEqual(splitModelName('EleutherAI/pythia-410m-deduped'), { family: 'pythia-deduped', params: 410e6 });
    assert.deepEqual(splitModelName('synth-350M'), { family: 'synth', params: 350e6 });
    assert.deepEqual(splitModelName('llama-2-7b-chat'), { family: 'llama-2-chat', params: 7e9 });
    assert.deepEqual(splitModelName('EleutherAI__pythia-70m'), { family: 'pythia', params: 70e6 });
    assert.deepEqual(splitModelName('gpt-4o'), { family: 'gpt-4o' });
  });

  it('strips organisation prefixes and formats scales', () => {
    assert.equal(baseModelName('org/name-1b'), 'name-1b');
    assert.equal(formatScale(1.4e9), '1.4B');
    assert.equal(formatScale(70e6), '70M');
  });
});
