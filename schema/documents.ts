/**
 * Per-kind GraphQL classes generated from the catalog: `<Type>`, `<Type>Input`, `<Type>Filter`, `<Type>Edge`,
 * `<Type>Connection`. The catalog's FieldSpecs become fields; nothing here names a document kind.
 */
import { Field, Float, InputType, Int, ObjectType } from 'type-graphql';
import type { DocumentKind, FieldType } from '../src/catalog/types';
import { DOCUMENT_FILTER_FIELDS, DOCUMENT_INPUT_FIELDS, DocumentInterface, PageInfo, type SharedFieldSpec } from './common';
import { DateScalar } from './scalars';

type ClassType = new (...args: never[]) => object;

export interface DocumentTypes {
  readonly object: ClassType;
  readonly input: ClassType;
  readonly filter: ClassType;
  readonly connection: ClassType;
}

function graphqlType(type: FieldType): () => unknown {
  switch (type) {
    case 'String':
      return () => String;
    case 'Float':
      return () => Float;
    case 'Int':
      return () => Int;
    case 'Boolean':
      return () => Boolean;
    case 'Date':
      return () => DateScalar;
  }
}

/** Decorate a property after the fact: type-graphql reads the explicit type function, so no design:type is needed. */
function addField(target: ClassType, name: string, type: FieldType, description: string): void {
  Field(graphqlType(type) as () => StringConstructor, { nullable: true, description })(target.prototype, name);
}

function addShared(target: ClassType, fields: readonly SharedFieldSpec[]): void {
  for (const field of fields) {
    Field(field.type as () => StringConstructor, { nullable: true, description: field.description })(target.prototype, field.name);
  }
}

function named<T extends ClassType>(name: string, cls: T): T {
  Object.defineProperty(cls, 'name', { value: name });
  return cls;
}

const cache = new Map<string, DocumentTypes>();

/** The classes for one kind, built once per process (type-graphql metadata is global). */
export function documentTypes(kind: DocumentKind): DocumentTypes {
  const cached = cache.get(kind.type);
  if (cached) return cached;

  const object = named(kind.type, class extends DocumentInterface {});
  // A per-type field that is also a common one (e.g. remark) is already declared by the interface.
  const common = new Set(['docType', 'docDate', 'department', 'remark', 'workOrderNo', 'supplier']);
  for (const field of kind.fields) if (!common.has(field.name)) addField(object, field.name, field.type, field.description);
  ObjectType(kind.type, { implements: DocumentInterface, description: `${kind.description} Programs: ${kind.programs.join(', ')}.` })(object);

  const input = named(`${kind.type}Input`, class {});
  addShared(input, DOCUMENT_INPUT_FIELDS);
  for (const field of kind.fields) {
    if (field.input === false || common.has(field.name)) continue;
    addField(input, field.name, field.type, field.requiredOnCreate ? `${field.description} Required on create.` : field.description);
  }
  InputType(`${kind.type}Input`, { description: `Fields to create or update a ${kind.type}.` })(input);

  const filter = named(`${kind.type}Filter`, class {});
  addShared(filter, DOCUMENT_FILTER_FIELDS);
  InputType(`${kind.type}Filter`)(filter);

  const edge = named(`${kind.type}Edge`, class {});
  Field(() => String)(edge.prototype, 'cursor');
  Field(() => object)(edge.prototype, 'node');
  ObjectType(`${kind.type}Edge`)(edge);

  const connection = named(`${kind.type}Connection`, class {});
  Field(() => [edge])(connection.prototype, 'edges');
  Field(() => PageInfo)(connection.prototype, 'pageInfo');
  Field(() => Int)(connection.prototype, 'totalCount');
  ObjectType(`${kind.type}Connection`)(connection);

  const types = { object, input, filter, connection };
  cache.set(kind.type, types);
  return types;
}
