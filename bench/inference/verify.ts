import { isDeepStrictEqual } from 'node:util';

export interface Answer {
  outputs: Record<string, unknown>;
}

/** POSTs `body` once and returns the parsed answer; throws unless 200 with `outputs`. */
export async function askOnce(
  url: string,
  headers: Record<string, string>,
  body: string,
): Promise<Answer> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { ...headers, 'Content-Type': 'application/json' },
    body,
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${url}: HTTP ${res.status}: ${text.slice(0, 300)}`);
  const answer = JSON.parse(text) as Partial<Answer>;
  if (typeof answer.outputs !== 'object' || answer.outputs === null) {
    throw new Error(`${url}: the answer has no outputs: ${text.slice(0, 300)}`);
  }
  return { outputs: answer.outputs };
}

/**
 * The largest difference between two answers' outputs, relative to the reference's magnitude;
 * throws if their output names or shapes differ.
 */
export function maxRelativeDifference(answer: Answer, reference: Answer): number {
  const names = Object.keys(reference.outputs).sort();
  if (!isDeepStrictEqual(Object.keys(answer.outputs).sort(), names)) {
    throw new Error(`outputs differ: [${Object.keys(answer.outputs).join()}] vs [${names.join()}]`);
  }
  let worst = 0;
  for (const name of names) {
    const got = flatten(answer.outputs[name], name);
    const want = flatten(reference.outputs[name], name);
    if (got.shape !== want.shape) throw new Error(`${name}: shape ${got.shape} vs ${want.shape}`);
    want.values.forEach((w, i) => {
      worst = Math.max(worst, Math.abs(got.values[i] - w) / Math.max(1, Math.abs(w)));
    });
  }
  return worst;
}

function flatten(value: unknown, name: string): { shape: string; values: number[] } {
  const shape: number[] = [];
  for (let v = value; Array.isArray(v); v = v[0]) shape.push(v.length);
  const values = [value].flat(Infinity);
  if (!values.every((v) => typeof v === 'number')) throw new Error(`${name}: non-numeric values`);
  return { shape: shape.join('x'), values };
}
