/**
 * Scale and family from what logs actually carry: numbers, strings like "1.3B" / "350M" / "7b", and
 * model names such as "pythia-1.4b", "EleutherAI/pythia-410m-deduped", "synth-350M", "llama-2-7b-chat".
 */

const SUFFIX: Record<string, number> = { k: 1e3, m: 1e6, b: 1e9, g: 1e9, t: 1e12 };

/** Parses a scale given as a number or a string ("1.3B", "350M", "7b", "1e9", "1,300,000"). */
export function parseScale(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) && v > 0 ? v : undefined;
  if (typeof v !== 'string') return undefined;
  const s = v.trim().replace(/,/g, '').replace(/_/g, '');
  if (s === '') return undefined;
  const m = /^(\d+(?:\.\d+)?(?:e[+-]?\d+)?)\s*([kmbgt])?(?:params?)?$/i.exec(s);
  if (!m) return undefined;
  const base = Number(m[1]);
  const mult = m[2] ? SUFFIX[m[2].toLowerCase()]! : 1;
  const out = base * mult;
  return Number.isFinite(out) && out > 0 ? out : undefined;
}

// A size token inside a name: "1.4b", "350M", "7B", "13b", "125m", "1_3b" is not supported on purpose
// (too ambiguous). Requires a unit so that "gpt-2" or "llama-2" versions are not taken for sizes.
const SIZE_IN_NAME = /(^|[-_/.\s:])(\d+(?:\.\d+)?)([kmbt])(?=$|[-_/.\s:])/gi;

/** Model name without its organisation prefix ("EleutherAI/pythia-1b" -> "pythia-1b"). */
export function baseModelName(name: string): string {
  const slash = name.lastIndexOf('/');
  let base = slash >= 0 ? name.slice(slash + 1) : name;
  // lm-evaluation-harness sanitises "org/name" to "org__name".
  const dunder = base.lastIndexOf('__');
  if (dunder >= 0) base = base.slice(dunder + 2);
  return base;
}

/**
 * Splits a model name into family and size: "pythia-1.4b" -> {family: "pythia", params: 1.4e9};
 * "llama-2-7b-chat" -> {family: "llama-2-chat", params: 7e9}. The last size token wins.
 */
export function splitModelName(name: string): { family: string; params?: number } {
  const base = baseModelName(name.trim());
  let last: RegExpExecArray | null = null;
  SIZE_IN_NAME.lastIndex = 0;
  for (let m = SIZE_IN_NAME.exec(base); m; m = SIZE_IN_NAME.exec(base)) {
    last = m;
    SIZE_IN_NAME.lastIndex = m.index + m[0].length;
  }
  if (!last) return { family: base || name };
  const params = Number(last[2]) * SUFFIX[last[3]!.toLowerCase()]!;
  const before = base.slice(0, last.index + last[1]!.length).replace(/[-_/.\s:]+$/, '');
  const after = base.slice(last.index + last[0].length).replace(/^[-_/.\s:]+/, '');
  const family = [before, after].filter((p) => p.length > 0).join('-') || base;
  return { family, params: Number.isFinite(params) && params > 0 ? params : undefined };
}

/** Human form of a parameter count: 1.4e9 -> "1.4B". */
export function formatScale(x: number): string {
  const units: [number, string][] = [
    [1e12, 'T'],
    [1e9, 'B'],
    [1e6, 'M'],
    [1e3, 'K'],
  ];
  for (const [u, s] of units) {
    if (Math.abs(x) >= u) return `${+(x / u).toPrecision(3)}${s}`;
  }
  return `${+x.toPrecision(3)}`;
}
