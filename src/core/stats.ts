/**
 * Statistics behind every share, score and comparison the product shows: 95 % (or other) intervals and
 * the tests that decide whether an agent differs clearly from the team. Pure functions, no IO.
 *
 * Conventions: `null` means "not computable from this data" (e.g. an empty sample); a `RangeError` means
 * the caller passed impossible input (negative counts, more successes than trials, confidence outside (0,1)).
 */

export interface Interval {
  low: number;
  high: number;
}

export interface Comparison {
  /** Group 1 minus group 2, in the unit of the measure (proportion, NPS points, mean). */
  difference: number;
  low: number;
  high: number;
  /** Two-sided p-value of "no difference". */
  pValue: number;
  /** True when the interval excludes 0 and pValue < 1 − confidence. */
  clear: boolean;
}

// ---------------------------------------------------------------------------------------------------------
// Input checks
// ---------------------------------------------------------------------------------------------------------

function checkConfidence(confidence: number): void {
  if (!(confidence > 0 && confidence < 1)) {
    throw new RangeError(`confidence must be in (0, 1), got ${confidence}`);
  }
}

function checkCount(name: string, value: number): void {
  if (!Number.isFinite(value) || value < 0) {
    throw new RangeError(`${name} must be a finite number >= 0, got ${value}`);
  }
}

function checkSd(name: string, value: number): void {
  if (!Number.isFinite(value) || value < 0) {
    throw new RangeError(`${name} must be a finite number >= 0, got ${value}`);
  }
}

/** Two-sided critical value z_{1−α/2} for a confidence level 1 − α. */
function zCritical(confidence: number): number {
  return normalQuantile(1 - (1 - confidence) / 2);
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

/** Two-sided p-value of a standard-normal statistic, computed in the tail to keep small p-values exact. */
function twoSidedNormalP(z: number): number {
  return Math.min(1, 2 * normalCdf(-Math.abs(z)));
}

// ---------------------------------------------------------------------------------------------------------
// Normal distribution
// ---------------------------------------------------------------------------------------------------------

const SQRT_2PI = 2.5066282746310002;

/**
 * Standard normal CDF Φ(z). For |z| < 2 Marsaglia's everywhere-positive Taylor series
 * Φ(z) = ½ + φ(z)·(z + z³/3 + z⁵/(3·5) + …) (Marsaglia 2004, Journal of Statistical Software 11(4)); beyond,
 * Laplace's continued fraction for Mills' ratio (Abramowitz & Stegun 1964, 26.2.14). Chosen because both keep
 * ~1e-15 relative accuracy, including the far tails where p-values live.
 */
export function normalCdf(z: number): number {
  if (Number.isNaN(z)) return Number.NaN;
  const x = Math.abs(z);
  if (x < 2) {
    let sum = z;
    let term = z;
    for (let k = 3; ; k += 2) {
      term *= (z * z) / k;
      const next = sum + term;
      if (next === sum) break;
      sum = next;
    }
    return 0.5 + gaussDensity(z) * sum;
  }
  const tail = x > 40 ? 0 : gaussDensity(x) * millsRatio(x);
  return z > 0 ? 1 - tail : tail;
}

/** φ(x), splitting x² so that exp(−x²/2) keeps full relative precision in the tails (as in Cody's erfc). */
function gaussDensity(x: number): number {
  const high = Math.trunc(x * 16) / 16;
  const low = x - high;
  return (Math.exp((-high * high) / 2) * Math.exp((-low * (x + high)) / 2)) / SQRT_2PI;
}

/** Mills' ratio (1 − Φ(x))/φ(x) = 1/(x + 1/(x + 2/(x + 3/(x + …)))) for x >= 2, by Lentz's method. */
function millsRatio(x: number): number {
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let k = 1; k < 1000; k++) {
    d = x + k * d;
    d = d === 0 ? 1 / tiny : 1 / d;
    c = x + k / c;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return 1 / f;
}

/**
 * Standard normal quantile Φ⁻¹(p), by Wichura's Algorithm AS 241 (PPND16), Applied Statistics (1988)
 * 37:477–484: rational approximations accurate to about 1e-16 relative, so critical values such as
 * 1.959963984540054 are exact to the last printed digit.
 */
export function normalQuantile(p: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) {
    throw new RangeError(`p must be in [0, 1], got ${p}`);
  }
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (q * horner(AS241_A, r)) / horner(AS241_B, r);
  }
  const r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p));
  const value =
    r <= 5
      ? horner(AS241_C, r - 1.6) / horner(AS241_D, r - 1.6)
      : horner(AS241_E, r - 5) / horner(AS241_F, r - 5);
  return q < 0 ? -value : value;
}

