// graphql-codegen loads schema files with ESM import(); this CommonJS shim registers ts-node and hands it the
// code-first schema as a promise (shared/toolchain.md, codegen recipe). The schema is printed and rebuilt so
// that enums carry their GraphQL names (T100), not the resolvers' internal values (t100), in generated types.
require('ts-node').register({ transpileOnly: true });
require('reflect-metadata');
const { buildSchema, printSchema } = require('graphql');
module.exports = { schema: require('../schema').buildAppSchema().then((schema) => buildSchema(printSchema(schema))) };
