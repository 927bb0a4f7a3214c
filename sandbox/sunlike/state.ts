/**
 * The Sunlike sandbox's persistent state (better-sqlite3, WAL): documents (head, lines and their `_Z` custom rows
 * as JSON), numbering counters, stock in main units, and a log of calls. A create checks REF_NO and inserts in one
 * transaction, so concurrent duplicates make one document.
 */
import { SandboxStore, type CallLogColumns } from '../common/sqlite';

export interface StoredDocument {
  readonly pgm: string;
  readonly mlid: string;
  readonly mlNo: string;
  readonly refNo: string;
  readonly mlDd: string;
  readonly dep: string;
  readonly sysDate: string;
  readonly clsDate: string;
  readonly head: Record<string, unknown>;
  readonly lines: Record<string, unknown>[];
  readonly headZ: Record<string, unknown>[];
  readonly linesZ: Record<string, unknown>[];
}

interface Row {
  pgm: string;
  mlid: string;
  ml_no: string;
  ref_no: string;
  ml_dd: string;
  dep: string;
  sys_date: string;
  cls_date: string;
  head: string;
  lines: string;
  head_z: string;
  lines_z: string;
}

function fromRow(row: Row): StoredDocument {
  return {
    pgm: row.pgm,
    mlid: row.mlid,
    mlNo: row.ml_no,
    refNo: row.ref_no,
    mlDd: row.ml_dd,
    dep: row.dep,
    sysDate: row.sys_date,
    clsDate: row.cls_date,
    head: JSON.parse(row.head) as Record<string, unknown>,
    lines: JSON.parse(row.lines) as Record<string, unknown>[],
    headZ: JSON.parse(row.head_z) as Record<string, unknown>[],
    linesZ: JSON.parse(row.lines_z) as Record<string, unknown>[],
  };
}

const CALLS: CallLogColumns = { name: 'api' };

export class SunlikeState extends SandboxStore {
  constructor(dataDir: string, file: string) {
    super(
      dataDir,
      file,
      `
      CREATE TABLE IF NOT EXISTS documents (pgm TEXT NOT NULL, mlid TEXT NOT NULL, ml_no TEXT NOT NULL, ref_no TEXT NOT NULL, ml_dd TEXT NOT NULL,
        dep TEXT NOT NULL, sys_date TEXT NOT NULL, cls_date TEXT NOT NULL, head TEXT NOT NULL, lines TEXT NOT NULL, head_z TEXT NOT NULL, lines_z TEXT NOT NULL,
        PRIMARY KEY (mlid, ml_no), UNIQUE (pgm, ref_no));
      CREATE TABLE IF NOT EXISTS counters (prefix TEXT PRIMARY KEY, n INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS stock (item TEXT NOT NULL, warehouse TEXT NOT NULL, quantity REAL NOT NULL, PRIMARY KEY (item, warehouse));
    `,
      CALLS,
    );
  }

  /** Its own transaction: a nested call is a savepoint, not a join. */
  override transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  meta(name: string): string | undefined {
    return (this.db.prepare('SELECT value FROM meta WHERE name = ?').get(name) as { value: string } | undefined)?.value;
  }

  setMeta(name: string, value: string): void {
    this.db.prepare('INSERT INTO meta (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value').run(name, value);
  }

  byRef(pgm: string, refNo: string): StoredDocument | undefined {
    const row = this.db.prepare('SELECT * FROM documents WHERE pgm = ? AND ref_no = ?').get(pgm, refNo) as Row | undefined;
    return row ? fromRow(row) : undefined;
  }

  get(mlid: string, mlNo: string): StoredDocument | undefined {
    const row = this.db.prepare('SELECT * FROM documents WHERE mlid = ? AND ml_no = ?').get(mlid, mlNo) as Row | undefined;
    return row ? fromRow(row) : undefined;
  }

  all(pgm?: string): StoredDocument[] {
    const rows = (pgm ? this.db.prepare('SELECT * FROM documents WHERE pgm = ? ORDER BY ml_no').all(pgm) : this.db.prepare('SELECT * FROM documents ORDER BY pgm, ml_no').all()) as Row[];
    return rows.map(fromRow);
  }

  insert(document: StoredDocument): void {
    this.db
      .prepare('INSERT INTO documents (pgm, mlid, ml_no, ref_no, ml_dd, dep, sys_date, cls_date, head, lines, head_z, lines_z) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(document.pgm, document.mlid, document.mlNo, document.refNo, document.mlDd, document.dep, document.sysDate, document.clsDate, JSON.stringify(document.head), JSON.stringify(document.lines), JSON.stringify(document.headZ), JSON.stringify(document.linesZ));
  }

  remove(mlid: string, mlNo: string): void {
    this.db.prepare('DELETE FROM documents WHERE mlid = ? AND ml_no = ?').run(mlid, mlNo);
  }

  /** The next number under a prefix that no document holds yet. */
  nextNumber(prefix: string, mlid: string): string {
    for (;;) {
      const row = this.db.prepare('INSERT INTO counters (prefix, n) VALUES (?, 1) ON CONFLICT(prefix) DO UPDATE SET n = n + 1 RETURNING n').get(prefix) as { n: number };
      const number = `${prefix}${String(row.n).padStart(8, '0')}`;
      if (!this.get(mlid, number)) return number;
    }
  }

  addStock(item: string, warehouse: string, delta: number): void {
    this.db.prepare('INSERT INTO stock (item, warehouse, quantity) VALUES (?, ?, ?) ON CONFLICT(item, warehouse) DO UPDATE SET quantity = quantity + excluded.quantity').run(item, warehouse, delta);
  }

  stock(item: string, warehouse: string): number {
    return (this.db.prepare('SELECT quantity FROM stock WHERE item = ? AND warehouse = ?').get(item, warehouse) as { quantity: number } | undefined)?.quantity ?? 0;
  }

  logCall(api: string, code: string, at: Date): void {
    this.calls.log(api, code, at);
  }

  callCount(api?: string): number {
    return this.calls.count(api || undefined);
  }
}
