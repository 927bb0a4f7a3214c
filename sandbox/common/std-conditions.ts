/**
 * What the Digiwin sandboxes (T100 and TIPTOP) do alike with std_data: replies, per-key outcomes, and §6 lists with
 * condition evaluation (T100 and TIPTOP; protocols/digiwin.md §6): a std_data
 * condition `{field_name|name, operator, value}` with the operators =, <>, !=, >, >=, <, <=, LIKE, IN, NOT IN and
 * BETWEEN, numbers compared as numbers when both sides are numeric, quoted values unquoted ('' is one quote).
 */
import type { StdRecord, StdReply } from '../../datasources/common/digiwin/envelope-types';

/** A business refusal: execution code (an ERP message id) and its text. */
export class Refusal extends Error {
  constructor(
    readonly code: string,
    readonly description: string,
  ) {
    super(description);
  }
}

function text(value: unknown): string {
  return value === null || value === undefined ? '' : String(value).trim();
}

function unquote(value: string): string {
  const trimmed = value.trim();
  return /^'.*'$/s.test(trimmed) ? trimmed.slice(1, -1).replace(/''/g, "'") : trimmed;
}

function listOf(value: string): string[] {
  return value
    .trim()
    .replace(/^\(|\)$/g, '')
    .split(',')
    .map(unquote);
}

/** Numbers as numbers when both sides are numeric, else text order. */
export function compare(a: unknown, b: unknown): number {
  const [left, right] = [text(a), text(b)];
  const [x, y] = [Number(left), Number(right)];
  if (left !== '' && right !== '' && Number.isFinite(x) && Number.isFinite(y)) return x - y;
  return left < right ? -1 : left > right ? 1 : 0;
}

function test(actual: unknown, operator: string, raw: string): boolean {
  switch (operator) {
    case '=':
      return compare(actual, unquote(raw)) === 0;
    case '<>':
    case '!=':
      return compare(actual, unquote(raw)) !== 0;
    case '>':
      return compare(actual, unquote(raw)) > 0;
    case '>=':
      return compare(actual, unquote(raw)) >= 0;
    case '<':
      return compare(actual, unquote(raw)) < 0;
    case '<=':
      return compare(actual, unquote(raw)) <= 0;
    case 'LIKE': {
      const pattern = unquote(raw).replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*').replace(/_/g, '.');
      return new RegExp(`^${pattern}$`, 's').test(text(actual));
    }
    case 'IN':
      return listOf(raw).some((value) => compare(actual, value) === 0);
    case 'NOT IN':
      return !listOf(raw).some((value) => compare(actual, value) === 0);
    case 'BETWEEN': {
      const [low, high] = raw.split(/\s+AND\s+/i).map(unquote);
      return compare(actual, low) >= 0 && compare(actual, high) <= 0;
    }
    default:
      throw new Refusal('-1', `operator ${operator} 不支援`);
  }
}

/**
 * A condition on a wire name: the head's field, else any line's (a field name from the request: own keys only).
 * `records` reads the detail's lines as the calling sandbox does.
 */
export function matches(record: StdRecord, detail: string, condition: StdRecord, records: (value: unknown) => StdRecord[]): boolean {
  const field = text(condition.field_name ?? condition.name);
  const operator = text(condition.operator ?? '=').toUpperCase();
  const value = text(condition.value);
  if (Object.hasOwn(record, field)) return test(record[field], operator, value);
  return records(record[detail]).some((line) => Object.hasOwn(line, field) && test(line[field], operator, value));
}

// ── replies both Digiwin engines build the same way ─────────────────────────────────────────────────────

export function ok(parameter: StdRecord): StdReply {
  return { srvcode: '000', execution: { code: '0', sqlCode: '0', description: '' }, parameter };
}

export function refused(code: string, description: string, parameter: StdRecord = {}): StdReply {
  return { srvcode: '000', execution: { code, sqlCode: '0', description }, parameter };
}

/** §2.6: "-0" when some keys failed, "-1" when all did; the per-key entries say which and why. */
export function perKeyReply(parameter: StdRecord, successes: number, errors: StdRecord[]): StdReply {
  if (errors.length === 0) return ok(parameter);
  if (successes > 0) return refused('-0', `${errors.length} of ${successes + errors.length} failed`, parameter);
  return refused('-1', errors.length === 1 ? text(errors[0].message) : `all ${errors.length} failed`, parameter);
}

