// graphql-codegen loads schema files with ESM import(); this CommonJS shim registers ts-node and hands it the
// code-first schema as a promise (shared/toolchain.md, codegen recipe).
require('ts-node').register({ transpileOnly: true });
require('reflect-metadata');
module.exports = { schema: require('../schema').buildAppSchema() };
