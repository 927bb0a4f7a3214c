import {
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isIntrospectionType,
  isObjectType,
  isSpecifiedScalarType,
  parse,
  validate,
  type GraphQLSchema,
} from 'graphql';
import { ERP_FAMILIES } from '../src/erps';
import { defaultQuery } from '../src/server/graphiql';
import { buildAppSchema } from '../schema';
import { catalogRows } from '../src/catalog';

/** Everything a reader of GraphiQL's docs pane can click, with the path that names it. */
function undescribed(schema: GraphQLSchema): string[] {
  const missing: string[] = [];
  const check = (path: string, description: string | null | undefined) => {
    if (!description || description.trim() === '') missing.push(path);
  };
  for (const type of Object.values(schema.getTypeMap())) {
    if (isIntrospectionType(type) || isSpecifiedScalarType(type)) continue;
    check(type.name, type.description);
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        check(`${type.name}.${field.name}`, field.description);
        for (const arg of field.args) check(`${type.name}.${field.name}(${arg.name})`, arg.description);
      }
    }
    if (isInputObjectType(type)) for (const field of Object.values(type.getFields())) check(`${type.name}.${field.name}`, field.description);
    if (isEnumType(type)) for (const value of type.getValues()) check(`${type.name}.${value.name}`, value.description);
  }
  return missing;
}

describe('GraphiQL', () => {
  it("opens on a query the schema accepts, for every ERP family and without one", async () => {
    const schema = await buildAppSchema();
    for (const example of [undefined, ...ERP_FAMILIES.map((family) => family.graphiqlExample)]) {
      expect(validate(schema, parse(defaultQuery(example)))).toEqual([]);
    }
  });
});

describe('schema descriptions', () => {
  it('describe every type, field, argument, input field and enum value', async () => {
    expect(undescribed(await buildAppSchema())).toEqual([]);
  });

  it('name, in every lifecycle mutation, the ERP API it calls or the saga steps it runs', async () => {
    const mutations = (await buildAppSchema()).getMutationType()!.getFields();
    for (const row of catalogRows().filter((candidate) => candidate.graphqlField in mutations)) {
      const description = mutations[row.graphqlField].description ?? '';
      for (const api of row.apiName ? [row.apiName] : row.steps.map((step) => step.apiName)) expect(description).toContain(`\`${api}\``);
      if (row.kind === 'SAGA') expect(description).toContain('gateway saga');
    }
  });

  it('say what a state change does: from → to, and the side effect of posting a stock-in', async () => {
    const mutations = (await buildAppSchema()).getMutationType()!.getFields();
    expect(mutations.postStockIn.description).toContain('APPROVED → POSTED');
    expect(mutations.postStockIn.description).toContain('stocked-in quantity');
    expect(mutations.reverseStockIn.description).toContain('unpost → disapprove → void');
    expect(mutations.deleteWorkOrder.description).toContain('Only from UNAPPROVED');
  });
});
