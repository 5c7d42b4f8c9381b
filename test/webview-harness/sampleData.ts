/**
 * Realistic PanelData for the webview harness, typed against the real report types: one Pythia-like
 * sweep (70M..12B) with a series for every verdict, plus a generator of N series for the first-paint
 * measurement and a hostile variant for the text-only check. Deterministic (seeded).
 */
import { plotValue } from '../../src/core/analysis/metricCheck';
import type { PanelData } from '../../src/protocol';
import type {
  CurveReport,
  FlipExample,
  MetricReport,
  PointReport,
  SeriesReport,
  Verdict,
} from '../../src/core/report';

const MODELS: ReadonlyArray<readonly [string, number]> = [
  ['pythia-70m', 70e6],
  ['pythia-160m', 160e6],
  ['pythia-410m', 410e6],
  ['pythia-1b', 1.0e9],
  ['pythia-1.4b', 1.4e9],
  ['pythia-2.8b', 2.8e9],
  ['pythia-6.9b', 6.9e9],
  ['pythia-12b', 12e9],
];

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Wilson 95% interval for k of n. */
function wilson(k: number, n: number): [number, number] {
  const z = 1.959964;
  const p = k / n;
  const d = 1 + (z * z) / n;
  const c = (p + (z * z) / (2 * n)) / d;
  const w = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / d;
  return [Math.max(0, c - w), Math.min(1, c + w)];
}

/** Emergence score as science.md defines it, with the median step floored at `floor`. */
function emergence(y: number[], floor: number): number | null {
  if (y.length < 2) return null;
  const d = y.slice(1).map((v, i) => v - (y[i] ?? 0));
  const sq = d.map((x) => x * x).sort((a, b) => a - b);
  const mid = sq.length / 2;
  const med = sq.length % 2 ? (sq[Math.floor(mid)] ?? 0) : ((sq[mid - 1] ?? 0) + (sq[mid] ?? 0)) / 2;
  const iMax = y.indexOf(Math.max(...y));
  const iMin = y.indexOf(Math.min(...y));
  return (Math.sign(iMax - iMin) * (Math.max(...y) - Math.min(...y))) / Math.max(Math.sqrt(med), floor);
}

function largestStep(y: number[], higherIsBetter: boolean): number {
  let best = 0;
  let at = 0;
  for (let i = 0; i + 1 < y.length; i++) {
    const d = ((y[i + 1] ?? 0) - (y[i] ?? 0)) * (higherIsBetter ? 1 : -1);
    if (d > best) {
      best = d;
      at = i;
    }
  }
  return at;
}

/** Samples f over log10 scale from the smallest to the largest model. */
function curve(label: string, f: (x: number) => number, models = MODELS): CurveReport {
  const lo = Math.log10(models[0]?.[1] ?? 1);
  const hi = Math.log10(models[models.length - 1]?.[1] ?? 10);
  const scale: number[] = [];
  const value: number[] = [];
  for (let i = 0; i < 48; i++) {
    const x = 10 ** (lo + ((hi - lo) * i) / 47);
    // Rounded as the core's sampleCurve rounds them, so that the payload has the real size.
    scale.push(plotValue(x));
    value.push(plotValue(f(x)));
  }
  return { label, scale, value };
}

/** Least squares for y ~ X beta (normal equations; X is small). */
function lstsq(X: number[][], y: number[]): number[] {
  const k = X[0]?.length ?? 0;
  const A = Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => X.reduce((s, r) => s + (r[i] ?? 0) * (r[j] ?? 0), 0)));
  const b = Array.from({ length: k }, (_, i) => X.reduce((s, r, n) => s + (r[i] ?? 0) * (y[n] ?? 0), 0));
  for (let c = 0; c < k; c++) {
    const piv = A[c]?.[c] ?? 1;
    for (let r = 0; r < k; r++) {
      if (r === c) continue;
      const f = (A[r]?.[c] ?? 0) / piv;
      for (let j = 0; j < k; j++) (A[r] as number[])[j] = (A[r]?.[j] ?? 0) - f * (A[c]?.[j] ?? 0);
      b[r] = (b[r] ?? 0) - f * (b[c] ?? 0);
    }
  }
  return b.map((v, i) => v / (A[i]?.[i] ?? 1));
}

