import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/program.ts';
import { controllerConfigSchema } from '../../src/infra/config/schema.ts';
import { SETTINGS } from '../../src/infra/config/settings.ts';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const defaults = controllerConfigSchema.parse({}) as Record<string, unknown>;
const valueAt = (path: string) => path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], defaults);

describe('README', () => {
  it('documents every setting with its flag, environment variable and default', () => {
    const rows = readme.split('\n').filter((l) => l.startsWith('| `'));
    for (const s of SETTINGS) {
      const row = rows.find((r) => r.startsWith(`| \`${s.path}\` |`));
      expect(row, s.path).toBeDefined();
      expect(row).toContain(`\`--${s.flag}\``);
      expect(row).toContain(`\`${s.env}\``);
      const d = valueAt(s.path);
      expect(row).toContain(d === undefined ? '| — |' : `| \`${String(d)}\` |`);
    }
    expect(rows.filter((r) => /^\| `[a-zA-Z.]+` \| `--/.test(r))).toHaveLength(SETTINGS.length);
  });

  it('lists every command the CLI has', () => {
    for (const c of buildProgram().commands) expect(readme, c.name()).toMatch(new RegExp(`^vpsie-autoscaler ${c.name()}\\b`, 'm'));
  });

  it('keeps the two set-up commands', () => {
    expect(readme).toContain('npm ci && npm start');
    expect(readme).toContain('npm test');
  });
});