/**
 * §6 list semantics over the wire records of every document of a kind: conditions on wire names (a line field
 * matches heads having such a line; AND, or OR with the 易飞 form), `orders` then `doc_no` for a stable order,
 * paging (a page past the end is `-1`), heads only in `data`, mirrored as `result.rows`.
 */
export function listPage(parameter: StdRecord, all: StdRecord[], detail: string, records: (value: unknown) => StdRecord[]): StdReply {
  const pageNo = Math.max(1, Number(parameter.page_no ?? 1) || 1);
  const pageSize = Math.min(10_000, Math.max(1, Number(parameter.page_size ?? 100) || 100));
  const conditions = records(parameter.conditions ?? parameter.fields);
  const operator = text(parameter.conditions_operator ?? parameter.operator).toUpperCase() === 'OR' ? 'OR' : 'AND';
  const matching = all.filter((record) => {
    if (conditions.length === 0) return true;
    const results = conditions.map((condition) => matches(record, detail, condition, records));
    return operator === 'AND' ? results.every(Boolean) : results.some(Boolean);
  });
  const orders = records(parameter.orders);
  const order = orders.length > 0 ? orders : [{ field_name: 'doc_no', order_type: 'ASC' }];
  matching.sort((a, b) => {
    for (const { field_name: field, order_type: direction } of order) {
      const name = text(field);
      const compared = compare(Object.hasOwn(a, name) ? a[name] : undefined, Object.hasOwn(b, name) ? b[name] : undefined);
      if (compared !== 0) return text(direction).toUpperCase() === 'DESC' ? -compared : compared;
    }
    return compare(a.doc_no, b.doc_no);
  });
  const pageCount = Math.ceil(matching.length / pageSize);
  if (pageNo > Math.max(pageCount, 1)) return refused('-1', `page_no:${pageNo} 超過 page_count:${pageCount} 無法查詢！`);
  const data = matching.slice((pageNo - 1) * pageSize, pageNo * pageSize).map((record) => {
    const head = { ...record };
    delete head[detail];
    return head;
  });
  return ok({ total_result: matching.length, page_count: pageCount, page_no: pageNo, has_next: pageNo < pageCount, cnt: data.length, data, result: { rows: data } });
}

/**
 * A state action on every key of `data_keys` (also `datakeys`), each succeeding or failing alone (§7.7). A per-key
 * refusal is `{message, data:{doc_no}}` (§4.2), the message id in front of the text as the ERPs' message catalogues
 * print it; the entry itself carries no code. `run` answers the number to echo and the status it left.
 */
export function perKeyActions(parameter: StdRecord, records: (value: unknown) => StdRecord[], run: (docNo: string) => { docNo: string; status: string }): StdReply {
  const keys = records(parameter.data_keys ?? parameter.datakeys);
  if (keys.length === 0) throw new Refusal('-1', 'data_keys is empty');
  const success: StdRecord[] = [];
  const error: StdRecord[] = [];
  for (const key of keys) {
    const docNo = text(key.doc_no);
    try {
      const done = run(docNo);
      success.push({ doc_no: done.docNo, status: done.status });
    } catch (failure) {
      if (!(failure instanceof Refusal)) throw failure;
      error.push({ message: `${failure.code}: ${failure.description}`, data: { doc_no: docNo } });
    }
  }
  return perKeyReply({ result: { success, error } }, success.length, error);
}

/** A read by `data_keys`: the found records under `recordSet`, a `sbx-00001` per-key entry for each missing one. */
export function perKeyReads(
  parameter: StdRecord,
  records: (value: unknown) => StdRecord[],
  find: (docNo: string) => StdRecord | null,
  recordSet: string,
  successOf: (record: StdRecord) => StdRecord,
): StdReply {
  const found: StdRecord[] = [];
  const error: StdRecord[] = [];
  for (const key of records(parameter.data_keys ?? parameter.datakeys)) {
    const record = find(text(key.doc_no));
    if (record) found.push(record);
    else error.push({ message: `sbx-00001: 查無資料:${text(key.doc_no)}`, data: { doc_no: text(key.doc_no) } });
  }
  return perKeyReply({ [recordSet]: found, result: { success: found.map(successOf), error } }, found.length, error);
}
