import { writeFileSync } from 'node:fs';
import { printAppSchema } from '../server/schema';

// Writes schema/schema.graphql from the resolvers; the schema drift test compares against it.
writeFileSync(new URL('../schema/schema.graphql', import.meta.url), await printAppSchema());
console.log('schema/schema.graphql written');