function label(x: number): string {
  return x >= 1e9 ? `${+(x / 1e9).toPrecision(2)}B` : `${Math.round(x / 1e6)}M`;
}

/** The smooth fit (linear in log x) and the best one-hinge break fit of the points, as curves. */
function fits(xs: number[], y: number[], which: Array<'linear' | 'hinge'>, models = MODELS): CurveReport[] {
  const u = xs.map(Math.log10);
  const out: CurveReport[] = [];
  if (which.includes('linear')) {
    const [a = 0, b = 0] = lstsq(u.map((v) => [1, v]), y);
    out.push(curve('smooth: linear in log x', (x) => a + b * Math.log10(x), models));
  }
  if (which.includes('hinge')) {
    let best: { rss: number; k: number; beta: number[] } | undefined;
    for (let k = 1; k < u.length - 2; k++) {
      const uk = u[k] ?? 0;
      const X = u.map((v) => [1, v, Math.max(0, v - uk)]);
      const beta = lstsq(X, y);
      const rss = X.reduce((s, r, i) => s + ((y[i] ?? 0) - r.reduce((t, v, j) => t + v * (beta[j] ?? 0), 0)) ** 2, 0);
      if (!best || rss < best.rss) best = { rss, k, beta };
    }
    if (best) {
      const uk = u[best.k] ?? 0;
      const [a = 0, b = 0, c = 0] = best.beta;
      out.push(curve(`break: hinge at ${label(10 ** uk)}`, (x) => a + b * Math.log10(x) + c * Math.max(0, Math.log10(x) - uk), models));
    }
  }
  return out;
}

interface MetricSpec {
  name: string;
  kind: 'discrete' | 'continuous';
  higherIsBetter: boolean;
  values: number[];
  n: number | null;
  /** Proportion (Wilson) or mean with this per-item sd (normal interval). */
  sd?: number;
  chance?: number | null;
  deltaBic: number | null;
  claim: boolean;
  curves: CurveReport[];
  /** Fitted curves to add (least squares on the values). */
  fit?: Array<'linear' | 'hinge'>;
  /** The emergence score to report (the analysis' spacing-aware value), else computed plainly. */
  es?: number;
  esCi?: number;
}

function metric(spec: MetricSpec, models = MODELS): MetricReport {
  const points: PointReport[] = spec.values.map((value, i) => {
    const [model, scale] = models[i] ?? ['?', 1];
    let ci: [number, number] | [null, null] = [null, null];
    if (spec.n !== null) {
      if (spec.sd === undefined) ci = wilson(Math.round(value * spec.n), spec.n);
      else {
        const h = (1.96 * spec.sd) / Math.sqrt(spec.n);
        ci = [value - h, value + h];
      }
    }
    return { model, scale, value, n: spec.n, ciLow: ci[0], ciHigh: ci[1] };
  });
  const floor = spec.n !== null && spec.sd === undefined ? 1 / spec.n : null;
  const es =
    spec.es ??
    emergence(
      spec.values.map((v) => (spec.higherIsBetter ? v : -v)),
      floor ?? 1e-9,
    );
  return {
    name: spec.name,
    kind: spec.kind,
    higherIsBetter: spec.higherIsBetter,
    emergenceScore: es,
    emergenceScoreCi: es === null || spec.esCi === undefined ? null : [es * (1 - spec.esCi), es * (1 + spec.esCi * 1.4)],
    deltaBic: spec.deltaBic,
    claim: spec.claim,
    jumpIndex: spec.values.length >= 2 ? largestStep(spec.values, spec.higherIsBetter) : null,
    chance: spec.chance ?? (spec.kind === 'discrete' ? 0 : null),
    floor,
    points,
    curves: [
      ...fits(
        points.map((p) => p.scale),
        spec.values,
        spec.fit ?? [],
        models,
      ),
      ...spec.curves,
    ],
  };
}

