/**
 * The bench's peer gateway (issue 14): GraphQL Mesh's JSON-schema source (`@omnigraph/json-schema`) over the T100
 * sandbox's read APIs, composed in code with `@graphql-mesh/compose-cli` and served by Hive Gateway's runtime
 * (`@graphql-hive/gateway-runtime` + `@graphql-mesh/transport-rest`), in this process, on its own HTTP port.
 *
 * What Mesh is given — and nothing more — is what a team would write for it from the Digiwin protocol:
 * - three POST operations on `/ws/r/awsp920` (the JSON v1 envelope), one per read API the nested query needs:
 *   `t100.oapi.issuing.list.data.query.get`, `t100.oapi.issuing.details.data.read.get` and
 *   `t100.oapi.wo.details.data.read.get`. Each request body is Mesh's `requestBaseBody`: the fixed envelope keys
 *   (key, type, host, service, datakey) plus the arguments placed by path, e.g.
 *   `payload.std_data.parameter.data_keys.0.doc_no = {args.docNo}` — so the envelope is expressed exactly as the
 *   bench's direct call sends it (same md5 key, same host/service/datakey). One wrinkle: Mesh only creates a
 *   field argument for `{args.x}` seen in a path, query parameter or header, so each argument also travels in an
 *   `x-peer-arg-*` header the sandbox ignores (see argumentHeaders);
 * - JSON schemas of the replies (`srvcode` → `payload.std_data.{execution, parameter}`), hand-written from the
 *   wire form; Mesh generates the GraphQL types from them, so field names are the ERP's wire names;
 * - two links as additionalTypeDefs with `@resolveTo`: a list row's `details` (the note's read API by `doc_no`,
 *   for its lines) and a note's `workOrder` (the work-order read API by the first line's `wo_no`, as the
 *   gateway derives a note's head work order). Mesh resolves both, one upstream request per parent: no
 *   batching is configured. (Mesh's `@resolveTo` can batch with `keysArg`/`keyField`, but it passes a list of
 *   scalar keys, and requestBaseBody's string interpolation cannot turn that list into the `data_keys: [{doc_no}]`
 *   objects the read API wants; this is the peer as its JSON-schema source works out of the box.)
 *
 * Nothing is precomputed: every nested field is an HTTP call Mesh makes to the sandbox.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGatewayRuntime } from '@graphql-hive/gateway-runtime';
import { getComposedSchemaFromConfig } from '@graphql-mesh/compose-cli';
import restTransport from '@graphql-mesh/transport-rest';
import { loadJSONSchemaSubgraph } from '@omnigraph/json-schema';
import { encodeRequest } from '../../datasources/common/digiwin/envelope';
import { t100Request } from '../t100-request';


export const PEER_APIS = {
  issuingList: 't100.oapi.issuing.list.data.query.get',
  issuingRead: 't100.oapi.issuing.details.data.read.get',
  workOrderRead: 't100.oapi.wo.details.data.read.get',
} as const;

/** The fixed part of a JSON v1 envelope for `api` (its md5 key computed by the repo's own codec), for requestBaseBody. */
function envelopeBase(api: string): Record<string, unknown> {
  const { type, host, service, datakey } = t100Request(api);
  const { key } = encodeRequest('json', t100Request(api));
  return { key, type, host, service, datakey };
}

type Schema = Record<string, unknown>;
const str: Schema = { type: 'string' };
const num: Schema = { type: 'number' };

/** `srvcode` + `payload.std_data.{execution, parameter}` around `parameter`, each level a named object type. */
function reply(prefix: string, parameter: Schema): Schema {
  return {
    title: `${prefix}Reply`,
    type: 'object',
    properties: {
      srvver: str,
      srvcode: str,
      payload: {
        title: `${prefix}Payload`,
        type: 'object',
        properties: {
          std_data: {
            title: `${prefix}StdData`,
            type: 'object',
            properties: {
              execution: { title: 'T100Execution', type: 'object', properties: { code: str, sql_code: str, description: str } },
              parameter: { title: `${prefix}Parameter`, type: 'object', properties: parameter },
            },
          },
        },
      },
    },
  };
}

