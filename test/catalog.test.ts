import { readFileSync } from 'node:fs';
import path from 'node:path';
import { catalogRows, DOCUMENT_KINDS, lifecycleOf, mutationsOf, operationFor, resolvedRows } from '../src/catalog';
import { actionsOf, LIFECYCLES } from '../src/catalog/lifecycle';
import { ACTIONS, ERPS, type Operation } from '../src/catalog/types';

const seed000 = readFileSync(path.join(__dirname, 'fixtures/seeds/000_d6f8befc73582561.txt'), 'utf8');

/** `asft310~asft315` → asft310 … asft315; `asft330/asft335` → both; `asft300` → itself. */
function programsOf(label: string): string[] {
  return label.split('/').flatMap((part) => {
    const range = /^([a-z]+)(\d+)~\1?(\d+)$/.exec(part);
    if (!range) return [part];
    return Array.from({ length: Number(range[3]) - Number(range[2]) + 1 }, (_, index) => `${range[1]}${Number(range[2]) + index}`);
  });
}

/** Seed 000's sections, keyed by every program code their headings cover, with the API names each lists. */
function seedSections(text: string): Map<string, string[]> {
  const sections = new Map<string, string[]>();
  const heading = /^.*流程-.+\(((?:asft|apmt)[^)]*)\)\s*$/gm;
  const starts = [...text.matchAll(heading)];
  starts.forEach((match, index) => {
    const body = text.slice(match.index! + match[0].length, starts[index + 1]?.index ?? text.length);
    const names = [...body.matchAll(/\b(?:t100\.oapi\.)?[a-z]+(?:\.[a-z]+)+\b/g)].map((found) => found[0]);
    for (const program of programsOf(match[1])) sections.set(program, [...(sections.get(program) ?? []), ...names]);
  });
  return sections;
}

/** protocols/digiwin.md §4.1: OpenAPI names are `t100.oapi.{stem}.{suffix}`. */
const SUFFIX: Partial<Record<Operation, string>> = {
  create: 'data.create',
  update: 'data.update',
  list: 'list.data.query.get',
  read: 'details.data.read.get',
  approve: 'data.approve',
  issue: 'data.issue',
  post: 'data.post',
  delete: 'data.delete',
  disapprove: 'data.disapprove',
  unissue: 'data.unissue',
  unpost: 'data.dispost',
  void: 'data.invalid',
};

