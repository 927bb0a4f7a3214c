/**
 * What the T100 sandbox knows of one document kind beyond the catalog and the field mapping: its slips, the rules
 * the real ERP keeps for it, what posting does, and its sample documents. The engine reads these; it names no kind.
 */
import type { Action } from '../../../src/catalog/types';

/** A sample document in wire form (std_data names), with the raw status it should have. */
export interface SampleDocument {
  readonly docNo: string;
  readonly status: string;
  readonly record: Readonly<Record<string, unknown>>;
}

/** A refusal as the sandbox answers it: message id and text. */
export interface RefusalSpec {
  readonly code: string;
  readonly message: string;
}

/**
 * A quantity the real ERP caps: the document's lines for one target (by a reference wire field), added to what
 * the target already has booked, may not exceed the target's quantity (a stock-in against a work order's open
 * quantity, a receipt against a purchase order's).
 */
export interface QuantityCap {
  readonly target: string;
  /** Wire field on the head or lines naming the target (`wo_no`). */
  readonly by: string;
  /**
   * The cap is per target line, matched by this wire field (an issue per material line, by `item_no`); the
   * columns below are then the target line's.
   */
  readonly lineMatch?: string;
  /** Wire field of this document's quantity (default `qty`). */
  readonly quantity?: string;
  /** Not applied when this head wire field has one of these values (a supplement is issued beyond requirement). */
  readonly unless?: { readonly field: string; readonly values: readonly string[] };
  /** Target column of the quantity allowed (`sfaa012`), and of the quantity already booked (`sfaa050`). */
  readonly limitColumn: string;
  readonly bookedColumn?: string;
  /** Instead of a booked column: sum the lines of documents of these kinds, in these raw statuses. */
  readonly bookedBy?: { readonly types: readonly string[]; readonly statuses: readonly string[] };
  readonly refusal: RefusalSpec;
}

export interface T100SandboxKind {
  readonly type: string;
  /** Slips (單別); the first is the default when a create names none. */
  readonly slips: readonly string[];
  /**
   * Numbered after a target document instead of by slip: `{target number}#{seq}` (change documents, §4.3), with the
   * sequence also written to `seqField`.
   */
  readonly numberedAfter?: { readonly by: string; readonly seqField: string };
  /** What posting does (§3.2): stock per line (+1 in, −1 out), and a target column accumulating line quantities. */
  readonly posting?: {
    readonly stock?: 1 | -1;
    readonly accumulate?: {
      readonly target: string;
      readonly by: string;
      readonly column: string;
      /** Accumulate on the target's line matched by this wire field instead of its head. */
      readonly lineMatch?: string;
      /** Wire field of the quantity (default `qty`), and −1 where posting takes back (a return). */
      readonly quantity?: string;
      readonly sign?: 1 | -1;
    };
  };
  /** Lines or heads naming a target need it in one of these raw statuses (§3.2: work orders released, F). */
  readonly targetStatuses?: Readonly<Record<string, readonly string[]>>;
  readonly caps?: readonly QuantityCap[];
  /** Head wire fields whose values this kind takes (an issuing note issues or supplements; returns are another program). */
  readonly allowed?: Readonly<Record<string, { readonly values: readonly string[]; readonly refusal: RefusalSpec }>>;
  /** Actions refused while any of these own head (or line) columns is non-zero (unissue after material moved). */
  readonly guards?: Partial<Record<Action, { readonly columns: readonly string[]; readonly lineColumns?: readonly string[]; readonly refusal: RefusalSpec }>>;
  /** A change document: approving it copies these wire fields (change → target) onto its target. */
  readonly appliesOnApprove?: { readonly target: string; readonly by: string; readonly copy: Readonly<Record<string, string>> };
  /** Line wire fields stored as blank-padded CHAR columns besides the number (§2.1). */
  readonly paddedLineFields?: readonly string[];
  readonly samples: readonly SampleDocument[];
}
