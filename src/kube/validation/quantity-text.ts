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

/** resource.Format: the suffix family a quantity was written in, which it keeps when printed. */
export type QuantityFormat = 'BinarySI' | 'DecimalSI' | 'DecimalExponent';

/** The format a quantity's text selects (resource.ParseQuantity); DecimalSI for plain numbers. */
export function quantityFormat(text: string | number): QuantityFormat {
  const s = String(text).trim();
  if (/[KMGTPE]i$/.test(s)) return 'BinarySI';
  return /\d[eE][+-]?\d+$/.test(s) ? 'DecimalExponent' : 'DecimalSI';
}

/** Canonical text of a quantity, or the input unchanged if it does not parse. */
export function canonicalQuantity(text: string | number): string {
  const value = parseQuantity(text);
  return value === undefined ? String(text) : formatQuantity(value, quantityFormat(text));
}

/** Quantity.String of a value in a format (a sum keeps the format of its operands, see resource-list). */
export function formatQuantity(value: number, format: QuantityFormat): string {
  if (value === 0) return '0';
  if (format === 'BinarySI' && isWhole(value)) {
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
      return format === 'DecimalExponent' ? (power ? `${m}e${power}` : `${m}`) : `${m}${suffix}`;
    }
  }
  // Below a nano unit Go rounds up to 1n.
  return '1n';
}
