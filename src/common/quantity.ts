/**
 * Kubernetes resource quantities ("250m", "1.5Gi", "2e3") as plain numbers. Shared by the
 * simulated cluster and the autoscaler: both must read a pod's requests exactly as the scheduler does.
 */
const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };
const PATTERN = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E))?$/;

export class QuantityError extends Error {
  constructor(text: string) {
    super(`quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$': "${text}"`);
    this.name = 'QuantityError';
  }
}

/** The value of a quantity in base units (cores for cpu, bytes for memory). */
export function parseQuantity(text: string | number): number {
  if (typeof text === 'number') return text;
  const m = PATTERN.exec(text.trim());
  if (!m) throw new QuantityError(text);
  const base = Number(m[1]);
  if (m[2]) return base * 10 ** Number(m[2].slice(1));
  const suffix = m[3] ?? '';
  return base * (BINARY[suffix] ?? DECIMAL[suffix]!);
}

export function isQuantity(text: unknown): boolean {
  return typeof text === 'number' || (typeof text === 'string' && PATTERN.test(text.trim()));
}

/** CPU in millicores, rounded up as the scheduler does (a request of 0.0001 cores is 1m). */
export function cpuMillis(text: string | number | undefined): number {
  return text === undefined ? 0 : Math.ceil(parseQuantity(text) * 1000 - 1e-9);
}

/** Memory (or any byte quantity) in bytes. */
export function bytes(text: string | number | undefined): number {
  return text === undefined ? 0 : Math.ceil(parseQuantity(text) - 1e-6);
}

/** A canonical, human-friendly rendering: "250m", "2", "512Mi", "1Gi". */
export function formatCpu(millis: number): string {
  return millis % 1000 === 0 ? String(millis / 1000) : `${millis}m`;
}

export function formatBytes(value: number): string {
  for (const suffix of ['Ei', 'Pi', 'Ti', 'Gi', 'Mi', 'Ki'] as const) {
    const unit = BINARY[suffix]!;
    if (value >= unit && value % unit === 0) return `${value / unit}${suffix}`;
  }
  return String(value);
}