function series(
  task: string,
  family: string,
  setting: string,
  verdict: Verdict,
  reasons: string[],
  metrics: MetricReport[],
  extra: Partial<SeriesReport> = {},
): SeriesReport {
  const head = metrics[0];
  const j = head?.jumpIndex ?? null;
  return {
    task,
    family,
    setting,
    verdict,
    reasons,
    headlineMetric: head?.name ?? '',
    jump:
      head && head.claim && j !== null
        ? { from: head.points[j]?.model ?? '', to: head.points[j + 1]?.model ?? '' }
        : null,
    itemsNeeded: null,
    metrics,
    pValue: null,
    qValue: null,
    sources: [{ path: 'logs/pythia-sweep/samples.jsonl', line: 1, rows: 8000 }],
    flips: [],
    ...extra,
  };
}

/** Schaeffer's model: per-token CE = (N/c)^alpha, p = exp(-CE), accuracy = p^L, TED = L(1-p). */
function schaeffer(L: number): { acc: (x: number) => number; ted: (x: number) => number } {
  const ce = (x: number): number => 3 * (x / 70e6) ** -0.896;
  const p = (x: number): number => Math.exp(-ce(x));
  return { acc: (x) => p(x) ** L, ted: (x) => L * (1 - p(x)) };
}

function additionFlips(): FlipExample[] {
  const r = rng(7);
  const out: FlipExample[] = [];
  const pairs: Array<[string, string]> = [
    ['pythia-1.4b', 'pythia-2.8b'],
    ['pythia-2.8b', 'pythia-6.9b'],
  ];
  for (let i = 0; i < 9; i++) {
    const a = 100000 + Math.floor(r() * 899999);
    const b = 100000 + Math.floor(r() * 899999);
    const target = String(a + b);
    const wrong = target.slice(0, 3) + String((Number(target[3]) + 1) % 10) + target.slice(4);
    const [fromModel, toModel] = pairs[i % 2] ?? ['', ''];
    out.push({
      itemId: `arith-${String(1000 + Math.floor(r() * 8999))}`,
      fromModel,
      toModel,
      target,
      fromPrediction: i === 4 ? '' : i === 6 ? `${wrong}\n\nQ: What is ${a} plus ${b}?` : wrong,
      toPrediction: target,
      fromScore: 0,
      toScore: 1,
    });
  }
  return out;
}

