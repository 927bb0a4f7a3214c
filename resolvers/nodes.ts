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

/** Where a line node belongs, for its id (a symbol: neither a GraphQL field nor part of the node's JSON). */
const PARENT = Symbol('parent');

interface Parent {
  readonly typeName: string;
  readonly connection: string;
  readonly docNo: string;
}

/**
 * The id of a document node: encoded when a query asks for it, from the node's own fields (a getter on the
 * prototype). Building a node is a copy of the canonical document onto an instance: an object literal that spreads
 * the document and then adds fields, or holds a getter, is built by V8's slow path (about 20 µs for a document with
 * three lines, the gateway code's largest self time in the read profile; this way about 1.5 µs). JSON keeps the id
 * (toJSON), so an idempotency record answers with it; a spread copy or structuredClone of a node does not.
 */
class DocumentNodeObject {
  declare readonly typeName: string;
  declare readonly connection: string;
  declare readonly docNo: string;

  get id(): string {
    return documentId(this.typeName, this.connection, this.docNo);
  }

  /** A copied-in `id` (a replayed answer's JSON) is ignored: the id always follows from the fields. */
  set id(_copied: string) {}

  toJSON(): object {
    return { ...this, id: this.id };
  }
}

class LineNodeObject {
  declare readonly seq: number;
  declare readonly [PARENT]: Parent;

  get id(): string {
    const parent = this[PARENT];
    return lineId(parent.typeName, parent.connection, parent.docNo, this.seq);
  }

  /** A copied-in `id` is ignored, as on documents. */
  set id(_copied: string) {}

  toJSON(): object {
    return { ...this, id: this.id };
  }
}

/** A document as GraphQL serves it: canonical, plus where it came from, its id, and ids on its lines. */
export function toNode(kind: DocumentKind, datasource: ErpDatasource, document: CanonicalDocument): DocumentNode {
  const connection = datasource.connection;
  const parent: Parent = { typeName: kind.type, connection, docNo: document.docNo };
  return Object.assign(new DocumentNodeObject(), document, {
    erpStatus: document.rawStatus,
    lines: document.lines?.map((line, index) => toLineNode(parent, line, index)),
    connection,
    erp: datasource.erp,
    typeName: kind.type,
  }) as unknown as DocumentNode;
}

function toLineNode(parent: Parent, line: CanonicalLine, index: number): LineNode {
  const node = Object.assign(new LineNodeObject(), line, { seq: line.seq ?? index + 1, connection: parent.connection, typeName: LINE_TYPE });
  (node as { [PARENT]: Parent })[PARENT] = parent;
  return node as unknown as LineNode;
}
