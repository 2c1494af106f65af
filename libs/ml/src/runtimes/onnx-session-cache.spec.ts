import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { logisticRegression, randomDenseLayer, seededRandom } from '../onnx';
import { FileModelStore } from '../store/model-store';
import { OnnxSessionCache } from './onnx-session-cache';

async function storeWith(count: number) {
  const store = new FileModelStore(mkdtempSync(path.join(tmpdir(), 'cache-spec-')));
  const artifacts = [];
  for (let i = 0; i < count; i += 1) {
    artifacts.push(
      await store.put(logisticRegression(randomDenseLayer(seededRandom(i + 1), 4, 3)).bytes),
    );
  }
  return { store, artifacts };
}

describe('OnnxSessionCache', () => {
  it('shares one load between concurrent callers', async () => {
    const { store, artifacts } = await storeWith(1);
    const cache = new OnnxSessionCache(store, { maxCount: 4, maxBytes: 1e9 });
    const [a, b] = await Promise.all([
      cache.get(artifacts[0].sha256),
      cache.get(artifacts[0].sha256),
    ]);
    expect(a).toBe(b);
    await cache.close();
  });

  it('evicts the least recently used session beyond maxCount', async () => {
    const { store, artifacts } = await storeWith(3);
    const [first, second, third] = artifacts.map((a) => a.sha256) as [string, string, string];
    const cache = new OnnxSessionCache(store, { maxCount: 2, maxBytes: 1e9 });
    await cache.get(first);
    await cache.get(second);
    await cache.get(first); // first is now the most recent
    await cache.get(third);
    expect([cache.has(first), cache.has(second), cache.has(third)]).toEqual([true, false, true]);
    await cache.close();
  });

  it('evicts by artifact bytes, and unloads on demand', async () => {
    const { store, artifacts } = await storeWith(2);
    const cache = new OnnxSessionCache(store, { maxCount: 10, maxBytes: artifacts[0].bytes + 1 });
    await cache.get(artifacts[0].sha256);
    await cache.get(artifacts[1].sha256);
    expect(cache.size).toBe(1);
    expect(cache.has(artifacts[1].sha256)).toBe(true);
    await cache.unload(artifacts[1].sha256);
    expect(cache.size).toBe(0);
  });

  it('does not keep a failed load', async () => {
    const { store } = await storeWith(0);
    const bad = await store.put(new Uint8Array([1, 2, 3]));
    const cache = new OnnxSessionCache(store, { maxCount: 2, maxBytes: 1e9 });
    await expect(cache.get(bad.sha256)).rejects.toThrow();
    expect(cache.has(bad.sha256)).toBe(false);
  });
});
