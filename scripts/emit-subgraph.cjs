// Writes schema/subgraph.graphql: the federation subgraph SDL (`@link`, `@key`) a router composes, beside the client
// SDL that codegen writes to schema/schema.graphql (design §4). `npm run codegen` runs it; a test fails on drift.
require('ts-node').register({ transpileOnly: true });
require('reflect-metadata');
const { writeFileSync } = require('node:fs');
const path = require('node:path');
require('../schema')
  .subgraphSdl()
  .then((sdl) => writeFileSync(path.join(__dirname, '../schema/subgraph.graphql'), `${sdl.trimEnd()}\n`))
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
