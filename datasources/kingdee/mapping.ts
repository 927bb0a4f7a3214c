/**
 * MiscIssue ↔ STK_MisDelivery (protocols/others.md §1.7): the model a Save/BatchSave sends, the FieldKeys a read
 * asks for, and the rows that come back as canonical documents.
 *
 * Header: docNo=FBillNo, docDate=FDate (date part), department=FDeptId.FNumber, remark=FNote. Lines:
 * itemNo=FMaterialId, quantity=FQty (decimal string), unit=FUnitID, warehouse=FStockId, location=FStockLocId,
 * lot=FLot, remark=FEntryNote. Orgs, owner, keeper, bill type and stock status come from the connection's config.
 * erpFields pass other Kingdee fields through (line: FProduceDate, FExpiryDate …); a field the mapping writes is
 * refused. Models are null-prototype records: erpFields names come from clients.
 */
import type { CanonicalDocument, CanonicalInput, CanonicalLine } from '../../src/catalog/canonical';
import { parseDecimal } from '../../src/catalog/decimal';
import { BadUserInputError } from '../../src/errors';
import type { KingdeeConnectionConfig } from './config';
import { kingdeeStatus } from './status';

export const FORM_ID = 'STK_MisDelivery';

/** Head fields the mapping writes (compared case-insensitively: Kingdee's field keys are). */
export const HEAD_OWNED = ['FID', 'FBillNo', 'FBillTypeID', 'FStockOrgId', 'FPickOrgId', 'FStockDirect', 'FDate', 'FDeptId', 'FOwnerTypeIdHead', 'FOwnerIdHead', 'FNote', 'FEntity', 'FDocumentStatus'];
export const LINE_OWNED = ['FEntryID', 'FMaterialId', 'FUnitID', 'FQty', 'FStockId', 'FStockLocId', 'FLot', 'FStockStatusId', 'FOwnerTypeId', 'FOwnerId', 'FKeeperTypeId', 'FKeeperId', 'FEntryNote'];
const HEAD_OWNED_LOWER = new Set(HEAD_OWNED.map((name) => name.toLowerCase()));
const LINE_OWNED_LOWER = new Set(LINE_OWNED.map((name) => name.toLowerCase()));

/** A Kingdee field key an erpFields entry may name: letters, digits and `_`, starting with a letter. */
const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

/** Head FieldKeys of a read, in the order the row decoder expects. */
export const HEAD_KEYS = ['FID', 'FBillNo', 'FDocumentStatus', 'FDate', 'FDeptId.FNumber', 'FNote'] as const;
/** Entry FieldKeys after the head ones. */
export const LINE_KEYS = ['FEntity_FEntryID', 'FMaterialId.FNumber', 'FQty', 'FUnitID.FNumber', 'FStockId.FNumber', 'FStockLocId.FNumber', 'FLot.FNumber', 'FEntryNote', 'FProduceDate', 'FExpiryDate'] as const;
/** Line erpFields read back (the sync writes them). */
const LINE_READ_FIELDS = ['FProduceDate', 'FExpiryDate'] as const;

export type Model = Record<string, unknown>;

function record(): Model {
  return Object.create(null) as Model;
}

function number(value: string): { FNumber: string } {
  return { FNumber: value };
}

function blank(value: string | null | undefined): boolean {
  return value === null || value === undefined || value.trim() === '';
}

import { remarkWithReference, remarkWithoutReference } from '../common/remark-reference';

export { remarkWithReference, remarkWithoutReference };

/** The reference a stored remark carries, if any. */
export function referenceOf(stored: string | null | undefined): string | null {
  if (!stored) return null;
  return / \[gw:([^\]\s]+)\]$/.exec(stored)?.[1] ?? /^gw:(\S+)$/.exec(stored)?.[1] ?? null;
}

/** Copy erpFields onto a model, refusing names the mapping writes and names that are no field key. */
function passThrough(target: Model, fields: Record<string, unknown> | null | undefined, owned: ReadonlySet<string>, path: string): void {
  if (!fields) return;
  for (const name of Object.keys(fields)) {
    if (!FIELD_NAME.test(name)) throw new BadUserInputError(`${path}.${name}`, `${name} is not a Kingdee field key`);
    if (owned.has(name.toLowerCase())) throw new BadUserInputError(`${path}.${name}`, `${name} is written from the canonical fields`);
    const value = Object.hasOwn(fields, name) ? fields[name] : undefined;
    if (value !== undefined) target[name] = value;
  }
}

function dateOf(value: string, path: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) throw new BadUserInputError(path, 'must be a date YYYY-MM-DD');
  return `${value} 00:00:00`;
}

function quantityOf(value: unknown, path: string): number {
  const decimal = parseDecimal(value);
  if (decimal === undefined || Number(decimal) <= 0) throw new BadUserInputError(path, 'must be a decimal greater than 0');
  return Number(decimal);
}

/** One entry of the model (§1.3 example). */
export function lineModel(config: KingdeeConnectionConfig, line: CanonicalLine, path: string): Model {
  if (blank(line.itemNo)) throw new BadUserInputError(`${path}.itemNo`, 'is required');
  const entry = record();
  entry.FMaterialId = number(line.itemNo);
  if (!blank(line.unit)) entry.FUnitID = number(line.unit!);
  entry.FQty = quantityOf(line.quantity, `${path}.quantity`);
  if (!blank(line.warehouse)) entry.FStockId = number(line.warehouse!);
  if (!blank(line.location)) entry.FStockLocId = number(line.location!);
  if (!blank(line.lot)) entry.FLot = number(line.lot!);
  entry.FStockStatusId = number(config.stockStatus);
  entry.FOwnerTypeId = 'BD_OwnerOrg';
  entry.FOwnerId = number(config.orgNumber);
  entry.FKeeperTypeId = 'BD_KeeperOrg';
  entry.FKeeperId = number(config.orgNumber);
  if (!blank(line.remark)) entry.FEntryNote = line.remark;
  passThrough(entry, line.erpFields, LINE_OWNED_LOWER, `${path}.erpFields`);
  return entry;
}

