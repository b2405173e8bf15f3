import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../src/infra/log/logger.ts';
import { trackOutput } from './secrets.ts';

/** A logger whose JSON lines are kept in memory, so tests can read what was logged. */
export function captureLogger(level = 'debug'): { log: Logger; lines: () => string[]; text: () => string } {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString());
      // TEST_LOGS=1 shows every captured line while debugging a test.
      if (process.env.TEST_LOGS) process.stderr.write(chunk);
      done();
    },
  });
  const log = createLogger({ level, destination: destination as never });
  const text = () => chunks.join('');
  trackOutput(text);
  return { log, text, lines: () => text().split('\n').filter(Boolean) };
}
