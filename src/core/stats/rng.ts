/**
 * A small seeded random number generator for the bootstrap and for synthetic data. sfc32 (Chris
 * Doty-Humphrey's Small Fast Counting generator) passes PractRand to many terabytes, needs only 32-bit
 * integer arithmetic (fast in V8, where 64-bit generators would need BigInt or split halves) and
 * its built-in counter guarantees a period of at least 2^32 for every seed. Same seed, same stream,
 * on every platform: nothing here depends on Math.random or on the host.
 */

const TWO_POW_32 = 4294967296;
const INV_TWO_POW_32 = 1 / TWO_POW_32;

/**
 * Above this mean n*min(p, 1-p) binomial draws switch from inversion (cost grows with the mean) to
 * BTPE (constant expected cost). 30 is the crossover numpy and Kachitvichyanukul & Schmeiser use.
 */
const INVERSION_MAX_MEAN = 30;

// Ziggurat tables (Marsaglia & Tsang 2000, "The Ziggurat Method for Generating Random Variables",
// 128 layers of equal area V under exp(-x^2/2), R the base layer's edge): layer i spans
// [0, x_i); K[i] = (x_{i-1} / x_i) 2^31 is the part of it inside the density for sure, W[i] =
// x_i / 2^31 scales a signed 32-bit integer to x, F[i] = exp(-x_i^2 / 2).
const ZIG_R = 3.442619855899;
const ZIG_V = 9.91256303526217e-3;
const ZIG_K = new Float64Array(128);
const ZIG_W = new Float64Array(128);
const ZIG_F = new Float64Array(128);
{
  const m1 = 2147483648;
  let dn = ZIG_R;
  let tn = dn;
  const q = ZIG_V / Math.exp(-0.5 * dn * dn);
  ZIG_K[0] = (dn / q) * m1;
  ZIG_K[1] = 0;
  ZIG_W[0] = q / m1;
  ZIG_W[127] = dn / m1;
  ZIG_F[0] = 1;
  ZIG_F[127] = Math.exp(-0.5 * dn * dn);
  for (let i = 126; i >= 1; i--) {
    dn = Math.sqrt(-2 * Math.log(ZIG_V / dn + Math.exp(-0.5 * dn * dn)));
    ZIG_K[i + 1] = (dn / tn) * m1;
    tn = dn;
    ZIG_F[i] = Math.exp(-0.5 * dn * dn);
    ZIG_W[i] = dn / m1;
  }
}

/** Seeded generator: uniform, integer, normal and binomial variates. Deterministic for a seed. */
export class Rng {
  /**
   * State a, b, c, d in a typed array: V8 keeps small integers unboxed only up to 31 bits, so
   * 32-bit state in plain fields would be re-boxed as heap numbers on every step (~10x slower).
   */
  private readonly s = new Int32Array(4);

  /** Any finite number seeds the stream; integers up to 2^53 give distinct streams. */
  constructor(seed: number) {
    const s = Number.isFinite(seed) ? seed : 0;
    const lo = s >>> 0;
    const hi = Math.floor(s / TWO_POW_32) >>> 0;
    // splitmix32 spreads a (possibly tiny, possibly sequential) seed over all state bits, so that
    // seeds 1, 2, 3 give unrelated streams.
    let x = (lo ^ Math.imul(hi, 0x85ebca6b)) | 0;
    const mix = (): number => {
      x = (x + 0x9e3779b9) | 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
      z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
      return (z ^ (z >>> 15)) | 0;
    };
    this.s[0] = mix();
    this.s[1] = mix();
    this.s[2] = mix();
    this.s[3] = 1;
    // The first outputs of a freshly seeded sfc32 are still correlated with the seed.
    for (let i = 0; i < 15; i++) this.nextUint32();
  }

  /** Next raw 32-bit output as an unsigned integer. */
  nextUint32(): number {
    const s = this.s;
    const a = s[0] as number;
    const b = s[1] as number;
    const c = s[2] as number;
    const d = s[3] as number;
    const t = (((a + b) | 0) + d) | 0;
    s[3] = (d + 1) | 0;
    s[0] = b ^ (b >>> 9);
    s[1] = (c + (c << 3)) | 0;
    s[2] = (((c << 21) | (c >>> 11)) + t) | 0;
    return t >>> 0;
  }

