// Nodes of a client-go JSONPath template.

export type SliceParam = { known: boolean; value: number; derived: boolean };

export type JsonPathNode =
  | { kind: 'field'; name: string }
  | { kind: 'wildcard' }
  | { kind: 'array'; params: readonly [SliceParam, SliceParam, SliceParam] }
  | { kind: 'filter'; left: JsonPathNode[]; right: JsonPathNode[]; operator: string }
  | { kind: 'recursive' }
  | { kind: 'text'; text: string }
  | { kind: 'int'; value: number }
  | { kind: 'float'; value: number }
  | { kind: 'bool'; value: boolean };

/** A template: literal text between `{actions}`. */
export type TemplatePart = { kind: 'literal'; text: string } | { kind: 'action'; nodes: JsonPathNode[] };
