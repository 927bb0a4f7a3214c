/**
 * Global identity (Relay `Node`): a document's id is its connection, type and number; a line's id adds its line
 * number. Ids are opaque to clients (base64url of a JSON array), stable, and decoded only here.
 */
import type { CanonicalDocument, CanonicalLine, DocumentNode, LineNode } from '../src/catalog/canonical';
import type { DocumentKind } from '../src/catalog/types';
import { BadUserInputError } from '../src/errors';
import type { ErpDatasource } from '../datasources/types';

const LINE_TYPE = 'DocumentLine';

export type GlobalId =
  | { readonly typeName: string; readonly connection: string; readonly docNo: string; readonly seq?: undefined }
  | { readonly typeName: string; readonly connection: string; readonly docNo: string; readonly seq: number };

/** Opaque tokens (global ids, list cursors): base64url of a JSON list of parts. */
export function encodeOpaque(parts: readonly (string | number | null)[]): string {
  return Buffer.from(JSON.stringify(parts), 'utf8').toString('base64url');
}

/** The parts of an opaque token, or undefined for text that is not one (the caller checks their shape). */
export function decodeOpaque(token: string): unknown {
  try {
    return JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

export function documentId(typeName: string, connection: string, docNo: string): string {
  return encodeOpaque([typeName, connection, docNo]);
}

function lineId(typeName: string, connection: string, docNo: string, seq: number): string {
  return encodeOpaque([LINE_TYPE, typeName, connection, docNo, seq]);
}

/** The parts of a global id, or BAD_USER_INPUT naming the argument for anything this API did not issue. */
export function decodeGlobalId(id: string, argument = 'id'): GlobalId {
  const parts = decodeOpaque(id);
  const strings = (values: unknown[]): values is string[] => values.every((value) => typeof value === 'string' && value !== '');
  if (Array.isArray(parts) && parts.length === 3 && strings(parts)) {
    return { typeName: parts[0], connection: parts[1], docNo: parts[2] };
  }
  if (Array.isArray(parts) && parts.length === 5 && parts[0] === LINE_TYPE && strings(parts.slice(1, 4)) && Number.isInteger(parts[4])) {
    return { typeName: parts[1] as string, connection: parts[2] as string, docNo: parts[3] as string, seq: parts[4] as number };
  }
  throw new BadUserInputError(argument, `Not an id issued by this API: ${JSON.stringify(id)}`);
}

/** A document as GraphQL serves it: canonical, plus where it came from, its id, and ids on its lines. */
export function toNode(kind: DocumentKind, datasource: ErpDatasource, document: CanonicalDocument): DocumentNode {
  const connection = datasource.connection;
  const { docNo } = document;
  return {
    ...document,
    // Ids are encoded when a query asks for them, not for every document and line read (a getter; read-only).
    get id() {
      return documentId(kind.type, connection, docNo);
    },
    erpStatus: document.rawStatus,
    lines: document.lines?.map((line, index) => toLineNode(kind, connection, docNo, line, index)),
    connection,
    erp: datasource.erp,
    typeName: kind.type,
  };
}

function toLineNode(kind: DocumentKind, connection: string, docNo: string, line: CanonicalLine, index: number): LineNode {
  const seq = line.seq ?? index + 1;
  return {
    ...line,
    seq,
    get id() {
      return lineId(kind.type, connection, docNo, seq);
    },
    connection,
    typeName: LINE_TYPE,
  };
}
