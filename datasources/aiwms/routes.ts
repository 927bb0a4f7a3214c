/**
 * Where an AI-WMS push is booked (protocols/others.md §4.4, ASSUMPTION throughout): per push kind and `order_type`,
 * a document type (with an issuing note's kind and subcontract flag), optionally a connection (else the gateway's
 * routing for that document type) and the slip the ERP numbers it from. These defaults override design §2's
 * "StockIn" for AI-WMS entries; every one is configurable (`routes` on the aiwms connection).
 */
export type PushKind = 'entry' | 'delivery';

export interface WmsRoute {
  readonly document: string;
  readonly connection?: string;
  readonly kind?: 'ISSUE' | 'RETURN' | 'SUPPLEMENT';
  readonly subcontract?: boolean;
  /** The slip (單別) the target numbers the document from, where it needs one. */
  readonly docType?: string;
  /** `bil_id` answered to the WMS (≤ 10 characters); default: the slip, else the number's prefix. */
  readonly billId?: string;
  /** A reason code the target knows, where the document has one. */
  readonly reason?: string;
}

/** §4.2 / §4.3 order types and their labels. */
export const ORDER_TYPES: Readonly<Record<PushKind, ReadonlyMap<string, string>>> = {
  entry: new Map([
    ['01', '进货入库'], ['02', '暂估入库'], ['03', '销货退回入库'], ['04', '自制产品入库'], ['05', '托外加工入库'], ['06', '生产退料入库'],
    ['07', '托工退料入库'], ['08', '库存调拨入库'], ['09', '非生产退料入库'], ['10', '报废入库'], ['11', '其他入库'],
  ]),
  delivery: new Map([
    ['01', '销货出库'], ['02', '进货退回出库'], ['03', '暂估退回出库'], ['04', '托工退回出库'], ['05', '生产领料出库'], ['06', '生产补料出库'],
    ['07', '托工领料出库'], ['08', '托工补料出库'], ['09', '原料调拨出库'], ['10', '库存调拨出库'], ['11', '非生产领料出库'], ['12', '报废出库'],
    ['13', '其他出库'], ['14', '配送出库'], ['15', '配送退回出库'], ['16', '客户调货出库'],
  ]),
};

function table(entries: readonly [readonly string[], WmsRoute][]): Map<string, WmsRoute> {
  return new Map(entries.flatMap(([types, route]) => types.map((type) => [type, route] as const)));
}

/** §4.4's default routes. */
export const DEFAULT_ROUTES: Readonly<Record<PushKind, ReadonlyMap<string, WmsRoute>>> = {
  entry: table([
    [['01', '02', '05'], { document: 'PurchaseStockIn' }],
    [['04'], { document: 'StockIn' }],
    [['06', '09'], { document: 'IssuingNote', kind: 'RETURN', subcontract: false }],
    [['07'], { document: 'IssuingNote', kind: 'RETURN', subcontract: true }],
    [['08'], { document: 'Transfer' }],
    [['03', '10', '11'], { document: 'MiscReceipt' }],
  ]),
  delivery: table([
    [['05'], { document: 'IssuingNote', kind: 'ISSUE', subcontract: false }],
    [['06'], { document: 'IssuingNote', kind: 'SUPPLEMENT', subcontract: false }],
    [['07'], { document: 'IssuingNote', kind: 'ISSUE', subcontract: true }],
    [['08'], { document: 'IssuingNote', kind: 'SUPPLEMENT', subcontract: true }],
    [['09', '10'], { document: 'Transfer' }],
    [['01', '02', '03', '04', '11', '12', '13', '14', '15', '16'], { document: 'MiscIssue' }],
  ]),
};
