import type { DocumentKind } from '../types';

/** 工單 (asft300): seed 000, 一般/委外生產流程-工單, 服務類別 10 生產資訊API. */
export const workOrder = {
  type: 'WorkOrder',
  field: 'workOrder',
  plural: 'workOrders',
  description: 'Work order (工單): what to make, how many, when; issued to the floor before material is issued.',
  programs: ['asft300'],
  lifecycle: 'workOrder',
  linesRequired: false,
  effects: {
    issue: 'Material can then be issued and stock-ins booked against the work order.',
    unissue: 'Refused while material has been issued or stock stocked in against the work order.',
  },
  fields: [
    { name: 'itemNo', type: 'String', description: 'Item to produce (sfaa010).', requiredOnCreate: true },
    { name: 'quantity', type: 'Decimal', description: 'Planned production quantity (sfaa012).', requiredOnCreate: true },
    { name: 'unit', type: 'String', description: 'Production unit (sfaa013); defaults to the item unit.' },
    { name: 'plannedStart', type: 'Date', description: 'Planned start date (sfaa019).' },
    { name: 'plannedEnd', type: 'Date', description: 'Planned completion date (sfaa020).' },
    { name: 'warehouse', type: 'String', description: 'Default stock-in warehouse (sfaa034).' },
    { name: 'subcontract', type: 'Boolean', description: 'Outsourced (委外) work order (sfaa057 = 2).' },
    { name: 'issuedSets', type: 'Decimal', description: 'Sets of material already issued (sfaa049).', input: false },
    { name: 'stockedInQuantity', type: 'Decimal', description: 'Quantity already stocked in (sfaa050).', input: false },
    { name: 'scrappedQuantity', type: 'Decimal', description: 'Quantity scrapped (sfaa056).', input: false },
  ],
  erps: {
    t100: {
      standard: '互聯中台標準規範',
      defaults: { kind: 'OPEN_API', formats: ['JSON', 'XML'] },
      operations: {
        create: { api: 't100.oapi.wo.data.create', description: '創建工單' },
        update: { api: 't100.oapi.wo.data.update', description: '更新工單' },
        list: { api: 't100.oapi.wo.list.data.query.get', description: '查詢工單列表' },
        read: { api: 't100.oapi.wo.details.data.read.get', description: '讀取工單明細' },
        approve: { api: 't100.oapi.wo.data.approve', description: '審核工單' },
        issue: { api: 't100.oapi.wo.data.issue', description: '發出工單' },
        delete: { api: 't100.oapi.wo.data.delete', description: '刪除工單' },
        disapprove: { api: 't100.oapi.wo.data.disapprove', description: '撤銷審核工單' },
        unissue: { api: 't100.oapi.wo.data.unissue', description: '發出還原工單' },
        void: { api: 't100.oapi.wo.data.invalid', description: '作廢工單' },
      },
    },
  },
} as const satisfies DocumentKind;
