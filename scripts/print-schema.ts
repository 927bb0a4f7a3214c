/** Prints the code-first schema as SDL: `ts-node scripts/print-schema.ts > schema/schema.graphql`. */
import { printSchema } from 'graphql';
import { buildAppSchema } from '../schema';

void buildAppSchema().then((schema) => process.stdout.write(printSchema(schema) + '\n'));
