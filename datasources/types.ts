/**
 * The interface every ERP datasource implements (design §1). Resolvers only ever talk to this; one folder per
 * ERP family implements it over that ERP's transport, envelope codec and field mappings.
 */
import type {
  ActionResult,
  CanonicalDocument,
  CanonicalInput,
  DocumentFilter,
  ListQuery,
} from '../src/catalog/canonical';
import type { Action, Composite, DocumentKind, Erp } from '../src/catalog/types';
import type { InventoryCountPage, InventoryCountQuery } from '../src/catalog/inventory-count';
import type { GatewayError } from '../src/errors';

/** A document a multi-document customized API created besides the one asked for. */
export interface RelatedDocument {
  readonly type: string;
  readonly docNo: string;
}

export interface CompositeResult extends ActionResult {
  /** Steps the ERP ran inside the one customized call, for the answer and the journal. */
  readonly steps: readonly Action[];
  /** Every document the call created, in creation order (one entry for a single-document API). */
  readonly related?: readonly RelatedDocument[];
}

/** One document of a batch create: its input, and the number to give it where the ERP takes one (Kingdee FBillNo). */
export interface BatchCreateItem {
  readonly input: CanonicalInput;
  readonly docNo?: string;
  /** The gateway reference, where it is not the number. */
  readonly reference?: string;
}

/** What became of one item of a batch create, by its index in the request: created (its number) or refused. */
export interface BatchCreateOutcome {
  readonly index: number;
  readonly docNo: string | null;
  readonly error: GatewayError | null;
}

export interface ErpDatasource {
  readonly erp: Erp;
  /** The connection id from config (`t100`, …). */
  readonly connection: string;
  /** Whether this datasource can serve a document kind at all (mapping + catalog binding). */
  supports(kind: DocumentKind): boolean;
  /** Batch read by docNo (DataLoader calls this): one entry per key, null where the ERP has no such document. */
  read(kind: DocumentKind, docNos: readonly string[]): Promise<(CanonicalDocument | null)[]>;
  /**
   * One keyset page: heads (lines may be absent) strictly after `query.after` in `query.order`, at most
   * `query.limit`. Every filter and the keyset position are conditions the ERP evaluates.
   */
  list(kind: DocumentKind, query: ListQuery): Promise<CanonicalDocument[]>;
  /** How many documents match the filter. */
  count(kind: DocumentKind, filter: DocumentFilter): Promise<number>;
  /** One lifecycle action (create takes input; update takes docNo + input; the rest docNo); the status in the
   * result is null where the ERP's reply does not say (the caller reads the document back). */
  execute(kind: DocumentKind, action: Action, args: { docNo?: string; input?: CanonicalInput; reference?: string }): Promise<ActionResult>;
  /** Whether the ERP has a customized (one-call) API for a composite (for the document's program, where rows differ). */
  hasCustomized(kind: DocumentKind, composite: Composite, program?: string | null): boolean;
  /** Run a composite through the ERP's customized API: exactly one upstream call. */
  executeCustomized(
    kind: DocumentKind,
    composite: Composite,
    args: { docNo?: string; input?: CanonicalInput; reference?: string; program?: string | null },
  ): Promise<CompositeResult>;
  /**
   * Documents carrying a gateway reference (source_no, a remark suffix …), to settle a create whose reply was lost.
   * `input` is what the create sent: an ERP with no place for the reference matches on content instead.
   */
  findByReference(kind: DocumentKind, reference: string, input?: CanonicalInput): Promise<CanonicalDocument[]>;
  /**
   * ERPs with a batch create that is not atomic (Kingdee BatchSave, at most `maxBatch` items a call): each item is
   * created or refused on its own, in one upstream call. `approve` asks the ERP to approve each one as it saves it.
   * A transport failure throws (UpstreamUnavailableError): the caller looks the items up before anything is resent.
   */
  createMany?(kind: DocumentKind, items: readonly BatchCreateItem[], options?: { approve?: boolean }): Promise<BatchCreateOutcome[]>;
  readonly maxBatch?: number;
  /**
   * The ERP deduplicates creates by the gateway reference itself (Sunlike: a second ADDDATA with the same REF_NO
   * answers the first document): after a lost reply the create is sent again under the same reference instead of
   * being looked up — for such an ERP that is the lookup, and it never makes a second document.
   */
  readonly idempotentCreates?: boolean;
  /** Sources of inventory counts (Jushuitan): one page, forward-only. */
  queryInventoryCounts?(query: InventoryCountQuery): Promise<InventoryCountPage>;
  /** The connection's circuit: closed (healthy), open (failing fast) or half_open (one trial allowed). */
  readonly circuit: 'closed' | 'open' | 'half_open';
  /** Release sockets. */
  close(): Promise<void>;
}

/**
 * A customized composite failed after the ERP committed part of it: the reply names a document and carries an
 * error (protocols/digiwin.md §5.1–5.2: not atomic). The composite runner reads its real state and compensates.
 */
export class PartialCompositeError extends Error {
  constructor(
    readonly docNo: string,
    readonly refusal: Error,
    /** Every document the call committed, in creation order (multi-document APIs). */
    readonly related: readonly RelatedDocument[] = [],
  ) {
    super(refusal.message);
  }
}
