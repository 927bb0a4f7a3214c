/**
 * Single lifecycle actions and input validation. Existing documents are read first, so an illegal step is refused
 * with INVALID_TRANSITION before any mutating ERP call; every answer is the document read back from the ERP.
 */
import type { CanonicalDocument, CanonicalInput } from '../src/catalog/canonical';
import { parseDecimal, sameValue, signOf } from '../src/catalog/decimal';
import { DOCUMENT_KINDS, lifecycleOf } from '../src/catalog';
import { checkTransition, LIFECYCLES } from '../src/catalog/lifecycle';
import { LINE_EXTRA_FIELDS, type Action, type DocumentKind } from '../src/catalog/types';
import { BadUserInputError, InvalidTransitionError, UnsupportedActionError } from '../src/errors';
import { currentDocument, readBack, withResult } from '../datasources/documents';
import { settledCreate } from '../src/saga/composite';
import type { ErpDatasource } from '../datasources/types';

/**
 * Check what the schema cannot. Takes input already made plain by its caller (GraphQL input class instances
 * cloned to JSON once, the form the idempotency fingerprint also uses), and answers it unchanged.
 */
export function validateInput(kind: DocumentKind, input: CanonicalInput, mode: 'create' | 'update'): CanonicalInput {
  const plain = input ?? {};
  if (mode === 'create') {
    for (const field of kind.fields) {
      const value = plain[field.name];
      if (field.requiredOnCreate && (value === undefined || value === null || value === '')) {
        throw new BadUserInputError(`input.${field.name}`, `${kind.type} needs input.${field.name} to be created`);
      }
    }
    if (kind.linesRequired && (!plain.lines || plain.lines.length === 0)) {
      throw new BadUserInputError('input.lines', `${kind.type} needs at least one line`);
    }
    // A change document is numbered after, and applied to, its target: it cannot exist without one.
    if (kind.changes && !(typeof plain[kind.changes.by] === 'string' && (plain[kind.changes.by] as string).trim() !== '')) {
      throw new BadUserInputError(`input.${kind.changes.by}`, `${kind.type} needs input.${kind.changes.by}: the ${kind.changes.target} it changes`);
    }
  }
  if (plain.program !== undefined && plain.program !== null && !programsOf(kind).includes(String(plain.program))) {
    throw new BadUserInputError('input.program', `${kind.type} programs are ${programsOf(kind).join(', ')}`);
  }
  checkErpFields(plain.erpFields, 'input.erpFields');
  plain.lines?.forEach((line, index) => {
    if (!line.itemNo || line.itemNo.trim() === '') {
      throw new BadUserInputError(`input.lines[${index}].itemNo`, `line ${index + 1} needs an itemNo`);
    }
    const quantity = parseDecimal(line.quantity);
    if (quantity === undefined || signOf(quantity) <= 0) {
      throw new BadUserInputError(`input.lines[${index}].quantity`, `line ${index + 1} needs a quantity above 0`);
    }
    checkWirePrecision(quantity, `input.lines[${index}].quantity`);
    checkErpFields(line.erpFields, `input.lines[${index}].erpFields`);
    if ((kind.lineFields ?? []).includes('toWarehouse') && line.toWarehouse) {
      const blank = (value: string | null | undefined): string => (value ?? '').trim();
      if ([line.warehouse, line.location, line.lot].map(blank).join('\u0000') === [line.toWarehouse, line.toLocation, line.toLot].map(blank).join('\u0000')) {
        throw new BadUserInputError(`input.lines[${index}].toWarehouse`, `line ${index + 1} moves stock to the place it comes from (same warehouse, location and lot)`);
      }
    }
    for (const extra of LINE_EXTRA_FIELDS) {
      const value = line[extra];
      if (value !== undefined && value !== null && !(kind.lineFields ?? []).includes(extra)) {
        throw new BadUserInputError(`input.lines[${index}].${extra}`, `${kind.type} lines have no ${extra} (only ${kindsWithLineField(extra)} do)`);
      }
      if ((kind.lineFields ?? []).includes(extra) && extra === 'toWarehouse' && (value === undefined || value === null || String(value).trim() === '') && mode === 'create') {
        throw new BadUserInputError(`input.lines[${index}].toWarehouse`, `line ${index + 1} needs a toWarehouse: where the ${kind.type} takes it`);
      }
    }
  });
  for (const field of kind.fields) {
    const value = plain[field.name];
    if (field.type !== 'Decimal' || value === undefined || value === null) continue;
    const decimal = parseDecimal(value);
    if (decimal === undefined || signOf(decimal) < 0) {
      throw new BadUserInputError(`input.${field.name}`, `input.${field.name} must be a number of at least 0`);
    }
    checkWirePrecision(decimal, `input.${field.name}`);
  }
  return plain;
}

