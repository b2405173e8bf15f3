import { afterEach, beforeEach } from 'vitest';
import { drainOutputs, findSecrets } from './secrets.ts';

// Everything the process writes during a test, besides what test loggers capture.
let written: string[] = [];
const original = { out: process.stdout.write.bind(process.stdout), err: process.stderr.write.bind(process.stderr) };
function tee(into: (chunk: string | Uint8Array, ...rest: never[]) => boolean) {
  return (chunk: string | Uint8Array, ...rest: never[]) => {
    written.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return into(chunk, ...rest);
  };
}
process.stdout.write = tee(original.out) as typeof process.stdout.write;
process.stderr.write = tee(original.err) as typeof process.stderr.write;

beforeEach(() => {
  written = [];
});

afterEach((context) => {
  const texts = [...drainOutputs(), ...written];
  const errors = context.task.result?.errors?.map((e) => `${e.message}\n${e.stack ?? ''}`) ?? [];
  const leaks = findSecrets([...texts, ...errors].join('\n'));
  written = [];
  if (leaks.length) throw new Error(`a credential reached the test's logs or error messages: ${leaks.join(', ')}`);
});
