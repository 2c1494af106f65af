import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface StoredArtifact {
  sha256: string;
  bytes: number;
}

/**
 * Where model artifacts live, addressed by the sha256 of their content. Kept narrow so that an
 * S3-compatible store can implement it too.
 */
export interface ModelStore {
  put(content: Uint8Array): Promise<StoredArtifact>;
  get(sha256: string): Promise<Uint8Array>;
  has(sha256: string): Promise<boolean>;
  delete(sha256: string): Promise<void>;
}

const SHA256 = /^[0-9a-f]{64}$/;

/** A directory (a volume shared by api and worker): `<dir>/<ab>/<sha256>`. */
export class FileModelStore implements ModelStore {
  constructor(private readonly dir: string) {}

  async put(content: Uint8Array): Promise<StoredArtifact> {
    const sha256 = createHash('sha256').update(content).digest('hex');
    const target = this.pathOf(sha256);
    if (!(await this.has(sha256))) {
      await mkdir(path.dirname(target), { recursive: true });
      // write then rename: readers never see a half-written file
      const temp = `${target}.${randomUUID()}.tmp`;
      await writeFile(temp, content);
      await rename(temp, target);
    }
    return { sha256, bytes: content.byteLength };
  }

  async get(sha256: string): Promise<Uint8Array> {
    return readFile(this.pathOf(sha256));
  }

  async has(sha256: string): Promise<boolean> {
    try {
      return (await stat(this.pathOf(sha256))).isFile();
    } catch {
      return false;
    }
  }

  async delete(sha256: string): Promise<void> {
    await rm(this.pathOf(sha256), { force: true });
  }

  private pathOf(sha256: string): string {
    if (!SHA256.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
    return path.join(this.dir, sha256.slice(0, 2), sha256);
  }
}