  /**
   * Uniform on [0, 1) with 32-bit resolution (steps of 2^-32). One generator step per draw keeps
   * the bootstrap fast; events rarer than 2^-32 are irrelevant at any feasible number of draws.
   */
  next(): number {
    return this.nextUint32() * INV_TWO_POW_32;
  }

  /** Uniform integer in [0, n) for 1 <= n <= 2^32 (bias below n / 2^32, negligible for item counts). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /**
   * Standard normal variate by the ziggurat (Marsaglia & Tsang 2000, 128 layers). The layer is the
   * output's low 7 bits and the value its upper 25 bits (as a signed integer with the low bits
   * cleared): disjoint bits, so the two are independent. Doornik (2005) showed that the original,
   * which took the layer from bits that also make up the value, correlates them; drawing two outputs
   * per variate (this method's previous form) avoids that too, at twice the generator steps, and the
   * bootstrap's hybrid route draws ~10^7 normals per large run. The value keeps 2^24 levels on
   * each side of each layer. ~99% of draws are one comparison and one multiply; the rest are exact
   * rejection steps (wedges against exp(-x^2/2), the tail beyond R = 3.4426 by Marsaglia's
   * exponential method), so the law is exactly normal up to that resolution.
   */
  normal(): number {
    for (;;) {
      const w = this.nextUint32() | 0;
      const iz = w & 127;
      const hz = w & ~127;
      if (Math.abs(hz) < (ZIG_K[iz] as number)) return hz * (ZIG_W[iz] as number);
      const x = hz * (ZIG_W[iz] as number);
      if (iz === 0) {
        // The base layer's tail, |x| > R: x = R + E1 / R, accepted when 2 E2 > (E1 / R)^2.
        let t: number;
        let y: number;
        do {
          t = -Math.log(1 - this.next()) / ZIG_R;
          y = -Math.log(1 - this.next());
        } while (y + y < t * t);
        return hz > 0 ? ZIG_R + t : -ZIG_R - t;
      }
      // A wedge: accept under the density, else draw again from the top.
      const f1 = ZIG_F[iz] as number;
      if (f1 + this.next() * ((ZIG_F[iz - 1] as number) - f1) < Math.exp(-0.5 * x * x)) return x;
    }
  }

  /**
   * Binomial(n, p) variate; n is floored, NaN for n < 0 or p outside [0, 1]. Exact in distribution
   * on both routes: sequential-search inversion when n*min(p,1-p) < 30 (expected cost ~ the mean),
   * otherwise BTPE (Kachitvichyanukul & Schmeiser 1988), a rejection sampler whose acceptance test
   * uses the exact pmf ratio or Stirling bounds tight enough to decide exactly. No normal
   * approximation anywhere. Draws for p > 1/2 are made as n - Binomial(n, 1-p).
   */
  binomial(n: number, p: number): number {
    n = Math.floor(n);
    if (!(n >= 0) || !(p >= 0 && p <= 1)) return NaN;
    if (n === 0 || p === 0) return 0;
    if (p === 1) return n;
    const r = p <= 0.5 ? p : 1 - p;
    const x = n * r < INVERSION_MAX_MEAN ? this.binomialInversion(n, r) : this.binomialBtpe(n, r);
    return p <= 0.5 ? x : n - x;
  }

  /** Inversion by sequential search from 0 with the pmf recurrence; r <= 1/2 and n*r < 30. */
  private binomialInversion(n: number, r: number): number {
    const q = 1 - r;
    const s = r / q;
    const a = (n + 1) * s;
    // q^n >= exp(-60) here (n*r < 30, r <= 1/2), so it never underflows.
    const q0 = Math.exp(n * Math.log1p(-r));
    // Beyond mean + 10 sd the remaining mass is below double precision: a search that gets there
    // has only accumulated rounding, so it restarts with a fresh uniform (rejection of a ~1e-23 event).
    const bound = Math.min(n, Math.floor(n * r + 10 * Math.sqrt(n * r * q + 1)));
    for (;;) {
      let u = this.next();
      let f = q0;
      let x = 0;
      while (u > f) {
        u -= f;
        x++;
        if (x > bound) break;
        f *= a / x - s;
      }
      if (x <= bound) return x;
    }
  }

