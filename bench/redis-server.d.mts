// Types of bench/redis-server.mjs for the tests that use it.
export declare function freePort(): Promise<number>;
export declare function startRedis(dir?: string): Promise<{ url: string; port: number; stop(): void; command(...args: string[]): Promise<string> }>;