/** The five-series sample: one per verdict. */
export function sampleSeries(): SeriesReport[] {
  const r = rng(42);
  const noise = (s: number): number => (r() - 0.5) * 2 * s;
  const xs = MODELS.map(([, x]) => x);

  // 1. Metric mirage: exact match jumps, token edit distance on the same outputs is smooth.
  const L = 6;
  const sch = schaeffer(L);
  const em = xs.map((x) => Math.max(0, Math.round(sch.acc(x) * 1000 + noise(6)) / 1000));
  const ted = xs.map((x) => sch.ted(x) * (1 + noise(0.04)));
  const mirage = series(
    'arithmetic_6digit_addition',
    'pythia',
    '',
    'mirage-metric',
    [
      'exact_match jumps between pythia-1.4b and pythia-2.8b (ES 9.2 ≥ 4; ΔBIC 8.4 favours a break).',
      'token_edit_distance on the same outputs falls smoothly: ES 1.4, ΔBIC −3.1 (the smooth power law fits better).',
      "Schaeffer's p^L model fitted on token_edit_distance (L = 6 tokens, α = −0.90) reproduces exact_match within its intervals at every model.",
    ],
    [
      metric({
        name: 'exact_match',
        kind: 'discrete',
        higherIsBetter: true,
        values: em,
        n: 1000,
        deltaBic: 8.4,
        claim: true,
        es: 9.2,
        esCi: 0.3,
        fit: ['linear', 'hinge'],
        curves: [curve('p^L from token_edit_distance (alpha = -0.896)', sch.acc)],
      }),
      metric({
        name: 'token_edit_distance',
        kind: 'continuous',
        higherIsBetter: false,
        values: ted,
        n: 1000,
        sd: 1.6,
        deltaBic: -3.1,
        claim: false,
        es: 1.4,
        esCi: 0.25,
        fit: ['hinge'],
        curves: [curve('smooth: Schaeffer L(1 - exp(-(N/c)^alpha))', sch.ted)],
      }),
      metric({
        name: 'char_edit_similarity',
        kind: 'continuous',
        higherIsBetter: true,
        values: ted.map((t) => 1 - t / 7.5),
        n: 1000,
        sd: 0.2,
        deltaBic: -2.2,
        claim: false,
        es: 1.6,
        esCi: 0.2,
        curves: [curve('smooth: Schaeffer 1 - (1 - exp(-(N/c)^alpha))', (x) => 1 - sch.ted(x) / 7.5)],
      }),
    ],
    { flips: additionFlips(), sources: [{ path: 'logs/pythia-sweep/samples_arithmetic.jsonl', line: 1, rows: 8000 }] },
  );

  // 2. Genuine break: a 3-way multiple choice at chance until 2.8B, then up, on every metric.
  const mcg = [0.336, 0.331, 0.339, 0.334, 0.343, 0.352, 0.587, 0.706];
  const brier = mcg.map((a, i) => 0.667 - (a - 0.333) * 1.05 + noise(0.004) + (i < 6 ? 0 : -0.02));
  const pc = mcg.map((a) => 0.335 + (a - 0.333) * 0.82 + noise(0.003));
  const emergent = series(
    'logical_deduction_3obj',
    'pythia',
    '5-shot',
    'emergent',
    [
      'multiple_choice_grade stays at chance (1/3) up to pythia-2.8b, then rises to 0.59 at pythia-6.9b (ES 19.4).',
      'The continuous metrics break at the same place: brier_score ΔBIC 14.2, p_correct ΔBIC 11.8 (> 10, very strong).',
      'The smooth model is rejected by the observed counts at n = 1,500 (p = 0.0004, q = 0.003).',
    ],
    [
      metric({
        name: 'multiple_choice_grade',
        kind: 'discrete',
        higherIsBetter: true,
        values: mcg,
        n: 1500,
        chance: 1 / 3,
        deltaBic: 16.9,
        claim: true,
        es: 19.4,
        esCi: 0.25,
        fit: ['linear', 'hinge'],
        curves: [],
      }),
      metric({
        name: 'brier_score',
        kind: 'continuous',
        higherIsBetter: false,
        values: brier,
        n: 1500,
        sd: 0.25,
        deltaBic: 14.2,
        claim: true,
        es: 12.1,
        esCi: 0.3,
        fit: ['linear', 'hinge'],
        curves: [],
      }),
      metric({
        name: 'p_correct',
        kind: 'continuous',
        higherIsBetter: true,
        values: pc,
        n: 1500,
        sd: 0.18,
        deltaBic: 11.8,
        claim: true,
        es: 11.3,
        esCi: 0.3,
        fit: ['linear', 'hinge'],
        curves: [],
      }),
    ],
    {
      pValue: 0.0004,
      qValue: 0.003,
      sources: [{ path: 'logs/pythia-sweep/samples_logical_deduction.jsonl', line: 24001, rows: 12000 }],
      flips: [
        {
          itemId: 'ld3-0142',
          fromModel: 'pythia-2.8b',
          toModel: 'pythia-6.9b',
          target: '(B) The owl is the second from the left.',
          fromPrediction: '(A) The owl is the leftmost.',
          toPrediction: '(B) The owl is the second from the left.',
          fromScore: 0,
          toScore: 1,
        },
        {
          itemId: 'ld3-0388',
          fromModel: 'pythia-2.8b',
          toModel: 'pythia-6.9b',
          target: '(C) The truck is the newest.',
          fromPrediction: '(A) The bus is the newest.',
          toPrediction: '(C) The truck is the newest.',
          fromScore: 0,
          toScore: 1,
        },
        {
          itemId: 'ld3-0917',
          fromModel: 'pythia-6.9b',
          toModel: 'pythia-12b',
          target: '(A) The apples are the cheapest.',
          fromPrediction: '(C) The pears are the cheapest.',
          toPrediction: '(A) The apples are the cheapest.',
          fromScore: 0,
          toScore: 1,
        },
        {
          itemId: 'ld3-1203',
          fromModel: 'pythia-6.9b',
          toModel: 'pythia-12b',
          target: '(B) Eve finished second.',
          fromPrediction: '(B) Eve finished second.',
          toPrediction: '(C) Mya finished second.',
          fromScore: 1,
          toScore: 0,
        },
      ],
    },
  );

  // 3. Resolution mirage: 20 items, zeros before the jump that a smooth curve explains.
  const k = [0, 0, 0, 0, 1, 0, 6, 11];
  const smoothRes = (x: number): number => Math.min(1, 0.0042 * (x / 70e6) ** 0.98);
  const resolution = series(
    'date_understanding_gen',
    'pythia',
    '',
    'mirage-resolution',
    [
      'exact_match is 0/20 at the four smallest models and jumps between pythia-2.8b and pythia-6.9b (ES 4.6).',
      'With n = 20 the smallest visible accuracy is 0.05; the smooth power law predicts 0.4%–2.1% there, consistent with the observed zeros (p = 0.41).',
      'About 640 items per model would show whether accuracy before pythia-6.9b is really zero.',
    ],
    [
      metric({
        name: 'exact_match',
        kind: 'discrete',
        higherIsBetter: true,
        values: k.map((v) => v / 20),
        n: 20,
        deltaBic: 3.1,
        claim: true,
        es: 4.6,
        fit: ['hinge'],
        curves: [curve('smooth: power law through the resolved points (beta = 0.98)', smoothRes)],
      }),
      metric({
        name: 'char_edit_similarity',
        kind: 'continuous',
        higherIsBetter: true,
        values: [0.31, 0.35, 0.38, 0.44, 0.47, 0.5, 0.63, 0.72].map((v) => v + noise(0.01)),
        n: 20,
        sd: 0.18,
        deltaBic: 1.2,
        claim: false,
        es: 2.3,
        fit: ['linear', 'hinge'],
        curves: [],
      }),
    ],
    {
      itemsNeeded: 640,
      pValue: 0.41,
      qValue: 0.55,
      sources: [{ path: 'logs/pythia-sweep/samples_date.jsonl', line: 120001, rows: 160 }],
      flips: [
        {
          itemId: 'date-07',
          fromModel: 'pythia-2.8b',
          toModel: 'pythia-6.9b',
          target: '05/01/2021',
          fromPrediction: '04/30/2021',
          toPrediction: '05/01/2021',
          fromScore: 0,
          toScore: 1,
        },
        {
          itemId: 'date-13',
          fromModel: 'pythia-6.9b',
          toModel: 'pythia-12b',
          target: '12/24/1937',
          fromPrediction: 'The date yesterday was 12/23/1937.',
          toPrediction: '12/24/1937',
          fromScore: 0,
          toScore: 1,
        },
      ],
    },
  );

  // 4. Smooth: steady log-linear improvement.
  const lam = xs.map((x) => 0.31 + 0.085 * Math.log10(x / 70e6) * 1.55 + noise(0.01));
  const smooth = series(
    'lambada_openai',
    'pythia',
    '0-shot',
    'smooth',
    ['No metric makes an emergence claim: acc improves steadily (ES 2.0, largest step between pythia-70m and pythia-160m).'],
    [
      metric({
        name: 'acc',
        kind: 'discrete',
        higherIsBetter: true,
        values: lam,
        n: 5153,
        deltaBic: -4.6,
        claim: false,
        es: 2.0,
        fit: ['linear', 'hinge'],
        curves: [],
      }),
      metric({
        name: 'target_logprob',
        kind: 'continuous',
        higherIsBetter: true,
        values: xs.map((x) => -4.1 + 0.62 * Math.log10(x / 70e6) + noise(0.05)),
        n: 5153,
        sd: 2.2,
        deltaBic: -3.9,
        claim: false,
        es: 1.8,
        fit: ['linear'],
        curves: [],
      }),
    ],
    { sources: [{ path: 'logs/pythia-sweep/results.csv', line: 2, rows: 16 }] },
  );

  // 5. Inconclusive: three models of another family.
  const neo: ReadonlyArray<readonly [string, number]> = [
    ['gpt-neo-125m', 125e6],
    ['gpt-neo-1.3b', 1.3e9],
    ['gpt-neo-2.7b', 2.7e9],
  ];
  const inconclusive = series(
    'arithmetic_6digit_addition',
    'gpt-neo',
    '',
    'inconclusive',
    [
      'Only 3 models of gpt-neo (an emergence claim needs at least 4 points of one family).',
      'Per-item outputs are missing for gpt-neo-125m, so no continuous metric can be computed for it.',
    ],
    [
      metric(
        {
          name: 'exact_match',
          kind: 'discrete',
          higherIsBetter: true,
          values: [0.0, 0.06, 0.21],
          n: 1000,
          deltaBic: null,
          claim: false,
          es: 3.1,
          curves: [],
        },
        neo,
      ),
    ],
    { sources: [{ path: 'logs/gpt-neo/results.csv', line: 2, rows: 3 }] },
  );

  return [mirage, emergent, resolution, smooth, inconclusive];
}