/** The kinds whose lines take a field, for the message refusing it elsewhere. */
function kindsWithLineField(field: string): string {
  return DOCUMENT_KINDS.filter((candidate) => (candidate.lineFields ?? []).includes(field as never)).map((candidate) => candidate.type).join(', ') || 'no document kinds';
}

const PROGRAMS = new WeakMap<DocumentKind, string[]>();

/** Every program a kind has, on any ERP (catalog data: worked out once per kind). */
function programsOf(kind: DocumentKind): string[] {
  let programs = PROGRAMS.get(kind);
  if (!programs) {
    programs = [...new Set([...kind.programs, ...Object.values(kind.erps).flatMap((binding) => binding?.programs ?? [])])];
    PROGRAMS.set(kind, programs);
  }
  return programs;
}

/** erpFields are named fields: an object, never a list or a scalar (whose indexes would become field names). */
function checkErpFields(value: unknown, field: string): void {
  if (value === undefined || value === null) return;
  if (typeof value !== 'object' || Array.isArray(value)) throw new BadUserInputError(field, `${field} must be an object of ERP field names to values`);
  checkErpValue(value, field, 0);
}

/**
 * What every ERP wire here can carry for a pass-through field: a scalar, a record of such values (Kingdee's
 * `{FNumber}`), or a list of records (detail rows) — never a list of scalars or of nulls, which no envelope has a
 * form for, nor anything nested deeper than five levels.
 */
function checkErpValue(value: unknown, field: string, depth: number): void {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return;
  if (depth >= 5) throw new BadUserInputError(field, `${field} is nested too deeply for an ERP field`);
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      if (item === null || typeof item !== 'object' || Array.isArray(item)) throw new BadUserInputError(`${field}[${index}]`, `${field} may list records only (detail rows), not ${item === null ? 'null' : typeof item}`);
      checkErpValue(item, `${field}[${index}]`, depth + 1);
    });
    return;
  }
  if (typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) checkErpValue(item, `${field}.${key}`, depth + 1);
    return;
  }
  throw new BadUserInputError(field, `${field} is not a JSON value`);
}

/**
 * ERP wires carry quantities as JSON numbers (protocols §4.2): a quantity with more significant digits than a
 * double holds exactly would arrive rounded, so it is refused instead of changed silently.
 */
function checkWirePrecision(decimal: string, field: string): void {
  if (!sameValue(decimal, Number(decimal))) throw new BadUserInputError(field, `${field} has more digits than the ERP can take (${decimal})`);
}

/** What a single action leaves: the document as the ERP now holds it, or, after a delete, its number. */
export type ActionOutcome = { readonly document: CanonicalDocument } | { readonly deletedDocNo: string };

/** A create, settled by its gateway reference (src/saga/composite.ts): once, whatever the network did. */
export async function runCreate(kind: DocumentKind, datasource: ErpDatasource, input: CanonicalInput, reference: string, retry: boolean): Promise<ActionOutcome> {
  return { document: await settledCreate(kind, datasource, input, reference, retry) };
}

export async function runAction(
  kind: DocumentKind,
  datasource: ErpDatasource,
  action: Exclude<Action, 'create'>,
  docNo: string,
  input?: CanonicalInput,
): Promise<ActionOutcome> {
  const lifecycle = lifecycleOf(kind, datasource.erp);
  if (!LIFECYCLES[lifecycle][action]) throw new UnsupportedActionError(kind.type, action, datasource.connection, datasource.erp);
  const before = await currentDocument(kind, datasource, docNo);
  const check = checkTransition(lifecycle, before.status, action);
  if (!check.ok) throw new InvalidTransitionError(kind.type, docNo, before.status, action);
  const result = await datasource.execute(kind, action, { docNo, input });
  if (action === 'delete') return { deletedDocNo: docNo };
  const known = (): CanonicalDocument =>
    action === 'update' ? { ...before, ...input, lines: input?.lines ?? before.lines, docNo } : withResult(before, result);
  return { document: await readBack(kind, datasource, docNo, known) };
}
