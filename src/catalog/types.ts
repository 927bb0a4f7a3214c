/**
 * The operation catalog's vocabulary. Everything here is plain, JSON-able data: the schema builder, the
 * resolver factory, the sandbox ERPs and the `apiCatalog` query all read the same rows.
 */

/** ERP families the gateway knows. The GraphQL `Erp` enum is these, upper-cased. */
export const ERPS = ['t100', 'tiptop', 'sunlike', 'kingdee', 'jushuitan', 'aiwms'] as const;
export type Erp = (typeof ERPS)[number];

/** Lifecycle actions: each one is a GraphQL mutation `<action><Type>` where the document's lifecycle has it. */
export const ACTIONS = [
  'create',
  'update',
  'delete',
  'approve',
  'disapprove',
  'issue',
  'unissue',
  'post',
  'unpost',
  'void',
] as const;
export type Action = (typeof ACTIONS)[number];

/** Reads: `read` backs `<type>(docNo)` and nested references, `list` backs `<types>(filter, first, after)`. */
const READS = ['read', 'list'] as const;
export type ReadOperation = (typeof READS)[number];

/** Composite mutations: a customized ERP API where the catalog has one, otherwise a saga of actions. */
export const COMPOSITES = ['createAndApprove', 'createAndPost', 'reverse'] as const;
export type Composite = (typeof COMPOSITES)[number];

export type Operation = Action | ReadOperation | Composite;
export const OPERATIONS: readonly Operation[] = [...ACTIONS, ...READS, ...COMPOSITES];

export const DOCUMENT_STATUSES = ['UNAPPROVED', 'APPROVED', 'ISSUED', 'POSTED', 'CLOSED', 'VOID'] as const;
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];

export const API_KINDS = ['OPEN_API', 'CUSTOMIZED'] as const;
export type ApiKind = (typeof API_KINDS)[number];
/** A catalog row's kind: one of the ERP's APIs, or a saga the gateway runs over them. */
export type RowKind = ApiKind | 'SAGA';

export const WIRE_FORMATS = ['JSON', 'XML'] as const;
export type WireFormat = (typeof WIRE_FORMATS)[number];

/**
 * The request and reply shape of a customized (定製型) API, where it differs from the OpenAPI's
 * (protocols/digiwin.md §5.1).
 */
export interface CustomizedShape {
  /** Parameter holding a create's record set (`stock_in_data`); its detail rows go under `detailKey`. */
  readonly dataKey?: string;
  readonly detailKey?: string;
  /** OpenAPI wire name → this API's wire name, head and line. */
  readonly headRenames?: Readonly<Record<string, string>>;
  readonly lineRenames?: Readonly<Record<string, string>>;
  /** The reply parameter that names the created document. */
  readonly replyKey?: string;
  /** The request's `action` parameter (reversals: `cancel`; `issue.wo.item.process`: `create` or `cancel`). */
  readonly action?: string;
  /** The status the one call leaves the document in, where it is not the composite's own (Sunlike ADDDATA: APPROVED). */
  readonly reaches?: DocumentStatus;
  /** One call, several linked documents (protocols §5.1, outsourcing.purchase.stockin.create), in creation order. */
  readonly results?: readonly CustomizedResult[];
}

/**
 * One document a multi-document customized API creates: its type, the reply parameter naming its number, and how
 * its line quantities derive from the request's lines (ASSUMPTION, protocols §5.1: the notes name only the reply
 * keys).
 */
export interface CustomizedResult {
  readonly type: string;
  readonly replyKey: string;
  /** The line quantity: the first of these request line fields that is present. */
  readonly quantity: readonly string[];
  /** Less this request line field (a stock-in takes what was received less what was returned). */
  readonly minus?: string;
  /** Wire field of this document naming the first result's number (a return's and a stock-in's receipt). */
  readonly link?: string;
  /** Not created when every line's quantity comes to zero (no return without rejected goods). */
  readonly optional?: boolean;
}

/** One ERP API behind one operation of one document kind (for some of its programs, or all). */
export interface OperationRow {
  /** The API name exactly as the seed writes it (case-sensitive on the wire). */
  readonly api: string;
  readonly kind?: ApiKind;
  readonly formats?: readonly WireFormat[];
  /** The seed's own description of the API (API說明). */
  readonly description?: string;
  /** Only for these programs of the document (the customized issue API serves asft314 only); all when omitted. */
  readonly programs?: readonly string[];
  /**
   * A customized API offered beside the OpenAPI one for a plain action (design §2): the connection's config picks
   * it (`customizedActions`); the OpenAPI is the default.
   */
  readonly alternative?: boolean;
  readonly shape?: CustomizedShape;
  /** The row's message standard where it differs from the binding's (TIPTOP's customized APIs: TIPTOP自訂標準規範). */
  readonly standard?: string;
}

