import { RedisConnection, createIORedisClient } from 'bullmq';
import { Redis } from 'ioredis';

/**
 * BullMQ 6 ships without a Redis driver (ioredis is an optional peer) and its ESM build cannot
 * load one by itself, so jars hands it ioredis through BullMQ's process-wide client factory. Every
 * BullMQ object still builds (and closes) its own connections from plain options. A factory some
 * other code installed first is left alone.
 */
export function useIoredisForBullmq(): void {
  RedisConnection.clientFactory ??= (options) => createIORedisClient(new Redis(options));
}
