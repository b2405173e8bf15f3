// JSONPath for printer columns and the cells the CRD table convertor makes of it.
export type { JsonPathNode, TemplatePart } from './ast.ts';
export { compileJsonPath, JsonPathSyntaxError, parseErrorOf, validateJsonPath } from './compile.ts';
export { humanDuration } from './humanDuration.ts';
export { printerCell } from './printerCell.ts';
export type { PrinterColumnType } from './printerCell.ts';
