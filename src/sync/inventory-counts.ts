/**
 * Seed 004's flow as one idempotent operation (protocols/others.md §5): confirmed Jushuitan inventory counts with
 * losses (盘亏) become Kingdee other-outbound bills (STK_MisDelivery, BatchSave), one bill per count, numbered
 * `JST-PK-{io_id}`. Deduplicated in three layers — a ledger claim with a lease, a query on the bill numbers
 * before sending, and the bill number itself, which Kingdee keeps unique — so a re-run, or two runs at once,
 * create nothing twice. Nothing is resent blindly: after a lost BatchSave reply the bills are looked up by number.
 *
 * Works over any source with `queryInventoryCounts` and any target with `createMany` (datasources/types.ts).
 */
import Decimal from 'decimal.js';
import type { CanonicalDocument, CanonicalInput, CanonicalLine } from '../catalog/canonical';
import type { InventoryCountRecord } from '../catalog/inventory-count';
import type { DocumentKind } from '../catalog/types';
import { BadUserInputError, ErpRejectedError, GatewayError, UpstreamUnavailableError, type ErrorCode } from '../errors';
import type { ErpDatasource } from '../../datasources/types';
import type { InventorySyncConfig } from './config';
import type { LedgerKey, SyncLedger } from './ledger';

/** The target form of every bill (§1.4): the ledger's key names it. */
export const TARGET_FORM = 'STK_MisDelivery';
const DAY_MS = 86_400_000;
/** Jushuitan: at most 50 io_ids per query and a window of at most 7 days (§2.2). */
const IO_ID_CHUNK = 50;
const WINDOW_MS = 7 * DAY_MS;
/** Pages followed per query (50 counts each: 50,000 counts a window). */
const MAX_PAGES = 1000;

export interface SyncFailure {
  readonly ioId: string;
  readonly code: ErrorCode;
  readonly message: string;
  /** What the target said (MsgCode, message, field), as it said it. */
  readonly erp: Record<string, unknown> | null;
}

export interface SyncOutcome {
  readonly created: CanonicalDocument[];
  readonly skipped: string[];
  readonly failed: SyncFailure[];
  /** A page of counts that could not be fetched: the result is partial (the rest is for the next run). */
  readonly error: GatewayError | null;
}

export interface SyncParts {
  readonly source: ErpDatasource;
  readonly target: ErpDatasource;
  readonly kind: DocumentKind;
  readonly ledger: SyncLedger;
  readonly settings: InventorySyncConfig;
  readonly clock: () => Date;
  /** Who holds this run's claims (a fresh id per run). */
  readonly owner: string;
}

export interface SyncArguments {
  readonly ioIds?: readonly string[] | null;
  readonly modifiedFrom?: Date | null;
  readonly modifiedTo?: Date | null;
}

/** The windows to query: the one asked for (default the last 7 days), cut into pieces of at most 7 days. */
export function windowsOf(args: SyncArguments, now: Date): { from: Date; to: Date }[] {
  const to = args.modifiedTo ?? now;
  const from = args.modifiedFrom ?? new Date(to.getTime() - WINDOW_MS);
  if (from.getTime() > to.getTime()) throw new BadUserInputError('modifiedFrom', 'modifiedFrom is after modifiedTo');
  if (to.getTime() - from.getTime() > 366 * DAY_MS) throw new BadUserInputError('modifiedFrom', 'a window of at most a year, please (it is queried 7 days at a time)');
  const windows: { from: Date; to: Date }[] = [];
  for (let start = from.getTime(); ; ) {
    const end = Math.min(start + WINDOW_MS, to.getTime());
    windows.push({ from: new Date(start), to: new Date(end) });
    if (end >= to.getTime()) break;
    // Bounds are inclusive and to the second (§2.2): the next piece starts a second later.
    start = end + 1000;
  }
  return windows;
}

