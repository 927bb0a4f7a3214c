/**
 * The AI-WMS PLUS push receiver (seed 003; protocols/others.md §4): `POST /wms/CreateEntryConfirmation`,
 * `POST /wms/CreateDeliveryConfirmation` and the token method the seed asks of the third party, `POST /wms/LOGIN`.
 * Every answer is HTTP 200 `{code, message, bil_id, bil_no}` (§4.4's codes). A push is checked, routed by its
 * order_type, and booked as one composite (create + approve + post where the target has them, compensated on
 * failure) under an idempotency key (ref_id, entry_code): the same content replays the same answer, other content
 * answers 409, and only a booking that succeeded is remembered.
 */
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import express, { Router, type Request, type Response } from 'express';
import { documentKind, lifecycleOf } from '../../src/catalog';
import type { CanonicalInput, CanonicalLine } from '../../src/catalog/canonical';
import { parseDecimal, signOf } from '../../src/catalog/decimal';
import { compositesOf } from '../../src/catalog/lifecycle';
import type { GatewayRuntime } from '../../src/context';
import { reenterRequest } from '../../src/observability/request-context';
import { BadUserInputError, GatewayError } from '../../src/errors';
import { runCreateComposite } from '../../src/saga/composite';
import { SagaTakenOverError } from '../../src/saga/journal';
import { runSaga } from '../../src/saga/journaled';
import { validateInput } from '../../resolvers/actions';
import { gatewayReference } from '../../resolvers/gateway-reference';
import type { AiWmsConnectionConfig } from './config';
import { ORDER_TYPES, type PushKind, type WmsRoute } from './routes';

/** §4.4's answer codes. */
export const WMS_CODES = { booked: 0, invalid: 1, refused: 2, unavailable: 3, unrouted: 4, inProgress: 5, unauthorized: 401, conflict: 409 } as const;

interface Answer {
  readonly code: number;
  readonly message: string;
  readonly bil_id: string;
  readonly bil_no: string;
}

const failure = (code: number, message: string): Answer => ({ code, message, bil_id: '', bil_no: '' });

/** The JSON of a push as records whose names came from the WMS: read with Object.hasOwn only. */
type Json = Record<string, unknown>;
const own = (record: Json, key: string): unknown => (Object.hasOwn(record, key) ? record[key] : undefined);
const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Field specs of seed 003 / §4.2: required header fields and the lengths the WMS's tables allow. */
const HEADER_LENGTHS: readonly [string, number, boolean][] = [
  ['ref_id', 20, true],
  ['owner_code', 30, true],
  ['order_type', 10, true],
  ['department', 30, true],
  ['operator_code', 30, true],
  ['bill_type', 10, false],
  ['supplier_code', 30, false],
  ['supplier_name', 100, false],
  ['cus_code', 30, false],
];
const LINE_LENGTHS: readonly [string, number, boolean][] = [
  ['item_code', 50, true],
  ['item_name', 160, false],
  ['sku_property', 255, false],
  ['batch_code', 40, false],
  ['warehouse_code', 30, true],
  ['request_id', 10, false],
  ['request_code', 100, false],
  ['request_itm', 100, false],
  ['source_bilid', 10, false],
  ['source_bilno', 100, false],
  ['source_bilitm', 100, false],
];

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined);

/** What a push says, checked (code 1 names the field): the header, its code, its lines. */
export interface CheckedPush {
  readonly kind: PushKind;
  readonly header: Json;
  readonly refId: string;
  readonly code: string;
  readonly orderType: string;
  readonly lines: readonly Json[];
}

