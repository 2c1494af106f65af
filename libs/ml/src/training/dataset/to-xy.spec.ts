import { describe, expect, it } from '@jest/globals';
import { TrainingInputError } from '../errors';
import { seededSplit } from './split';
import { selectRows, toXY } from './to-xy';
import type { TabularDataset } from './types';

const dataset: TabularDataset = {
  columns: [
    { name: 'x1', type: 'number' },
    { name: 'label', type: 'string' },
    { name: 'x2', type: 'number' },
  ],
  rows: [
    [1, 'cat', 10],
    [2, 'dog', 20],
    [3, 'ant', 30],
    [4, 'dog', 40],
  ],
};

describe('toXY', () => {
  it('maps class names to sorted indices, keeping the names', () => {
    expect(toXY(dataset, 'label', 'classification')).toEqual({
      task: 'classification',
      features: ['x1', 'x2'],
      x: [
        [1, 10],
        [2, 20],
        [3, 30],
        [4, 40],
      ],
      y: [1, 2, 0, 2],
      classes: ['ant', 'cat', 'dog'],
    });
  });

  it('sorts numeric classes numerically, and can use given classes and features', () => {
    const numeric: TabularDataset = {
      columns: [
        { name: 'f', type: 'number' },
        { name: 'y', type: 'number' },
      ],
      rows: [
        [0, 10],
        [1, 2],
        [2, 1],
      ],
    };
    expect(toXY(numeric, 'y', 'classification')).toMatchObject({
      y: [2, 1, 0],
      classes: ['1', '2', '10'],
    });
    expect(toXY(numeric, 'y', 'regression')).toEqual({
      task: 'regression',
      features: ['f'],
      x: [[0], [1], [2]],
      y: [10, 2, 1],
    });
    const evaluated = toXY(dataset, 'label', 'classification', {
      features: ['x2'],
      classes: ['dog', 'cat', 'ant', 'bird'],
    });
    expect(evaluated).toMatchObject({
      features: ['x2'],
      x: [[10], [20], [30], [40]],
      y: [1, 0, 2, 0],
    });
  });

  it.each([
    [
      'a missing target',
      () => toXY(dataset, 'species', 'classification'),
      /target column 'species' is not in the dataset; available columns: 'x1', 'label', 'x2'/,
    ],
    [
      'an empty dataset',
      () => toXY({ columns: dataset.columns, rows: [] }, 'label', 'classification'),
      /dataset is empty/,
    ],
    [
      'a text feature',
      () => toXY(dataset, 'x1', 'regression'),
      /row 1, feature column 'label': 'cat' is not a number/,
    ],
    [
      'a missing feature value',
      () => toXY({ ...dataset, rows: [[1, 'a', null]] }, 'label', 'classification'),
      /row 1, feature column 'x2': the value is missing/,
    ],
    [
      'a missing label',
      () =>
        toXY(
          {
            ...dataset,
            rows: [
              [1, 'a', 2],
              [1, null, 2],
            ],
          },
          'label',
          'classification',
        ),
      /row 2, target column 'label': the label is missing/,
    ],
    [
      'a text regression target',
      () => toXY(dataset, 'label', 'regression'),
      /row 1, target column 'label': 'cat' is not a number/,
    ],
    [
      'an unknown class',
      () => toXY(dataset, 'label', 'classification', { classes: ['cat', 'dog'] }),
      /row 3, target column 'label': 'ant' is not one of the classes cat, dog/,
    ],
    [
      'an unknown feature',
      () => toXY(dataset, 'label', 'classification', { features: ['x9'] }),
      /feature column 'x9' is not in the dataset/,
    ],
    [
      'no features',
      () => toXY({ columns: [dataset.columns[0]], rows: [[1]] }, 'x1', 'regression'),
      /no feature columns/,
    ],
  ])('rejects %s with a TrainingInputError', (_, call, message) => {
    expect(call).toThrow(TrainingInputError);
    expect(call).toThrow(message);
  });

  it('names the column and lists the available ones in the error details', () => {
    try {
      toXY(dataset, 'species', 'classification');
      throw new Error('expected toXY to throw');
    } catch (error) {
      expect((error as TrainingInputError).details).toEqual({
        column: 'species',
        available: ['x1', 'label', 'x2'],
      });
    }
  });
});

describe('seededSplit', () => {
  it('is deterministic, disjoint and complete', () => {
    const split = seededSplit(100, 0.25, 7);
    expect(seededSplit(100, 0.25, 7)).toEqual(split);
    expect(split.test).toHaveLength(25);
    expect([...split.train, ...split.test].sort((a, b) => a - b)).toEqual(
      Array.from({ length: 100 }, (_, i) => i),
    );
    expect(seededSplit(100, 0.25, 8).test).not.toEqual(split.test);
  });

  it('keeps at least one row on each side', () => {
    expect(seededSplit(2, 0.01, 1).test).toHaveLength(1);
    expect(seededSplit(2, 0.99, 1).train).toHaveLength(1);
  });

  it('selects rows of the data', () => {
    const data = toXY(dataset, 'label', 'classification');
    expect(selectRows(data, [3, 0])).toMatchObject({
      x: [
        [4, 40],
        [1, 10],
      ],
      y: [2, 1],
      classes: data.classes,
    });
  });

  it.each([
    [1, 0.2, 1, /at least 2 rows/],
    [10, 0, 1, /testFraction/],
    [10, 1, 1, /testFraction/],
    [10, 0.2, 1.5, /seed must be an integer/],
  ])('rejects n=%p, testFraction=%p, seed=%p', (n, fraction, seed, message) => {
    expect(() => seededSplit(n, fraction, seed)).toThrow(message);
  });
});