/** Every confirmed count the arguments select, once each (by io_id), and the error that stopped the fetching. */
async function selectCounts(parts: SyncParts, args: SyncArguments): Promise<{ counts: InventoryCountRecord[]; error: GatewayError | null }> {
  const found = new Map<string, InventoryCountRecord>();
  const queries: { ioIds?: string[]; modifiedFrom?: Date; modifiedTo?: Date }[] = [];
  if (args.ioIds && args.ioIds.length > 0) {
    const ioIds = [...new Set(args.ioIds.map((ioId) => ioId.trim()))];
    ioIds.forEach((ioId, index) => {
      if (!/^\d{1,19}$/.test(ioId)) throw new BadUserInputError(`ioIds[${index}]`, `"${ioId.slice(0, 40)}" is not a Jushuitan count number (io_id)`);
    });
    for (let start = 0; start < ioIds.length; start += IO_ID_CHUNK) queries.push({ ioIds: ioIds.slice(start, start + IO_ID_CHUNK) });
  } else {
    for (const window of windowsOf(args, parts.clock())) queries.push({ modifiedFrom: window.from, modifiedTo: window.to });
  }
  try {
    for (const query of queries) {
      for (let pageIndex = 1; ; pageIndex++) {
        const page = await parts.source.queryInventoryCounts!({ ...query, status: 'CONFIRMED', pageIndex, pageSize: parts.settings.pageSize });
        for (const count of page.counts) if (count.status === 'CONFIRMED' && !found.has(count.ioId)) found.set(count.ioId, count);
        if (!page.hasNext || page.counts.length === 0) break;
        // A source that says "more" for ever is not followed for ever.
        if (pageIndex >= MAX_PAGES) throw new UpstreamUnavailableError('unreadable', parts.source.connection, 'inventory count query', `still has_next after ${MAX_PAGES} pages`);
      }
    }
  } catch (error) {
    if (!(error instanceof GatewayError) || error instanceof BadUserInputError) throw error;
    return { counts: [...found.values()], error };
  }
  return { counts: [...found.values()], error: null };
}

/**
 * The loss lines of a count (§5 step 2): an item with qty < 0 gives |qty|, with its batch_id; else one line per
 * batch of that item when the batches add up to the loss; else one line without a lot. Empty: no loss.
 */
export function lossLines(count: InventoryCountRecord): { line: InventoryCountRecord['lines'][number]; quantity: string; lot: string | null; productDate: string | null; expirationDate: string | null }[] {
  const result: ReturnType<typeof lossLines> = [];
  // Each batch row is used once: two loss lines of one item do not both take its batches.
  const used = new Set<InventoryCountRecord['batches'][number]>();
  for (const line of count.lines) {
    const quantity = new Decimal(line.quantity);
    if (!quantity.isNegative() || quantity.isZero()) continue;
    const loss = quantity.abs().toFixed();
    if (line.lot) {
      const batch = count.batches.find((candidate) => candidate.itemNo === line.itemNo && candidate.lot === line.lot);
      result.push({ line, quantity: loss, lot: line.lot, productDate: batch?.productDate ?? null, expirationDate: batch?.expirationDate ?? null });
      continue;
    }
    // Only the item's loss batches (negative, not yet used), and only when their signed sum is the line's loss.
    const batches = count.batches.filter((batch) => batch.itemNo === line.itemNo && !used.has(batch) && new Decimal(batch.quantity).isNegative());
    const total = batches.reduce((sum, batch) => sum.plus(new Decimal(batch.quantity)), new Decimal(0));
    if (batches.length > 0 && total.eq(quantity)) {
      for (const batch of batches) {
        used.add(batch);
        result.push({ line, quantity: new Decimal(batch.quantity).abs().toFixed(), lot: batch.lot, productDate: batch.productDate, expirationDate: batch.expirationDate });
      }
    } else {
      result.push({ line, quantity: loss, lot: null, productDate: null, expirationDate: null });
    }
  }
  return result;
}

