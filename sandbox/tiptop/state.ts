/**
 * The TIPTOP GP sandbox's persistent state in SQLite (better-sqlite3): documents as ina_file/inb_file, imm_file/imn_file
 * rows (status: confirm flag then post flag, NN, YN, YY, XN), numbering counters, stock, and a log of every call — the
 * Digiwin state shared with T100 (sandbox/common/digiwin-state.ts).
 */
export { DigiwinSandboxState as SandboxState, type CallRecord, type StoredDocument } from '../common/digiwin-state';
