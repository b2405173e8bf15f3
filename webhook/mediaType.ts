/**
 * `application/json`, any case, with optional parameters; a charset, when given, must be UTF-8
 * because JSON is UTF-8 (RFC 8259 §8.1).
 */
export function isJsonMediaType(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  // What API servers send; checked first because every admission request carries it.
  if (contentType === 'application/json') return true;
  const [essence = '', ...parameters] = contentType.split(';');
  if (essence.trim().toLowerCase() !== 'application/json') return false;
  for (const parameter of parameters) {
    const separator = parameter.indexOf('=');
    if (separator === -1) continue;
    const name = parameter.slice(0, separator).trim().toLowerCase();
    const value = parameter.slice(separator + 1).trim().replace(/^"(.*)"$/, '$1').toLowerCase();
    if (name === 'charset' && value !== 'utf-8' && value !== 'utf8') return false;
  }
  return true;
}
