/**
 * A resource.Quantity as the API server holds it after decoding a request (apimachinery
 * pkg/api/resource/quantity.go ParseQuantity, parseQuantityString), for what validation reads of
 * it and how an error prints it:
 *
 * - ParseQuantity keeps a value in an int64 mantissa and a base-10 scale when it fits (`i`), and
 *   the original text (`s`) when that text is already canonical; anything else goes to an
 *   arbitrary-precision inf.Dec (`d`) rounded up to nano units.
 * - MilliValue rounds away from zero to a whole number of milli-units, so `1.9999` counts as whole
 *   (the check ValidateResourceQuantityValue makes is `MilliValue() % 1000 == 0`).
 * - A Quantity passed by value to field.Invalid is no fmt.Stringer (String has a pointer
 *   receiver): up to 1.33 the error shows its Go syntax (`resource.Quantity{i:..., s:"1500m",
 *   Format:"DecimalSI"}`), from 1.34 its JSON, the canonical text.
 *
 * Not modelled: MilliValue's saturation at the int64 range (values from about 9.2P up), and the
 * address of an inf.Dec, which Go prints as a heap pointer: a fixed fake address stands in for it.
 */
import { GoValue, goQuote } from './go-value';
import { canonicalQuantity } from './quantity-text';

interface Parts {
  negative: boolean;
  /** integer digits without leading zeros ("0" when none) */
  num: string;
  /** fraction digits */
  denom: string;
  format: 'DecimalSI' | 'BinarySI' | 'DecimalExponent';
  base: 2 | 10;
  exponent: number;
}

const DECIMAL_SUFFIX: Record<string, number> = { '': 0, n: -9, u: -6, m: -3, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SUFFIX: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const SPLIT = /^([+-]?)0*(\d*)(?:\.(\d*))?([eEinumkKMGTP]*[-+]?\d*)$/;
const MAX_INT64 = 2n ** 63n - 1n;
/** maxInt64Factors: the decimal digits an int64 holds */
const MAX_INT64_DIGITS = 18;
const NANO = -9;
const FAKE_DEC_ADDRESS = '0xc000010020';

function split(text: string): Parts | undefined {
  const m = SPLIT.exec(text.trim());
  if (!m) return undefined;
  const [, sign, num, denom, suffix] = m as unknown as [string, string, string, string | undefined, string];
  let format: Parts['format'];
  let base: 2 | 10 = 10;
  let exponent: number;
  if (suffix in DECIMAL_SUFFIX) [format, exponent] = ['DecimalSI', DECIMAL_SUFFIX[suffix]!];
  else if (suffix in BINARY_SUFFIX) [format, base, exponent] = ['BinarySI', 2, BINARY_SUFFIX[suffix]!];
  else if (/^[eE][-+]?\d+$/.test(suffix)) [format, exponent] = ['DecimalExponent', Number(suffix.slice(1))];
  else return undefined;
  return { negative: sign === '-', num: num || '0', denom: denom ?? '', format, base, exponent };
}

/** Quantity.MilliValue as an exact integer (rounded away from zero), or undefined for bad text. */
export function milliValue(text: string | number): bigint | undefined {
  const p = split(String(text));
  if (!p) return undefined;
  let magnitude = BigInt(p.num + p.denom) * (p.base === 2 ? 2n ** BigInt(p.exponent) : 1n);
  const shift = 3 - p.denom.length + (p.base === 10 ? p.exponent : 0);
  if (shift >= 0) magnitude *= 10n ** BigInt(shift);
  else {
    const unit = 10n ** BigInt(-shift);
    magnitude = (magnitude + unit - 1n) / unit;
  }
  return p.negative ? -magnitude : magnitude;
}

/** ValidateResourceQuantityValue's test of an integer resource's value. */
export function isWholeQuantity(text: string | number): boolean {
  const milli = milliValue(text);
  return milli === undefined || milli % 1000n === 0n;
}

/** The Quantity ParseQuantity makes of `text`, as %#v prints it and encoding/json marshals it. */
export function goQuantityValue(text: string | number): GoValue {
  return new GoValue(quantityGoSyntax(String(text)), canonicalQuantity(text));
}

function quantityGoSyntax(text: string): string {
  const dec = (address: string) => `resource.infDecAmount{Dec:(*inf.Dec)(${address})}`;
  const struct = (value: bigint, scale: number, s: string, format: string, decAddress = 'nil') =>
    `resource.Quantity{i:resource.int64Amount{value:${value}, scale:${scale}}, d:${dec(decAddress)}, s:${goQuote(s)}, Format:${goQuote(format)}}`;
  const trimmed = text.trim();
  if (trimmed === '0') return struct(0n, 0, '0', 'DecimalSI');
  const p = split(trimmed);
  if (!p) return goQuote(text);
  const fast = int64Amount(p, trimmed);
  if (fast) return struct(fast.value, fast.scale, fast.s, p.format);
  // the inf.Dec path: a binary amount strictly between 0 and 1 becomes DecimalSI (ParseQuantity)
  const format = p.format === 'BinarySI' && betweenZeroAndOne(p) ? 'DecimalSI' : p.format;
  return struct(0n, 0, '', format, FAKE_DEC_ADDRESS);
}

function betweenZeroAndOne(p: Parts): boolean {
  const scaled = BigInt(p.num + p.denom) * 2n ** BigInt(p.exponent);
  return scaled > 0n && scaled < 10n ** BigInt(p.denom.length);
}

/** ParseQuantity's int64 fast path: mantissa, scale and the cached text when canonical. */
function int64Amount(p: Parts, text: string): { value: bigint; scale: number; s: string } | undefined {
  let precision: number;
  let scale: number;
  let mantissa = 1n;
  if (p.base === 10) {
    scale = p.exponent;
    precision = MAX_INT64_DIGITS - (p.num.length + p.denom.length);
  } else {
    scale = 0;
    if (p.exponent < 0 || p.denom.length) return undefined;
    mantissa = 2n ** BigInt(p.exponent);
    precision = 15 - p.num.length - Math.trunc((p.exponent * 3) / 10) - 1;
  }
  if (precision < 0) return undefined;
  scale -= p.denom.length;
  if (scale < NANO) return undefined;
  const shifted = p.num + p.denom;
  const digits = BigInt(shifted);
  if (digits > MAX_INT64) return undefined;
  const magnitude = digits * mantissa;
  if (magnitude > MAX_INT64) return undefined;
  const value = p.negative ? -magnitude : magnitude;
  const canonical = p.base === 2
    ? p.exponent % 10 === 0 && (digits & 7n) !== 0n
    : scale % 3 === 0 && !shifted.endsWith('000') && shifted[0] !== '0';
  return { value, scale, s: canonical ? text : '' };
}
