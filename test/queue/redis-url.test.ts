import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../src/core/index.js';
import { parseRedisUrl, redact } from '../../src/queue/index.js';

const message = (url: string) => {
  try {
    parseRedisUrl(url);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return (error as Error).message;
  }
  throw new Error(`${url} was accepted`);
};

describe('parseRedisUrl', () => {
  it('reads host, port, db, user and a percent-encoded password; defaults port 6379 and db 0', () => {
    expect(parseRedisUrl('redis://127.0.0.1:6390/3')).toEqual({ host: '127.0.0.1', port: 6390, db: 3, tls: false, display: '127.0.0.1:6390/3' });
    expect(parseRedisUrl('redis://queue.lab')).toEqual({ host: 'queue.lab', port: 6379, db: 0, tls: false, display: 'queue.lab:6379/0' });
    expect(parseRedisUrl('rediss://:p%40ss@queue.lab:7000/')).toEqual({
      host: 'queue.lab',
      port: 7000,
      db: 0,
      password: 'p@ss',
      tls: true,
      display: 'queue.lab:7000/0',
    });
    expect(parseRedisUrl('redis://jars:secret@[::1]:6380/1')).toMatchObject({ host: '::1', username: 'jars', password: 'secret', display: '[::1]:6380/1' });
  });

  it('names the part, the rule and the value, and never shows a password', () => {
    expect(message('localhost:6379')).toMatchInlineSnapshot(
      `"queue.url must look like redis://[[user]:password@]host[:port][/db] or rediss://…, but got "localhost:6379""`,
    );
    expect(message('http://queue.lab')).toMatchInlineSnapshot(
      `"queue.url protocol must be one of redis, rediss, but got "http" in "http://queue.lab" (format redis://[[user]:password@]host[:port][/db] or rediss://…)"`,
    );
    expect(message('redis://:hunter2@queue.lab:99999')).toMatchInlineSnapshot(
      `"queue.url port must be an integer from 1 to 65535, but got "99999" in "redis://:***@queue.lab:99999" (format redis://[[user]:password@]host[:port][/db] or rediss://…)"`,
    );
    expect(message('redis://queue.lab:0')).toMatch(/^queue\.url port must be an integer from 1 to 65535, but got "0"/);
    expect(message('redis://queue.lab/cache')).toMatch(/^queue\.url db must be a non-negative integer after the "\/", but got "\/cache"/);
    expect(message('redis://:6379')).toMatch(/^queue\.url host must not be empty, but got ""/);
    expect(message('redis://queue.lab/0?timeout=3')).toMatch(/^queue\.url must not have a query or fragment, but got "\?timeout=3"/);
    expect(message('redis://:%zz@queue.lab')).toMatch(/^queue\.url password must be percent-encoded, but got "\*\*\*"/);
    expect(message('redis://:%zz@queue.lab')).not.toContain('%zz');
  });

  it('redacts passwords', () => {
    expect(redact('redis://user:pw@h:1/2')).toBe('redis://user:***@h:1/2');
    expect(redact('redis://h:1/2')).toBe('redis://h:1/2');
  });
});
