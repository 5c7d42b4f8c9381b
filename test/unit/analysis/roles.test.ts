import assert from 'node:assert/strict';
import { inferRoles, requireRoles, rowToRecord, MissingRolesError } from '../../../src/core/analysis/roles';

describe('roles', () => {
  it('finds roles by synonyms, case-insensitively', () => {
    const r = inferRoles(['Model_Name', 'n_params', 'task_name', 'doc_id', 'gold', 'completion', 'acc']);
    assert.equal(r.byRole.model, 'Model_Name');
    assert.equal(r.byRole.scale, 'n_params');
    assert.equal(r.byRole.task, 'task_name');
    assert.equal(r.byRole.item, 'doc_id');
    assert.equal(r.byRole.target, 'gold');
    assert.equal(r.byRole.prediction, 'completion');
    assert.equal(r.byRole.correct, 'acc');
    assert.equal(r.shape, 'items');
  });

  it('lets an explicit map override inference', () => {
    const r = inferRoles(['model', 'size', 'my_scale', 'task', 'correct'], { scale: 'my_scale' });
    assert.equal(r.byRole.scale, 'my_scale');
  });

  it('recognises aggregate tables', () => {
    const r = inferRoles(['model', 'params', 'task', 'metric', 'value', 'n']);
    assert.equal(r.shape, 'aggregate');
    assert.equal(r.byRole.n, 'n');
  });

  it('reads an item count that rounds to no item as no count (fuzzing found n = 5e-324 kept as 0)', () => {
    const roles = inferRoles(['model', 'params', 'task', 'metric', 'value', 'n']);
    const n = (cell: string): number | undefined => {
      const r = rowToRecord({ model: 'p-1b', params: '1e9', task: 't', metric: 'acc', value: '0.5', n: cell }, roles, 2, 'f');
      assert.equal(r.kind, 'aggregate');
      return r.kind === 'aggregate' ? r.record.n : undefined;
    };
    assert.equal(n('5e-324'), undefined);
    assert.equal(n('0.4'), undefined);
    assert.equal(n('0.6'), 1);
    assert.equal(n('250'), 250);
  });

  it('names the columns found and the fixing --map when roles are missing', () => {
    const r = inferRoles(['who', 'what', 'ok']);
    assert.throws(() => requireRoles(r), (e: Error) => {
      assert.ok(e instanceof MissingRolesError);
      assert.match(e.message, /Columns found: who, what, ok/);
      assert.match(e.message, /--map model=COLUMN/);
      return true;
    });
    assert.throws(() => inferRoles(['a'], { model: 'nope' }), /no column "nope"/);
  });

  it('maps a row to an item record, scale from the name when there is no column', () => {
    const roles = inferRoles(['model', 'task', 'item', 'correct']);
    const r = rowToRecord({ model: 'pythia-1b', task: 't', item: 'q1', correct: 'True' }, roles, 7, 'file');
    assert.equal(r.kind, 'item');
    if (r.kind !== 'item') return;
    assert.equal(r.record.params, 1e9);
    assert.equal(r.record.family, 'pythia');
    assert.equal(r.record.line, 7);
    assert.deepEqual(r.record.scores, { correct: 1 });
  });

  it('skips rows with a bad scale or a non-numeric score, saying what was expected', () => {
    const roles = inferRoles(['model', 'params', 'task', 'item', 'correct']);
    const bad = rowToRecord({ model: 'm', params: 'big', task: 't', item: '1', correct: '1' }, roles, 3, 'f');
    assert.equal(bad.kind, 'skip');
    if (bad.kind === 'skip') assert.match(bad.message, /expected a positive size/);
    const bad2 = rowToRecord({ model: 'm', params: '1B', task: 't', item: '1', correct: 'maybe' }, roles, 4, 'f');
    assert.equal(bad2.kind, 'skip');
    if (bad2.kind === 'skip') assert.match(bad2.message, /expected a number/);
  });

  it('reads per-choice log-likelihoods in lm-eval pair form and checks the gold index', () => {
    const roles = inferRoles(['model', 'task', 'item', 'choice_logliks', 'gold_index']);
    const ok = rowToRecord({ model: 'm-1b', task: 't', item: '1', choice_logliks: '[["-1.5","False"],["-0.5","True"]]', gold_index: '1' }, roles, 2, 'f');
    assert.equal(ok.kind, 'item');
    if (ok.kind === 'item') assert.deepEqual(ok.record.choiceLogLiks, [-1.5, -0.5]);
    const bad = rowToRecord({ model: 'm-1b', task: 't', item: '1', choice_logliks: '[-1,-2]', gold_index: '5' }, roles, 3, 'f');
    assert.equal(bad.kind, 'skip');
  });
});
