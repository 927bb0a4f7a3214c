/**
 * The TIPTOP GP sandbox's persistent state in SQLite (better-sqlite3): documents as ina_file/inb_file, imm_file/imn_file rows, numbering
 * counters, stock, and a log of every call. WAL mode; everything that changes together changes in one
 * transaction, so numbering stays unique under concurrency and a crash leaves no half-posted document.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

export interface StoredDocument {
  readonly type: string;
  readonly docNo: string;
  /** Two-letter status, confirm flag then post flag (NN, YN, YY, XN). */
  status: string;
  /** Head row: TIPTOP columns, plus `extra`: wire fields the mapping has no column for (client erpFields). */
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

export class SandboxState {
  private readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();

  /** Prepared once, reused: preparing is a measurable share of a call's cost (bench profile). */
  private sql(text: string): Database.Statement {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }

  constructor(dataDir: string, file: string) {
    mkdirSync(dataDir, { recursive: true });
    this.db = new Database(path.join(dataDir, file));
    this.db.pragma('journal_mode = WAL');
    // A sandbox may lose its last transaction on power loss, never its consistency (WAL + NORMAL).
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS documents (type TEXT NOT NULL, doc_no TEXT NOT NULL, status TEXT NOT NULL, head TEXT NOT NULL,
        lines TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, PRIMARY KEY (type, doc_no));
      CREATE TABLE IF NOT EXISTS counters (prefix TEXT PRIMARY KEY, n INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS stock (item TEXT NOT NULL, warehouse TEXT NOT NULL, location TEXT NOT NULL, lot TEXT NOT NULL,
        quantity REAL NOT NULL, PRIMARY KEY (item, warehouse, location, lot));
      CREATE TABLE IF NOT EXISTS calls (id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, service TEXT NOT NULL, key TEXT NOT NULL,
        reference TEXT NOT NULL, encoding TEXT NOT NULL, code TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
    `);
  }

  /** Run `work` in one transaction (nested calls join the outer one). */
  transaction<T>(work: () => T): T {
    return this.db.inTransaction ? work() : this.db.transaction(work)();
  }

  isSeeded(): boolean {
    return Boolean(this.sql(`SELECT 1 FROM meta WHERE name = 'seeded'`).get());
  }

  markSeeded(now: Date): void {
    this.sql(`INSERT OR REPLACE INTO meta (name, value) VALUES ('seeded', ?)`).run(now.toISOString());
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

  /** The next serial for a number prefix (`MI01-2611`), never reused. */
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
    this.db
      .prepare('INSERT INTO calls (at, service, key, reference, encoding, code) VALUES (?, ?, ?, ?, ?, ?)')
      .run(now.toISOString(), call.service, call.key, call.reference, call.encoding, call.code);
  }

  callCount(service?: string): number {
    const row = (service
      ? this.sql('SELECT COUNT(*) AS n FROM calls WHERE service = ?').get(service)
      : this.sql('SELECT COUNT(*) AS n FROM calls').get()) as { n: number };
    return row.n;
  }

  close(): void {
    this.db.close();
  }
}