export function checkPush(kind: PushKind, body: unknown): CheckedPush {
  const orderKey = kind === 'entry' ? 'entry_order' : 'delivery_order';
  const codeKey = kind === 'entry' ? 'entry_code' : 'delivery_code';
  const dateKey = kind === 'entry' ? 'entry_date' : 'delivery_date';
  if (!isRecord(body)) throw new BadUserInputError('(body)', 'the body is not a JSON object');
  const header = own(body, orderKey);
  if (!isRecord(header)) throw new BadUserInputError(orderKey, `${orderKey} is missing`);
  const field = (record: Json, name: string, max: number, required: boolean, path: string): string | undefined => {
    const value = own(record, name);
    if (value === undefined || value === null || value === '') {
      if (required) throw new BadUserInputError(path, `${path} is required`);
      return undefined;
    }
    const found = text(value);
    if (found === undefined) throw new BadUserInputError(path, `${path} must be text`);
    if (found.length > max) throw new BadUserInputError(path, `${path} is longer than ${max} characters`);
    return found;
  };
  for (const [name, max, required] of HEADER_LENGTHS) field(header, name, max, required, `${orderKey}.${name}`);
  const code = field(header, codeKey, 100, true, `${orderKey}.${codeKey}`)!;
  const date = field(header, dateKey, 19, true, `${orderKey}.${dateKey}`)!;
  if (!/^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}:\d{2})?$/.test(date) || Number.isNaN(Date.parse(date.slice(0, 10)))) throw new BadUserInputError(`${orderKey}.${dateKey}`, `${orderKey}.${dateKey} must be YYYY-MM-DD`);
  const operated = field(header, 'operate_time', 19, true, `${orderKey}.operate_time`)!;
  if (!/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(operated)) throw new BadUserInputError(`${orderKey}.operate_time`, `${orderKey}.operate_time must be YYYY-MM-DD HH:mm:ss`);
  const orderType = text(own(header, 'order_type'))!;
  if (!ORDER_TYPES[kind].has(orderType)) throw new BadUserInputError(`${orderKey}.order_type`, `${orderKey}.order_type ${orderType} is not a ${kind} type (${[...ORDER_TYPES[kind].keys()].join(', ')})`);
  const lines = own(body, 'order_lines');
  if (!Array.isArray(lines) || lines.length === 0) throw new BadUserInputError('order_lines', 'order_lines has no lines');
  const itms = new Set<string>();
  const requestCodes = new Set<string>();
  lines.forEach((line, index) => {
    const path = `order_lines[${index}]`;
    if (!isRecord(line)) throw new BadUserInputError(path, `${path} is not an object`);
    if (text(own(line, codeKey)) !== code) throw new BadUserInputError(`${path}.${codeKey}`, `${path}.${codeKey} differs from the header's ${code}`);
    const itm = text(own(line, `${codeKey}_itm`));
    if (itm === undefined || itm === '') throw new BadUserInputError(`${path}.${codeKey}_itm`, `${path}.${codeKey}_itm is required`);
    if (itms.has(itm)) throw new BadUserInputError(`${path}.${codeKey}_itm`, `${path}.${codeKey}_itm ${itm} is repeated`);
    itms.add(itm);
    for (const [name, max, required] of LINE_LENGTHS) field(line, name, max, required, `${path}.${name}`);
    const quantity = parseDecimal(own(line, 'qty'));
    if (quantity === undefined || signOf(quantity) <= 0) throw new BadUserInputError(`${path}.qty`, `${path}.qty must be a number above 0`);
    const requestCode = text(own(line, 'request_code'));
    if (requestCode) requestCodes.add(requestCode);
  });
  // "request_code must match the header" — which has none: every line names the same one (ASSUMPTION, §4.2).
  if (requestCodes.size > 1) throw new BadUserInputError('order_lines.request_code', `the lines name ${requestCodes.size} different request_code values`);
  // Seed 003's field table says totalorderlines, its example total_order_lines: both are read (§4.2).
  const spelling = own(header, 'totalorderlines') !== undefined ? 'totalorderlines' : 'total_order_lines';
  const total = own(header, spelling);
  if (total !== undefined && total !== null && total !== '' && Number(total) !== lines.length) {
    throw new BadUserInputError(`${orderKey}.${spelling}`, `${orderKey}.${spelling} says ${String(total)} lines, order_lines has ${lines.length}`);
  }
  return { kind, header, refId: text(own(header, 'ref_id'))!, code, orderType, lines: lines as Json[] };
}

