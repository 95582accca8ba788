/** The reverse proxies `--trust-proxy` names, as a list Node can match addresses against. */
import { BlockList, isIP } from 'node:net';

/** `--trust-proxy` without addresses: a proxy on the same machine. */
export const LOOPBACK_PROXIES = ['127.0.0.0/8', '::1'] as const;

/**
 * The addresses whose X-Forwarded-For is believed: IPs and CIDR ranges (`10.0.0.0/8`, `fd00::/8`).
 * Returns the entry it cannot read instead.
 */
export function proxyList(
  entries: readonly string[],
): { ok: true; list: BlockList } | { ok: false; entry: string } {
  const list = new BlockList();
  for (const raw of entries) {
    const entry = raw.trim();
    const [address = '', prefixText, ...rest] = entry.split('/');
    const family = isIP(address);
    const prefix = prefixText === undefined ? null : Number(prefixText);
    const maxPrefix = family === 6 ? 128 : 32;
    if (
      family === 0 ||
      rest.length > 0 ||
      (prefix !== null && (!/^\d{1,3}$/.test(prefixText ?? '') || prefix > maxPrefix))
    )
      return { ok: false, entry };
    const type = family === 6 ? 'ipv6' : 'ipv4';
    if (prefix === null) list.addAddress(address, type);
    else list.addSubnet(address, prefix, type);
  }
  return { ok: true, list };
}
