/**
 * The operation catalog: the single source of truth for document kinds, their lifecycles and the ERP APIs
 * behind every operation. Adding a document kind = one file under documents/ + one line here, and per ERP a mapping
 * (datasources/<erp>/mapping/) and a sandbox file (sandbox/<erp>/documents/).
 */
import { inspectionReturn } from './documents/inspection-return';
import { issuingNote } from './documents/issuing-note';
import { miscIssue } from './documents/misc-issue';
import { miscReceipt } from './documents/misc-receipt';
import { pickingReturn } from './documents/picking-return';
import { purchaseChange } from './documents/purchase-change';
import { purchaseOrder } from './documents/purchase-order';
import { purchaseReceipt } from './documents/purchase-receipt';
import { purchaseStockIn } from './documents/purchase-stock-in';
import { stationScrap } from './documents/station-scrap';
import { stationStockIn } from './documents/station-stock-in';
import { stockIn } from './documents/stock-in';
import { transfer } from './documents/transfer';
import { workOrder } from './documents/work-order';
import { workOrderChange } from './documents/work-order-change';
import { workReport } from './documents/work-report';
import { ACTIONS, COMMON_INPUT_FIELDS, COMPOSITES, ERPS } from './types';
import type { Action, ApiKind, CatalogRow, Composite, CustomizedShape, DocumentKind, Erp, LifecycleName, Operation, OperationRow, WireFormat } from './types';
import { actionsOf, COMPOSITE_STEPS, compositesOf, reverseSteps } from './lifecycle';
import type { CatalogStep } from './types';

export * from './types';
export * from './lifecycle';

export const DOCUMENT_KINDS: readonly DocumentKind[] = [
  workOrder,
  workOrderChange,
  issuingNote,
  pickingReturn,
  workReport,
  stationStockIn,
  stationScrap,
  stockIn,
  purchaseOrder,
  purchaseChange,
  purchaseReceipt,
  inspectionReturn,
  purchaseStockIn,
  miscReceipt,
  miscIssue,
  transfer,
];

const byType = new Map(DOCUMENT_KINDS.map((kind) => [kind.type, kind]));

export function documentKind(type: string): DocumentKind | undefined {
  return byType.get(type);
}

export interface ResolvedOperation {
  readonly erp: Erp;
  readonly document: string;
  readonly operation: Operation;
  readonly standard: string;
  readonly api: string;
  readonly kind: ApiKind;
  readonly formats: readonly WireFormat[];
  readonly description: string;
  /** The programs the row is limited to; empty: every program of the document. */
  readonly programs: readonly string[];
  readonly alternative: boolean;
  readonly shape: CustomizedShape;
}

/** Every row of one operation on one ERP, in catalog order. */
function rowsOf(kind: DocumentKind, erp: Erp, operation: Operation): readonly OperationRow[] {
  const entry = kind.erps[erp]?.operations[operation];
  if (!entry) return [];
  return Array.isArray(entry) ? (entry as readonly OperationRow[]) : [entry as OperationRow];
}

function resolve(kind: DocumentKind, erp: Erp, operation: Operation, row: OperationRow): ResolvedOperation {
  const binding = kind.erps[erp]!;
  return {
    erp,
    document: kind.type,
    operation,
    standard: row.standard ?? binding.standard,
    api: row.api,
    kind: row.kind ?? binding.defaults.kind,
    formats: row.formats ?? binding.defaults.formats,
    description: row.description ?? '',
    programs: row.programs ?? [],
    alternative: row.alternative ?? false,
    shape: row.shape ?? {},
  };
}

/**
 * The ERP API for one operation, with the binding's defaults filled in; undefined when the ERP has none (for that
 * program). A row limited to programs serves only those; an alternative row is taken only when asked for.
 */
export function operationFor(
  kind: DocumentKind,
  erp: Erp,
  operation: Operation,
  options: { program?: string | null; alternative?: boolean } = {},
): ResolvedOperation | undefined {
  const fitting = rowsOf(kind, erp, operation).filter(
    (row) => !row.programs || (options.program !== undefined && options.program !== null && row.programs.includes(options.program)),
  );
  const row = fitting.find((candidate) => Boolean(candidate.alternative) === Boolean(options.alternative)) ?? fitting.find((candidate) => !candidate.alternative);
  return row ? resolve(kind, erp, operation, row) : undefined;
}

/** Every resolved row of a kind on one ERP, in catalog order. */
export function resolvedRows(kind: DocumentKind, erp: Erp): ResolvedOperation[] {
  const binding = kind.erps[erp];
  if (!binding) return [];
  return (Object.keys(binding.operations) as Operation[]).flatMap((operation) => rowsOf(kind, erp, operation).map((row) => resolve(kind, erp, operation, row)));
}

/** The lifecycle of a kind on one ERP (design §2: per-ERP lifecycles). */
export function lifecycleOf(kind: DocumentKind, erp: Erp): LifecycleName {
  return kind.erps[erp]?.lifecycle ?? kind.lifecycle;
}

/** GraphQL Query/Mutation field that runs an operation. */
export function graphqlFieldFor(kind: DocumentKind, operation: Operation): string {
  if (operation === 'read') return kind.field;
  if (operation === 'list') return kind.plural;
  return `${operation}${kind.type}`;
}

/**
 * Mutations of a kind: every action and composite any of its ERPs' lifecycles has, in catalog order (an ERP
 * without one answers UNSUPPORTED_ACTION).
 */
export function mutationsOf(kind: DocumentKind): { actions: Action[]; composites: Composite[] } {
  const lifecycles = [kind.lifecycle, ...(Object.values(kind.erps).map((binding) => binding?.lifecycle).filter(Boolean) as LifecycleName[])];
  const actions = new Set(lifecycles.flatMap(actionsOf));
  const composites = new Set(lifecycles.flatMap(compositesOf));
  return { actions: ACTIONS.filter((action) => actions.has(action)), composites: COMPOSITES.filter((composite) => composites.has(composite)) };
}

/** The actions a composite runs as a saga, in order (reverse: every backward action; a document takes a suffix). */
function sagaActions(kind: DocumentKind, erp: Erp, composite: Composite): Action[] {
  return composite === 'reverse' ? reverseSteps(lifecycleOf(kind, erp)) : [...COMPOSITE_STEPS[composite]];
}

/**
 * The saga steps of a composite on one ERP, or undefined when the ERP runs it as one customized call or lacks
 * one of the steps' APIs.
 */
export function sagaStepsFor(kind: DocumentKind, erp: Erp, composite: Composite): CatalogStep[] | undefined {
  if (rowsOf(kind, erp, composite).some((row) => !row.programs)) return undefined;
  if (!compositesOf(lifecycleOf(kind, erp)).includes(composite)) return undefined;
  const steps = sagaActions(kind, erp, composite).map((action) => ({ action, apiName: operationFor(kind, erp, action)?.api }));
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
      for (const resolved of resolvedRows(kind, erp)) {
        rows.push({
          erp,
          document: kind.type,
          program: resolved.programs.length > 0 ? resolved.programs.join('/') : program,
          operation: resolved.operation,
          apiName: resolved.api,
          kind: resolved.kind,
          steps: [],
          formats: resolved.formats,
          standard: resolved.standard,
          graphqlField: graphqlFieldFor(kind, resolved.operation),
          description: resolved.description,
        });
      }
      for (const composite of compositesOf(lifecycleOf(kind, erp))) {
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
