/**
 * Per-kind GraphQL classes generated from the catalog: `<Type>`, `<Type>Input`, `<Type>Filter`, `<Type>Edge`,
 * `<Type>Connection`, `<Type>BatchItem`, and one `<Action><Type>Payload` per mutation. The catalog's FieldSpecs
 * become fields; nothing here names a document kind.
 */
import { Directive, Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { Composite, DocumentKind, EnumSpec, FieldSpec } from '../src/catalog/types';
import type { Action } from '../src/catalog/types';
import { describeKindField } from '../src/catalog/describe';
import {
  DOCUMENT_FILTER_FIELDS,
  DOCUMENT_INPUT_FIELDS,
  DocumentInterface,
  IdempotencyResult,
  NodeInterface,
  PageInfo,
  SagaStep,
  UserError,
  type SharedFieldSpec,
} from './common';
import { DateScalar, DecimalScalar } from './scalars';

type ClassType = new (...args: never[]) => object;

export type MutationName = Action | Composite;

export interface DocumentTypes {
  readonly object: ClassType;
  readonly input: ClassType;
  readonly filter: ClassType;
  readonly connection: ClassType;
  readonly batchItem: ClassType;
}

const enums = new Map<string, Record<string, string>>();

/** A catalog enum as a GraphQL enum, registered once by name (several kinds may share one). */
function enumType(spec: EnumSpec): Record<string, string> {
  const known = enums.get(spec.name);
  if (known) return known;
  const values = Object.fromEntries(spec.values.map((value) => [value.name, value.name]));
  registerEnumType(values, {
    name: spec.name,
    description: spec.description,
    valuesConfig: Object.fromEntries(spec.values.map((value) => [value.name, { description: value.description }])),
  });
  enums.set(spec.name, values);
  return values;
}

export function graphqlType(field: FieldSpec): () => unknown {
  switch (field.type) {
    case 'Enum': {
      const values = enumType(field.enum!);
      return () => values;
    }
    case 'String':
      return () => String;
    case 'Decimal':
      return () => DecimalScalar;
    case 'Int':
      return () => Int;
    case 'Boolean':
      return () => Boolean;
    case 'Date':
      return () => DateScalar;
  }
}

/** Decorate a property after the fact: type-graphql reads the explicit type function, so no design:type is needed. */
function addField(target: ClassType, name: string, type: () => unknown, description: string, nullable = true): void {
  Field(type as () => StringConstructor, { nullable, description })(target.prototype, name);
}

function addShared(target: ClassType, fields: readonly SharedFieldSpec[]): void {
  for (const field of fields) addField(target, field.name, field.type, field.description);
}

function named<T extends ClassType>(name: string, cls: T): T {
  Object.defineProperty(cls, 'name', { value: name });
  return cls;
}

const COMMON = new Set(['docType', 'docDate', 'department', 'remark', 'workOrderNo', 'supplier']);

const cache = new Map<string, DocumentTypes>();

/** The classes for one kind, built once per process (type-graphql metadata is global). */
export function documentTypes(kind: DocumentKind): DocumentTypes {
  const cached = cache.get(kind.type);
  if (cached) return cached;

  const object = named(kind.type, class extends DocumentInterface {});
  // A per-type field that is also a common one (e.g. remark) is already declared by the interface.
  for (const field of kind.fields) if (!COMMON.has(field.name)) addField(object, field.name, graphqlType(field), describeKindField(field));
  ObjectType(kind.type, { implements: [NodeInterface, DocumentInterface], description: `${kind.description} Programs: ${kind.programs.join(', ')}.` })(object);
  // A federation entity (design §4): other subgraphs extend documents by where they live and their number.
  Directive(FEDERATION_KEY)(object);

  const input = named(`${kind.type}Input`, class {});
  addShared(input, DOCUMENT_INPUT_FIELDS);
  for (const field of kind.fields) {
    if (field.input === false || COMMON.has(field.name)) continue;
    addField(input, field.name, graphqlType(field), field.requiredOnCreate ? `${field.description} Required on create.` : field.description);
  }
  InputType(`${kind.type}Input`, { description: `Fields to create or update a ${kind.type}; on update, omitted fields keep their value.` })(input);

  const filter = named(`${kind.type}Filter`, class {});
  addShared(filter, DOCUMENT_FILTER_FIELDS);
  InputType(`${kind.type}Filter`, { description: `Conditions on ${kind.plural}; all given conditions must hold. Each is evaluated by the ERP.` })(filter);

  const edge = named(`${kind.type}Edge`, class {});
  addField(edge, 'cursor', () => String, 'Keyset position of this row: pass it as `after` or `before`.', false);
  addField(edge, 'node', () => object, `The ${kind.type}.`, false);
  ObjectType(`${kind.type}Edge`, { description: `One ${kind.type} in a page.` })(edge);

  const connection = named(`${kind.type}Connection`, class {});
  addField(connection, 'edges', () => [edge], 'The page, in the requested order.', false);
  addField(connection, 'pageInfo', () => PageInfo, 'Where the page sits.', false);
  addField(connection, 'totalCount', () => Int, 'How many documents match the filter in all (one count call, made only when asked for).', false);
  ObjectType(`${kind.type}Connection`, { description: `A page of ${kind.plural}.` })(connection);

  const batchItem = named(`${kind.type}BatchItem`, class {});
  addField(batchItem, 'idempotencyKey', () => String, 'Key of this item: a retry of the batch replays items already done and runs only the rest.', false);
  addField(batchItem, 'connection', () => ID, 'Connection for this item; default routing when omitted.');
  addField(batchItem, 'input', () => input, `The ${kind.type} to book.`, false);
  InputType(`${kind.type}BatchItem`, { description: `One ${kind.type} of a batch.` })(batchItem);

  const types = { object, input, filter, connection, batchItem };
  cache.set(kind.type, types);
  return types;
}

function addPayloadParts(target: ClassType): void {
  addField(target, 'userErrors', () => [UserError], 'Why the mutation did not do what was asked; empty on success.', false);
  addField(target, 'steps', () => [SagaStep], 'The steps a composite ran (or undid), each with its ERP API and document; empty for a single action.', false);
  addField(target, 'idempotency', () => IdempotencyResult, 'The idempotency key this answer is recorded under, and whether it is a replay; null without a key.');
}

const payloads = new Map<string, ClassType>();

/** The key every document is a federation entity by: its connection and its number. */
export const FEDERATION_KEY = '@key(fields: "connection docNo")';

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** `<Action><Type>Payload`: the document (null when the mutation did not produce one), typed errors, steps, idempotency. */
export function payloadType(kind: DocumentKind, mutation: MutationName): ClassType {
  const name = `${capitalize(mutation)}${kind.type}Payload`;
  const cached = payloads.get(name);
  if (cached) return cached;
  const payload = named(name, class {});
  if (mutation === 'delete') {
    addField(payload, 'deletedDocNo', () => String, 'Number of the document that was deleted; null when nothing was deleted.');
    addField(payload, 'deletedId', () => ID, 'Global id the deleted document had.');
  } else {
    addField(payload, kind.field, () => documentTypes(kind).object, `The ${kind.type} as the ERP holds it after the mutation; null when there is none.`);
  }
  if (mutation === 'reverse') {
    // On an ERP without void, reverse ends by deleting: the number that is gone (design §2).
    addField(payload, 'deletedDocNo', () => String, 'Set when the reverse ended by deleting the document (an ERP without void): its number.');
    addField(payload, 'deletedId', () => ID, 'Global id the deleted document had.');
  }
  addPayloadParts(payload);
  ObjectType(name, { description: `What ${mutation}${kind.type} answers.` })(payload);
  payloads.set(name, payload);
  return payload;
}

/** `<Composite><Type>BatchPayload { results }`: one payload per item, in the order of the items. */
export function batchPayloadType(kind: DocumentKind, mutation: MutationName): ClassType {
  const name = `${capitalize(mutation)}${kind.type}BatchPayload`;
  const cached = payloads.get(name);
  if (cached) return cached;
  const payload = named(name, class {});
  const item = payloadType(kind, mutation);
  addField(payload, 'results', () => [item], 'One payload per item, in the order of the items.', false);
  ObjectType(name, { description: `What ${mutation}${kind.type}Batch answers.` })(payload);
  payloads.set(name, payload);
  return payload;
}
