import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { logisticRegression, randomDenseLayer, seededRandom } from '@mlserve/ml';
import type { ApiHarness } from './api-harness';

/** A 4-feature, 3-class logistic regression with fixed random weights. */
export function irisLikeModel(seed = 7) {
  return logisticRegression(randomDenseLayer(seededRandom(seed), 4, 3));
}

export interface UploadFields {
  name: string;
  [field: string]: string;
}

/** POST /v1/models as multipart, the way a user's curl -F would. */
export function uploadModel(
  api: ApiHarness,
  bytes: Uint8Array,
  fields: UploadFields,
  key = api.admin,
) {
  let req = api.http.post('/v1/models').set(key);
  for (const [field, value] of Object.entries(fields)) req = req.field(field, value);
  return req.attach('file', Buffer.from(bytes), 'model.onnx');
}

/** Every file in the model store directory (artifacts are `<ab>/<sha256>`). */
export async function storedFiles(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { recursive: true, withFileTypes: true });
    return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
  } catch {
    return [];
  }
}
