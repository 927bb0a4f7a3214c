/**
 * SQLite plumbing shared by the sandbox ERPs' state (better-sqlite3): opening a sandbox's database (WAL), a cache of
 * prepared statements, and the call log every sandbox keeps (`calls`: one row per call that reached a route).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

/** Opens (creating dataDir and the file if need be) `dataDir/file` in WAL mode, then runs `schema`. */
export function openSandboxDatabase(dataDir: string, file: string, schema: string): Database.Database {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(path.join(dataDir, file));
  db.pragma('journal_mode = WAL');
  // A sandbox may lose its last transaction on power loss, never its consistency (WAL + NORMAL).
  db.pragma('synchronous = NORMAL');
  db.exec(schema);
  return db;
}

/** Prepared once, reused: preparing is a measurable share of a call's cost (bench profile). */
export class StatementCache {
  private readonly statements = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {}

  sql(text: string): Database.Statement {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }
}

export interface CallLogColumns {
  /** The column naming the call (`service`, `method`, `path`, `api`). */
  readonly name: string;
  /** Further text columns a sandbox logs, in the order `log` gets their values. */
  readonly extra?: readonly string[];
  /** Count by name ignoring case (Kingdee's method names). */
  readonly caseInsensitive?: boolean;
}

/** The `calls` table's CREATE, as every sandbox has it: id, at, the name column, any extra columns, code. */
export function callLogSchema(columns: CallLogColumns): string {
  const extra = (columns.extra ?? []).map((column) => ` ${column} TEXT NOT NULL,`).join('');
  return `CREATE TABLE IF NOT EXISTS calls (id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, ${columns.name} TEXT NOT NULL,${extra} code TEXT NOT NULL);`;
}

/** The call log (column names are the sandbox's own constants, never a caller's). */
export class CallLog {
  private readonly insert: string;
  private readonly countOne: string;

  constructor(
    private readonly statements: StatementCache,
    columns: CallLogColumns,
  ) {
    const names = [columns.name, ...(columns.extra ?? [])];
    this.insert = `INSERT INTO calls (at, ${names.join(', ')}, code) VALUES (?, ${names.map(() => '?').join(', ')}, ?)`;
    this.countOne = columns.caseInsensitive
      ? `SELECT COUNT(*) AS n FROM calls WHERE lower(${columns.name}) = lower(?)`
      : `SELECT COUNT(*) AS n FROM calls WHERE ${columns.name} = ?`;
  }

  log(name: string, code: string, at: Date, extra: readonly string[] = []): void {
    this.statements.sql(this.insert).run(at.toISOString(), name, ...extra, code);
  }

  /** Calls by name (all when undefined). */
  count(name?: string): number {
    const row = (name === undefined ? this.statements.sql('SELECT COUNT(*) AS n FROM calls').get() : this.statements.sql(this.countOne).get(name)) as { n: number };
    return row.n;
  }
}

/**
 * A sandbox's database, as the states extend it: opened by openSandboxDatabase with the sandbox's own `tables`, the
 * call log's table and `meta (name, value)`; statements cached, the call log, one-transaction work, close.
 */
export class SandboxStore {
  protected readonly db: Database.Database;
  protected readonly calls: CallLog;
  private readonly statements: StatementCache;

  constructor(dataDir: string, file: string, tables: string, calls: CallLogColumns) {
    this.db = openSandboxDatabase(dataDir, file, `${tables}\n${callLogSchema(calls)}\nCREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);`);
    this.statements = new StatementCache(this.db);
    this.calls = new CallLog(this.statements, calls);
  }

  protected sql(text: string): Database.Statement {
    return this.statements.sql(text);
  }

  /** Run `work` in one transaction (nested calls join the outer one). */
  transaction<T>(work: () => T): T {
    return this.db.inTransaction ? work() : this.db.transaction(work)();
  }

  /** Whether the sample data went in (meta `seeded`). */
  isSeeded(): boolean {
    return Boolean(this.sql(`SELECT 1 FROM meta WHERE name = 'seeded'`).get());
  }

  markSeeded(now: Date): void {
    this.sql(`INSERT OR REPLACE INTO meta (name, value) VALUES ('seeded', ?)`).run(now.toISOString());
  }

  close(): void {
    this.db.close();
  }
}