/** How one ERP exposes one document kind. */
export interface ErpBinding {
  /** The message standard the seed names (互聯中台標準規範, TIPTOP自訂標準規範 …). */
  readonly standard: string;
  /** The ERP program(s) behind the document on this ERP, where they differ from the document's own. */
  readonly programs?: readonly string[];
  /** This ERP's lifecycle for the document, where it differs from the document's (Kingdee submits and audits). */
  readonly lifecycle?: LifecycleName;
  readonly defaults: { readonly kind: ApiKind; readonly formats: readonly WireFormat[] };
  /** Per operation, one row, or several (per program, or an alternative customized API). */
  readonly operations: Partial<Record<Operation, OperationRow | readonly OperationRow[]>>;
}

const FIELD_TYPES = ['String', 'Decimal', 'Int', 'Boolean', 'Date', 'Enum'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** A closed set of values a field takes (IssuingKind …): a GraphQL enum, named once, shared by the kinds using it. */
export interface EnumSpec {
  readonly name: string;
  readonly description: string;
  readonly values: readonly { readonly name: string; readonly description: string }[];
}

/** A per-type field beyond the common `Document` fields (design §2). */
export interface FieldSpec {
  readonly name: string;
  readonly type: FieldType;
  readonly description: string;
  /** false: output only (computed by the ERP, e.g. quantities already issued). Default true. */
  readonly input?: boolean;
  /** Required by `create<Type>`; the resolver answers BAD_USER_INPUT naming it when missing. */
  readonly requiredOnCreate?: boolean;
  /** For `Enum` fields. */
  readonly enum?: EnumSpec;
}

/**
 * A reference from this kind to another by a canonical field (`workOrderNo` → WorkOrder): a `<field>` on this
 * type, batched per request, and on the target an `<inverse>` connection of this kind, one list call per page of
 * parents (a condition on the reference).
 */
export interface ReferenceSpec {
  /** The GraphQL field on this kind (`workOrder`). */
  readonly field: string;
  readonly target: string;
  /** The canonical field holding the target's number, on the head or on any line (`workOrderNo`). */
  readonly by: string;
  /** The connection field on the target listing documents of this kind (`stockIns`). */
  readonly inverse: string;
  readonly description: string;
}

/** The common input fields of stock documents (design §2, canonical input shape). */
export const COMMON_INPUT_FIELDS = [
  'docType',
  'docDate',
  'department',
  'remark',
  'workOrderNo',
  'supplier',
] as const;
export type CommonInputField = (typeof COMMON_INPUT_FIELDS)[number];

/** Line fields only some kinds' lines have (DocumentLine carries them, null elsewhere). */
export const LINE_EXTRA_FIELDS = ['toWarehouse', 'toLocation', 'toLot'] as const;
export type LineExtraField = (typeof LINE_EXTRA_FIELDS)[number];

/**
 * `approveNoVoid`: an ERP whose documents are approved and un-approved but never voided, only deleted while
 * unapproved (Kingdee: Save → Submit → Audit, UnAudit; design §2 per-ERP lifecycles). `confirmedOnCreate`: a
 * document the ERP confirms as it creates it and only ever deletes (Sunlike MRPAG: CHK_MAN set by ADDDATA).
 */
export type LifecycleName = 'workOrder' | 'approveThenPost' | 'approveOnly' | 'approveOnlyNoDisapprove' | 'approveNoVoid' | 'confirmedOnCreate';

/** One document kind: a GraphQL type, its lifecycle and, per ERP, the APIs behind each operation. */
export interface DocumentKind {
  /** GraphQL type name (design §2). */
  readonly type: string;
  /** Singular query field; the plural adds `s`. */
  readonly field: string;
  readonly plural: string;
  readonly description: string;
  /** Program codes as the seeds label them. */
  readonly programs: readonly string[];
  readonly lifecycle: LifecycleName;
  readonly fields: readonly FieldSpec[];
  /**
   * Line fields beyond the common ones that this kind's lines take (a transfer's destination: toWarehouse,
   * toLocation, toLot); refused on the lines of kinds that do not list them.
   */
  readonly lineFields?: readonly LineExtraField[];
  /** Whether create needs at least one line. */
  readonly linesRequired: boolean;
  /** What an action does beyond the status change, for people (the mutation's description says it). */
  readonly effects?: Partial<Record<Action, string>>;
  readonly references?: readonly ReferenceSpec[];
  /** A change document (asft800, apmt510): approving it rewrites its target, whose number it is named after. */
  readonly changes?: { readonly target: string; readonly by: string };
  readonly erps: Partial<Record<Erp, ErpBinding>>;
}

/** One step of a saga row: the action and the ERP API it calls. */
export interface CatalogStep {
  readonly action: Action;
  readonly apiName: string;
}

/** A flat catalog row, as `apiCatalog` returns it. A saga row has no API of its own: it lists its steps. */
export interface CatalogRow {
  readonly erp: Erp;
  readonly document: string;
  readonly program: string;
  readonly operation: Operation;
  readonly apiName: string | null;
  readonly kind: RowKind;
  readonly steps: readonly CatalogStep[];
  readonly formats: readonly WireFormat[];
  readonly standard: string;
  readonly graphqlField: string;
  readonly description: string;
}
