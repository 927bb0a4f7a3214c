/** Nodes as GraphQL and the idempotency records see them (time budget: under a second). */
import type { ErpDatasource } from '../datasources/types';
import { documentKind } from '../src/catalog';
import type { CanonicalDocument } from '../src/catalog/canonical';
import { decodeGlobalId, toNode } from './nodes';

const kind = documentKind('StockIn')!;
const datasource = { connection: 't100', erp: 'T100' } as unknown as ErpDatasource;
const document: CanonicalDocument = {
  docNo: 'SI01-26110100001',
  status: 'POSTED',
  rawStatus: 'S',
  docDate: '2026-11-01',
  lines: [
    { seq: 1, itemNo: 'A001', quantity: '2', warehouse: 'W01' },
    { itemNo: 'A002', quantity: '3', warehouse: 'W01' },
  ],
} as unknown as CanonicalDocument;

describe('toNode', () => {
  it('gives the document and each line an id that decodes to where they came from, with the fields around it', () => {
    const node = toNode(kind, datasource, document);
    expect(decodeGlobalId(node.id)).toEqual({ typeName: 'StockIn', connection: 't100', docNo: 'SI01-26110100001' });
    expect(node).toMatchObject({ docNo: 'SI01-26110100001', erpStatus: 'S', connection: 't100', erp: 'T100', typeName: 'StockIn' });
    expect(node.lines!.map((line) => [line.seq, decodeGlobalId(line.id)])).toEqual([
      [1, { typeName: 'StockIn', connection: 't100', docNo: 'SI01-26110100001', seq: 1 }],
      [2, { typeName: 'StockIn', connection: 't100', docNo: 'SI01-26110100001', seq: 2 }],
    ]);
  });

  it('keeps the ids in its JSON (what an idempotency record stores), and nothing else of its own making', () => {
    const node = toNode(kind, datasource, document);
    const json = JSON.parse(JSON.stringify(node)) as Record<string, unknown> & { lines: Record<string, unknown>[] };
    expect(json.id).toBe(node.id);
    expect(json.lines.map((line) => line.id)).toEqual(node.lines!.map((line) => line.id));
    expect(Object.keys(json).sort()).toEqual(['connection', 'docDate', 'docNo', 'erp', 'erpStatus', 'id', 'lines', 'rawStatus', 'status', 'typeName']);
    expect(Object.keys(json.lines[0]).sort()).toEqual(['connection', 'id', 'itemNo', 'quantity', 'seq', 'typeName', 'warehouse']);
  });

  it('builds a node again from a replayed answer that carries its own id, keeping the id the fields give', () => {
    const replayed = JSON.parse(JSON.stringify(toNode(kind, datasource, document))) as CanonicalDocument;
    const other = { connection: 'other', erp: 'T100' } as unknown as ErpDatasource;
    const again = toNode(kind, other, { ...replayed, id: 'forged' } as CanonicalDocument);
    expect(decodeGlobalId(again.id)).toEqual({ typeName: 'StockIn', connection: 'other', docNo: 'SI01-26110100001' });
    expect(decodeGlobalId(again.lines![0].id)).toMatchObject({ connection: 'other', seq: 1 });
  });
});
