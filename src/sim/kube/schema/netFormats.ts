// Network string formats as Go's net package parses them (ParseIP, ParseCIDR, ParseMAC),
// which is what kube-openapi's ipv4/ipv6/cidr/mac formats call through govalidator.

function parseIPv4(s: string): boolean {
  const parts = s.split('.');
  if (parts.length !== 4) return false;
  // Go >= 1.17 rejects leading zeros, which older parsers read as octal.
  return parts.every((p) => /^(0|[1-9][0-9]{0,2})$/.test(p) && Number(p) <= 255);
}

function parseIPv6(s: string): boolean {
  let text = s;
  let groupsNeeded = 8;
  const lastColon = text.lastIndexOf(':');
  if (text.slice(lastColon + 1).includes('.')) {
    if (!parseIPv4(text.slice(lastColon + 1))) return false;
    text = `${text.slice(0, lastColon + 1)}0`;
    groupsNeeded = 7;
  }
  const halves = text.split('::');
  if (halves.length > 2) return false;
  const group = /^[0-9A-Fa-f]{1,4}$/;
  const groups = (h: string): string[] | undefined => {
    if (h === '') return [];
    const g = h.split(':');
    return g.every((x) => group.test(x)) ? g : undefined;
  };
  const head = groups(halves[0] ?? '');
  if (head === undefined) return false;
  if (halves.length === 1) return head.length === groupsNeeded;
  const tail = groups(halves[1] ?? '');
  if (tail === undefined) return false;
  return head.length + tail.length < groupsNeeded;
}

/** net.ParseIP(s) != nil. */
export function isIP(s: string): boolean {
  return s.includes(':') ? parseIPv6(s) : parseIPv4(s);
}

/** govalidator.IsIPv4: a parseable IP written with a dot (so "::ffff:1.2.3.4" passes, as in Go). */
export function isIPv4(s: string): boolean {
  return isIP(s) && s.includes('.');
}

export function isIPv6(s: string): boolean {
  return isIP(s) && s.includes(':');
}

/** net.ParseCIDR. */
export function isCIDR(s: string): boolean {
  const slash = s.indexOf('/');
  if (slash < 0) return false;
  const addr = s.slice(0, slash);
  const bits = s.slice(slash + 1);
  if (!isIP(addr) || !/^[0-9]{1,3}$/.test(bits)) return false;
  const max = addr.includes(':') ? 128 : 32;
  return Number(bits) <= max;
}

/** net.ParseMAC: 6, 8 or 20 octets, as aa:bb:.., aa-bb-.. or aabb.ccdd... */
export function isMAC(s: string): boolean {
  const sizes = [6, 8, 20];
  if (s.length < 14) return false;
  if (s[2] === ':' || s[2] === '-') {
    const sep = s[2];
    const octets = s.split(sep);
    return sizes.includes(octets.length) && octets.every((o) => /^[0-9A-Fa-f]{2}$/.test(o));
  }
  if (s[4] === '.') {
    const words = s.split('.');
    return sizes.includes(words.length * 2) && words.every((w) => /^[0-9A-Fa-f]{4}$/.test(w));
  }
  return false;
}