/** Evaluates c[0] + c[1]·x + c[2]·x² + … by Horner's rule. */
function horner(coefficients: readonly number[], x: number): number {
  let result = 0;
  for (let i = coefficients.length - 1; i >= 0; i--) result = result * x + (coefficients[i] as number);
  return result;
}

// AS 241 coefficients, lowest order first (the published 20-digit values, rounded to double).
const AS241_A = [
  3.3871328727963665, 133.14166789178438, 1971.5909503065513, 13731.69376550946, 45921.95393154987,
  67265.7709270087, 33430.57558358813, 2509.0809287301227,
];
const AS241_B = [
  1, 42.31333070160091, 687.1870074920579, 5394.196021424751, 21213.794301586597, 39307.89580009271,
  28729.085735721943, 5226.495278852854,
];
const AS241_C = [
  1.4234371107496835, 4.630337846156546, 5.769497221460691, 3.6478483247632045, 1.2704582524523684,
  0.2417807251774506, 0.022723844989269184, 0.0007745450142783414,
];
const AS241_D = [
  1, 2.053191626637759, 1.6763848301838038, 0.6897673349851, 0.14810397642748008, 0.015198666563616457,
  0.0005475938084995345, 1.0507500716444169e-9,
];
const AS241_E = [
  6.657904643501103, 5.463784911164114, 1.7848265399172913, 0.29656057182850487, 0.026532189526576124,
  0.0012426609473880784, 2.7115555687434876e-5, 2.0103343992922881e-7,
];
const AS241_F = [
  1, 0.599832206555888, 0.1369298809227358, 0.014875361290850615, 0.0007868691311456133,
  1.8463183175100548e-5, 1.421511758316446e-7, 2.0442631033899397e-15,
];

// ---------------------------------------------------------------------------------------------------------
// Gamma / beta functions (internal)
// ---------------------------------------------------------------------------------------------------------

const LANCZOS = [
  0.9999999999998099, 676.5203681218851, -1259.1392167224028, 771.3234287776531, -176.6150291621406,
  12.507343278686905, -0.13857109526572012, 9.984369578019572e-6, 1.5056327351493116e-7,
];
const HALF_LOG_2PI = 0.9189385332046728; // ½ ln 2π

