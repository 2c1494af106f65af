import { InferenceSession } from 'onnxruntime-node';
import type { ModelStore } from '../store/model-store';

export interface SessionCacheLimits {
  maxCount: number;
  maxBytes: number;
}

interface Entry {
  session: Promise<InferenceSession>;
  bytes: number;
}

/**
 * Warm onnxruntime sessions by artifact sha256, bounded by count and artifact bytes; the least
 * recently used is released first. Loads are shared: concurrent callers await one session.
 */
export class OnnxSessionCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly store: ModelStore,
    private readonly limits: SessionCacheLimits,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  has(sha256: string): boolean {
    return this.entries.has(sha256);
  }

  async get(sha256: string): Promise<InferenceSession> {
    const hit = this.entries.get(sha256);
    if (hit) {
      this.entries.delete(sha256); // re-insert: Map order is the LRU order
      this.entries.set(sha256, hit);
      return hit.session;
    }
    // The entry goes in before the first await, so concurrent callers share this load.
    const entry: Entry = { session: this.load(sha256, () => entry), bytes: 0 };
    this.entries.set(sha256, entry);
    entry.session.catch(() => {
      if (this.entries.get(sha256) === entry) this.entries.delete(sha256);
    });
    return entry.session;
  }

  private async load(sha256: string, entry: () => Entry): Promise<InferenceSession> {
    const content = await this.store.get(sha256);
    const session = await InferenceSession.create(content);
    entry().bytes = content.byteLength;
    this.evict(sha256);
    return session;
  }

  /** Keeps a session that was already loaded (the registration's validation load). */
  adopt(sha256: string, session: InferenceSession, bytes: number): void {
    if (this.entries.has(sha256)) {
      void session.release();
      return;
    }
    this.entries.set(sha256, { session: Promise.resolve(session), bytes });
    this.evict(sha256);
  }

  /** Drops and releases a session (model deleted). */
  async unload(sha256: string): Promise<void> {
    const entry = this.entries.get(sha256);
    this.entries.delete(sha256);
    await release(entry);
  }

  async close(): Promise<void> {
    const entries = [...this.entries.values()];
    this.entries.clear();
    await Promise.all(entries.map(release));
  }

  private evict(keep: string): void {
    let bytes = [...this.entries.values()].reduce((sum, e) => sum + e.bytes, 0);
    for (const [sha, entry] of this.entries) {
      if (this.entries.size <= this.limits.maxCount && bytes <= this.limits.maxBytes) break;
      if (sha === keep) continue;
      this.entries.delete(sha);
      bytes -= entry.bytes;
      void release(entry);
    }
  }
}

async function release(entry: Entry | undefined): Promise<void> {
  if (!entry) return;
  try {
    await (await entry.session).release();
  } catch {
    // a failed load has nothing to release
  }
}
