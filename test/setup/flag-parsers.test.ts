import { describe, expect, it } from 'vitest';
import { gpuList, nonNegativeInt, positiveInt } from '../../src/setup/flag-parsers.js';

describe('flag parsers', () => {
  it('read decimal integers only, naming the flag and the value otherwise', () => {
    expect(positiveInt('--budget')('16')).toBe(16);
    expect(() => positiveInt('--budget')('0x10')).toThrow('--budget must be a positive integer, but got "0x10"');
    expect(() => positiveInt('--budget')('0')).toThrow('--budget must be a positive integer');
    expect(nonNegativeInt('--seed')('0')).toBe(0);
  });

  it('read GPU id lists for search and worker alike', () => {
    expect(gpuList('--gpus')('0, 1,gpu-2')).toEqual(['0', '1', 'gpu-2']);
    for (const bad of ['', '0,,1', '0;1', '$(reboot)']) expect(() => gpuList('--gpus')(bad)).toThrow(/^--gpus must be a comma-separated list of GPU ids such as 0,1, but got /);
  });
});
