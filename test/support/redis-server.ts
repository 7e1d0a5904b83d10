import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** The redis-server binary on PATH, or undefined when Redis is not installed (queue suites then skip). */
export const redisServerBinary: string | undefined = findOnPath('redis-server');

/**
 * A private, throw-away redis-server for one test file: loopback only, a free port (never 6379),
 * no persistence, its own temp dir. `restart()` brings it back empty on the same port, as a
 * crashed Redis without persistence would.
 */
export interface PrivateRedis {
  readonly port: number;
  readonly url: string;
  /** Sends one command and returns its decoded reply (errors reject). */
  command(...args: (string | number)[]): Promise<unknown>;
  /** Kills the server (SIGKILL), waits `downMs`, and starts an empty one on the same port. */
  restart(downMs?: number): Promise<void>;
  /** Kills the server (SIGKILL); `start()` brings an empty one back on the same port. */
  kill(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export async function startRedisServer(): Promise<PrivateRedis> {
  if (!redisServerBinary) throw new Error('redis-server is not installed');
  const binary = redisServerBinary;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'jars-redis-'));
  let port = await freePort();
  let child: ChildProcess | undefined;
  const launch = async (): Promise<void> => {
    child = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--loglevel', 'warning'], {
      stdio: 'ignore',
    });
    const started = Date.now();
    while (Date.now() - started < 10_000) {
      if (child.exitCode !== null) throw new Error(`redis-server exited with code ${child.exitCode} on port ${port}`);
      if ((await sendCommand(port, ['PING']).catch(() => undefined)) === 'PONG') return;
      await sleep(50);
    }
    throw new Error(`redis-server did not answer on 127.0.0.1:${port} within 10 s`);
  };
  const kill = async (signal: NodeJS.Signals): Promise<void> => {
    const c = child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise((resolve) => c.once('exit', resolve));
    c.kill(signal);
    await exited;
  };
  const onExit = () => child?.kill('SIGKILL');
  process.once('exit', onExit);
  for (let attempt = 0; ; attempt++) {
    try {
      await launch();
      break;
    } catch (error) {
      await kill('SIGKILL');
      if (attempt >= 2) throw error;
      port = await freePort(); // taken between probing and binding: try another
    }
  }
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    command: (...args) => sendCommand(port, args.map(String)),
    restart: async (downMs = 500) => {
      await kill('SIGKILL');
      await sleep(downMs);
      await launch();
    },
    kill: () => kill('SIGKILL'),
    start: launch,
    stop: async () => {
      await kill('SIGKILL');
      process.removeListener('exit', onExit);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Suite title that says why it was skipped when Redis is absent. */
export function redisSuiteTitle(title: string): string {
  return redisServerBinary ? title : `${title} (skipped: redis-server not found on PATH)`;
}

async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = net.createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
      });
    });
    if (port !== 6379 && port !== 0) return port;
  }
}

/** One RESP command on a fresh connection. */
function sendCommand(port: number, args: readonly string[]): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let buffer = Buffer.alloc(0);
    socket.setTimeout(5000, () => socket.destroy(new Error('redis command timed out')));
    socket.once('error', reject);
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      const parsed = parseReply(buffer, 0);
      if (!parsed) return;
      socket.end();
      if (parsed.value instanceof Error) reject(parsed.value);
      else resolve(parsed.value);
    });
    socket.write(`*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`);
  });
}

function parseReply(buffer: Buffer, offset: number): { value: unknown; end: number } | undefined {
  const lineEnd = buffer.indexOf('\r\n', offset);
  if (lineEnd < 0) return undefined;
  const type = String.fromCharCode(buffer[offset] as number);
  const line = buffer.toString('utf8', offset + 1, lineEnd);
  const next = lineEnd + 2;
  if (type === '+') return { value: line, end: next };
  if (type === '-') return { value: new Error(line), end: next };
  if (type === ':') return { value: Number(line), end: next };
  if (type === '$') {
    const length = Number(line);
    if (length < 0) return { value: null, end: next };
    if (buffer.length < next + length + 2) return undefined;
    return { value: buffer.toString('utf8', next, next + length), end: next + length + 2 };
  }
  if (type === '*') {
    const count = Number(line);
    const items: unknown[] = [];
    let at = next;
    for (let i = 0; i < count; i++) {
      const item = parseReply(buffer, at);
      if (!item) return undefined;
      items.push(item.value);
      at = item.end;
    }
    return { value: count < 0 ? null : items, end: at };
  }
  throw new Error(`unexpected RESP reply type ${JSON.stringify(type)}`);
}

function findOnPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter).concat(['/usr/bin', '/usr/local/bin'])) {
    if (!dir) continue;
    const file = path.join(dir, name);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  return undefined;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
