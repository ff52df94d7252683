import { BlockList, isIP } from 'node:net';

/**
 * A client's address allowlist: single addresses and CIDR ranges, IPv4 or IPv6, matched with
 * Node's own BlockList. Empty: any address.
 */
export function addressList(entries: readonly string[]) {
  const list = new BlockList();
  const invalid: string[] = [];
  for (const entry of entries) {
    const [address = '', prefix, extra] = entry.trim().split('/');
    const version = isIP(address);
    const family = version === 6 ? 'ipv6' : 'ipv4';
    const bits = prefix === undefined ? null : /^\d{1,3}$/.test(prefix) ? Number(prefix) : -1;
    if (
      version === 0 ||
      extra !== undefined ||
      bits === -1 ||
      (bits ?? 0) > (version === 6 ? 128 : 32)
    ) {
      invalid.push(entry);
    } else if (bits === null) {
      list.addAddress(address, family);
    } else {
      list.addSubnet(address, bits, family);
    }
  }
  return {
    invalid,
    /** Whether a caller at `address` may call (IPv4-mapped IPv6 addresses as IPv4). */
    admits(address: string): boolean {
      if (entries.length === 0) return true;
      const plain = address.startsWith('::ffff:') ? address.slice(7) : address;
      const version = isIP(plain);
      return version !== 0 && list.check(plain, version === 6 ? 'ipv6' : 'ipv4');
    },
  };
}
