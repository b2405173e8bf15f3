// Structural schemas, ObjectMeta rules and 422 bodies for the simulated API server.
export { compileStructuralSchema, compileSchemaNode } from './compile.ts';
export type { CompiledSchema } from './compile.ts';
export { validateCrdDefinition } from './crdDefinition.ts';
export { aggregateMessage, duplicate, errorBody, forbidden, invalid, notSupported, required } from './fieldError.ts';
export type { FieldError, FieldErrorType } from './fieldError.ts';
export { compileGoRegexp } from './goRegexp.ts';
export { invalidStatus } from './invalidStatus.ts';
export type { InvalidStatus, InvalidStatusCause } from './invalidStatus.ts';
export {
  isDns1035Label, isDns1123Label, isDns1123Subdomain, isQualifiedName, isValidLabelValue, isValidPathSegmentName, validateName,
} from './names.ts';
export type { NameRule } from './names.ts';
export { pruneObjectMeta, validateObjectMeta } from './objectMeta.ts';
export type { ObjectMetaOptions } from './objectMeta.ts';
export { SchemaCompileError } from './structural.ts';
export type { SchemaNode } from './structural.ts';
