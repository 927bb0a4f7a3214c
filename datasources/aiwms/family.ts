/**
 * AI-WMS PLUS as an ERP family (protocols/others.md §4): it pushes to us, so its connection has no datasource that
 * calls out — only the inbound routes under `/wms`, which book each push on the connection its route names.
 */
import type { CanonicalDocument } from '../../src/catalog/canonical';
import type { DocumentKind } from '../../src/catalog/types';
import { defineErpFamily } from '../../src/erp-family';
import { UnsupportedActionError } from '../../src/errors';
import type { CompositeResult, ErpDatasource } from '../types';
import { parseAiWmsConnection, type AiWmsConnectionConfig } from './config';
import { wmsRouter } from './push';

/** The WMS holds no documents the gateway reads: every document operation is another connection's. */
class InboundOnlyDatasource implements ErpDatasource {
  readonly erp = 'aiwms' as const;
  readonly circuit = 'closed' as const;
  constructor(readonly connection: string) {}
  supports(): boolean {
    return false;
  }
  private refusal(kind: DocumentKind, operation: 'read' | 'list' | 'create'): Promise<never> {
    return Promise.reject(new UnsupportedActionError(kind.type, operation, this.connection, 'AI-WMS'));
  }
  read(kind: DocumentKind): Promise<(CanonicalDocument | null)[]> {
    return this.refusal(kind, 'read');
  }
  list(kind: DocumentKind): Promise<CanonicalDocument[]> {
    return this.refusal(kind, 'list');
  }
  count(kind: DocumentKind): Promise<number> {
    return this.refusal(kind, 'list');
  }
  execute(kind: DocumentKind): Promise<never> {
    return this.refusal(kind, 'create');
  }
  hasCustomized(): boolean {
    return false;
  }
  executeCustomized(kind: DocumentKind): Promise<CompositeResult> {
    return this.refusal(kind, 'create');
  }
  findByReference(): Promise<CanonicalDocument[]> {
    return Promise.resolve([]);
  }
  async close(): Promise<void> {}
}

export const aiwmsFamily = defineErpFamily<AiWmsConnectionConfig>({
  erp: 'aiwms',
  parseConnection: parseAiWmsConnection,
  createDatasource: (config) => new InboundOnlyDatasource(config.id),
  inbound: { path: '/wms', router: (config, runtime) => wmsRouter(config, runtime) },
  // Sandbox mode (`npm start` with no config): pushes are open and booked on the TIPTOP sandbox, whose sample data
  // holds seed 003's item P001 and warehouse A — entries as misc receipts (MR01), deliveries as misc issues (MI01).
  embeddedConnection: {
    erp: 'aiwms',
    routes: {
      entry: Object.fromEntries(['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11'].map((type) => [type, { document: 'MiscReceipt', connection: 'tiptop', docType: 'MR01' }])),
      delivery: Object.fromEntries(
        ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12', '13', '14', '15', '16'].map((type) => [type, { document: 'MiscIssue', connection: 'tiptop', docType: 'MI01' }]),
      ),
    },
  },
});