describe('operation catalog', () => {
  const sections = seedSections(seed000);

  it('finds the seed sections it checks against', () => {
    expect(sections.get('asft300')).toContain('t100.oapi.wo.data.create');
    expect(sections.get('asft340')).toContain('stockin.data.process');
  });

  it.each(DOCUMENT_KINDS.filter((kind) => kind.erps.t100).map((kind) => [kind.type, kind] as const))(
    'lists exactly the T100 API names seed 000 gives %s',
    (_type, kind) => {
      const seedNames = new Set(kind.programs.flatMap((program) => sections.get(program) ?? []));
      const catalogNames = new Set(resolvedRows(kind, 't100').map((row) => row.api));
      expect([...catalogNames].sort()).toEqual([...seedNames].sort());
    },
  );

  it('serves exactly the 129 T100 API names of seed 000: 116 OpenAPIs and 13 customized', () => {
    const seedNames = new Set([...sections.values()].flat());
    const catalogNames = new Set(catalogRows().filter((row) => row.erp === 't100' && row.apiName).map((row) => row.apiName!));
    expect([...catalogNames].sort()).toEqual([...seedNames].sort());
    expect(catalogNames.size).toBe(129);
    expect([...catalogNames].filter((name) => name.startsWith('t100.oapi.'))).toHaveLength(116);
  });

  it("describes every T100 API in the seed's own words (API說明)", () => {
    const described = new Map<string, Set<string>>();
    for (const match of seed000.matchAll(/\b((?:t100\.oapi\.)?[a-z]+(?:\.[a-z]+)+)\s+([^\s]+)/g)) {
      if (!described.has(match[1])) described.set(match[1], new Set());
      described.get(match[1])!.add(match[2]);
    }
    for (const row of catalogRows().filter((candidate) => candidate.erp === 't100' && candidate.apiName)) {
      expect([row.apiName, [...(described.get(row.apiName!) ?? [])]]).toEqual([row.apiName, expect.arrayContaining([row.description])]);
    }
  });

  it('names every T100 OpenAPI by the stem + suffix rule', () => {
    for (const kind of DOCUMENT_KINDS) {
      if (!kind.erps.t100) continue;
      const stems = new Set<string>();
      for (const row of resolvedRows(kind, 't100')) {
        if (row.kind !== 'OPEN_API') continue;
        const suffix = SUFFIX[row.operation]!;
        expect(row.api.startsWith('t100.oapi.')).toBe(true);
        expect(row.api.endsWith(`.${suffix}`)).toBe(true);
        stems.add(row.api.slice('t100.oapi.'.length, -suffix.length - 1));
      }
      expect(stems.size).toBe(1);
    }
  });

  it("gives every catalog action a transition in the ERP's lifecycle, and every lifecycle action an API on that ERP", () => {
    for (const kind of DOCUMENT_KINDS) {
      for (const erp of ERPS) {
        if (!kind.erps[erp]) continue;
        const lifecycle = LIFECYCLES[lifecycleOf(kind, erp)];
        for (const row of resolvedRows(kind, erp)) {
          if ((ACTIONS as readonly string[]).includes(row.operation)) expect(lifecycle[row.operation as keyof typeof lifecycle]).toBeDefined();
        }
        for (const action of actionsOf(lifecycleOf(kind, erp))) expect(operationFor(kind, erp, action)).toBeDefined();
        expect(operationFor(kind, erp, 'read')).toBeDefined();
        expect(operationFor(kind, erp, 'list')).toBeDefined();
      }
    }
  });

  it('marks Digiwin customized APIs XML-only and OpenAPIs JSON/XML, as seeds 000 and 001 do', () => {
    for (const row of catalogRows().filter((candidate) => candidate.erp === 't100' || candidate.erp === 'tiptop')) {
      expect(row.formats).toEqual(row.kind === 'CUSTOMIZED' ? ['XML'] : ['JSON', 'XML']);
    }
  });

  it('derives the GraphQL field of every row from the document and operation', () => {
    const fields = catalogRows().map((row) => `${row.document}.${row.operation}=${row.graphqlField}`);
    expect(fields).toContain('WorkOrder.read=workOrder');
    expect(fields).toContain('StockIn.list=stockIns');
    expect(fields).toContain('StockIn.createAndPost=createAndPostStockIn');
    expect(fields).toContain('StockIn.reverse=reverseStockIn');
    expect(fields).toContain('WorkOrder.void=voidWorkOrder');
  });

  it('offers reverse and createAndPost only where the lifecycle can reach them', () => {
    const workOrder = DOCUMENT_KINDS.find((kind) => kind.type === 'WorkOrder')!;
    const stockIn = DOCUMENT_KINDS.find((kind) => kind.type === 'StockIn')!;
    expect(mutationsOf(workOrder).composites).toEqual(['createAndApprove', 'reverse']);
    expect(mutationsOf(stockIn).composites).toEqual(['createAndApprove', 'createAndPost', 'reverse']);
  });
});

describe('TIPTOP GP rows (seed 001)', () => {
  const seed001 = readFileSync(path.join(__dirname, 'fixtures/seeds/001_e4f5b57178b21fdc.txt'), 'utf8');
  /** Every API name the seed lists, with the seed's own description (API說明) after it. */
  const listed = new Map([...seed001.matchAll(/\b(tt\.oapi\.[a-z.]+|Create[A-Za-z]+)\s+(\S+)/g)].map((match) => [match[1], match[2]]));

  it('serves exactly the 32 API names of seed 001: 30 OpenAPIs and 2 customized', () => {
    const rows = catalogRows().filter((row) => row.erp === 'tiptop' && row.apiName);
    expect(rows.map((row) => row.apiName).sort()).toEqual([...listed.keys()].sort());
    expect(listed.size).toBe(32);
    expect(rows.filter((row) => row.kind === 'CUSTOMIZED').map((row) => [row.apiName, row.operation, row.standard, row.formats])).toEqual([
      ['CreateMISCIssueData', 'createAndPost', 'TIPTOP自訂標準規範', ['XML']],
      ['CreateTransferNote', 'createAndPost', 'TIPTOP自訂標準規範', ['XML']],
    ]);
    expect(new Set(rows.filter((row) => row.kind === 'OPEN_API').map((row) => row.standard))).toEqual(new Set(['互聯中台標準規範']));
  });

  it("describes every TIPTOP API in the seed's own words", () => {
    for (const row of catalogRows().filter((candidate) => candidate.erp === 'tiptop' && candidate.apiName)) {
      expect([row.apiName, row.description]).toEqual([row.apiName, listed.get(row.apiName!)]);
    }
  });

  it('runs every TIPTOP composite without a customized API as a saga of OpenAPI steps', () => {
    const sagas = catalogRows().filter((row) => row.erp === 'tiptop' && row.kind === 'SAGA').map((row) => `${row.document}.${row.operation}`);
    expect(sagas.sort()).toEqual(['MiscIssue.createAndApprove', 'MiscIssue.reverse', 'MiscReceipt.createAndApprove', 'MiscReceipt.createAndPost', 'MiscReceipt.reverse', 'Transfer.createAndApprove', 'Transfer.reverse']);
  });
});