/** ln Γ(x) for x > 0 by the Lanczos approximation (g = 7, n = 9), ~1e-15 relative. */
function logGamma(x: number): number {
  if (x < 0.5) return logGamma(x + 1) - Math.log(x);
  const y = x - 1;
  let sum = LANCZOS[0] as number;
  for (let i = 1; i < LANCZOS.length; i++) sum += (LANCZOS[i] as number) / (y + i);
  const t = y + 7.5;
  return HALF_LOG_2PI + (y + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** Stirling-series remainder ln Γ(x) − [(x − ½) ln x − x + ½ ln 2π], for x >= 10 (error < 1e-17). */
function stirlingCorrection(x: number): number {
  const x2 = 1 / (x * x);
  return (
    (1 / 12 +
      x2 *
        (-1 / 360 +
          x2 * (1 / 1260 + x2 * (-1 / 1680 + x2 * (1 / 1188 + x2 * (-691 / 360360 + x2 * (1 / 156))))))) /
    x
  );
}

/**
 * ln B(a, b), avoiding the cancellation of ln Γ(a) + ln Γ(b) − ln Γ(a + b) when an argument is large (as in
 * Student's t with many degrees of freedom), following the scheme of R's `lbeta`.
 */
function logBeta(a: number, b: number): number {
  const p = Math.min(a, b);
  const q = Math.max(a, b);
  if (p >= 10) {
    const corr = stirlingCorrection(p) + stirlingCorrection(q) - stirlingCorrection(p + q);
    return (
      -0.5 * Math.log(q) +
      HALF_LOG_2PI +
      corr +
      (p - 0.5) * Math.log(p / (p + q)) +
      q * Math.log1p(-p / (p + q))
    );
  }
  if (q >= 10) {
    const corr = stirlingCorrection(q) - stirlingCorrection(p + q);
    return logGamma(p) + corr + p - p * Math.log(p + q) + (q - 0.5) * Math.log1p(-p / (p + q));
  }
  return logGamma(p) + logGamma(q) - logGamma(p + q);
}

/** Continued fraction for the incomplete beta, by the modified Lentz method (Numerical Recipes §6.4). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 100_000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) return h;
  }
  return h;
}

/**
 * Regularized incomplete beta I_x(a, b), given both x and y = 1 − x so callers can pass the complement
 * without rounding loss.
 */
function regularizedBeta(x: number, y: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (y <= 0) return 1;
  const logX = x < 0.5 ? Math.log(x) : Math.log1p(-y);
  const logY = y < 0.5 ? Math.log(y) : Math.log1p(-x);
  const front = Math.exp(a * logX + b * logY - logBeta(a, b));
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(a, b, x)) / a;
  return 1 - (front * betaContinuedFraction(b, a, y)) / b;
}

// ---------------------------------------------------------------------------------------------------------
// Student's t distribution
// ---------------------------------------------------------------------------------------------------------

function checkDf(df: number): void {
  if (!(df > 0)) throw new RangeError(`df must be > 0, got ${df}`);
}

/**
 * Student's t CDF with (possibly non-integer) df, via the regularized incomplete beta:
 * P(T <= −|t|) = ½ I_{ν/(ν+t²)}(ν/2, ½) (Abramowitz & Stegun 1964, 26.5.27 and 26.7.1), the beta evaluated by
 * Lentz's continued fraction. Works for the fractional df of Welch's test and keeps relative precision in the
 * tails; the error grows like 1e-16·df (about 1e-11 at df = 10⁶, 1e-9 at 10⁹).
 */
export function studentTCdf(t: number, df: number): number {
  checkDf(df);
  if (Number.isNaN(t)) return Number.NaN;
  if (df === Number.POSITIVE_INFINITY) return normalCdf(t);
  if (t === 0) return 0.5;
  if (!Number.isFinite(t)) return t > 0 ? 1 : 0;
  const t2 = t * t;
  // x = ν/(ν+t²) and 1 − x = t²/(ν+t²), each computed directly.
  const x = df / (df + t2);
  const y = t2 / (df + t2);
  const tail = 0.5 * regularizedBeta(x, y, df / 2, 0.5);
  return t > 0 ? 1 - tail : tail;
}

/** Student's t density, used for Newton steps. */
function studentTPdf(t: number, df: number): number {
  return Math.exp(-((df + 1) / 2) * Math.log1p((t * t) / df) - 0.5 * Math.log(df) - logBeta(df / 2, 0.5));
}

/**
 * Student's t quantile. Exact closed forms for df = 1 (Cauchy) and df = 2; otherwise Newton's method on ln F(t)
 * started from the Cornish–Fisher expansion (Abramowitz & Stegun 1964, 26.7.5) and safeguarded by bisection,
 * so it converges to the precision of `studentTCdf` for any df > 0, including Welch's fractional df.
 */
export function studentTQuantile(p: number, df: number): number {
  checkDf(df);
  if (Number.isNaN(p) || p < 0 || p > 1) throw new RangeError(`p must be in [0, 1], got ${p}`);
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  if (p === 0.5) return 0;
  if (df === Number.POSITIVE_INFINITY) return normalQuantile(p);
  // Solve in the lower tail (1 − p is exact for p >= 0.5) and reflect.
  if (p > 0.5) return -lowerTailTQuantile(1 - p, df);
  return lowerTailTQuantile(p, df);
}

/** The t <= 0 with F(t) = p, for 0 < p < 0.5. */
function lowerTailTQuantile(p: number, df: number): number {
  if (df === 1) return -1 / Math.tan(Math.PI * p);
  if (df === 2) return (2 * p - 1) / Math.sqrt(2 * p * (1 - p));
  return newtonTQuantile(p, df);
}

/** Newton's method on ln F(t) for the t <= 0 with F(t) = p, 0 < p < 0.5, kept inside a shrinking bracket. */
function newtonTQuantile(p: number, df: number): number {
  const z = normalQuantile(p);
  const z3 = z * z * z;
  const z5 = z3 * z * z;
  let t = z + (z3 + z) / (4 * df) + (5 * z5 + 16 * z3 + 3 * z) / (96 * df * df);
  if (!(t < 0) || !Number.isFinite(t)) t = z;
  // Bracket [lo, hi] with F(lo) <= p <= F(hi).
  let hi = 0;
  let lo = t;
  while (studentTCdf(lo, df) > p) {
    hi = lo;
    lo *= 2;
    if (!Number.isFinite(lo)) return Number.NEGATIVE_INFINITY;
  }
  const logP = Math.log(p);
  for (let i = 0; i < 300; i++) {
    const f = studentTCdf(t, df);
    if (f === p) return t;
    if (f > p) hi = t;
    else lo = t;
    const density = studentTPdf(t, df);
    let next = t - ((Math.log(f) - logP) * f) / density;
    if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    if (Math.abs(next - t) <= 1e-15 * Math.abs(next) || hi - lo <= 1e-15 * Math.abs(lo)) return next;
    t = next;
  }
  return t;
}

// ---------------------------------------------------------------------------------------------------------
// Intervals
// ---------------------------------------------------------------------------------------------------------

/**
 * Wilson score interval for a proportion (Wilson 1927, JASA 22:209–212; Newcombe 1998, Statistics in
 * Medicine 17:857–872, method 3). Chosen over the Wald interval because it keeps near-nominal coverage for
 * small n and for shares near 0 % or 100 %, and never leaves [0, 1]. Null when n is 0.
 */
export function wilsonInterval(successes: number, n: number, confidence = 0.95): Interval | null {
  checkCount('successes', successes);
  checkCount('n', n);
  checkConfidence(confidence);
  if (successes > n) throw new RangeError(`successes (${successes}) must not exceed n (${n})`);
  if (n === 0) return null;
  const z = zCritical(confidence);
  const z2 = z * z;
  const p = successes / n;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return {
    low: successes === 0 ? 0 : clamp(centre - half, 0, 1),
    high: successes === n ? 1 : clamp(centre + half, 0, 1),
  };
}

/** Standard error of p̂P − p̂D (as a proportion) from one multinomial sample; see `npsFromCounts`. */
function npsStandardError(promoters: number, detractors: number, n: number): number {
  const pP = promoters / n;
  const pD = detractors / n;
  const d = pP - pD;
  return Math.sqrt(Math.max(0, pP + pD - d * d) / n);
}

/**
 * A group whose answers all fall in one category (one answer, or ten promoters) has a Wald SE of 0,
 * which would make a single answer a certainty. Its SE is taken with one pseudo-answer added to each
 * category, as Agresti & Caffo (2000, The American Statistician 54:280–288) add one success and one
 * failure to each share; groups with any spread keep the plain multinomial SE.
 */
function comparedNpsError(promoters: number, detractors: number, n: number): number {
  const se = npsStandardError(promoters, detractors, n);
  return se > 0 ? se : npsStandardError(promoters + 1, detractors + 1, n + 3);
}

function checkNpsCounts(promoters: number, detractors: number, n: number): void {
  checkCount('promoters', promoters);
  checkCount('detractors', detractors);
  checkCount('n', n);
  if (promoters + detractors > n) {
    throw new RangeError(`promoters + detractors (${promoters + detractors}) must not exceed n (${n})`);
  }
}

/**
 * Net Promoter Score in points (−100..100) with a normal-approximation interval. Promoter and detractor shares
 * come from the same multinomial sample, so Cov(p̂P, p̂D) = −pP·pD/n and Var(p̂P − p̂D) = (pP + pD − (pP − pD)²)/n
 * (multinomial covariance, e.g. Agresti 2013, Categorical Data Analysis, 3rd ed.). Null when n is 0.
 */
export function npsFromCounts(
  promoters: number,
  detractors: number,
  n: number,
  confidence = 0.95,
): { value: number; low: number; high: number } | null {
  checkNpsCounts(promoters, detractors, n);
  checkConfidence(confidence);
  if (n === 0) return null;
  const value = (100 * (promoters - detractors)) / n;
  const margin = zCritical(confidence) * npsStandardError(promoters, detractors, n) * 100;
  return { value, low: clamp(value - margin, -100, 100), high: clamp(value + margin, -100, 100) };
}

/**
 * Interval for a mean from summary statistics: mean ± t_{1−α/2, n−1}·sd/√n (Student 1908, Biometrika 6:1–25).
 * The t quantile, not z, because sd is itself estimated; it matters for the small samples of single agents.
 * Null when n < 2 (no sd).
 */
export function meanInterval(mean: number, sd: number, n: number, confidence = 0.95): Interval | null {
  if (!Number.isFinite(mean)) throw new RangeError(`mean must be finite, got ${mean}`);
  checkSd('sd', sd);
  checkCount('n', n);
  checkConfidence(confidence);
  if (n < 2) return null;
  const margin = studentTQuantile(1 - (1 - confidence) / 2, n - 1) * (sd / Math.sqrt(n));
  return { low: mean - margin, high: mean + margin };
}

// ---------------------------------------------------------------------------------------------------------
// Comparisons
// ---------------------------------------------------------------------------------------------------------

function comparison(
  difference: number,
  low: number,
  high: number,
  pValue: number,
  confidence: number,
): Comparison {
  const excludesZero = low > 0 || high < 0;
  return { difference, low, high, pValue, clear: excludesZero && pValue < 1 - confidence };
}

/**
 * Difference of two independent proportions p1 − p2. Interval by Newcombe's hybrid score method (Newcombe
 * 1998, Statistics in Medicine 17:873–890, method 10), built from the two Wilson intervals: good coverage at
 * small n and at 0 %/100 %, where the Wald difference interval fails. pValue from the two-proportion z-test
 * with pooled SE (e.g. Fleiss, Levin & Paik 2003, Statistical Methods for Rates and Proportions), 1 when that
 * SE is 0. Null if n1 or n2 is 0.
 */
export function compareProportions(
  x1: number,
  n1: number,
  x2: number,
  n2: number,
  confidence = 0.95,
): Comparison | null {
  const w1 = wilsonInterval(x1, n1, confidence);
  const w2 = wilsonInterval(x2, n2, confidence);
  if (w1 === null || w2 === null) return null;
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const difference = p1 - p2;
  const low = difference - Math.sqrt((p1 - w1.low) ** 2 + (w2.high - p2) ** 2);
  const high = difference + Math.sqrt((w1.high - p1) ** 2 + (p2 - w2.low) ** 2);
  const pooled = (x1 + x2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  const pValue = se > 0 ? twoSidedNormalP(difference / se) : 1;
  return comparison(difference, clamp(low, -1, 1), clamp(high, -1, 1), pValue, confidence);
}

/**
 * Difference of two independent NPS values, in points. SE = √(SE1² + SE2²), each SE from the multinomial
 * formula of `npsFromCounts` (see `comparedNpsError` for a unanimous group); normal (Wald) interval and
 * z-test. Null if n1 or n2 is 0.
 */
export function compareNps(
  p1: number,
  d1: number,
  n1: number,
  p2: number,
  d2: number,
  n2: number,
  confidence = 0.95,
): Comparison | null {
  checkNpsCounts(p1, d1, n1);
  checkNpsCounts(p2, d2, n2);
  checkConfidence(confidence);
  if (n1 === 0 || n2 === 0) return null;
  const difference = (100 * (p1 - d1)) / n1 - (100 * (p2 - d2)) / n2;
  const se = 100 * Math.hypot(comparedNpsError(p1, d1, n1), comparedNpsError(p2, d2, n2));
  const margin = zCritical(confidence) * se;
  const pValue = se > 0 ? twoSidedNormalP(difference / se) : 1;
  return comparison(
    difference,
    clamp(difference - margin, -200, 200),
    clamp(difference + margin, -200, 200),
    pValue,
    confidence,
  );
}

/**
 * Difference of two means from summary statistics by Welch's t-test (Welch 1947, Biometrika 34:28–35) with
 * Welch–Satterthwaite df (Satterthwaite 1946, Biometrics Bulletin 2:110–114): it does not assume equal
 * variances, which an agent and the whole team rarely have. pValue is 1 and the interval collapses to the
 * difference when both sd are 0. Null if n1 < 2 or n2 < 2.
 */
export function compareMeans(
  mean1: number,
  sd1: number,
  n1: number,
  mean2: number,
  sd2: number,
  n2: number,
  confidence = 0.95,
): Comparison | null {
  if (!Number.isFinite(mean1)) throw new RangeError(`mean1 must be finite, got ${mean1}`);
  if (!Number.isFinite(mean2)) throw new RangeError(`mean2 must be finite, got ${mean2}`);
  checkSd('sd1', sd1);
  checkSd('sd2', sd2);
  checkCount('n1', n1);
  checkCount('n2', n2);
  checkConfidence(confidence);
  if (n1 < 2 || n2 < 2) return null;
  const difference = mean1 - mean2;
  const v1 = (sd1 * sd1) / n1;
  const v2 = (sd2 * sd2) / n2;
  const variance = v1 + v2;
  if (!(variance > 0)) return comparison(difference, difference, difference, 1, confidence);
  const se = Math.sqrt(variance);
  const df = (variance * variance) / ((v1 * v1) / (n1 - 1) + (v2 * v2) / (n2 - 1));
  const margin = studentTQuantile(1 - (1 - confidence) / 2, df) * se;
  const pValue = Math.min(1, 2 * studentTCdf(-Math.abs(difference / se), df));
  return comparison(difference, difference - margin, difference + margin, pValue, confidence);
}

/**
 * A sample quantile q_p with the two quantiles that bracket it, q_{p−h} and q_{p+h}, all computed
 * the same way (continuous percentiles), for the quantile's standard error.
 */
export interface QuantileEstimate {
  /** q_p. */
  value: number;
  /** q_{p−h}. */
  below: number;
  /** q_{p+h}. */
  above: number;
  /** Rows with a value. */
  n: number;
}

function checkQuantileBracket(p: number, h: number): void {
  if (!(p > 0 && p < 1)) throw new RangeError(`p must be in (0, 1), got ${p}`);
  if (!(h > 0 && h <= Math.min(p, 1 - p)))
    throw new RangeError(`h must be in (0, min(p, 1 − p)], got ${h} for p = ${p}`);
}

function checkQuantileEstimate(name: string, q: QuantileEstimate): void {
  for (const field of ['value', 'below', 'above'] as const)
    if (!Number.isFinite(q[field])) throw new RangeError(`${name}.${field} must be finite, got ${q[field]}`);
  checkCount(`${name}.n`, q.n);
  if (q.above < q.below)
    throw new RangeError(`${name}.above (${q.above}) must not be below ${name}.below (${q.below})`);
}

/**
 * Standard error of a sample quantile q_p from its sparsity: a sample quantile is asymptotically normal
 * with variance p(1 − p)/(n·f(q_p)²) (e.g. Serfling 1980, Approximation Theorems of Mathematical
 * Statistics, §2.3.3), and the sparsity 1/f(q_p) is estimated by the difference quotient
 * (q_{p+h} − q_{p−h})/(2h) (Siddiqui 1960, J. Res. NBS 64B:145–150; Bloch & Gastwirth 1968, Ann. Math.
 * Statist. 39:1083–1085), so SE = √(p(1 − p)/n) · (q_{p+h} − q_{p−h})/(2h). Chosen because the three
 * quantiles are computed by the database with the value itself: no row leaves it, unlike a bootstrap.
 * Null when n < 1/h, where q_{p−h} and q_{p+h} fall between the same two values and say nothing of
 * the spread.
 */
export function quantileStandardError(p: number, h: number, estimate: QuantileEstimate): number | null {
  checkQuantileBracket(p, h);
  checkQuantileEstimate('estimate', estimate);
  if (estimate.n * h < 1) return null;
  return Math.sqrt((p * (1 - p)) / estimate.n) * ((estimate.above - estimate.below) / (2 * h));
}

/**
 * Difference q_p(1) − q_p(2) of the same quantile in two independent samples: normal interval
 * difference ± z·√(SE1² + SE2²) and z-test, each SE from `quantileStandardError`. When either SE is 0
 * (its bracket holds one value: ties), the sparsity estimate says nothing of that sample's spread, so
 * the difference is never clear: pValue 1 and the interval collapsed to the difference. Null when
 * either SE is not computable (a sample too small).
 */
export function compareQuantiles(
  p: number,
  h: number,
  first: QuantileEstimate,
  second: QuantileEstimate,
  confidence = 0.95,
): Comparison | null {
  checkConfidence(confidence);
  const se1 = quantileStandardError(p, h, first);
  const se2 = quantileStandardError(p, h, second);
  if (se1 === null || se2 === null) return null;
  const difference = first.value - second.value;
  if (!(se1 > 0 && se2 > 0)) return comparison(difference, difference, difference, 1, confidence);
  const se = Math.hypot(se1, se2);
  const margin = zCritical(confidence) * se;
  return comparison(
    difference,
    difference - margin,
    difference + margin,
    twoSidedNormalP(difference / se),
    confidence,
  );
}

/**
 * Whether two counts (of contacts in two periods, say) differ clearly: each count taken as Poisson,
 * Var(x1 − x2) = x1 + x2 is estimated by the counts themselves, and the difference is clear when
 * |x1 − x2| > z·√(x1 + x2) (the normal approximation to the Poisson difference; e.g. Cox & Lewis 1966,
 * The Statistical Analysis of Series of Events). No interval is given: a count has no sampling
 * population the reader would recognise. pValue is 1 when both counts are 0.
 */
export function compareCounts(
  x1: number,
  x2: number,
  confidence = 0.95,
): { difference: number; pValue: number; clear: boolean } {
  checkCount('x1', x1);
  checkCount('x2', x2);
  checkConfidence(confidence);
  const difference = x1 - x2;
  const se = Math.sqrt(x1 + x2);
  const pValue = se > 0 ? twoSidedNormalP(difference / se) : 1;
  return { difference, pValue, clear: Math.abs(difference) > zCritical(confidence) * se };
}

/**
 * Per-comparison confidence that keeps the family-wise error rate at 1 − confidence over `comparisons`
 * tests: 1 − (1 − confidence)/comparisons (Bonferroni; Dunn 1961, JASA 56:52–64). Conservative but valid
 * under any dependence, e.g. when every agent is compared with a team that contains them.
 */
export function bonferroniConfidence(confidence: number, comparisons: number): number {
  checkConfidence(confidence);
  if (!Number.isInteger(comparisons) || comparisons < 1) {
    throw new RangeError(`comparisons must be an integer >= 1, got ${comparisons}`);
  }
  return 1 - (1 - confidence) / comparisons;
}
