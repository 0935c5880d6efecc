/**
 * Writes src/io/plan.schema.json from the plan file's zod schema (src/io/planSchema.ts), formatted by Prettier
 * with the project's settings. Run after changing the schema: npm run build:schema. A unit test fails while the
 * committed file differs from what this writes.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import prettier from 'prettier';
import { planJsonSchema } from '../src/io/planSchema.ts';

const target = fileURLToPath(new URL('../src/io/plan.schema.json', import.meta.url));
const options = await prettier.resolveConfig(target);
const text = await prettier.format(JSON.stringify(planJsonSchema()), { ...options, filepath: target });
writeFileSync(target, text);
console.log(`Wrote ${target}`);
