export { FieldSelector, matchesFields, parseFieldSelector } from './field-selector.ts';
export type { FieldOperator, FieldRequirement, Fields, SelectableFields } from './field-selector.ts';
export { parseLabelSelector } from './label-parser.ts';
export { LabelSelector, formatLabelSelector, labelSelectorFromObject, matchesLabels } from './label-selector.ts';
export type { LabelOperator, LabelRequirement, LabelSelectorObject, Labels } from './label-selector.ts';
export { fieldsOf, supportedFieldsOf } from './selectable-fields.ts';
export { SelectorError } from './selector-error.ts';
