/**
 * TIPTOP GP field mappings (protocols/digiwin.md §4.3): std_data wire names (§4.2, ASSUMPTION for tt.oapi) and the
 * `ina_file`/`inb_file`, `imm_file`/`imn_file` columns behind them, which the customized APIs (§2.5, §5.2) and the
 * sandbox use. The wire names are the T100 ones wherever the meaning is the same.
 */
import type { StdMapping } from '../common/digiwin/std-mapping-types';

/** The head columns every misc document (ina_file) has beyond its mapped fields. */
export const INA = { docNo: 'ina01', nature: 'ina00', docDate: 'ina03', remark: 'ina07', conf: 'inaconf', post: 'inapost', seq: 'inb03', reason: 'inb15' } as const;
export const IMM = { docNo: 'imm01', docDate: 'imm02', conf: 'immconf', post: 'imm03', stage: 'imm10', seq: 'imn02' } as const;

function miscMapping(type: string, stem: string): StdMapping {
  return {
    type,
    stem,
    head: {
      table: 'ina_file',
      prefix: 'ina',
      fields: [
        { canonical: 'docDate', wire: 'doc_date', column: 'ina03', type: 'date' },
        { canonical: 'postDate', wire: 'post_date', column: 'ina02', type: 'date', readOnly: true },
        { canonical: 'department', wire: 'department_no', column: 'ina04', type: 'string' },
        { canonical: 'applicant', wire: 'applicant_no', column: 'ina11', type: 'string' },
        { canonical: 'remark', wire: 'remark', column: 'ina07', type: 'string' },
        // The reason is a line column (inb15); the head's reason is every line's (the sandbox writes it on each).
        { canonical: 'reason', wire: 'reason_no', column: 'inb15', type: 'string' },
      ],
    },
    lines: {
      table: 'inb_file',
      prefix: 'inb',
      fields: [
        { canonical: 'itemNo', wire: 'item_no', column: 'inb04', type: 'string' },
        { canonical: 'warehouse', wire: 'warehouse_no', column: 'inb05', type: 'string' },
        { canonical: 'location', wire: 'location_no', column: 'inb06', type: 'string' },
        { canonical: 'lot', wire: 'lot_no', column: 'inb07', type: 'string' },
        { canonical: 'unit', wire: 'unit_no', column: 'inb08', type: 'string' },
        { canonical: 'quantity', wire: 'qty', column: 'inb09', type: 'number' },
      ],
    },
  };
}

/** aint301 misc issue: ina00 = 1 (§5.2). */
export const miscIssueMapping = miscMapping('MiscIssue', 'other.out.inventory');
/** aint302 misc receipt: ina00 = 3. */
export const miscReceiptMapping = miscMapping('MiscReceipt', 'other.in.inventory');

/** aimt324 one-stage transfer (imm10 = 1): each line from imn04–06 to imn15–17; imn20–22 the receiving side. */
export const transferMapping: StdMapping = {
  type: 'Transfer',
  stem: 'transfer',
  head: {
    table: 'imm_file',
    prefix: 'imm',
    fields: [
      { canonical: 'docDate', wire: 'doc_date', column: 'imm02', type: 'date' },
      { canonical: 'department', wire: 'department_no', column: 'imm14', type: 'string' },
      // ASSUMPTION: the notes name no posting-date column for imm_file; imm17 holds it here.
      { canonical: 'postDate', wire: 'post_date', column: 'imm17', type: 'date', readOnly: true },
    ],
  },
  lines: {
    table: 'imn_file',
    prefix: 'imn',
    fields: [
      { canonical: 'itemNo', wire: 'item_no', column: 'imn03', type: 'string' },
      { canonical: 'warehouse', wire: 'warehouse_no', column: 'imn04', type: 'string' },
      { canonical: 'location', wire: 'location_no', column: 'imn05', type: 'string' },
      { canonical: 'lot', wire: 'lot_no', column: 'imn06', type: 'string' },
      { canonical: 'unit', wire: 'unit_no', column: 'imn09', type: 'string' },
      { canonical: 'quantity', wire: 'qty', column: 'imn10', type: 'number' },
      { canonical: 'toWarehouse', wire: 'to_warehouse_no', column: 'imn15', type: 'string' },
      { canonical: 'toLocation', wire: 'to_location_no', column: 'imn16', type: 'string' },
      { canonical: 'toLot', wire: 'to_lot_no', column: 'imn17', type: 'string' },
    ],
  },
};

const TIPTOP_MAPPINGS: readonly StdMapping[] = [miscIssueMapping, miscReceiptMapping, transferMapping];
const byType = new Map(TIPTOP_MAPPINGS.map((mapping) => [mapping.type, mapping]));

export function tiptopMapping(type: string): StdMapping | undefined {
  return byType.get(type);
}
