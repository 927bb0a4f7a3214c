/**
 * Decimal quantities as canonical strings. Pure; shared by the `Decimal` scalar, validation and the ERP mappings,
 * so a quantity keeps the ERP's precision end to end (`12.500` stays `12.500`).
 */
import Decimal from 'decimal.js';

/** Plain decimal notation only: no exponent, no hex, no Infinity/NaN (all of which decimal.js would accept). */
const DECIMAL_PATTERN = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
const MAX_DECIMAL_DIGITS = 38;

/**
 * A decimal as a canonical string — no exponent, no leading `+`, no superfluous leading zeros, trailing zeros kept —
 * or undefined when the value is not a decimal. Numbers are read from their shortest round-trip text, so `0.1` is
 * `"0.1"`, never `"0.1000000000000000055…"`.
 */
export function parseDecimal(value: unknown): string | undefined {
  let text: string;
  if (typeof value === 'number') {
    // A JSON integer past 2^53 was already rounded by the parser: refused rather than taken as another number.
    if (!Number.isFinite(value) || (Number.isInteger(value) && !Number.isSafeInteger(value))) return undefined;
    text = new Decimal(value).toFixed();
  } else if (typeof value === 'string' && DECIMAL_PATTERN.test(value.trim())) {
    const trimmed = value.trim();
    const decimals = /\.(\d*)$/.exec(trimmed)?.[1] ?? '';
    text = new Decimal(trimmed).toFixed(decimals.length);
  } else {
    return undefined;
  }
  if (text === '-0' || /^-0\.0*$/.test(text)) text = text.slice(1);
  return text.replace(/[-.]/g, '').length > MAX_DECIMAL_DIGITS ? undefined : text;
}

/** Sign of a canonical decimal string: -1, 0 or 1. */
export function signOf(decimal: string): -1 | 0 | 1 {
  return new Decimal(decimal).comparedTo(0) as -1 | 0 | 1;
}

/** Whether a canonical decimal and a JS number are the same value. */
export function sameValue(decimal: string, number: number): boolean {
  return Number.isFinite(number) && new Decimal(number).eq(decimal);
}
