/**
 * The Kingdee sandbox's persistent state in SQLite (better-sqlite3, WAL): STK_MisDelivery bills (head and entries as
 * JSON, FBillNo unique), counters (FID, FEntryID, bill numbers), stock per material × stock × lot, and a call log.
 * Every change that belongs together runs in one transaction; better-sqlite3 is synchronous, so concurrent HTTP
 * calls never interleave inside one, and the UNIQUE index on FBillNo is the last word on duplicates.
 */
import { SandboxStore, type CallLogColumns } from '../common/sqlite';

/** One entry (FEntity row): Kingdee field names; base data as numbers (text). */
export type Entry = Record<string, string | number | null>;

export interface Bill {
  readonly fid: number;
  billNo: string;
  /** FDocumentStatus: Z A B C D. */
  status: string;
  head: Record<string, string | number | null>;
  entries: Entry[];
  readonly createdAt: string;
  modifiedAt: string;
}

interface BillRow {
  fid: number;
  bill_no: string;
  status: string;
  head: string;
  entries: string;
  created_at: string;
  modified_at: string;
}

function nullRecord<T>(source: Record<string, T>): Record<string, T> {
  return Object.assign(Object.create(null) as Record<string, T>, source);
}

function fromRow(row: BillRow): Bill {
  return {
    fid: row.fid,
    billNo: row.bill_no,
    status: row.status,
    head: nullRecord(JSON.parse(row.head) as Record<string, string | number | null>),
    entries: (JSON.parse(row.entries) as Entry[]).map((entry) => nullRecord(entry)),
    createdAt: row.created_at,
    modifiedAt: row.modified_at,
  };
}

const CALLS: CallLogColumns = { name: 'method', caseInsensitive: true };

export class KingdeeState extends SandboxStore {
  constructor(dataDir: string, file: string) {
    super(
      dataDir,
      file,
      `
      CREATE TABLE IF NOT EXISTS bills (fid INTEGER PRIMARY KEY, bill_no TEXT NOT NULL UNIQUE, status TEXT NOT NULL, head TEXT NOT NULL,
        entries TEXT NOT NULL, created_at TEXT NOT NULL, modified_at TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, n INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS stock (material TEXT NOT NULL, stock TEXT NOT NULL, lot TEXT NOT NULL, quantity REAL NOT NULL,
        PRIMARY KEY (material, stock, lot));
    `,
      CALLS,
    );
  }

  /** The next value of a counter that starts after `start` (FID and FEntryID start at 100001). */
  next(name: string, start: number): number {
    return this.transaction(() => {
      this.sql('INSERT INTO counters (name, n) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET n = n + 1').run(name, start + 1);
      return (this.sql('SELECT n FROM counters WHERE name = ?').get(name) as { n: number }).n;
    });
  }

  bills(): Bill[] {
    return (this.sql('SELECT * FROM bills ORDER BY fid').all() as BillRow[]).map(fromRow);
  }

  byNumber(billNo: string): Bill | undefined {
    const row = this.sql('SELECT * FROM bills WHERE bill_no = ?').get(billNo) as BillRow | undefined;
    return row && fromRow(row);
  }

  byId(fid: number): Bill | undefined {
    const row = this.sql('SELECT * FROM bills WHERE fid = ?').get(fid) as BillRow | undefined;
    return row && fromRow(row);
  }

  numberTaken(billNo: string, exceptFid = 0): boolean {
    return Boolean(this.sql('SELECT 1 FROM bills WHERE bill_no = ? AND fid <> ?').get(billNo, exceptFid));
  }

  write(bill: Bill): void {
    this.sql(
      `INSERT INTO bills (fid, bill_no, status, head, entries, created_at, modified_at) VALUES (@fid, @billNo, @status, @head, @entries, @createdAt, @modifiedAt)
       ON CONFLICT (fid) DO UPDATE SET bill_no = excluded.bill_no, status = excluded.status, head = excluded.head, entries = excluded.entries, modified_at = excluded.modified_at`,
    ).run({ ...bill, head: JSON.stringify(bill.head), entries: JSON.stringify(bill.entries) });
  }

  remove(fid: number): void {
    this.sql('DELETE FROM bills WHERE fid = ?').run(fid);
  }

  stockOf(material: string, stock: string, lot: string): number {
    const row = this.sql('SELECT quantity FROM stock WHERE material = ? AND stock = ? AND lot = ?').get(material, stock, lot) as { quantity: number } | undefined;
    return row?.quantity ?? 0;
  }

  adjustStock(material: string, stock: string, lot: string, delta: number): void {
    this.sql(
      `INSERT INTO stock (material, stock, lot, quantity) VALUES (?, ?, ?, ?)
       ON CONFLICT (material, stock, lot) DO UPDATE SET quantity = quantity + excluded.quantity`,
    ).run(material, stock, lot, delta);
  }

  logCall(method: string, code: string, now: Date): void {
    this.calls.log(method, code, now);
  }

  callCount(method?: string): number {
    return this.calls.count(method || undefined);
  }
}
