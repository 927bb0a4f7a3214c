/**
 * The operation catalog: the single source of truth for document kinds, their lifecycles and the ERP APIs
 * behind every operation. Adding a document kind = one file under documents/ + one line here + a mapping per ERP.
 */
import { workOrder } from './documents/work-order';
import { stockIn } from './documents/stock-in';
import { COMMON_INPUT_FIELDS, ERPS } from './types';
import type { Action, CatalogRow, Composite, DocumentKind, Erp, Operation, OperationRow } from './types';
import { actionsOf, COMPOSITE_STEPS, compositesOf, reverseSteps } from './lifecycle';
import type { CatalogStep } from './types';

export * from './types';
export * from './lifecycle';

export const DOCUMENT_KINDS: readonly DocumentKind[] = [workOrder, stockIn];

const byType = new Map(DOCUMENT_KINDS.map((kind) => [kind.type, kind]));

export function documentKind(type: string): DocumentKind | undefined {
  return byType.get(type);
}

export interface ResolvedOperation extends Required<OperationRow> {
  readonly erp: Erp;
  readonly document: string;
  readonly operation: Operation;
  readonly standard: string;
}

/** The ERP API for one operation, with the binding's defaults filled in; undefined when the ERP has none. */
export function operationFor(kind: DocumentKind, erp: Erp, operation: Operation): ResolvedOperation | undefined {
  const binding = kind.erps[erp];
  const row = binding?.operations[operation];
  if (!binding || !row) return undefined;
  return {
    erp,
    document: kind.type,
    operation,
    standard: binding.standard,
    api: row.api,
    kind: row.kind ?? binding.defaults.kind,
    formats: row.formats ?? binding.defaults.formats,
    description: row.description ?? '',
  };
}

/** GraphQL Query/Mutation field that runs an operation. */
export function graphqlFieldFor(kind: DocumentKind, operation: Operation): string {
  if (operation === 'read') return kind.field;
  if (operation === 'list') return kind.plural;
  return `${operation}${kind.type}`;
}

/** Mutations of a kind: its lifecycle's actions and the composites its lifecycle supports. */
export function mutationsOf(kind: DocumentKind): { actions: Action[]; composites: Composite[] } {
  return { actions: actionsOf(kind.lifecycle), composites: compositesOf(kind.lifecycle) };
}

/** The actions a composite runs as a saga, in order (reverse: every backward action; a document takes a suffix). */
export function sagaActions(kind: DocumentKind, composite: Composite): Action[] {
  return composite === 'reverse' ? reverseSteps(kind.lifecycle) : [...COMPOSITE_STEPS[composite]];
}

/**
 * The saga steps of a composite on one ERP, or undefined when the ERP runs it as one customized call or lacks
 * one of the steps' APIs.
 */
export function sagaStepsFor(kind: DocumentKind, erp: Erp, composite: Composite): CatalogStep[] | undefined {
  if (operationFor(kind, erp, composite)) return undefined;
  const steps = sagaActions(kind, composite).map((action) => ({ action, apiName: operationFor(kind, erp, action)?.api }));
  if (steps.some((step) => !step.apiName)) return undefined;
  return steps as CatalogStep[];
}

/** Every catalog row, flat, in catalog order: what `apiCatalog` serves, saga composites included. */
export function catalogRows(): CatalogRow[] {
  const rows: CatalogRow[] = [];
  for (const kind of DOCUMENT_KINDS) {
    for (const erp of ERPS) {
      const binding = kind.erps[erp];
      if (!binding) continue;
      const program = (binding.programs ?? kind.programs).join('/');
      for (const operation of Object.keys(binding.operations) as Operation[]) {
        const resolved = operationFor(kind, erp, operation)!;
        rows.push({
          erp,
          document: kind.type,
          program,
          operation,
          apiName: resolved.api,
          kind: resolved.kind,
          steps: [],
          formats: resolved.formats,
          standard: resolved.standard,
          graphqlField: graphqlFieldFor(kind, operation),
          description: resolved.description,
        });
      }
      for (const composite of compositesOf(kind.lifecycle)) {
        const steps = sagaStepsFor(kind, erp, composite);
        if (!steps) continue;
        rows.push({
          erp,
          document: kind.type,
          program,
          operation: composite,
          apiName: null,
          kind: 'SAGA',
          steps,
          formats: binding.defaults.formats,
          standard: binding.standard,
          graphqlField: graphqlFieldFor(kind, composite),
          description: `gateway saga: ${steps.map((step) => step.action).join(' → ')}`,
        });
      }
    }
  }
  return rows;
}

export { COMMON_INPUT_FIELDS };
