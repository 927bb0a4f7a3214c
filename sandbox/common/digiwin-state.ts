/**
 * The Digiwin sandboxes' persistent state in SQLite (better-sqlite3), shared by T100 (sandbox/t100/state.ts) and
 * TIPTOP (sandbox/tiptop/state.ts): documents as the ERP's table rows, numbering counters, stock, and a log of every call. WAL mode; everything that changes together changes in one
 * transaction, so numbering stays unique under concurrency and a crash leaves no half-posted document.
 */
import { SandboxStore, type CallLogColumns } from './sqlite';

export interface StoredDocument {
  readonly type: string;
  readonly docNo: string;
  /** Raw status: T100's status code (stus); TIPTOP's confirm flag then post flag (NN, YN, YY, XN). */
  status: string;
  /** Head row: the ERP's columns, plus `extra`: wire fields the mapping has no column for (source_no, client erpFields …). */
  head: Record<string, unknown>;
  lines: Record<string, unknown>[];
  readonly createdAt: string;
  updatedAt: string;
}

interface DocumentRow {
  type: string;
  doc_no: string;
  status: string;
  head: string;
  lines: string;
  created_at: string;
  updated_at: string;
}

function fromRow(row: DocumentRow): StoredDocument {
  return {
    type: row.type,
    docNo: row.doc_no,
    status: row.status,
    head: JSON.parse(row.head) as Record<string, unknown>,
    lines: JSON.parse(row.lines) as Record<string, unknown>[],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export interface CallRecord {
  readonly service: string;
  readonly key: string;
  readonly reference: string;
  readonly encoding: string;
  readonly code: string;
}

const CALLS: CallLogColumns = { name: 'service', extra: ['key', 'reference', 'encoding'] };

export class DigiwinSandboxState extends SandboxStore {
  constructor(dataDir: string, file: string) {
    super(
      dataDir,
      file,
      `
      CREATE TABLE IF NOT EXISTS documents (type TEXT NOT NULL, doc_no TEXT NOT NULL, status TEXT NOT NULL, head TEXT NOT NULL,
        lines TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, PRIMARY KEY (type, doc_no));
      CREATE TABLE IF NOT EXISTS counters (prefix TEXT PRIMARY KEY, n INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS stock (item TEXT NOT NULL, warehouse TEXT NOT NULL, location TEXT NOT NULL, lot TEXT NOT NULL,
        quantity REAL NOT NULL, PRIMARY KEY (item, warehouse, location, lot));
    `,
      CALLS,
    );
  }

  document(type: string, docNo: string): StoredDocument | undefined {
    const row = this.sql('SELECT * FROM documents WHERE type = ? AND doc_no = ?').get(type, docNo) as DocumentRow | undefined;
    return row && fromRow(row);
  }

  documents(type?: string): StoredDocument[] {
    const rows = (
      type ? this.sql('SELECT * FROM documents WHERE type = ? ORDER BY doc_no').all(type) : this.sql('SELECT * FROM documents ORDER BY type, doc_no').all()
    ) as DocumentRow[];
    return rows.map(fromRow);
  }

  save(document: StoredDocument): void {
    this.db
      .prepare(
        `INSERT INTO documents (type, doc_no, status, head, lines, created_at, updated_at) VALUES (@type, @docNo, @status, @head, @lines, @createdAt, @updatedAt)
         ON CONFLICT (type, doc_no) DO UPDATE SET status = excluded.status, head = excluded.head, lines = excluded.lines, updated_at = excluded.updated_at`,
      )
      .run({ ...document, head: JSON.stringify(document.head), lines: JSON.stringify(document.lines) });
  }

  remove(type: string, docNo: string): void {
    this.sql('DELETE FROM documents WHERE type = ? AND doc_no = ?').run(type, docNo);
  }

  /** The next serial for a number prefix (`SI01-261124`, `MI01-2611`), never reused. */
  nextSerial(prefix: string): number {
    return this.transaction(() => {
      this.sql('INSERT INTO counters (prefix, n) VALUES (?, 1) ON CONFLICT (prefix) DO UPDATE SET n = n + 1').run(prefix);
      return (this.sql('SELECT n FROM counters WHERE prefix = ?').get(prefix) as { n: number }).n;
    });
  }

  /** Make sure a counter is at least `serial` (sample documents carry their own numbers). */
  reserveSerial(prefix: string, serial: number): void {
    this.sql('INSERT INTO counters (prefix, n) VALUES (?, ?) ON CONFLICT (prefix) DO UPDATE SET n = MAX(n, excluded.n)').run(prefix, serial);
  }

  stockOf(item: string, warehouse: string, location: string, lot: string): number {
    const row = this.db
      .prepare('SELECT quantity FROM stock WHERE item = ? AND warehouse = ? AND location = ? AND lot = ?')
      .get(item, warehouse, location, lot) as { quantity: number } | undefined;
    return row?.quantity ?? 0;
  }

  /** Add (or with a negative delta, take) stock; returns the new quantity. */
  adjustStock(item: string, warehouse: string, location: string, lot: string, delta: number): number {
    this.db
      .prepare(
        `INSERT INTO stock (item, warehouse, location, lot, quantity) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (item, warehouse, location, lot) DO UPDATE SET quantity = quantity + excluded.quantity`,
      )
      .run(item, warehouse, location, lot, delta);
    return this.stockOf(item, warehouse, location, lot);
  }

  logCall(call: CallRecord, now: Date): void {
    this.calls.log(call.service, call.code, now, [call.key, call.reference, call.encoding]);
  }

  callCount(service?: string): number {
    return this.calls.count(service || undefined);
  }
}