/** The sample: one sweep, a few inputs (one with problems, one skipped). */
export function samplePanelData(): PanelData {
  return {
    title: 'logs/pythia-sweep',
    inputs: [
      {
        path: 'logs/pythia-sweep/samples_arithmetic.jsonl',
        format: 'lm-eval-samples',
        rows: 8000,
        problems: [
          { line: 1204, message: 'unterminated JSON string' },
          { line: 5518, message: 'missing "resps"' },
        ],
      },
      { path: 'logs/pythia-sweep/samples_logical_deduction.jsonl', format: 'lm-eval-samples', rows: 12000, problems: [] },
      { path: 'logs/pythia-sweep/samples_date.jsonl', format: 'lm-eval-samples', rows: 160, problems: [] },
      { path: 'logs/pythia-sweep/results.csv', format: 'csv', rows: 16, problems: [] },
      { path: 'logs/gpt-neo/results.csv', format: 'csv', rows: 3, problems: [{ line: 4, message: 'no value for "acc"' }] },
      { path: 'logs/README.md', format: 'skipped', rows: 0, problems: [], skipped: 'not an eval log' },
    ],
    series: sampleSeries(),
    esThreshold: 4,
    bicThreshold: 6,
    xAxis: 'params',
  };
}

/** `n` series for the first-paint measurement: the five templates under generated task names. */
export function largePanelData(n: number): PanelData {
  const base = sampleSeries();
  const prefixes = ['bbh', 'mmlu', 'bigbench', 'arc', 'gsm8k', 'hellaswag', 'winogrande', 'truthfulqa'];
  const series: SeriesReport[] = [];
  for (let i = 0; i < n; i++) {
    // A deep copy: real series share no arrays, and postMessage's clone cost depends on it.
    const t = JSON.parse(JSON.stringify(base[i % base.length])) as SeriesReport;
    const p = prefixes[i % prefixes.length] ?? 'task';
    series.push({ ...t, task: `${p}_${t.task}_${String(i).padStart(4, '0')}` });
  }
  return { ...samplePanelData(), title: `logs/large-sweep (${n} series)`, series };
}