/** What makes two pushes "the same" (§4.4): order_type and each line's itm, item, warehouse, batch and qty. */
export function contentOf(push: CheckedPush): string {
  const codeKey = push.kind === 'entry' ? 'entry_code' : 'delivery_code';
  const lines = push.lines.map((line) => [text(own(line, `${codeKey}_itm`)), text(own(line, 'item_code')), text(own(line, 'warehouse_code')), text(own(line, 'batch_code')) ?? '', parseDecimal(own(line, 'qty'))]);
  return createHash('sha256').update(JSON.stringify([push.orderType, lines])).digest('hex');
}

/** The canonical input a push books (route: the document's kind, subcontract flag, slip and reason). */
export function pushInput(push: CheckedPush, route: WmsRoute): CanonicalInput {
  const dateKey = push.kind === 'entry' ? 'entry_date' : 'delivery_date';
  const remark = text(own(push.header, 'remark'));
  const supplier = text(own(push.header, push.kind === 'entry' ? 'supplier_code' : 'cus_code'));
  const lines: CanonicalLine[] = push.lines.map((line) => ({
    itemNo: text(own(line, 'item_code'))!,
    quantity: parseDecimal(own(line, 'qty'))!,
    warehouse: text(own(line, 'warehouse_code')) ?? null,
    ...(text(own(line, 'batch_code')) ? { lot: text(own(line, 'batch_code')) } : {}),
    ...(text(own(line, 'rem')) ? { remark: text(own(line, 'rem')) } : {}),
  }));
  return {
    ...(route.docType ? { docType: route.docType } : {}),
    docDate: text(own(push.header, dateKey))!.slice(0, 10),
    department: text(own(push.header, 'department')) ?? null,
    ...(remark ? { remark } : {}),
    ...(supplier ? { supplier } : {}),
    ...(route.kind ? { kind: route.kind } : {}),
    ...(route.subcontract !== undefined ? { subcontract: route.subcontract } : {}),
    // §4.4 puts the order type into `reason`; every ERP here reads reason as a master-data code, so only a route's
    // configured reason is sent (ASSUMPTION: a code the target knows for that order type).
    ...(route.reason ? { reason: route.reason } : {}),
    lines,
  };
}

function answerOf(error: unknown): Answer {
  if (!(error instanceof GatewayError)) return failure(WMS_CODES.unavailable, 'the gateway could not book the push; nothing was booked and a retry is safe');
  switch (error.code) {
    case 'BAD_USER_INPUT':
      return failure(WMS_CODES.invalid, error.message);
    case 'UPSTREAM_UNAVAILABLE':
      return failure(WMS_CODES.unavailable, `${error.message}; nothing was booked and a retry is safe`);
    case 'OUTCOME_UNKNOWN':
    case 'COMPENSATION_FAILED':
      // Held for an operator (the saga journal): a retry answers once it is settled.
      return failure(WMS_CODES.inProgress, `${error.message}; an operator is settling it`);
    case 'UNSUPPORTED_ACTION':
      return failure(WMS_CODES.unrouted, error.message);
    default:
      // ERP_REJECTED, COMPENSATED, INVALID_TRANSITION, NOT_FOUND: the target said no; its message is quoted.
      return failure(WMS_CODES.refused, error.message);
  }
}

/**
 * `bil_id` (≤ 10 characters, §4.2): the route's, else its slip, else the number's own prefix (`MR01` of
 * `MR01-26110004`, `QTCK` of `QTCK000231`). ASSUMPTION: the notes name the target's document type; the slip is T100's
 * and TIPTOP's, the letter prefix Kingdee's; a route sets it where neither fits (Sunlike's MLID).
 */
