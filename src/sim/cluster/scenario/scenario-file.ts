import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { type Scenario, scenarioSchema } from './scenario-schema.ts';

export class ScenarioError extends Error {
  constructor(
    readonly source: string,
    readonly problems: readonly string[],
  ) {
    super(`${source}: invalid scenario:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'ScenarioError';
  }
}

/** `steps[2].replicas`, the way the problems of a scenario name their place. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : out ? `.${String(part)}` : String(part);
  return out || '(top level)';
}

/** Parses and validates a scenario from YAML text; every problem names its path. */
export function parseScenario(text: string, source = 'scenario'): Scenario {
  const document = parseDocument(text);
  if (document.errors.length) throw new ScenarioError(source, document.errors.map((e) => `YAML: ${e.message.split('\n')[0]}`));
  const result = scenarioSchema.safeParse(document.toJS() ?? {});
  if (!result.success) throw new ScenarioError(source, result.error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`));
  return result.data;
}

export function loadScenario(path: string): Scenario {
  return parseScenario(readFileSync(path, 'utf8'), path);
}
