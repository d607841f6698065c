// Types of projectValidator.generated.js (scripts/compileSchemas.mjs compiles it from schemas/project.schema.json).
import type { ErrorObject } from 'ajv';

declare const validate: ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };
export = validate;