function billIdOf(route: WmsRoute, docNo: string): string {
  const prefix = docNo.includes('-') ? docNo.split('-')[0] : (/^[A-Za-z]+/.exec(docNo)?.[0] ?? docNo);
  return (route.billId ?? route.docType ?? prefix).slice(0, 10);
}

function equal(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export function wmsRouter(connection: AiWmsConnectionConfig, runtime: GatewayRuntime): Router {
  const router = Router();
  const issued = new Map<string, number>(); // token → expiry (ms)
  const open = connection.tokens.length === 0 && connection.users.length === 0;
  if (open) runtime.logger.warn({ connection: connection.id }, 'AI-WMS push endpoints are open: no tokens or users configured for them');
  const reply = (res: Response, answer: Answer): void => {
    res.status(200).json(answer);
  };
  const authorized = (req: Request): boolean => {
    if (open) return true;
    const raw = (req.get('authorization') ?? '').replace(/^Bearer\s+/i, '').trim();
    if (raw === '') return false;
    if (connection.tokens.some((token) => equal(token, raw))) return true;
    const expiry = issued.get(raw);
    if (expiry !== undefined && expiry > Date.now()) return true;
    if (expiry !== undefined) issued.delete(raw);
    return false;
  };
  router.use(express.text({ type: () => true, limit: '2mb' }), reenterRequest);
  const bodyOf = (req: Request): unknown => {
    const raw = typeof req.body === 'string' ? req.body : '';
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      throw new BadUserInputError('(body)', 'the body is not JSON');
    }
  };

  router.post('/LOGIN', (req, res) => {
    let body: unknown;
    try {
      body = bodyOf(req);
    } catch {
      res.status(200).json({ code: 1, message: 'the body is not JSON', token: '' });
      return;
    }
    const record = isRecord(body) ? body : {};
    const match = connection.users.find(
      (user) => user.company === text(own(record, 'comp_no')) && user.user === text(own(record, 'user_id')) && equal(user.password, text(own(record, 'password')) ?? ''),
    );
    if (!match) {
      res.status(200).json({ code: 1, message: '用户名或密码错误', token: '' });
      return;
    }
    const token = randomUUID();
    for (const [old, expiry] of issued) if (expiry <= Date.now()) issued.delete(old);
    issued.set(token, Date.now() + connection.tokenTtlMinutes * 60_000);
    res.status(200).json({ code: 0, message: '登录成功', token });
  });

  const receive = (kind: PushKind) => async (req: Request, res: Response): Promise<void> => {
    if (!authorized(req)) return reply(res, failure(WMS_CODES.unauthorized, 'token无效'));
    let push: CheckedPush;
    try {
      push = checkPush(kind, bodyOf(req));
    } catch (error) {
      return reply(res, answerOf(error));
    }
    const route = connection.routes[kind].get(push.orderType);
    const document = route ? documentKind(route.document) : undefined;
    const targetId = route?.connection ?? (document ? (Object.hasOwn(runtime.config.routing, document.type) ? runtime.config.routing[document.type] : runtime.config.defaultConnection) : undefined);
    const datasource = targetId ? runtime.datasources.get(targetId) : undefined;
    if (!route || !document || !datasource || !datasource.supports(document)) {
      return reply(res, failure(WMS_CODES.unrouted, `no route for ${kind} order_type ${push.orderType} (${ORDER_TYPES[kind].get(push.orderType)})${route && document && datasource ? `: ${datasource.connection} does not serve ${document.type}` : ''}`));
    }
    // JSON of the parts, so ("a/b", "c") and ("a", "b/c") are different keys.
    const pushKey = JSON.stringify([push.refId, push.code]);
    const storeKey = `aiwms/${connection.id}/${kind}/${pushKey}`;
    const print = contentOf(push);
    const deadline = Date.now() + connection.waitSeconds * 1000;
    let retry = false;
    for (;;) {
      const claim = await runtime.idempotency.claim(storeKey, print, new Date());
      if (claim.state === 'conflict') return reply(res, failure(WMS_CODES.conflict, `${push.refId}/${push.code} was pushed before with other content`));
      if (claim.state === 'completed') return reply(res, { ...(claim.response as Answer), message: '单据已存在' });
      if (claim.state === 'claimed') {
        retry = claim.retry;
        break;
      }
      // Held for an operator (its saga needs attention): answer at once rather than after the wait.
      if ((await runtime.journal.needsAttention(storeKey)) || Date.now() > deadline) {
        return reply(res, failure(WMS_CODES.inProgress, `${push.refId}/${push.code} is still being booked, or waits for an operator to settle it`));
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    let booked: Answer;
    try {
      const actions = compositesOf(lifecycleOf(document, datasource.erp));
      const composite = actions.includes('createAndPost') ? 'createAndPost' : 'createAndApprove';
      const input = validateInput(document, JSON.parse(JSON.stringify(pushInput(push, route))) as CanonicalInput, 'create');
      const reference = gatewayReference(pushKey, `aiwms.${kind}`, connection.id);
      const outcome = await runSaga(
        runtime,
        { type: document.type, connection: datasource.connection, composite, reference, idempotencyKey: pushKey, storeKey, input, docNo: null },
        datasource,
        (journaled) => runCreateComposite(document, journaled, composite, { input, reference, retry }),
      );
      const docNo = outcome.document.docNo;
      booked = { code: WMS_CODES.booked, message: '新增成功', bil_id: billIdOf(route, docNo), bil_no: docNo };
    } catch (error) {
      // May be half-done in the ERP (its saga needs attention): the key stays held, so a retry cannot book beside
      // the operator; resolveSaga releases it. Anything else: only a booking that succeeded is remembered (§4.4).
      // A saga no longer this instance's (taken over, or its end not journaled): whoever drives it releases the key.
      const held = error instanceof SagaTakenOverError || (error instanceof GatewayError && (error.code === 'OUTCOME_UNKNOWN' || error.code === 'COMPENSATION_FAILED'));
      if (!held) await runtime.idempotency.release(storeKey);
      if (!(error instanceof GatewayError)) runtime.logger.error({ err: { message: (error as Error)?.message } }, 'unexpected error booking an AI-WMS push');
      return reply(res, answerOf(error));
    }
    try {
      await runtime.idempotency.complete(storeKey, booked, new Date());
    } catch (error) {
      // Booked, but not recorded: the key stays claimed (a retry waits, never books again) and the WMS hears "in progress".
      runtime.logger.error({ err: { message: (error as Error)?.message } }, 'an AI-WMS booking could not be recorded');
      return reply(res, failure(WMS_CODES.inProgress, `${push.refId}/${push.code} was booked as ${booked.bil_no} but not yet recorded; push it again later`));
    }
    return reply(res, booked);
  };
  const guarded = (kind: PushKind) => (req: Request, res: Response): void => {
    receive(kind)(req, res).catch((error: unknown) => {
      runtime.logger.error({ err: { message: (error as Error)?.message } }, 'unexpected error receiving an AI-WMS push');
      if (!res.headersSent) reply(res, answerOf(error));
    });
  };
  router.post('/CreateEntryConfirmation', guarded('entry'));
  router.post('/CreateDeliveryConfirmation', guarded('delivery'));
  router.use((_req, res) => {
    res.status(404).json(failure(404, 'no such AI-WMS method (CreateEntryConfirmation, CreateDeliveryConfirmation, LOGIN)'));
  });
  // A body the reader refuses (over 2 MB, an unknown charset) is a bad push too: HTTP 200 with code 1 (§4.1).
  router.use((error: Error & { type?: string }, _req: Request, res: Response, _next: express.NextFunction) => {
    if (res.headersSent) return;
    reply(res, failure(WMS_CODES.invalid, `the body cannot be read: ${error.type ?? error.message}`));
  });
  return router;
}
