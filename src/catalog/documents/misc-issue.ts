import { TIPTOP_BINDING_DEFAULTS, TIPTOP_CUSTOM_STANDARD, tiptopOpenApis } from '../digiwin-rows';
import type { DocumentKind } from '../types';

/** The fields misc issues and misc receipts have beyond the common ones (TIPTOP ina_file/inb_file, §4.3). */
export const MISC_FIELDS = [
  { name: 'applicant', type: 'String', description: "Applicant (ina11); the ERP uses the connection's user when omitted." },
  { name: 'reason', type: 'String', description: 'Reason code (理由碼, inb15 on every line), a master-data code of the ERP.' },
  { name: 'postDate', type: 'Date', description: 'Posting date (ina02).', input: false },
] as const satisfies DocumentKind['fields'];

/**
 * 雜發 (aint301): seed 001, 庫存交易處理-雜發, 服務類別 9 物流資訊API; TIPTOP's own program is aimt301 (notes §4.1).
 * On Kingdee Cloud Galaxy the same document is 其他出库单 (STK_MisDelivery, protocols/others.md §1.4, §1.7).
 */
export const miscIssue = {
  type: 'MiscIssue',
  field: 'miscIssue',
  plural: 'miscIssues',
  description: 'Miscellaneous issue (雜項發料): stock taken out of a warehouse for no production or sales document.',
  programs: ['aint301'],
  lifecycle: 'approveThenPost',
  linesRequired: true,
  effects: {
    approve: 'Approving checks that every line is on hand (TIPTOP checks stock at confirmation).',
    post: "Posting takes each line's quantity off the stock of its item, warehouse, location and lot.",
    unpost: "Puts each line's quantity back on stock.",
  },
  fields: MISC_FIELDS,
  erps: {
    tiptop: {
      ...TIPTOP_BINDING_DEFAULTS,
      operations: {
        ...tiptopOpenApis('other.out.inventory', '雜發單', 'approveThenPost'),
        createAndPost: {
          api: 'CreateMISCIssueData',
          kind: 'CUSTOMIZED',
          formats: ['XML'],
          standard: TIPTOP_CUSTOM_STANDARD,
          description: '建立倉庫雜項發料資料',
          shape: { replyKey: 'ina01' },
        },
      },
    },
    kingdee: {
      standard: 'K3Cloud WebAPI',
      programs: ['STK_MisDelivery'],
      // Save → Submit → Audit; UnAudit; deleted, never voided (§1.4).
      lifecycle: 'approveNoVoid',
      defaults: { kind: 'OPEN_API', formats: ['JSON'] },
      operations: {
        read: { api: 'ExecuteBillQuery', description: '单据查询：按单据编号读取其他出库单及分录' },
        list: { api: 'ExecuteBillQuery', description: '单据查询：按条件分页查询其他出库单' },
        create: { api: 'Save', description: '其他出库单保存' },
        update: { api: 'Save', description: '其他出库单修改（带 FID 与 NeedUpDateFields 的保存）' },
        delete: { api: 'Delete', description: '其他出库单删除（已提交的先撤销提交 CancelAssign）' },
        approve: { api: 'Audit', description: '其他出库单提交并审核（Submit → Audit；审核失败则撤销提交 CancelAssign）' },
        disapprove: { api: 'UnAudit', description: '其他出库单反审核' },
        createAndApprove: {
          api: 'BatchSave',
          kind: 'CUSTOMIZED',
          description: '其他出库单新增V2（BatchSave，IsAutoSubmitAndAudit：保存、提交、审核一次完成）',
        },
      },
    },
  },
} as const satisfies DocumentKind;