/** The bill a count becomes (§5 step 4), as a canonical MiscIssue input; BAD_USER_INPUT for what the maps lack. */
export function billInput(count: InventoryCountRecord, settings: InventorySyncConfig): CanonicalInput {
  const warehouseKey = `${count.wmsCoId ?? ''}:${count.whId ?? ''}`;
  const warehouse = settings.warehouses.get(warehouseKey);
  if (!warehouse) throw new BadUserInputError('inventorySync.warehouses', `count ${count.ioId}: no target warehouse for ${warehouseKey} (wms_co_id:wh_id) in inventorySync.warehouses`);
  const lines: CanonicalLine[] = lossLines(count).map(({ line, quantity, lot, productDate, expirationDate }) => {
    const item = settings.items.get(line.itemNo);
    if (!item && settings.strictItems) throw new BadUserInputError('inventorySync.items', `count ${count.ioId}: item ${line.itemNo} has no target material in inventorySync.items`);
    const erpFields: Record<string, unknown> = Object.create(null);
    if (productDate) erpFields.FProduceDate = productDate;
    if (expirationDate) erpFields.FExpiryDate = expirationDate;
    return {
      itemNo: item?.number ?? line.itemNo,
      quantity,
      unit: item?.unit ?? settings.defaultUnit,
      warehouse,
      lot,
      remark: line.ioiId ? `ioi ${line.ioiId}` : null,
      ...(Object.keys(erpFields).length > 0 ? { erpFields } : {}),
    };
  });
  return {
    docDate: count.ioDate ? count.ioDate.slice(0, 10) : null,
    department: settings.department,
    remark: `JST count ${count.ioId}${count.remark ? `: ${count.remark}` : ''}`,
    lines,
  };
}

function failure(ioId: string, error: GatewayError): SyncFailure {
  const erp = error instanceof ErpRejectedError ? { ...error.erp } : null;
  return { ioId, code: error.code, message: error.message, erp };
}

/** A refusal that says the bill number is taken: Kingdee's own guard against a second copy (§5 step 3, layer 3). */
function isDuplicateNumber(error: GatewayError): boolean {
  return error instanceof ErpRejectedError && /已存在|already exists/i.test(error.erp.message);
}

