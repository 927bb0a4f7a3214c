/**
 * The T100 sandbox's persistent state in SQLite (better-sqlite3): documents as T100 table rows (status: the raw T100
 * stus code), numbering counters, stock, and a log of every call — the Digiwin state shared with TIPTOP
 * (sandbox/common/digiwin-state.ts), in `t100-sandbox.sqlite` unless told otherwise.
 */
import { DigiwinSandboxState } from '../common/digiwin-state';

export type { CallRecord, StoredDocument } from '../common/digiwin-state';

export class SandboxState extends DigiwinSandboxState {
  constructor(dataDir: string, file = 't100-sandbox.sqlite') {
    super(dataDir, file);
  }
}