const HEAD_FIELDS: Schema = { doc_no: str, doc_type_no: str, doc_date: str, status: str, site_no: str, modify_date: str };

const ISSUING_HEAD: Schema = {
  title: 'T100IssuingHead',
  type: 'object',
  properties: { ...HEAD_FIELDS, department_no: str, prog_no: str, issue_type: str, applicant_no: str, remark: str },
};
const ISSUING_LINE: Schema = {
  title: 'T100IssuingLine',
  type: 'object',
  properties: { seq: num, wo_no: str, item_no: str, unit_no: str, qty: num, warehouse_no: str, location_no: str, lot_no: str, remark: str },
};
const ISSUING_NOTE: Schema = {
  title: 'T100IssuingNote',
  type: 'object',
  properties: { ...(ISSUING_HEAD.properties as Schema), issuing_detail: { type: 'array', items: ISSUING_LINE } },
};
const WORK_ORDER: Schema = {
  title: 'T100WorkOrder',
  type: 'object',
  properties: {
    ...HEAD_FIELDS,
    item_no: str, qty: num, unit_no: str, plan_start_date: str, plan_end_date: str, warehouse_no: str, department_no: str,
    wo_type: str, issued_sets: num, stockin_qty: num, scrap_qty: num,
    wo_detail: { type: 'array', items: { title: 'T100WorkOrderLine', type: 'object', properties: { seq: num, item_no: str, qty: num, unit_no: str, warehouse_no: str } } },
  },
};
const PER_KEY_RESULT: Schema = {
  title: 'T100ReadResult',
  type: 'object',
  properties: {
    success: { type: 'array', items: { title: 'T100ReadSuccess', type: 'object', properties: { doc_no: str } } },
    error: { type: 'array', items: { title: 'T100ReadError', type: 'object', properties: { message: str } } },
  },
};

const PATH = '/ws/r/awsp920';

/**
 * Mesh's JSON-schema loader creates a field argument only for `{args.x}` it finds in the endpoint, path, query
 * parameters or headers — not in requestBaseBody, and argTypeMap alone adds nothing. So each argument is also
 * echoed in one `x-peer-arg-*` request header (the sandbox ignores it), which is what makes Mesh expose it.
 */
function argumentHeaders(...names: string[]): Record<string, string> {
  return Object.fromEntries(names.map((name) => [`x-peer-arg-${name.toLowerCase()}`, `{args.${name}}`]));
}

/** A read API asked for one document by `docNo` (data_keys[0].doc_no). */
function readByNumber(field: 'issuingRead' | 'workOrderRead', what: string, responseSchema: unknown): Record<string, unknown> {
  return {
    type: 'Query',
    field,
    description: `${PEER_APIS[field]}: ${what}`,
    path: PATH,
    method: 'POST',
    argTypeMap: { docNo: { type: 'string' } },
    requiredArgs: ['docNo'],
    headers: argumentHeaders('docNo'),
    requestBaseBody: { ...envelopeBase(PEER_APIS[field]), 'payload.std_data.parameter.data_keys.0.doc_no': '{args.docNo}' },
    responseSchema,
  };
}

function operations(): Record<string, unknown>[] {
  return [
    {
      type: 'Query',
      field: 'issuingList',
      description: `${PEER_APIS.issuingList}: one page of issuing-note heads (no lines).`,
      path: PATH,
      method: 'POST',
      argTypeMap: { pageSize: { type: 'integer' }, pageNo: { type: 'integer' } },
      headers: argumentHeaders('pageSize', 'pageNo'),
      requestBaseBody: {
        ...envelopeBase(PEER_APIS.issuingList),
        'payload.std_data.parameter.page_size': '{args.pageSize}',
        'payload.std_data.parameter.page_no': '{args.pageNo}',
      },
      responseSchema: reply('T100IssuingList', {
        total_result: num, page_count: num, page_no: num, has_next: { type: 'boolean' }, cnt: num,
        data: { type: 'array', items: ISSUING_HEAD },
      }),
    },
    readByNumber('issuingRead', 'one issuing note with its lines, by number.', reply('T100IssuingRead', { issuing_data: { type: 'array', items: ISSUING_NOTE }, result: PER_KEY_RESULT })),
    readByNumber('workOrderRead', 'one work order with its lines, by number.', reply('T100WorkOrderRead', { wo_data: { type: 'array', items: WORK_ORDER }, result: PER_KEY_RESULT })),
  ];
}

