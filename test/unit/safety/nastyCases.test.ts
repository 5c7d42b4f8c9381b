/**
 * Real-world nasty inputs, one fixed matrix: each case is a file (name and bytes, or what a case
 * builds on disk) and exactly what the real pipeline makes of it: the format, the records used, each
 * problem with its 1-based line (0 = the file as a whole) and a message pattern, or the one-line skip
 * reason, or the CLI's exit code and message.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  appendFileSync,
  chmodSync,
  closeSync,
  constants as fsConstants,
  mkdirSync,
  mkdtempSync,
  openSync,
  rmSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { constants as zlibConstants, gzipSync } from 'node:zlib';
import { analyzePaths, readInput, type FileResult } from '../../../src/core/analyze';
import { MAX_MESSAGE } from '../../../src/core/analysis/collector';
import { cli, itemIds } from './support';

// ---------------------------------------------------------------------------------------------
// Inputs

const jsonl = (rows: object[]): string => rows.map((r) => JSON.stringify(r) + '\n').join('');
const item = (id: number | string, task = 't'): object => ({ model: 'm-1b', task, doc_id: id, correct: Number(id) % 2 });
const ids = (from: number, to: number, pad = 0): string[] => Array.from({ length: to - from }, (_, i) => String(from + i).padStart(pad, '0'));

/** A large log of fixed-width lines (doc ids 000000...), so byte offsets map to lines exactly. */
const PAD = 'x'.repeat(100);
const fixedLine = (i: number): string => `{"model":"m-1b","task":"t","doc_id":"${String(i).padStart(6, '0')}","correct":${i % 2},"pad":"${PAD}"}\n`;
const W = fixedLine(0).length;
const BIG_N = 60_000; // ~8.6 MB: several 1 MiB read chunks
const bigJsonl = (from = 0, n = BIG_N): Buffer => Buffer.from(Array.from({ length: n }, (_, i) => fixedLine(from + i)).join(''));
/** Where the "truncated while read" case cuts the file: mid-line, well past the first chunks read. */
const CUT_AT = 4 * 1024 * 1024 + 17;
const CUT_ROWS = Math.floor(CUT_AT / W);
const APPENDED = 1000;

/** 100 complete lines then half a line, compressed and flushed but never finished: a gzip that ends early. */
const EARLY_END_GZ = gzipSync(Buffer.from(jsonl(ids(0, 100).map((i) => item(i))) + '{"model":"m-1b","task":"t","doc_'), {
  finishFlush: zlibConstants.Z_SYNC_FLUSH,
});

/** The same for a CSV: a header, 100 complete rows, then half a row. */
const EARLY_END_CSV_GZ = gzipSync(Buffer.from('model,task,item,correct\n' + ids(0, 100).map((i) => `m-1b,t,${i},1\n`).join('') + 'm-1b,t,10'), {
  finishFlush: zlibConstants.Z_SYNC_FLUSH,
});

/** A 20 MB model output on one line, between two ordinary lines. */
const LONG = 20 * 1024 * 1024;
const longLine = (): Buffer =>
  Buffer.concat([
    Buffer.from(jsonl([{ model: 'm-1b', task: 't', doc_id: 1, target: 'a', prediction: 'a' }])),
    Buffer.from('{"model":"m-1b","task":"t","doc_id":2,"target":"a","prediction":"'),
    Buffer.alloc(LONG, 'ab '),
    Buffer.from('"}\n'),
    Buffer.from(jsonl([{ model: 'm-1b', task: 't', doc_id: 3, target: 'a', prediction: 'b' }])),
  ]);
/** 20 MB of non-JSON on one line (a binary blob pasted into a log). */
const longGarbage = (): Buffer => Buffer.concat([Buffer.from(jsonl([item(1)])), Buffer.alloc(LONG, '\u00ff{['), Buffer.from('\n'), Buffer.from(jsonl([item(3)]))]);

