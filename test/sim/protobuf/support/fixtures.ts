import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURES_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');
export const FIXTURE_INDEX = join(FIXTURES_DIR, 'index.json');

/** One recorded generator run, as listed in fixtures/index.json. */
export interface RecordedFixture {
  command: string[];
  method: string;
  path: string;
  contentType: string;
  supported: boolean;
}

export interface FixtureIndex {
  kubectl: string;
  fixtures: Record<string, RecordedFixture>;
}

export function fixturePaths(name: string): { body: string; dryRunJson: string } {
  return { body: join(FIXTURES_DIR, `${name}.pb`), dryRunJson: join(FIXTURES_DIR, `${name}.json`) };
}

export function readFixtureIndex(): FixtureIndex {
  return JSON.parse(readFileSync(FIXTURE_INDEX, 'utf8')) as FixtureIndex;
}

export function readFixture(name: string): { body: Buffer; dryRunJson: unknown } {
  const paths = fixturePaths(name);
  return { body: readFileSync(paths.body), dryRunJson: JSON.parse(readFileSync(paths.dryRunJson, 'utf8')) };
}