/** The links Mesh resolves: a list row's read (for lines), and a note's head work order (its first line's wo_no). */
const ADDITIONAL_TYPE_DEFS = /* GraphQL */ `
  extend type T100IssuingHead {
    details: T100IssuingReadReply
      @resolveTo(sourceName: "T100", sourceTypeName: "Query", sourceFieldName: "issuingRead",
                 requiredSelectionSet: "{ doc_no }", sourceArgs: { docNo: "{root.doc_no}" })
  }
  extend type T100IssuingNote {
    workOrder: T100WorkOrderReadReply
      @resolveTo(sourceName: "T100", sourceTypeName: "Query", sourceFieldName: "workOrderRead",
                 requiredSelectionSet: "{ issuing_detail { wo_no } }", sourceArgs: { docNo: "{root.issuing_detail[0].wo_no}" })
  }
`;

/**
 * The peer's text of the bench's nested query: 50 issuing notes, each with its lines and its head work order
 * (`{ issuingNotes(first: 50) { edges { node { docNo status lines { itemNo quantity } workOrder { docNo status itemNo } } } } }`
 * on the gateway). Mesh's generated schema keeps the envelope, so the same data sits deeper.
 */
export const PEER_NESTED_QUERY = /* GraphQL */ `{
  issuingList(pageSize: 50, pageNo: 1) {
    payload { std_data { parameter { data {
      doc_no
      status
      details { payload { std_data { parameter { issuing_data {
        issuing_detail { item_no qty }
        workOrder { payload { std_data { parameter { wo_data { doc_no status item_no } } } } }
      } } } } }
    } } } }
  }
}`;

/**
 * Mesh's composer calls process.exit(1) after logging an error; a logger whose `error` throws turns that into a
 * rejected start instead. Everything else is silent.
 */
function composeLogger(): Parameters<typeof getComposedSchemaFromConfig>[1] {
  const logger: Parameters<typeof getComposedSchemaFromConfig>[1] = {
    log: () => undefined,
    info: () => undefined,
    warn: () => undefined,
    debug: () => undefined,
    error: (...args: unknown[]) => {
      throw new Error(`peer gateway composition: ${args.map((arg) => (arg instanceof Error ? arg.message : String(arg))).join(' ')}`);
    },
    child: () => logger,
  };
  return logger;
}

/** Composes the Mesh supergraph for a T100 sandbox (`sandboxUrl` is its base URL, e.g. `http://127.0.0.1:PORT/wtopprd`). */
export async function composePeerSupergraph(sandboxUrl: string): Promise<string> {
  const sourceHandler = loadJSONSchemaSubgraph('T100', {
    endpoint: sandboxUrl,
    operationHeaders: { 'content-type': 'application/json; charset=utf-8' },
    // The operation configs are plain JSON; the loader's union type is narrower than what it accepts (narrow cast).
    operations: operations() as unknown as Parameters<typeof loadJSONSchemaSubgraph>[1]['operations'],
  });
  return getComposedSchemaFromConfig({ subgraphs: [{ sourceHandler }], additionalTypeDefs: ADDITIONAL_TYPE_DEFS }, composeLogger());
}

export async function startPeerGateway(options: { sandboxUrl: string; port?: number }): Promise<{ url: string; stop(): Promise<void> }> {
  const supergraph = await composePeerSupergraph(options.sandboxUrl.replace(/\/+$/, ''));
  const runtime = createGatewayRuntime({
    supergraph,
    // The transport module itself, so nothing is resolved or downloaded at run time.
    transports: { rest: restTransport },
    logging: false,
    graphiql: false,
    landingPage: false,
  });
  const server: Server = createServer(runtime);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
      await runtime.dispose();
    },
  };
}