const mkfifo = (p: string): void => {
  const r = spawnSync('mkfifo', [p]);
  if (r.status !== 0) throw new Error(`mkfifo failed: ${r.stderr}`);
};
const isRoot = process.getuid?.() === 0;

// ---------------------------------------------------------------------------------------------
// The matrix

/** What readInput gives for the file. */
interface ReadExpect {
  kind: 'read';
  format: string;
  rows: number;
  /** Every problem, in order: [line, message pattern]. */
  problems: [number, RegExp][];
  skipped?: RegExp;
  /** Item ids per task, in the order read (checks that the records read are the right ones). */
  ids?: Record<string, string[]>;
  /** First line of each task's rows in the file. */
  sources?: Record<string, number>;
  notes?: RegExp[];
  /** Extra checks on the result. */
  check?: (r: FileResult) => void;
}

/** What analyzePaths reads for a folder: each input (path relative to the case folder) once. */
interface FolderExpect {
  kind: 'folder';
  inputs: { path: string; format: string; rows: number; skipped?: RegExp }[];
}

/** What `mirage check PATH [--json]` does. */
interface CliExpect {
  kind: 'cli';
  exit: number;
  stdout?: RegExp;
  stderr?: RegExp;
  /** With --json: the inputs reported (paths relative to the case folder). */
  inputs?: { path: string; format: string; rows: number; skipped?: RegExp }[];
}

interface NastyCase {
  name: string;
  /** The path checked, relative to a fresh temp folder. */
  file: string;
  /** The file's bytes; null when `setup` makes the path. */
  bytes: string | Buffer | (() => Buffer) | null;
  /** Builds the rest of the case on disk (links, modes, FIFOs). */
  setup?: (dir: string, path: string) => void;
  /** More paths given after `file` (analyzePaths / CLI). */
  also?: (dir: string) => string[];
  /** Runs once, from the first progress callback of the read: the file changes while it is read. */
  during?: (path: string) => void;
  /** How the case is run: readInput on the file, analyzePaths / the CLI on the path, or the CLI as an unprivileged user. */
  via: 'readInput' | 'analyzePaths' | 'cli' | 'cli --json as another user';
  /** Why the case cannot run here (checked when it runs). */
  skipIf?: () => string | undefined;
  expect: ReadExpect | FolderExpect | CliExpect;
}

