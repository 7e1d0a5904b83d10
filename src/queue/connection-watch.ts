import type { RedisClient } from 'bullmq';

/** Receives one-line, human-readable notices ("redis unreachable at …, retrying"). */
export type NoticeListener = (text: string) => void;

/** The part of a BullMQ Queue, QueueEvents or Worker this needs. */
interface Watchable {
  on(event: 'error', listener: (error: Error) => void): unknown;
  readonly backend: { readonly client: Promise<RedisClient>; readonly blockingClient?: Promise<RedisClient> | undefined };
}

const CONNECTION_ERROR = /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND|EHOSTUNREACH|EAI_AGAIN|Connection is closed|Socket closed|connect ETIMEDOUT/i;

/**
 * Turns the connection events of several BullMQ objects into one notice per outage and one on
 * reconnecting. BullMQ (ioredis) reconnects by itself; this only reports it and lets the owner
 * re-check its jobs once every connection is back. An `error` event with no listener would crash
 * the process, so every watched object gets one here.
 */
export class ConnectionWatch {
  private readonly downClients = new Set<RedisClient>();
  private outage = false;
  private muted = false;
  private lastError = '';
  private downWaiters: (() => void)[] = [];

  constructor(
    private readonly display: string,
    private readonly onNotice: NoticeListener,
    private readonly onReconnected: () => void = () => {},
  ) {}

  get connected(): boolean {
    return !this.outage;
  }

  watch(target: Watchable, label: string): void {
    target.on('error', (error) => this.error(error, label));
    target.backend.client.then(
      (client) => {
        client.on('close', () => this.down(client));
        client.on('ready', () => this.up(client));
      },
      () => {}, // reported through the 'error' event
    );
  }

  /** Resolves when Redis is unreachable: at once during an outage, else when the next one starts. */
  whenDown(): Promise<void> {
    if (this.outage) return Promise.resolve();
    return new Promise((resolve) => this.downWaiters.push(resolve));
  }

  /** Stops reporting (closing our own connections is not an outage); state is still tracked. */
  mute(): void {
    this.muted = true;
  }

  private error(error: Error, label: string): void {
    const message = error?.message ?? String(error);
    if (CONNECTION_ERROR.test(message) || CONNECTION_ERROR.test(String((error as { code?: unknown })?.code ?? ''))) {
      this.lastError = message;
      this.startOutage();
      return;
    }
    if (!this.muted) this.onNotice(`${label}: ${message}`);
  }

  private down(client: RedisClient): void {
    this.downClients.add(client);
    this.startOutage();
  }

  private up(client: RedisClient): void {
    this.downClients.delete(client);
    if (!this.outage || this.downClients.size > 0) return;
    this.outage = false;
    this.lastError = '';
    if (this.muted) return;
    this.onNotice(`reconnected to redis at ${this.display}`);
    this.onReconnected();
  }

  private startOutage(): void {
    if (this.outage) return;
    this.outage = true;
    for (const resolve of this.downWaiters.splice(0)) resolve();
    if (this.muted) return;
    this.onNotice(`redis unreachable at ${this.display}${this.lastError ? ` (${this.lastError})` : ''}, retrying`);
  }
}

/**
 * Drops connections at once (no QUIT, no waiting), for closing while Redis is unreachable. A client
 * that has not connected yet is not waited for (BullMQ hands it out only once ready): it is
 * dropped the moment it arrives. Left alone it would connect once Redis came back and outlive its
 * closed owner, with no error listener left to hear its reconnects.
 */
export async function disconnectNow(targets: readonly (Watchable | undefined)[]): Promise<void> {
  for (const target of targets) {
    if (!target) continue;
    for (const pending of [target.backend.client, target.backend.blockingClient]) {
      if (pending === undefined) continue;
      // The client if it is already there: of two settled promises, race takes the first.
      const client = await Promise.race([pending, Promise.resolve(undefined)]).catch(() => undefined);
      if (client) drop(client);
      else void pending.then(drop).catch(() => {});
    }
  }
}

/**
 * Disconnects a client for good. BullMQ may still call `connect()` on it after its owner closed:
 * a worker re-establishes its blocking connection after an interrupted wait and when pausing.
 * Revived, the client would reconnect for ever with no error listener left ("[ioredis] Unhandled
 * error event" every retry, seen in CI). So a connect is cut off as it starts, and the errors of a
 * dropped client go nowhere.
 */
function drop(client: RedisClient): void {
  client.on('error', () => {});
  client.on('connecting', () => client.disconnect(false));
  client.disconnect(false);
}
