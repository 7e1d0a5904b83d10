import { InvalidInputError, show } from '../core/index.js';

/** Where a queue's Redis lives, parsed from a `redis://` or `rediss://` URL. */
export interface RedisAddress {
  readonly host: string;
  readonly port: number;
  readonly db: number;
  readonly username?: string;
  readonly password?: string;
  /** `rediss://`: connect over TLS. */
  readonly tls: boolean;
  /** `host:port/db` for messages: never the password. */
  readonly display: string;
}

const FORMAT = 'redis://[[user]:password@]host[:port][/db] or rediss://…';
const SHAPE = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/(?:([^:@/]*)(?::([^@/]*))?@)?(\[[^\]/]*\]|[^:/?#]*)(?::([^/?#]*))?(\/[^?#]*)?(.*)$/s;

/**
 * Parses and checks a Redis URL. Errors name the part that is wrong, the rule and the value
 * received, with any password replaced by `***`.
 */
export function parseRedisUrl(url: string, field = 'queue.url'): RedisAddress {
  const fail = (part: string, rule: string, got: string): never => {
    throw new InvalidInputError(`${field} ${part}${rule}, but got ${got} in ${show(redact(url))} (format ${FORMAT})`);
  };
  const m = SHAPE.exec(url);
  if (!m) throw new InvalidInputError(`${field} must look like ${FORMAT}, but got ${show(redact(url))}`);
  const [, scheme = '', user, password, rawHost = '', rawPort, path, rest = ''] = m;
  const protocol = scheme.toLowerCase();
  if (protocol !== 'redis' && protocol !== 'rediss') fail('protocol ', 'must be one of redis, rediss', show(scheme));
  if (rest !== '') fail('', 'must not have a query or fragment', show(rest));
  const host = rawHost.startsWith('[') ? rawHost.slice(1, -1) : rawHost;
  if (host === '') fail('host ', 'must not be empty', show(rawHost));
  let port = 6379;
  if (rawPort !== undefined) {
    port = /^\d{1,5}$/.test(rawPort) ? Number(rawPort) : Number.NaN;
    if (!(port >= 1 && port <= 65535)) fail('port ', 'must be an integer from 1 to 65535', show(rawPort));
  }
  let db = 0;
  if (path !== undefined && path !== '/') {
    const digits = path.slice(1);
    if (!/^\d{1,5}$/.test(digits)) fail('db ', 'must be a non-negative integer after the "/"', show(path));
    db = Number(digits);
  }
  const decode = (text: string | undefined, part: string): string | undefined => {
    if (text === undefined || text === '') return undefined;
    try {
      return decodeURIComponent(text);
    } catch {
      return fail(part, 'must be percent-encoded', part === 'password ' ? '"***"' : show(text));
    }
  };
  const username = decode(user, 'user ');
  const secret = decode(password, 'password ');
  const display = `${rawHost}:${port}/${db}`;
  return {
    host,
    port,
    db,
    ...(username !== undefined ? { username } : {}),
    ...(secret !== undefined ? { password: secret } : {}),
    tls: protocol === 'rediss',
    display,
  };
}

/** The URL with its password (if any) replaced by `***`. */
export function redact(url: string): string {
  return url.replace(/^([^:]*:\/\/[^:@/]*:)[^@/]*@/, '$1***@');
}

/**
 * Connection options for BullMQ (ioredis). Commands wait through outages instead of failing
 * (`maxRetriesPerRequest: null`, as BullMQ requires for workers), so a restarting Redis delays a
 * run rather than failing its evaluations.
 */
export function connectionOptions(address: RedisAddress): Record<string, unknown> {
  return {
    host: address.host,
    port: address.port,
    db: address.db,
    ...(address.username !== undefined ? { username: address.username } : {}),
    ...(address.password !== undefined ? { password: address.password } : {}),
    ...(address.tls ? { tls: { servername: address.host } } : {}),
    maxRetriesPerRequest: null,
    enableOfflineQueue: true,
    // ioredis' default backs off to 2 s; keep retrying forever at most every second.
    retryStrategy: (times: number) => Math.min(200 * times, 1000),
  };
}
