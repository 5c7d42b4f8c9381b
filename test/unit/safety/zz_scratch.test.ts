import { gzipSync } from 'node:zlib';
import { readInput } from '../../../src/core/analyze';
import { tempDir } from '../analysis/tmp';

const jl = (o: object): string => JSON.stringify(o);
describe('scratch', () => {
  it('prints', async () => {
    const t = tempDir();
    const lines = (n: number, f = (i: number) => ({ model: 'm-1b', task: 't', doc_id: i, correct: i % 2 })) => Array.from({ length: n }, (_, i) => jl(f(i))).join('\n') + '\n';
    const cases: [string, string | Buffer][] = [
      ['bom.csv', '\ufeffmodel,task,item,correct\nm-1b,t,1,1\nm-1b,t,2,0\n'],
      ['bom.jsonl', '\ufeff' + lines(3)],
      ['crlf.csv', 'model,task,item,correct\r\nm-1b,t,1,1\r\nm-1b,t,2,0\r\n'],
      ['crlf.jsonl', lines(3).replace(/\n/g, '\r\n')],
      ['ragged.csv', 'model,task,item,correct\nm-1b,t,1,1\nm-1b,t,2\nm-1b,t,3,1,extra\nm-1b,t,4,0\n'],
      ['quoted.csv', 'model,task,item,prediction,target\nm-1b,t,1,"a\nb\nc",x\nm-1b,t,2,"y",y\nm-1b,t,3\nm-1b,t,4,z,z\n'],
      ['trunc.jsonl', lines(3) + '{"model":"m-1b","task":"t","doc_'],
      ['garbage.jsonl', lines(2) + 'garbage here\n' + lines(2)],
      ['nul.jsonl', jl({ model: 'm-1b', task: 't', doc_id: 0, correct: 1 }) + '\n{"model":"m-1b","task":"t",\u0000"doc_id":1,"correct":1}\n' + jl({ model: 'm-1b', task: 't\u0000x', doc_id: 2, correct: 1 }) + '\n'],
      ['nul.csv', 'model,task,item,correct\nm-1b,t,1,1\nm-1b,t\u0000,2,0\nm-1b,t,3\u0000,1\n'],
      ['empty.jsonl', ''],
      ['empty.csv', ''],
    ];
    for (const [name, content] of cases) {
      const r = await readInput(t.write(name, content));
      console.log(name, JSON.stringify(r.summary), r.series.map((s) => [s.task, [...s.models.values()].map((m) => m.itemIds)]));
    }
    const full = Buffer.from(lines(5000));
    const gz = gzipSync(full);
    const cut = gz.subarray(0, Math.floor(gz.length * 0.6));
    const r = await readInput(t.write('cut.jsonl.gz', cut));
    console.log('gz', JSON.stringify(r.summary));
  });
});
