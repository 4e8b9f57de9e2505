/**
 * How resource.Quantity prints itself (Quantity.String → CanonicalizeBytes): the suffix family
 * the user chose (binary Ki..Ei, decimal n..E, or an exponent), with the largest unit that keeps
 * the mantissa whole: 1024Mi → 1Gi, 2000m → 2, 0.5 → 500m. Messages quote quantities this way.
 */
import { parseQuantity } from '../quantity';

/** The regex the API server's JSON decoder reports for unparsable quantities. */
export const QUANTITY_REGEX_MESSAGE = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

const BINARY: Array<[string, number]> = [['Ei', 60], ['Pi', 50], ['Ti', 40], ['Gi', 30], ['Mi', 20], ['Ki', 10]];
const DECIMAL: Array<[string, number]> = [['E', 18], ['P', 15], ['T', 12], ['G', 9], ['M', 6], ['k', 3], ['', 0], ['m', -3], ['u', -6], ['n', -9]];

function isWhole(x: number): boolean {
  return Math.abs(x - Math.round(x)) < 1e-9 * Math.max(1, Math.abs(x));
}

/** Canonical text of a quantity, or the input unchanged if it does not parse. */
export function canonicalQuantity(text: string | number): string {
  const value = parseQuantity(text);
  if (value === undefined) return String(text);
  if (value === 0) return '0';
  const s = String(text).trim();
  const binary = /[KMGTPE]i$/.test(s);
  const exponent = /\d[eE][+-]?\d+$/.test(s);
  if (binary && isWhole(value)) {
    for (const [suffix, power] of BINARY) {
      const unit = 2 ** power;
      if (Math.abs(value) >= unit && isWhole(value / unit)) return `${Math.round(value / unit)}${suffix}`;
    }
    return String(Math.round(value));
  }
  for (const [suffix, power] of DECIMAL) {
    const mantissa = value / 10 ** power;
    if (Math.abs(mantissa) >= 1 && isWhole(mantissa)) {
      const m = Math.round(mantissa);
      return exponent ? (power ? `${m}e${power}` : `${m}`) : `${m}${suffix}`;
    }
  }
  // Below a nano unit Go rounds up to 1n.
  return '1n';
}
