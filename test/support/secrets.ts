/**
 * The credential values a test uses. The suite's setup scans every line logged and written during
 * each test for them, and fails the test on a hit: a secret must never reach a log or an error.
 */
const values = new Set<string>();
const patterns: RegExp[] = [/simtok_[A-Za-z0-9_-]{8,}/];
const sinks = new Set<() => string>();

export function trackSecret(...secrets: Array<string | undefined>): void {
  for (const s of secrets) if (s && s.length >= 6) values.add(s);
}

/** A source of captured output (a test logger) to scan after each test. */
export function trackOutput(read: () => string): void {
  sinks.add(read);
}

export function drainOutputs(): string[] {
  const texts = [...sinks].map((read) => read());
  sinks.clear();
  return texts;
}

/** The tracked secrets (shown masked) or token patterns found in a text. */
export function findSecrets(text: string): string[] {
  const found: string[] = [];
  for (const v of values) if (text.includes(v)) found.push(`${v.slice(0, 3)}…(${v.length} chars)`);
  for (const p of patterns) {
    const m = p.exec(text);
    if (m) found.push(`${m[0].slice(0, 10)}…`);
  }
  return found;
}
