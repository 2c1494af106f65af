import { seededRandom } from '@mlserve/ml';

/** A fixed classification problem: a hidden linear rule over `features` inputs in [-2, 2). */
export interface World {
  features: number;
  /** A fresh point and its true class (0 = "neg", 1 = "pos"). */
  sample(): { x: number[]; label: 0 | 1 };
}

export const CLASSES = ['neg', 'pos'] as const;

export function makeWorld(seed: number, features = 3): World {
  const rule = seededRandom(seed);
  const weights = Array.from({ length: features }, () => rule() * 4 - 2);
  const bias = rule() - 0.5;
  const points = seededRandom(seed + 1);
  return {
    features,
    sample() {
      const x = Array.from({ length: features }, () => Number((points() * 4 - 2).toFixed(4)));
      const score = x.reduce((sum, v, j) => sum + v * weights[j], bias);
      return { x, label: score > 0 ? 1 : 0 };
    },
  };
}

/** A CSV of `rows` labelled points (columns x0..xN, label). */
export function worldCsv(world: World, rows: number): string {
  const header = [...Array.from({ length: world.features }, (_, j) => `x${j}`), 'label'].join(',');
  const lines = Array.from({ length: rows }, () => {
    const { x, label } = world.sample();
    return [...x, CLASSES[label]].join(',');
  });
  return `${header}\n${lines.join('\n')}\n`;
}
