/**
 * Condition evaluation shared by the Digiwin sandboxes (T100 and TIPTOP; protocols/digiwin.md §6): a std_data
 * condition `{field_name|name, operator, value}` with the operators =, <>, !=, >, >=, <, <=, LIKE, IN, NOT IN and
 * BETWEEN, numbers compared as numbers when both sides are numeric, quoted values unquoted ('' is one quote).
 */
import type { StdRecord } from '../../datasources/common/digiwin/envelope-types';

/** A business refusal: execution code (an ERP message id) and its text. */
export class Refusal extends Error {
  constructor(
    readonly code: string,
    readonly description: string,
  ) {
    super(description);
  }
}

function text(value: unknown): string {
  return value === null || value === undefined ? '' : String(value).trim();
}

function unquote(value: string): string {
  const trimmed = value.trim();
  return /^'.*'$/s.test(trimmed) ? trimmed.slice(1, -1).replace(/''/g, "'") : trimmed;
}

function listOf(value: string): string[] {
  return value
    .trim()
    .replace(/^\(|\)$/g, '')
    .split(',')
    .map(unquote);
}

/** Numbers as numbers when both sides are numeric, else text order. */
export function compare(a: unknown, b: unknown): number {
  const [left, right] = [text(a), text(b)];
  const [x, y] = [Number(left), Number(right)];
  if (left !== '' && right !== '' && Number.isFinite(x) && Number.isFinite(y)) return x - y;
  return left < right ? -1 : left > right ? 1 : 0;
}

function test(actual: unknown, operator: string, raw: string): boolean {
  switch (operator) {
    case '=':
      return compare(actual, unquote(raw)) === 0;
    case '<>':
    case '!=':
      return compare(actual, unquote(raw)) !== 0;
    case '>':
      return compare(actual, unquote(raw)) > 0;
    case '>=':
      return compare(actual, unquote(raw)) >= 0;
    case '<':
      return compare(actual, unquote(raw)) < 0;
    case '<=':
      return compare(actual, unquote(raw)) <= 0;
    case 'LIKE': {
      const pattern = unquote(raw).replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*').replace(/_/g, '.');
      return new RegExp(`^${pattern}$`, 's').test(text(actual));
    }
    case 'IN':
      return listOf(raw).some((value) => compare(actual, value) === 0);
    case 'NOT IN':
      return !listOf(raw).some((value) => compare(actual, value) === 0);
    case 'BETWEEN': {
      const [low, high] = raw.split(/\s+AND\s+/i).map(unquote);
      return compare(actual, low) >= 0 && compare(actual, high) <= 0;
    }
    default:
      throw new Refusal('-1', `operator ${operator} 不支援`);
  }
}

/**
 * A condition on a wire name: the head's field, else any line's (a field name from the request: own keys only).
 * `records` reads the detail's lines as the calling sandbox does.
 */
export function matches(record: StdRecord, detail: string, condition: StdRecord, records: (value: unknown) => StdRecord[]): boolean {
  const field = text(condition.field_name ?? condition.name);
  const operator = text(condition.operator ?? '=').toUpperCase();
  const value = text(condition.value);
  if (Object.hasOwn(record, field)) return test(record[field], operator, value);
  return records(record[detail]).some((line) => Object.hasOwn(line, field) && test(line[field], operator, value));
}
