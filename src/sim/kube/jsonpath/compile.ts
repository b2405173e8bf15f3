// JSONPath for additionalPrinterColumns (the CRD form `.spec.x`) and kubectl templates (`{.spec.x}`).
import { evaluateNodes, JsonPathEvaluationError } from './evaluate.ts';
import { parseTemplate } from './parser.ts';

export { JsonPathSyntaxError } from './parser.ts';

/**
 * Compiles once; the returned function gives every value the expression selects, in order
 * (literal template text included as strings). Throws JsonPathSyntaxError with client-go's message
 * for an expression it cannot parse. An evaluation that fails on the object's shape yields [] —
 * what the table convertor turns into an empty cell.
 */
export function compileJsonPath(expr: string): (obj: unknown) => unknown[] {
  const parts = parseTemplate(expr.includes('{') ? expr : `{${expr}}`);
  return (obj) => {
    const out: unknown[] = [];
    try {
      for (const part of parts) {
        if (part.kind === 'literal') out.push(part.text);
        else out.push(...evaluateNodes(part.nodes, [obj]));
      }
    } catch (err) {
      if (err instanceof JsonPathEvaluationError) return [];
      throw err;
    }
    return out;
  };
}

/**
 * What a real API server says about a printer column's jsonPath when the CRD is created, or
 * undefined when it accepts it. It only checks the simple form; a path it accepts but cannot
 * parse makes it fall back to the default columns (see parseErrorOf).
 */
export function validateJsonPath(expr: string): string | undefined {
  if (expr.length === 0) return 'must not be empty';
  if (!expr.startsWith('.')) return 'must be a simple json path starting with .';
  return undefined;
}

/** The client-go parse error of a printer column path, or undefined when it parses. */
export function parseErrorOf(expr: string): string | undefined {
  try {
    compileJsonPath(expr);
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}