const CASES: NastyCase[] = [
  {
    name: 'UTF-8 BOM on a CSV: the header is "model", not "\\ufeffmodel"',
    file: 'bom.csv',
    bytes: '\ufeffmodel,task,item,correct\nm-1b,t,q1,1\nm-1b,t,q2,0\n',
    via: 'readInput',
    expect: { kind: 'read', format: 'csv', rows: 2, problems: [], ids: { t: ['q1', 'q2'] }, sources: { t: 2 } },
  },
  {
    name: 'UTF-8 BOM on a JSONL file',
    file: 'bom.jsonl',
    bytes: '\ufeff' + jsonl([item(0), item(1), item(2)]),
    via: 'readInput',
    expect: { kind: 'read', format: 'jsonl', rows: 3, problems: [], ids: { t: ['0', '1', '2'] } },
  },
  {
    name: 'UTF-8 BOM inside a .jsonl.gz',
    file: 'bom.jsonl.gz',
    bytes: gzipSync(Buffer.from('\ufeff' + jsonl([item(0), item(1)]))),
    via: 'readInput',
    expect: { kind: 'read', format: 'jsonl', rows: 2, problems: [], ids: { t: ['0', '1'] } },
  },
  {
    name: 'CRLF line ends in a CSV: no \\r left in the last column',
    file: 'crlf.csv',
    bytes: 'model,task,item,target,prediction\r\nm-1b,t,q1,yes,yes\r\nm-1b,t,q2,yes,no\r\n',
    via: 'readInput',
    expect: {
      kind: 'read',
      format: 'csv',
      rows: 2,
      problems: [],
      ids: { t: ['q1', 'q2'] },
      check: (r) => {
        const texts = r.series.flatMap((s) => [...s.models.values()].flatMap((m) => [...m.texts.values()]));
        assert.deepEqual(texts, [{ target: 'yes', prediction: 'yes' }, { target: 'yes', prediction: 'no' }]);
      },
    },
  },
  {
    name: 'CRLF line ends in a JSONL file: a bad line keeps its line number',
    file: 'crlf.jsonl',
    bytes: jsonl([item(0), item(1)]).replace(/\n/g, '\r\n') + 'oops\r\n' + JSON.stringify(item(3)) + '\r\n',
    via: 'readInput',
    expect: { kind: 'read', format: 'jsonl', rows: 3, problems: [[3, /^not valid JSON/]], ids: { t: ['0', '1', '3'] } },
  },
  {
    name: 'ragged CSV rows: a short and a long row are skipped at their lines',
    file: 'ragged.csv',
    bytes: 'model,task,item,correct\nm-1b,t,q1,1\nm-1b,t,q2\nm-1b,t,q3,1,extra\nm-1b,t,q4,0\n',
    via: 'readInput',
    expect: {
      kind: 'read',
      format: 'csv',
      rows: 2,
      problems: [
        [3, /^expected 4 fields \(model, task, item, correct\), found 3$/],
        [4, /^expected 4 fields \(model, task, item, correct\), found 5$/],
      ],
      ids: { t: ['q1', 'q4'] },
    },
  },
  {
    name: 'quoted newlines in a CSV: later rows keep their own line numbers',
    file: 'quoted.csv',
    // Line 1 header; q1 spans lines 2-4; q2 is line 5; a short row at line 6; t2 starts at line 7
    // with a quoted CRLF inside its prediction (lines 7-8); q5 is line 9.
    bytes:
      'model,task,item,target,prediction\n' +
      'm-1b,t,q1,x,"a\nb\nc"\n' +
      'm-1b,t,q2,y,y\n' +
      'm-1b,t2\n' +
      'm-1b,t2,q4,z,"z\r\nz"\n' +
      'm-1b,t2,q5,w,w\n',
    via: 'readInput',
    expect: {
      kind: 'read',
      format: 'csv',
      rows: 4,
      problems: [[6, /^expected 5 fields .*found 2$/]],
      ids: { t: ['q1', 'q2'], t2: ['q4', 'q5'] },
      sources: { t: 2, t2: 7 },
    },
  },
  {
    name: 'an unclosed quote in a CSV: the rest of the file is one broken field, reported where it starts',
    file: 'unclosed.csv',
    bytes: 'model,task,item,target,prediction\nm-1b,t,q1,a,a\nm-1b,t,q2,b,"oops\nm-1b,t,q3,c,c\n',
    via: 'readInput',
    expect: { kind: 'read', format: 'csv', rows: 1, problems: [[3, /Quoted field unterminated \(MissingQuotes\)/]], ids: { t: ['q1'] } },
  },
  {
    name: 'a truncated last JSONL line (a log still being written)',
    file: 'truncated.jsonl',
    bytes: jsonl([item(0), item(1), item(2)]) + '{"model":"m-1b","task":"t","doc_',
    via: 'readInput',
    expect: { kind: 'read', format: 'jsonl', rows: 3, problems: [[4, /^not valid JSON: Unterminated string/]], ids: { t: ['0', '1', '2'] } },
  },
  {
    name: 'a garbage line in the middle of a JSONL file',
    file: 'garbage.jsonl',
    bytes: jsonl([item(0), item(1)]) + 'Traceback (most recent call last):\n' + jsonl([item(3), item(4)]),
    via: 'readInput',
    expect: { kind: 'read', format: 'jsonl', rows: 4, problems: [[3, /^not valid JSON: Unexpected token 'T'/]], ids: { t: ['0', '1', '3', '4'] } },
  },
  {
    name: 'a .jsonl.gz that ends early: the complete lines kept, reading stopped at the damaged line',
    file: 'early.jsonl.gz',
    bytes: EARLY_END_GZ,
    via: 'readInput',
    expect: {
      kind: 'read',
      format: 'jsonl',
      rows: 100,
      problems: [[101, /^reading stopped early at line 101: unexpected end of file; the 100 records before it were kept$/]],
      ids: { t: ids(0, 100) },
    },
  },
  {
    name: 'a .csv.gz that ends early: the complete rows kept, reading stopped at the damaged line',
    file: 'early.csv.gz',
    bytes: EARLY_END_CSV_GZ,
    via: 'readInput',
    expect: {
      kind: 'read',
      format: 'csv',
      rows: 100,
      problems: [[102, /^reading stopped early at line 102: unexpected end of file; the 100 records before it were kept$/]],
      ids: { t: ids(0, 100) },
    },
  },
  {
    name: 'a .jsonl.gz cut inside its header: unreadable, not "empty"',
    file: 'header.jsonl.gz',
    bytes: gzipSync(Buffer.from(jsonl([item(0)]))).subarray(0, 5),
    via: 'readInput',
    expect: {
      kind: 'read',
      format: 'unreadable',
      rows: 0,
      problems: [[0, /^cannot read: damaged gzip: unexpected end of file$/]],
      skipped: /^cannot read \(damaged gzip: unexpected end of file\)$/,
    },
  },
  {
    name: 'appended to while read: every line read once, in order, and the change reported',
    file: 'growing.jsonl',
    bytes: () => bigJsonl(),
    during: (p) => appendFileSync(p, bigJsonl(BIG_N, APPENDED)),
    via: 'readInput',
    expect: {
      kind: 'read',
      format: 'jsonl',
      rows: BIG_N + APPENDED,
      problems: [[0, new RegExp(`^the file changed while it was being read \\(${BIG_N * W} -> ${(BIG_N + APPENDED) * W} bytes\\)`)]],
      ids: { t: ids(0, BIG_N + APPENDED, 6) },
    },
  },
  {
    name: 'truncated while read: the lines before the cut, the cut line, and the change reported',
    file: 'shrinking.jsonl',
    bytes: () => bigJsonl(),
    during: (p) => truncateSync(p, CUT_AT),
    via: 'readInput',
    expect: {
      kind: 'read',
      format: 'jsonl',
      rows: CUT_ROWS,
      problems: [
        [CUT_ROWS + 1, /^not valid JSON/],
        [0, new RegExp(`^the file changed while it was being read \\(${BIG_N * W} -> ${CUT_AT} bytes\\)`)],
      ],
      ids: { t: ids(0, CUT_ROWS, 6) },
    },
  },
  {
    name: 'NUL bytes in JSONL lines (between tokens, inside a string, a crash-zeroed tail)',
    file: 'nul.jsonl',
    bytes: Buffer.concat([
      Buffer.from(jsonl([item(0)])),
      Buffer.from('{"model":"m-1b",\u0000"task":"t","doc_id":1,"correct":1}\n'),
      Buffer.from('{"model":"m-1b","task":"t","doc_id":2,"correct":1,"prediction":"a\u0000b"}\n'),
      Buffer.from(jsonl([item(3)])),
      Buffer.alloc(4096),
    ]),
    via: 'readInput',
    expect: {
      kind: 'read',
      format: 'jsonl',
      rows: 2,
      problems: [
        [2, /^not valid JSON/],
        [3, /^not valid JSON: Bad control character in string literal/],
        [5, /^not valid JSON: Unexpected token/],
      ],
      ids: { t: ['0', '3'] },
    },
  },
  {
    name: 'NUL bytes in CSV cells: kept as text (a task "t\\0" is another task)',
    file: 'nul.csv',
    bytes: 'model,task,item,correct\nm-1b,t,q1,1\nm-1b,t\u0000,q2,0\n',
    via: 'readInput',
    expect: { kind: 'read', format: 'csv', rows: 2, problems: [], ids: { t: ['q1'], 't\u0000': ['q2'] }, sources: { t: 2, 't\u0000': 3 } },
  },
  {
    name: 'a 20 MB line (one model output) is read whole',
    file: 'long.jsonl',
    bytes: longLine,
    via: 'readInput',
    expect: {
      kind: 'read',
      format: 'jsonl',
      rows: 3,
      problems: [],
      ids: { t: ['1', '2', '3'] },
      check: (r) => {
        const m = [...r.series[0]!.models.values()][0]!;
        assert.equal(m.texts.get(1)!.prediction.length, LONG);
      },
    },
  },
  {
    name: 'a 20 MB line of garbage: one problem with a capped message',
    file: 'longgarbage.jsonl',
    bytes: longGarbage,
    via: 'readInput',
    expect: {
      kind: 'read',
      format: 'jsonl',
      rows: 2,
      problems: [[2, /^not valid JSON/]],
      ids: { t: ['1', '3'] },
      check: (r) => assert.ok(r.summary.problems[0]!.message.length <= MAX_MESSAGE),
    },
  },
  {
    name: 'a 0-byte file is skipped with a one-line reason',
    file: 'empty.jsonl',
    bytes: '',
    via: 'readInput',
    expect: { kind: 'read', format: 'skipped', rows: 0, problems: [], skipped: /^empty file$/ },
  },
  {
    name: 'a 0-byte file given alone: the CLI runs (exit 0) and says why it was skipped',
    file: 'empty.csv',
    bytes: '',
    via: 'cli',
    expect: { kind: 'cli', exit: 0, stdout: /Read 0 files, 0 records used, 0 problems\.\n {2}skipped \S*empty\.csv: empty file\n/ },
  },
  {
    name: 'a path that does not exist: exit 2 naming it',
    file: 'no/such/log.jsonl',
    bytes: null,
    via: 'cli',
    expect: { kind: 'cli', exit: 2, stderr: /^mirage: cannot read input:\n\S*no\/such\/log\.jsonl: no such file or folder\n$/ },
  },
  {
    name: 'a folder with no logs: exit 2 saying so',
    file: 'docs',
    bytes: null,
    setup: (dir) => {
      mkdirSync(join(dir, 'docs'));
      writeFileSync(join(dir, 'docs', 'README.md'), '# notes\n');
      writeFileSync(join(dir, 'docs', 'plot.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    },
    via: 'cli',
    expect: { kind: 'cli', exit: 2, stderr: /^mirage: cannot read input:\nno eval logs found in \S*docs\n$/ },
  },
  {
    name: 'a folder named like a log given to readInput: not a regular file',
    file: 'dir.jsonl',
    bytes: null,
    setup: (_dir, p) => mkdirSync(p),
    via: 'readInput',
    expect: { kind: 'read', format: 'unreadable', rows: 0, problems: [[0, /^cannot read: not a regular file \(directory\)$/]], skipped: /^not a regular file \(directory\)$/ },
  },
  {
    name: 'a FIFO named like a log given directly: not opened (it would block), exit 2 naming it',
    file: 'pipe.jsonl',
    bytes: null,
    setup: (_dir, p) => mkfifo(p),
    via: 'cli',
    expect: { kind: 'cli', exit: 2, stderr: /^mirage: cannot read input:\n\S*pipe\.jsonl: not a regular file \(FIFO\)\n$/ },
  },
  {
    name: 'a FIFO inside a folder: left out, the real log read',
    file: 'logs',
    bytes: null,
    setup: (dir) => {
      mkdirSync(join(dir, 'logs'));
      mkfifo(join(dir, 'logs', 'a-pipe.jsonl'));
      writeFileSync(join(dir, 'logs', 'real.csv'), 'model,task,item,correct\nm-1b,t,q1,1\nm-1b,t,q2,0\n');
    },
    via: 'analyzePaths',
    expect: { kind: 'folder', inputs: [{ path: 'logs/real.csv', format: 'csv', rows: 2 }] },
  },
  {
    name: 'symlink loops and aliases in a folder: the walk ends and reads each real log once',
    file: 'logs',
    bytes: null,
    setup: (dir) => {
      const logs = join(dir, 'logs');
      mkdirSync(join(logs, 'a'), { recursive: true });
      writeFileSync(join(logs, 'a', 'real.csv'), 'model,task,item,correct\nm-1b,t,q1,1\nm-1b,t,q2,0\n');
      writeFileSync(join(logs, 'other.jsonl'), jsonl([item(0, 'u')]));
      symlinkSync('..', join(logs, 'a', 'back')); // a/back -> logs: a loop
      symlinkSync('a', join(logs, 'b')); // b -> a: the same folder again
      symlinkSync('real.csv', join(logs, 'a', 'alias.csv')); // another name for real.csv, walked first
      symlinkSync('self.jsonl', join(logs, 'self.jsonl')); // a link to itself (ELOOP)
      symlinkSync('ping.jsonl', join(logs, 'pong.jsonl')); // two links to each other
      symlinkSync('pong.jsonl', join(logs, 'ping.jsonl'));
    },
    via: 'analyzePaths',
    expect: {
      kind: 'folder',
      inputs: [
        { path: 'logs/a/real.csv', format: 'csv', rows: 2 },
        { path: 'logs/other.jsonl', format: 'jsonl', rows: 1 },
      ],
    },
  },
  {
    name: 'the same log given four times (absolute, with ./, relative, and by its folder): read once',
    file: 'a/x.csv',
    bytes: 'model,task,item,correct\nm-1b,t,q1,1\nm-1b,t,q2,0\n',
    also: (dir) => [`${dir}/a/./x.csv`, relative(process.cwd(), join(dir, 'a', 'x.csv')), join(dir, 'a')],
    via: 'analyzePaths',
    expect: { kind: 'folder', inputs: [{ path: 'a/x.csv', format: 'csv', rows: 2 }] },
  },
  {
    name: 'permission denied (chmod 000), read in this process',
    file: 'secret.csv',
    bytes: 'model,task,item,correct\nm-1b,t,q1,1\n',
    setup: (_dir, p) => chmodSync(p, 0o000),
    skipIf: () =>
      isRoot
        ? 'running as root: chmod 000 does not deny root (CAP_DAC_OVERRIDE), so no EACCES can be produced in this process; ' +
          'the "as another user" case below reads the same kind of file as uid 65534 and gets a real EACCES'
        : undefined,
    via: 'readInput',
    expect: { kind: 'read', format: 'unreadable', rows: 0, problems: [[0, /^cannot read: EACCES$/]], skipped: /^cannot read \(EACCES\)$/ },
  },
  {
    name: 'permission denied on a file and a subfolder, as an unprivileged user: the rest is read, each is reported',
    file: 'perm',
    bytes: null,
    setup: (dir) => {
      const d = join(dir, 'perm');
      mkdirSync(join(d, 'private'), { recursive: true });
      writeFileSync(join(d, 'good.csv'), 'model,task,item,correct\nm-1b,t,q1,1\nm-1b,t,q2,0\n');
      writeFileSync(join(d, 'secret.csv'), 'model,task,item,correct\nm-1b,t,q1,1\n');
      writeFileSync(join(d, 'private', 'hidden.csv'), 'model,task,item,correct\nm-1b,t,q1,1\n');
      chmodSync(join(d, 'secret.csv'), 0o000);
      chmodSync(join(d, 'private'), 0o000);
    },
    via: 'cli --json as another user',
    expect: {
      kind: 'cli',
      exit: 0,
      inputs: [
        { path: 'perm/good.csv', format: 'csv', rows: 2 },
        { path: 'perm/secret.csv', format: 'unreadable', rows: 0, skipped: /^cannot read \(EACCES\)$/ },
        { path: 'perm/private', format: 'unreadable', rows: 0, skipped: /^cannot open folder \(EACCES\)$/ },
      ],
    },
  },
  {
    name: 'permission denied on the only file given, as an unprivileged user: exit 2 naming it',
    file: 'only/secret.csv',
    bytes: 'model,task,item,correct\nm-1b,t,q1,1\n',
    setup: (_dir, p) => chmodSync(p, 0o000),
    via: 'cli --json as another user',
    expect: { kind: 'cli', exit: 2, stderr: /^mirage: cannot read input:\n\S*only\/secret\.csv: cannot read \(EACCES\)\n$/ },
  },
];

// ---------------------------------------------------------------------------------------------
// Running the matrix

/** The CLI bundled from src/ (so it runs this tree's code) into a folder any user can read. */
let bundled: string | undefined;
async function bundledCli(): Promise<string> {
  if (bundled) return bundled;
  // Resolved from the project (not from wherever this test was bundled to).
  const esbuild = createRequire(join(process.cwd(), 'package.json'))('esbuild') as typeof import('esbuild');
  const dir = mkdtempSync(join(tmpdir(), 'mirage-cli-'));
  chmodSync(dir, 0o755);
  await esbuild.build({
    entryPoints: [join(process.cwd(), 'src', 'cli.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile: join(dir, 'cli.js'),
    logLevel: 'error',
  });
  writeFileSync(join(dir, 'run.js'), "require('./cli.js').main(process.argv.slice(2)).then((c) => { process.exitCode = c; });\n");
  bundled = join(dir, 'run.js');
  return bundled;
}

/** Runs the bundled CLI as uid/gid 65534 when this process is root (as itself otherwise). */
async function cliAsOtherUser(cwd: string, argv: string[]): Promise<{ code: number; out: string; err: string } | string> {
  const run = await bundledCli();
  const ids = isRoot ? { uid: 65534, gid: 65534 } : {};
  const r = spawnSync(process.execPath, [run, ...argv], { cwd, encoding: 'utf8', timeout: 60_000, maxBuffer: 64 << 20, ...ids });
  if (r.error) return `cannot start a process as uid 65534 here (${(r.error as NodeJS.ErrnoException).code ?? r.error.message})`;
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

/** Fails instead of hanging when a read blocks (a FIFO opened for reading waits for a writer). */
async function within<T>(ms: number, what: string, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function checkRead(r: FileResult, e: ReadExpect): void {
  const s = r.summary;
  assert.equal(s.format, e.format, 'format');
  assert.equal(s.rows, e.rows, 'rows used');
  assert.deepEqual(
    s.problems.map((p) => p.line),
    e.problems.map(([line]) => line),
    `problem lines: ${JSON.stringify(s.problems).slice(0, 2000)}`,
  );
  s.problems.forEach((p, i) => assert.match(p.message, e.problems[i]![1], `problem ${i + 1}`));
  if (e.skipped) assert.match(s.skipped ?? '', e.skipped, 'skip reason');
  else assert.equal(s.skipped, undefined, 'not skipped');
  if (e.skipped) assert.ok(!/\n/.test(s.skipped!), 'the skip reason is one line');
  if (e.ids) assert.deepEqual(itemIds(r), e.ids, 'item ids per task');
  if (e.sources) {
    const first: Record<string, number> = {};
    for (const c of r.series) first[c.task] = c.sources.get(s.path)!.line;
    assert.deepEqual(first, e.sources, 'first line per task');
  }
  assert.deepEqual(s.notes ?? [], [], 'no notes');
  e.check?.(r);
}

function checkInputs(
  got: { path: string; format: string; rows: number; skipped?: string }[],
  want: FolderExpect['inputs'],
  dir: string,
): void {
  const rel = got.map((i) => ({ ...i, path: relative(dir, i.path) }));
  assert.deepEqual(
    rel.map((i) => [i.path, i.format, i.rows]),
    want.map((i) => [i.path, i.format, i.rows]),
    JSON.stringify(rel),
  );
  rel.forEach((i, k) => {
    if (want[k]!.skipped) assert.match(i.skipped ?? '', want[k]!.skipped!);
    else assert.equal(i.skipped, undefined);
  });
}

describe('nasty real-world inputs (one matrix)', function () {
  this.timeout(120_000);
  const dirs: string[] = [];
  after(() => {
    for (const d of dirs) {
      // Give back what a case took away, so the folder can be removed by anyone.
      spawnSync('chmod', ['-R', 'u+rwX', d]);
      rmSync(d, { recursive: true, force: true });
    }
    if (bundled) rmSync(join(bundled, '..'), { recursive: true, force: true });
  });

  for (const c of CASES) {
    it(c.name, async function () {
      const why = c.skipIf?.();
      if (why) {
        this.test!.title += ` [skipped: ${why}]`;
        console.log(`\n  skipped "${c.name}": ${why}`);
        this.skip();
      }
      const dir = mkdtempSync(join(tmpdir(), 'mirage-nasty-'));
      dirs.push(dir);
      chmodSync(dir, 0o755);
      const path = join(dir, c.file);
      if (c.bytes !== null) {
        mkdirSync(join(path, '..'), { recursive: true });
        writeFileSync(path, typeof c.bytes === 'function' ? c.bytes() : c.bytes);
      }
      c.setup?.(dir, path);
      const e = c.expect;
      try {
        switch (c.via) {
          case 'readInput': {
            assert.equal(e.kind, 'read');
            let fired = false;
            const onProgress = c.during
              ? (): void => {
                  if (fired) return;
                  fired = true;
                  c.during!(path);
                }
              : undefined;
            const r = await within(60_000, 'readInput', readInput(path, { onProgress, workers: 0 }));
            if (c.during) assert.ok(fired, 'the file was changed during the read');
            checkRead(r, e as ReadExpect);
            break;
          }
          case 'analyzePaths': {
            assert.equal(e.kind, 'folder');
            const rep = await within(30_000, 'analyzePaths', analyzePaths([path, ...(c.also?.(dir) ?? [])], { resamples: 0 }));
            checkInputs(rep.inputs, (e as FolderExpect).inputs, dir);
            break;
          }
          case 'cli': {
            assert.equal(e.kind, 'cli');
            const x = e as CliExpect;
            const r = await within(30_000, 'mirage check', cli('check', path, ...(c.also?.(dir) ?? []), '--resamples', '0'));
            assert.equal(r.code, x.exit, r.err);
            if (x.stdout) assert.match(r.out, x.stdout);
            if (x.stderr) assert.match(r.err, x.stderr);
            else assert.equal(r.err, '');
            break;
          }
          case 'cli --json as another user': {
            assert.equal(e.kind, 'cli');
            const x = e as CliExpect;
            const r = await cliAsOtherUser(dir, ['check', path, '--json', '--resamples', '0']);
            if (typeof r === 'string') {
              this.test!.title += ` [skipped: ${r}]`;
              console.log(`\n  skipped "${c.name}": ${r}`);
              this.skip();
            }
            assert.equal(r.code, x.exit, r.err);
            if (x.stderr) assert.match(r.err, x.stderr);
            else assert.equal(r.err, '');
            if (x.inputs) checkInputs(JSON.parse(r.out).inputs, x.inputs, dir);
            break;
          }
        }
      } finally {
        // A read blocked on a FIFO (the bug this matrix pins) holds a thread until a writer comes:
        // open every FIFO of the case for writing once, so such a read ends and the run can exit.
        for (const f of spawnSync('find', [dir, '-type', 'p'], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean)) {
          try {
            closeSync(openSync(f, fsConstants.O_RDWR | fsConstants.O_NONBLOCK));
          } catch {
            // gone already
          }
        }
      }
    });
  }
});