export async function syncInventoryCounts(parts: SyncParts, args: SyncArguments): Promise<SyncOutcome> {
  const { source, target, kind, ledger, settings, clock, owner } = parts;
  if (!source.queryInventoryCounts) throw new BadUserInputError('source', `connection ${source.connection} (${source.erp}) has no inventory counts`);
  if (!target.createMany || !target.supports(kind)) throw new BadUserInputError('target', `connection ${target.connection} (${target.erp}) cannot create ${kind.type} documents in batches`);
  const created = new Map<string, string>(); // io_id → bill number
  const skipped: string[] = [];
  const failed: SyncFailure[] = [];
  const { counts, error } = await selectCounts(parts, args);

  // Counts with losses become bills; those the maps cannot express fail alone, before any claim.
  const bills: { count: InventoryCountRecord; input: CanonicalInput; docNo: string }[] = [];
  for (const count of counts) {
    if (lossLines(count).length === 0) continue;
    try {
      bills.push({ count, input: billInput(count, settings), docNo: `${settings.billPrefix}${count.ioId}` });
    } catch (problem) {
      if (!(problem instanceof GatewayError)) throw problem;
      failed.push(failure(count.ioId, problem));
    }
  }

  const keyOf = (ioId: string): LedgerKey => ({ target: target.connection, form: TARGET_FORM, source: source.connection, sourceId: ioId });
  const chunk = Math.max(1, target.maxBatch ?? 20);
  for (let start = 0; start < bills.length; start += chunk) {
    const group = bills.slice(start, start + chunk);
    // Layer 1: the ledger. A bill already carried over, or held by a live run, is someone else's.
    const claimed = new Set(ledger.claim(group.map((bill) => keyOf(bill.count.ioId)), owner, clock(), settings.leaseSeconds * 1000).map((key) => key.sourceId));
    for (const bill of group) if (!claimed.has(bill.count.ioId)) skipped.push(bill.count.ioId);
    let pending = group.filter((bill) => claimed.has(bill.count.ioId));
    if (pending.length === 0) continue;
    const release = (bill: (typeof group)[number]): void => ledger.release(keyOf(bill.count.ioId), owner);
    const held = async (candidates: typeof pending): Promise<Set<string>> => {
      const documents = await target.read(kind, candidates.map((bill) => bill.docNo));
      return new Set(documents.filter((document): document is CanonicalDocument => document !== null).map((document) => document.docNo));
    };
    // Layer 2: the target itself, by bill number, before anything is sent.
    try {
      const existing = await held(pending);
      for (const bill of pending.filter((candidate) => existing.has(candidate.docNo))) {
        ledger.done(keyOf(bill.count.ioId), bill.docNo, clock());
        skipped.push(bill.count.ioId);
      }
      pending = pending.filter((bill) => !existing.has(bill.docNo));
    } catch (problem) {
      if (!(problem instanceof GatewayError)) throw problem;
      for (const bill of pending) {
        release(bill);
        failed.push(failure(bill.count.ioId, problem));
      }
      continue;
    }
    if (pending.length === 0) continue;
    try {
      const outcomes = await target.createMany!(kind, pending.map((bill) => ({ input: bill.input, docNo: bill.docNo })), { approve: settings.approve });
      const duplicates: typeof pending = [];
      const unanswered: typeof pending = [];
      for (const [index, bill] of pending.entries()) {
        const outcome = outcomes.find((candidate) => candidate.index === index);
        if (outcome?.docNo) {
          // Saved (an audit the target then refused leaves the bill saved, unapproved: it is carried over all the same).
          created.set(bill.count.ioId, outcome.docNo);
          ledger.done(keyOf(bill.count.ioId), outcome.docNo, clock());
        } else if (outcome?.error && isDuplicateNumber(outcome.error)) {
          duplicates.push(bill);
        } else if (outcome?.error) {
          release(bill);
          failed.push(failure(bill.count.ioId, outcome.error));
        } else {
          unanswered.push(bill);
        }
      }
      // Layer 3: Kingdee refused a number it already holds — confirmed by query, that count was carried over before.
      // A bill the reply does not mention is looked up the same way (§5 step 5), never sent again in this run.
      if (duplicates.length > 0 || unanswered.length > 0) {
        let existing: Set<string> | null = null;
        try {
          existing = await held([...duplicates, ...unanswered]);
        } catch {
          existing = null;
        }
        for (const bill of [...duplicates, ...unanswered]) {
          if (existing?.has(bill.docNo)) {
            ledger.done(keyOf(bill.count.ioId), bill.docNo, clock());
            if (duplicates.includes(bill)) skipped.push(bill.count.ioId);
            else created.set(bill.count.ioId, bill.docNo);
            continue;
          }
          release(bill);
          if (existing === null) failed.push({ ioId: bill.count.ioId, code: 'UPSTREAM_UNAVAILABLE', message: `${bill.docNo}: the target could not be asked whether it holds the bill`, erp: null });
          else if (duplicates.includes(bill)) failed.push({ ioId: bill.count.ioId, code: 'ERP_REJECTED', message: `${bill.docNo} was refused as a duplicate number but cannot be found`, erp: null });
          else failed.push({ ioId: bill.count.ioId, code: 'UPSTREAM_UNAVAILABLE', message: `the target's reply did not mention ${bill.docNo}, and it holds no such bill`, erp: null });
        }
      }
    } catch (problem) {
      if (!(problem instanceof GatewayError)) throw problem;
      // A lost reply: the bills may exist. Never resend in this run; look them up by number (§5 step 5).
      const existing = await held(pending).catch(() => new Set<string>());
      for (const bill of pending) {
        if (existing.has(bill.docNo)) {
          created.set(bill.count.ioId, bill.docNo);
          ledger.done(keyOf(bill.count.ioId), bill.docNo, clock());
        } else {
          release(bill);
          failed.push(failure(bill.count.ioId, problem));
        }
      }
    }
  }

  // The answer: the bills as the target holds them now (read in pages of 100).
  const numbers = [...created.values()];
  const documents: CanonicalDocument[] = [];
  for (let start = 0; start < numbers.length; start += 100) {
    const slice = numbers.slice(start, start + 100);
    try {
      const read = await target.read(kind, slice);
      read.forEach((document, index) => documents.push(document ?? { docNo: slice[index], status: settings.approve ? 'APPROVED' : 'UNAPPROVED', rawStatus: '' }));
    } catch {
      documents.push(...slice.map((docNo) => ({ docNo, status: (settings.approve ? 'APPROVED' : 'UNAPPROVED') as CanonicalDocument['status'], rawStatus: '' })));
    }
  }
  return { created: documents, skipped, failed, error };
}