  /** BTPE: triangle/parallelogram/exponential majorant with squeeze; r <= 1/2 and n*r >= 30. */
  private binomialBtpe(n: number, r: number): number {
    const q = 1 - r;
    const nrq = n * r * q;
    const fm = n * r + r;
    const m = Math.floor(fm);
    const p1 = Math.floor(2.195 * Math.sqrt(nrq) - 4.6 * q) + 0.5;
    const xm = m + 0.5;
    const xl = xm - p1;
    const xr = xm + p1;
    const c = 0.134 + 20.5 / (15.3 + m);
    let a = (fm - xl) / (fm - xl * r);
    const laml = a * (1 + a / 2);
    a = (xr - fm) / (xr * q);
    const lamr = a * (1 + a / 2);
    const p2 = p1 * (1 + 2 * c);
    const p3 = p2 + c / laml;
    const p4 = p3 + c / lamr;
    for (;;) {
      const u = this.next() * p4;
      let v = this.next();
      let y: number;
      if (u <= p1) {
        // Triangular centre: accepted without a test.
        return Math.floor(xm - p1 * v + u);
      } else if (u <= p2) {
        const x = xl + (u - p1) / c;
        v = v * c + 1 - Math.abs(m - x + 0.5) / p1;
        if (v > 1) continue;
        y = Math.floor(x);
      } else if (u <= p3) {
        y = Math.floor(xl + Math.log(v) / laml);
        if (y < 0 || v === 0) continue;
        v = v * (u - p2) * laml;
      } else {
        y = Math.floor(xr - Math.log(v) / lamr);
        if (y > n || v === 0) continue;
        v = v * (u - p3) * lamr;
      }
      const k = Math.abs(y - m);
      if (k <= 20 || k >= nrq / 2 - 1) {
        // Explicit pmf ratio f(y)/f(m) by the recurrence.
        const s = r / q;
        const aa = s * (n + 1);
        let f = 1;
        if (m < y) {
          for (let i = m + 1; i <= y; i++) f *= aa / i - s;
        } else if (m > y) {
          for (let i = y + 1; i <= m; i++) f /= aa / i - s;
        }
        if (v <= f) return y;
        continue;
      }
      // Squeeze on log f(y)/f(m), then the exact comparison through Stirling's series. The published
      // algorithm (and numpy's legacy code) adds all four series corrections and has 13680 for
      // 13860; ln f(y)/f(m) = lnG(f1) + lnG(z) - lnG(x1) - lnG(w) + ..., so two of them subtract.
      const rho = (k / nrq) * ((k * (k / 3 + 0.625) + 0.1666666666666) / nrq + 0.5);
      const t = (-k * k) / (2 * nrq);
      const logV = Math.log(v);
      if (logV < t - rho) return y;
      if (logV > t + rho) continue;
      const x1 = y + 1;
      const f1 = m + 1;
      const z = n + 1 - m;
      const w = n - y + 1;
      const bound =
        xm * Math.log(f1 / x1) +
        (n - m + 0.5) * Math.log(z / w) +
        (y - m) * Math.log((w * r) / (x1 * q)) +
        stirlingTail(f1) +
        stirlingTail(z) -
        stirlingTail(x1) -
        stirlingTail(w);
      if (logV <= bound) return y;
    }
  }
}

/** Stirling's series correction lnG(x) - [(x-1/2)ln x - x + ln(2pi)/2] = 1/(12x) - 1/(360x^3) + ... */
function stirlingTail(x: number): number {
  const x2 = x * x;
  return (13860 - (462 - (132 - (99 - 140 / x2) / x2) / x2) / x2) / x / 166320;
}
