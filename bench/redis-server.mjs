// A private redis-server for the queue benchmarks (and the test that runs a kill trial): a free
// loopback port other than 6379, no persistence, its files in a folder of the caller's or a
// temporary one. `command` sends one command over RESP (enough for PING and INFO).
import { Buffer } from 'node:buffer';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** A free loopback port other than 6379. */
export async function freePort() {
  for (;;) {
    const port = await new Promise((resolve, reject) => {
      const server = net.createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const { port } = server.address();
        server.close(() => resolve(port));
      });
    });
    if (port !== 6379) return port;
  }
}

/** Starts redis-server and waits for its PONG; `stop()` kills it and removes a folder it made. */
export async function startRedis(dir) {
  const port = await freePort();
  const ownDir = dir === undefined;
  const folder = dir ?? mkdtempSync(path.join(os.tmpdir(), 'jars-bench-redis-'));
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', folder], { stdio: 'ignore' });
  const stop = () => {
    child.kill('SIGKILL');
    if (ownDir) rmSync(folder, { recursive: true, force: true });
  };
  const command = (...args) => resp(port, args);
  for (let i = 0; i < 200; i++) {
    if ((await command('PING').catch(() => '')) === 'PONG') return { url: `redis://127.0.0.1:${port}`, port, child, command, stop };
    await sleep(50);
  }
  stop();
  throw new Error('redis-server did not start (is it installed? scripts/setup.sh installs it)');
}

/** One command over RESP: simple and bulk string replies. */
function resp(port, args) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let data = '';
    socket.on('error', reject);
    socket.on('data', (chunk) => {
      data += chunk.toString();
      if (data.startsWith('+')) {
        socket.end();
        resolve(data.slice(1).trim());
      } else if (data.startsWith('$')) {
        const head = data.indexOf('\r\n');
        const length = Number(data.slice(1, head));
        if (Buffer.byteLength(data) >= head + 2 + length + 2) {
          socket.end();
          resolve(data.slice(head + 2, head + 2 + length));
        }
      } else if (data.startsWith('-')) {
        socket.end();
        reject(new Error(data.trim()));
      }
    });
    socket.write(`*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(String(a))}\r\n${a}\r\n`).join('')}`);
  });
}
