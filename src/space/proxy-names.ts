/**
 * The zero-cost proxies by name, apart from their tfjs code (src/train/proxies.ts) so that configs
 * and flags can name them without loading tfjs.
 */
export const DATA_FREE_PROXIES = ['synflow', 'zen', 'naswot'] as const;
/** Proxies that need one batch of the user's labelled data. */
export const DATA_PROXIES = ['gradNorm', 'snip'] as const;
export const PROXY_NAMES = [...DATA_FREE_PROXIES, ...DATA_PROXIES] as const;
export type ProxyName = (typeof PROXY_NAMES)[number];