/** Strings that would run script or build elements if they reached innerHTML. */
export const HOSTILE = [
  '<img src=x onerror="window.__pwned=1">',
  '<script>window.__pwned=2</script>',
  '<a href="javascript:window.__pwned=3">click</a>',
  '"><svg onload="window.__pwned=4">',
];

/** The sample with hostile strings in every text field a log can fill. */
export function hostilePanelData(): PanelData {
  const data = samplePanelData();
  const [h0, h1, h2, h3] = HOSTILE as [string, string, string, string];
  const s = data.series[0] as SeriesReport;
  data.series[0] = {
    ...s,
    task: h0,
    family: h3,
    setting: h1,
    reasons: [h0, h1, h2],
    headlineMetric: s.headlineMetric,
    jump: { from: h2, to: h0 },
    metrics: s.metrics.map((m, i) => ({
      ...m,
      name: i === 0 ? m.name : `${m.name}${h0}`,
      points: m.points.map((p) => ({ ...p, model: h2 })),
      curves: m.curves.map((c) => ({ ...c, label: h1 })),
    })),
    sources: [{ path: h2, line: 1, rows: 1 }],
    flips: [
      { itemId: h1, fromModel: h0, toModel: h2, target: h3, fromPrediction: h0, toPrediction: h1, fromScore: 0, toScore: 1 },
    ],
  };
  data.title = h0;
  data.inputs[0] = { path: h1, format: h0, rows: 1, problems: [{ line: 1, message: h2 }] };
  return data;
}
