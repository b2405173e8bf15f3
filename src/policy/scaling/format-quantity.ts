/** Quantities as a person reads them in a reason: cores ("7.8"), memory ("14.2Gi", "512Mi"). */

function trimmed(value: number, decimals: number): string {
  return String(Number(value.toFixed(decimals)));
}

export function cores(millis: number): string {
  return trimmed(millis / 1000, 3);
}

export function memory(bytes: number): string {
  const gib = bytes / 2 ** 30;
  return Math.abs(gib) >= 1 ? `${trimmed(gib, 2)}Gi` : `${trimmed(bytes / 2 ** 20, 1)}Mi`;
}

export function taint(t: { key: string; value?: string; effect: string }): string {
  return `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`;
}
