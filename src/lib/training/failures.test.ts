import { describe, expect, it } from 'vitest';
import { explainFailure, isOutOfMemory } from './failures';

describe('a backend out of memory', () => {
  it('is told by what each backend says', () => {
    for (const message of [
      'memory access out of bounds', // WASM, measured in Chromium
      'RangeError: Array buffer allocation failed', // CPU: V8
      'Cannot enlarge memory arrays to size 4294967296 bytes',
      'WebAssembly.Memory(): could not allocate memory',
      'Invalid typed array length: 4294967296',
      'Requested texture size [40000x4096] greater than WebGL maximum on this browser / GPU [16384x16384]. exceeds max texture size',
      'Out of memory',
      'Buffer size (536870912) exceeds the max buffer size limit (maxBufferSize: 268435456)',
    ]) {
      expect(isOutOfMemory(message), message).toBe(true);
    }
    expect(isOutOfMemory('The loss became NaN at epoch 3')).toBe(false);
    expect(isOutOfMemory('Unknown layer: Dense2')).toBe(false);
  });

  it('is explained with what to change; other failures keep their words', () => {
    expect(explainFailure('memory access out of bounds')).toBe(
      "The model did not fit in the training backend's memory (memory access out of bounds). Use fewer or smaller hidden layers or a smaller batch size, or choose another backend, then train again.",
    );
    expect(explainFailure('Unknown layer: Dense2')).toBe('Unknown layer: Dense2');
  });
});
