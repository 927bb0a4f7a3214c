/**
 * Scalars. `Date` is a calendar date `YYYY-MM-DD` kept as a string end to end: ERP dates have no time zone,
 * and turning them into JS Dates would shift them across midnight.
 */
import { GraphQLError, GraphQLScalarType, Kind, print } from 'graphql';
import { GraphQLDateTime, GraphQLJSON } from 'graphql-scalars';
import { parseDecimal } from '../src/catalog/decimal';

const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

function validDate(value: string): boolean {
  if (!DATE_PATTERN.test(value)) return false;
  const [year, month, day] = value.split('-').map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function parseDate(value: unknown): string {
  if (typeof value !== 'string' || !validDate(value)) {
    throw new GraphQLError(`Date must be a calendar date YYYY-MM-DD, got ${JSON.stringify(value)}`, {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  return value;
}

export const DateScalar = new GraphQLScalarType({
  name: 'Date',
  description: 'A calendar date, YYYY-MM-DD (no time zone).',
  serialize: (value) => (typeof value === 'string' ? value : parseDate(value)),
  parseValue: parseDate,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) {
      throw new GraphQLError('Date must be a string YYYY-MM-DD', { extensions: { code: 'BAD_USER_INPUT' } });
    }
    return parseDate(ast.value);
  },
});

export const JSONScalar = new GraphQLScalarType({
  ...GraphQLJSON.toConfig(),
  description: 'Any JSON value: ERP-specific fields passed through as the ERP names them.',
});

// ── Decimal ──────────────────────────────────────────────────────────────────────────────────────────────

function badDecimal(value: unknown): GraphQLError {
  return new GraphQLError(`Decimal must be a decimal number as a string ("12.5") or a number, got ${JSON.stringify(value)}`, {
    extensions: { code: 'BAD_USER_INPUT' },
  });
}

function toDecimalString(value: unknown): string {
  const decimal = parseDecimal(value);
  if (decimal === undefined) throw badDecimal(value);
  return decimal;
}

export const DecimalScalar = new GraphQLScalarType({
  name: 'Decimal',
  description:
    'A decimal number, exact: a string on the wire ("12.500", keeping the ERP\'s precision); input accepts a string or a number.',
  serialize: (value) => toDecimalString(value),
  parseValue: (value) => toDecimalString(value),
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING && ast.kind !== Kind.INT && ast.kind !== Kind.FLOAT) throw badDecimal(print(ast));
    // A float literal in exponent form (1e3) is the number it writes, as a variable with the same JSON would be.
    return toDecimalString(ast.kind === Kind.FLOAT && /e/i.test(ast.value) ? Number(ast.value) : ast.value);
  },
});

/** An instant with offset (RFC 3339), e.g. `2026-11-24T08:30:00Z`; used for modification times. */
export const DateTimeScalar = GraphQLDateTime;