/** A new bill's model: FID 0, FBillNo empty (Kingdee numbers it) unless given. */
export function createModel(config: KingdeeConnectionConfig, input: CanonicalInput, options: { docNo?: string; reference?: string; path?: string } = {}): Model {
  const path = options.path ?? 'input';
  const lines = input.lines ?? [];
  if (lines.length === 0) throw new BadUserInputError(`${path}.lines`, 'STK_MisDelivery needs at least one line');
  const department = blank(input.department) ? config.defaultDepartment : input.department!;
  if (!department) throw new BadUserInputError(`${path}.department`, 'is required (no defaultDepartment is configured)');
  const model = record();
  model.FID = 0;
  model.FBillNo = options.docNo ?? '';
  model.FBillTypeID = { FNUMBER: config.billType };
  model.FStockOrgId = number(config.orgNumber);
  model.FPickOrgId = number(config.orgNumber);
  model.FStockDirect = 'GENERAL';
  if (!blank(input.docDate)) model.FDate = dateOf(input.docDate!, `${path}.docDate`);
  model.FDeptId = number(department);
  model.FOwnerTypeIdHead = 'BD_OwnerOrg';
  model.FOwnerIdHead = number(config.orgNumber);
  const remark = blank(input.remark) ? null : input.remark!;
  if (options.reference) model.FNote = remarkWithReference(remark, options.reference);
  else if (remark) model.FNote = remark;
  passThrough(model, input.erpFields, HEAD_OWNED_LOWER, `${path}.erpFields`);
  model.FEntity = lines.map((line, index) => lineModel(config, line, `${path}.lines[${index}]`));
  return model;
}

/**
 * An update's model and NeedUpDateFields: only what the input names. New lines replace the old ones (entries
 * without FEntryID, IsDeleteEntry true). `storedNote` keeps the gateway reference when the remark changes.
 */
export function updateModel(config: KingdeeConnectionConfig, fid: number, input: CanonicalInput, storedNote: string | null): { model: Model; fields: string[] } {
  const model = record();
  const fields: string[] = [];
  model.FID = fid;
  if (input.docDate !== undefined && input.docDate !== null) {
    model.FDate = dateOf(input.docDate, 'input.docDate');
    fields.push('FDate');
  }
  if (!blank(input.department)) {
    model.FDeptId = number(input.department!);
    fields.push('FDeptId');
  }
  if (input.remark !== undefined) {
    const reference = referenceOf(storedNote);
    const remark = blank(input.remark) ? null : input.remark!;
    model.FNote = reference ? remarkWithReference(remark, reference) : (remark ?? '');
    fields.push('FNote');
  }
  if (input.erpFields) {
    const extra = record();
    passThrough(extra, input.erpFields, HEAD_OWNED_LOWER, 'input.erpFields');
    for (const name of Object.keys(extra)) {
      model[name] = extra[name];
      fields.push(name);
    }
  }
  if (input.lines) {
    if (input.lines.length === 0) throw new BadUserInputError('input.lines', 'STK_MisDelivery needs at least one line');
    const entries = input.lines.map((line, index) => lineModel(config, line, `input.lines[${index}]`));
    model.FEntity = entries;
    fields.push('FEntity', ...new Set(entries.flatMap((entry) => Object.keys(entry))));
  }
  return { model, fields };
}

function text(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const result = String(value);
  return result.trim() === '' ? null : result;
}

/** Rows of a read (HEAD_KEYS then LINE_KEYS, one per entry) grouped into documents, in first-seen order. */
export function documentsFromRows(rows: readonly unknown[][], withLines = true): CanonicalDocument[] {
  const byFid = new Map<string, CanonicalDocument>();
  for (const row of rows) {
    if (!Array.isArray(row)) continue;
    const fid = String(row[0]);
    let document = byFid.get(fid);
    if (!document) {
      const rawStatus = String(row[2] ?? '').trim();
      const erpFields = record();
      erpFields.FID = typeof row[0] === 'number' ? row[0] : Number(row[0]);
      erpFields.FDocumentStatus = rawStatus;
      const docDate = text(row[3]);
      document = {
        docNo: String(row[1] ?? ''),
        status: kingdeeStatus(rawStatus) ?? 'UNAPPROVED',
        rawStatus,
        docDate: docDate ? docDate.slice(0, 10) : null,
        department: text(row[4]),
        remark: remarkWithoutReference(text(row[5])),
        erpFields,
        ...(withLines ? { lines: [] } : {}),
      };
      byFid.set(fid, document);
    }
    if (!withLines || row.length < HEAD_KEYS.length + LINE_KEYS.length) continue;
    const at = HEAD_KEYS.length;
    const lineFields = record();
    lineFields.FEntryID = row[at];
    LINE_READ_FIELDS.forEach((name, index) => {
      const value = text(row[at + 8 + index]);
      if (value !== null) lineFields[name] = value;
    });
    document.lines!.push({
      seq: document.lines!.length + 1,
      itemNo: String(row[at + 1] ?? ''),
      quantity: parseDecimal(row[at + 2]) ?? String(row[at + 2]),
      unit: text(row[at + 3]),
      warehouse: text(row[at + 4]),
      location: text(row[at + 5]),
      lot: text(row[at + 6]),
      remark: text(row[at + 7]),
      erpFields: lineFields,
    });
  }
  return [...byFid.values()];
}
