/**
 * Records the fixtures: what the installed kubectl sends, as protobuf, for each generator, and
 * what it prints for the same command with --dry-run=client -o json.
 *   node --import tsx test/sim/protobuf/support/record-fixtures.ts
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { FIXTURE_INDEX, fixturePaths, type FixtureIndex, type RecordedFixture } from './fixtures.ts';
import { startCaptureSession } from './capture.ts';
import { commandLine, GENERATOR_CASES } from './generators.ts';

const session = await startCaptureSession();
try {
  const index: Record<string, RecordedFixture> = {};
  for (const c of GENERATOR_CASES.filter((g) => g.saveFixture)) {
    const { request, dryRunJson } = await session.capture(c);
    const paths = fixturePaths(c.name);
    writeFileSync(paths.body, request.body);
    writeFileSync(paths.dryRunJson, `${JSON.stringify(dryRunJson, null, 2)}\n`);
    index[c.name] = { command: commandLine(c), method: request.method, path: request.path, contentType: request.contentType, supported: c.supported };
    console.log(`${c.name}: ${request.method} ${request.path} (${request.body.length} bytes)`);
  }
  const version = JSON.parse(execFileSync('kubectl', ['version', '--client', '-o', 'json'], { encoding: 'utf8' })) as { clientVersion: { gitVersion: string } };
  const written: FixtureIndex = { kubectl: version.clientVersion.gitVersion, fixtures: index };
  writeFileSync(FIXTURE_INDEX, `${JSON.stringify(written, null, 2)}\n`);
} finally {
  await session.close();
}
