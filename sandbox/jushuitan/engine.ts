/**
 * `/open/inventory/count/query` in the sandbox (protocols/others.md §2.2, §2.4 items 5–6): every rule broken →
 * code 130 `参数不符合规范：<rule>` (ASSUMPTION §2.3); page_size clamped to 50; filters by status, window (inclusive)
 * and io_ids combined with AND; a stable sort by modified then io_id; exact paging fields.
 */
import { isJsonObject, isStrictWireTime, JUSHUITAN_STATUS, MAX_IO_IDS, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE, MAX_WINDOW_SECONDS, own, parseUntrustedJson, parseWireTime } from '../../datasources/jushuitan/wire';
import type { JushuitanState } from './state';

export interface PlatformAnswer {
  readonly code: number;
  readonly msg: string;
  readonly data: unknown;
}

export const OK_MSG = '执行成功';

export function ruleBroken(rule: string): PlatformAnswer {
  return { code: 130, msg: `参数不符合规范：${rule}`, data: null };
}

/** The §2.2 rule texts (the part after `参数不符合规范：`). */
export const RULES = {
  bizNotJson: 'biz 不是合法的 JSON 对象',
  pageIndex: 'page_index 须为从1开始的整数',
  pageSize: 'page_size 须为正整数',
  timeFormat: 'modified_begin/modified_end 格式须为 yyyy-MM-dd HH:mm:ss',
  bothEnds: 'modified_begin 和 modified_end 须同时提供',
  order: 'modified_begin 不能晚于 modified_end',
  span: '时间跨度不能超过7天',
  ioIdsType: 'io_ids 须为逗号分隔的单号',
  ioIdsMax: `io_ids 最多${MAX_IO_IDS}个`,
  ioIdsOrWindow: 'io_ids 和时间段不能同时为空',
  status: 'status 须为 WaitConfirm、Confirmed、Archive、Cancelled 或 Delete',
} as const;

/** A whole number, as a JSON number or a digit string (vector 3 sends `"1"`). */
function whole(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  if (typeof value === 'string' && /^\d{1,9}$/.test(value.trim())) return Number(value.trim());
  return undefined;
}

function absent(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

export function queryCounts(state: JushuitanState, bizText: string, offset: string): PlatformAnswer {
  let biz: unknown;
  try {
    biz = parseUntrustedJson(bizText === '' ? '{}' : bizText);
  } catch {
    return ruleBroken(RULES.bizNotJson);
  }
  if (!isJsonObject(biz)) return ruleBroken(RULES.bizNotJson);

  const rawIndex = own(biz, 'page_index');
  const pageIndex = absent(rawIndex) ? 1 : whole(rawIndex);
  if (pageIndex === undefined || pageIndex < 1) return ruleBroken(RULES.pageIndex);
  const rawSize = own(biz, 'page_size');
  const askedSize = absent(rawSize) ? DEFAULT_PAGE_SIZE : whole(rawSize);
  if (askedSize === undefined || askedSize < 1) return ruleBroken(RULES.pageSize);
  const pageSize = Math.min(askedSize, MAX_PAGE_SIZE);

  const begin = own(biz, 'modified_begin');
  const end = own(biz, 'modified_end');
  let window: { begin: string; end: string } | undefined;
  if (!absent(begin) || !absent(end)) {
    if (absent(begin) || absent(end)) return ruleBroken(RULES.bothEnds);
    if (typeof begin !== 'string' || typeof end !== 'string' || !isStrictWireTime(begin) || !isStrictWireTime(end)) return ruleBroken(RULES.timeFormat);
    const from = parseWireTime(begin, offset)!.getTime();
    const to = parseWireTime(end, offset)!.getTime();
    if (to < from) return ruleBroken(RULES.order);
    if ((to - from) / 1000 > MAX_WINDOW_SECONDS) return ruleBroken(RULES.span);
    window = { begin, end };
  }

  const rawIds = own(biz, 'io_ids');
  let ioIds: number[] | undefined;
  if (!absent(rawIds)) {
    if (typeof rawIds !== 'string') return ruleBroken(RULES.ioIdsType);
    const parts = rawIds.split(',').map((part) => part.trim());
    if (parts.some((part) => !/^\d{1,15}$/.test(part))) return ruleBroken(RULES.ioIdsType);
    if (parts.length > MAX_IO_IDS) return ruleBroken(RULES.ioIdsMax);
    ioIds = [...new Set(parts.map(Number))];
  }
  if (!window && !ioIds) return ruleBroken(RULES.ioIdsOrWindow);

  const rawStatus = own(biz, 'status');
  let status: string | undefined;
  if (!absent(rawStatus)) {
    if (typeof rawStatus !== 'string' || !JUSHUITAN_STATUS.has(rawStatus)) return ruleBroken(RULES.status);
    status = rawStatus;
  }

  const { total, rows } = state.queryCounts({ status, ...(window ?? {}), ioIds }, (pageIndex - 1) * pageSize, pageSize);
  const pageCount = Math.ceil(total / pageSize);
  return {
    code: 0,
    msg: OK_MSG,
    data: {
      page_size: pageSize,
      page_index: pageIndex,
      data_count: total,
      page_count: pageCount,
      has_next: pageIndex < pageCount,
      datas: rows.map((row) => row.record),
    },
  };
}
