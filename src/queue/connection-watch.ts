import type { RedisClient } from 'bullmq';

/** Receives one-line, human-readable notices ("redis unreachable at …, retrying"). */
export type NoticeListener = (text: string) => void;

/** The part of a BullMQ Queue, QueueEvents or Worker this needs. */
interface Watchable {
  on(event: 'error', listener: (error: Error) => void): unknown;
  readonly backend: { readonly client: Promise<RedisClient> };
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
  private closing = false;
  private lastError = '';

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

  /** Stops reporting: closing our own connections is not an outage. */
  close(): void {
    this.closing = true;
  }

  private error(error: Error, label: string): void {
    if (this.closing) return;
    const message = error?.message ?? String(error);
    if (CONNECTION_ERROR.test(message) || CONNECTION_ERROR.test(String((error as { code?: unknown })?.code ?? ''))) {
      this.lastError = message;
      this.startOutage();
      return;
    }
    this.onNotice(`${label}: ${message}`);
  }

  private down(client: RedisClient): void {
    if (this.closing) return;
    this.downClients.add(client);
    this.startOutage();
  }

  private up(client: RedisClient): void {
    this.downClients.delete(client);
    if (this.closing || !this.outage || this.downClients.size > 0) return;
    this.outage = false;
    this.lastError = '';
    this.onNotice(`reconnected to redis at ${this.display}`);
    this.onReconnected();
  }

  private startOutage(): void {
    if (this.outage) return;
    this.outage = true;
    this.onNotice(`redis unreachable at ${this.display}${this.lastError ? ` (${this.lastError})` : ''}, retrying`);
  }
}
