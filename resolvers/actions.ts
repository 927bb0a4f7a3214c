/**
 * Single lifecycle actions and input validation. Existing documents are read first, so an illegal step is refused
 * with INVALID_TRANSITION before any mutating ERP call; every answer is the document read back from the ERP.
 */
import type { CanonicalDocument, CanonicalInput } from '../src/catalog/canonical';
import { parseDecimal, signOf } from '../src/catalog/decimal';
import { checkTransition } from '../src/catalog/lifecycle';
import type { Action, DocumentKind } from '../src/catalog/types';
import { BadUserInputError, InvalidTransitionError } from '../src/errors';
import { composedDocument, currentDocument, readBack, withResult } from '../datasources/documents';
import type { ErpDatasource } from '../datasources/types';

/** Strip GraphQL input class instances to plain canonical input, and check what the schema cannot. */
export function validateInput(kind: DocumentKind, input: CanonicalInput, mode: 'create' | 'update'): CanonicalInput {
  const plain = JSON.parse(JSON.stringify(input ?? {})) as CanonicalInput;
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
  }
  plain.lines?.forEach((line, index) => {
    if (!line.itemNo || line.itemNo.trim() === '') {
      throw new BadUserInputError(`input.lines[${index}].itemNo`, `line ${index + 1} needs an itemNo`);
    }
    const quantity = parseDecimal(line.quantity);
    if (quantity === undefined || signOf(quantity) <= 0) {
      throw new BadUserInputError(`input.lines[${index}].quantity`, `line ${index + 1} needs a quantity above 0`);
    }
  });
  for (const field of kind.fields) {
    const value = plain[field.name];
    if (field.type !== 'Decimal' || value === undefined || value === null) continue;
    const decimal = parseDecimal(value);
    if (decimal === undefined || signOf(decimal) < 0) {
      throw new BadUserInputError(`input.${field.name}`, `input.${field.name} must be a number of at least 0`);
    }
  }
  return plain;
}

/** What a single action leaves: the document as the ERP now holds it, or, after a delete, its number. */
export type ActionOutcome = { readonly document: CanonicalDocument } | { readonly deletedDocNo: string };

export async function runCreate(kind: DocumentKind, datasource: ErpDatasource, input: CanonicalInput): Promise<ActionOutcome> {
  const result = await datasource.execute(kind, 'create', { input });
  return { document: await readBack(kind, datasource, result.docNo, () => composedDocument(input, result)) };
}

export async function runAction(
  kind: DocumentKind,
  datasource: ErpDatasource,
  action: Exclude<Action, 'create'>,
  docNo: string,
  input?: CanonicalInput,
): Promise<ActionOutcome> {
  const before = await currentDocument(kind, datasource, docNo);
  const check = checkTransition(kind.lifecycle, before.status, action);
  if (!check.ok) throw new InvalidTransitionError(kind.type, docNo, before.status, action);
  const result = await datasource.execute(kind, action, { docNo, input });
  if (action === 'delete') return { deletedDocNo: docNo };
  const known = (): CanonicalDocument =>
    action === 'update' ? { ...before, ...input, lines: input?.lines ?? before.lines, docNo } : withResult(before, result);
  return { document: await readBack(kind, datasource, docNo, known) };
}
