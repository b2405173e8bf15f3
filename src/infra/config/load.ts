import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { ZodError } from 'zod';
import { controllerConfigSchema, type ControllerConfig } from './schema.ts';
import { SETTINGS, type Setting } from './settings.ts';

/** Bad configuration: the CLI prints the message and exits with 2. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

type Tree = Record<string, unknown>;

function setPath(tree: Tree, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = tree;
  for (const k of keys.slice(0, -1)) node = (node[k] ??= {}) as Tree;
  node[keys[keys.length - 1]!] = value;
}

function merge(base: Tree, over: Tree): Tree {
  const out: Tree = { ...base };
  for (const [k, v] of Object.entries(over)) {
    out[k] = v && typeof v === 'object' && !Array.isArray(v) && out[k] && typeof out[k] === 'object' ? merge(out[k] as Tree, v as Tree) : v;
  }
  return out;
}

function coerce(s: Setting, raw: string, where: string): unknown {
  if (s.type === 'string') return raw;
  if (s.type === 'integer') {
    if (!/^-?\d+$/.test(raw.trim())) throw new ConfigError(`${where}: expected a whole number, got ${JSON.stringify(raw)}`);
    return Number(raw);
  }
  if (/^(true|1|yes)$/i.test(raw)) return true;
  if (/^(false|0|no)$/i.test(raw)) return false;
  throw new ConfigError(`${where}: expected true or false, got ${JSON.stringify(raw)}`);
}

function describeIssues(error: ZodError): string {
  return error.issues
    .map((i) => {
      const path = i.path.join('.');
      const setting = SETTINGS.find((s) => s.path === path);
      const names = setting ? ` (--${setting.flag}, ${setting.env})` : '';
      return `${path || 'config'}${names}: ${i.message}`;
    })
    .join('; ');
}

export interface ConfigSources {
  /** A YAML or JSON file with the same shape as the schema. */
  file?: string;
  env?: NodeJS.ProcessEnv;
  /** Raw flag values by setting path: strings, or `true` for a boolean flag given bare. */
  flags?: Record<string, string | true>;
}

/** The config from defaults, then the file, then the environment, then flags — later wins. */
export function loadConfig(sources: ConfigSources = {}): ControllerConfig {
  let tree: Tree = {};
  if (sources.file) {
    let text: string;
    try {
      text = readFileSync(sources.file, 'utf8');
    } catch (error) {
      throw new ConfigError(`config file ${sources.file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : (error as Error).message}`);
    }
    let parsed: unknown;
    try {
      parsed = parseYaml(text);
    } catch (error) {
      throw new ConfigError(`config file ${sources.file}: not valid YAML: ${(error as Error).message.split('\n')[0]}`);
    }
    if (parsed !== null && (typeof parsed !== 'object' || Array.isArray(parsed))) throw new ConfigError(`config file ${sources.file}: expected a mapping of settings`);
    tree = merge(tree, (parsed ?? {}) as Tree);
  }
  const env = sources.env ?? {};
  const fromEnv: Tree = {};
  for (const s of SETTINGS) {
    const raw = env[s.env];
    if (raw !== undefined && raw !== '') setPath(fromEnv, s.path, coerce(s, raw, s.env));
  }
  tree = merge(tree, fromEnv);
  const fromFlags: Tree = {};
  for (const s of SETTINGS) {
    const raw = sources.flags?.[s.path];
    if (raw !== undefined) setPath(fromFlags, s.path, raw === true ? true : coerce(s, raw, `--${s.flag}`));
  }
  tree = merge(tree, fromFlags);
  const result = controllerConfigSchema.safeParse(tree);
  if (!result.success) throw new ConfigError(`invalid configuration: ${describeIssues(result.error)}`);
  return result.data;
}

