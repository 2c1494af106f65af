import { describe, expect, it } from '@jest/globals';
import { TrainingInputError } from '../errors';
import { datasetRecords, inferColumns } from './infer-columns';
import { parseDatasetFile } from './parse-file';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('parseDatasetFile + inferColumns', () => {
  it('reads a CSV with a header and types its columns', () => {
    const { columns, records } = parseDatasetFile(
      bytes('\uFEFFage,income,city,label\n31,1.5e3,Paris,yes\n45,,"Lyon, FR",no\n-2,.5,7,yes\n'),
      'csv',
    );
    const dataset = inferColumns(records, columns);
    expect(dataset.columns).toEqual([
      { name: 'age', type: 'number' },
      { name: 'income', type: 'number' },
      { name: 'city', type: 'string' },
      { name: 'label', type: 'string' },
    ]);
    expect(dataset.rows).toEqual([
      [31, 1500, 'Paris', 'yes'],
      [45, null, 'Lyon, FR', 'no'],
      [-2, 0.5, '7', 'yes'],
    ]);
    expect(datasetRecords(dataset)[1]).toEqual({
      age: 45,
      income: null,
      city: 'Lyon, FR',
      label: 'no',
    });
  });

  it('reads TSV without quoting', () => {
    const { columns, records } = parseDatasetFile(bytes('a\tb\n1\t"x"\n2\ty\n'), 'tsv');
    expect(inferColumns(records, columns).rows).toEqual([
      [1, '"x"'],
      [2, 'y'],
    ]);
  });

  it('reads JSONL objects, with keys in order of first appearance', () => {
    const { columns, records } = parseDatasetFile(
      bytes('{"x": 1, "ok": true}\n\n{"x": "2", "y": 0.25, "ok": false}\n'),
      'jsonl',
    );
    expect(columns).toEqual(['x', 'ok', 'y']);
    expect(inferColumns(records, columns)).toEqual({
      columns: [
        { name: 'x', type: 'number' },
        { name: 'ok', type: 'string' },
        { name: 'y', type: 'number' },
      ],
      rows: [
        [1, 'true', null],
        [2, 'false', 0.25],
      ],
    });
  });

  it('keeps the columns of a header without rows', () => {
    const { columns, records } = parseDatasetFile(bytes('a,b\n'), 'csv');
    expect(inferColumns(records, columns)).toEqual({
      columns: [
        { name: 'a', type: 'number' },
        { name: 'b', type: 'number' },
      ],
      rows: [],
    });
  });

  it('does not take hex, Infinity or NaN text for numbers', () => {
    const dataset = inferColumns([{ a: '0x10' }, { a: 'Infinity' }, { a: 'NaN' }]);
    expect(dataset.columns).toEqual([{ name: 'a', type: 'string' }]);
  });

  it.each([
    ['a ragged CSV row', () => parseDatasetFile(bytes('a,b\n1,2\n3\n'), 'csv'), /CSV is malformed/],
    ['a duplicate header', () => parseDatasetFile(bytes('a,a\n1,2\n'), 'csv'), /'a' appears twice/],
    ['a blank header', () => parseDatasetFile(bytes('a,\n1,2\n'), 'csv'), /column 2 has no name/],
    ['an empty file', () => parseDatasetFile(bytes(''), 'csv'), /no header row/],
    [
      'bad JSON',
      () => parseDatasetFile(bytes('{"a":1}\n{oops\n'), 'jsonl'),
      /line 2 is not valid JSON/,
    ],
    [
      'a JSONL array',
      () => parseDatasetFile(bytes('[1,2]\n'), 'jsonl'),
      /line 1 must be an object/,
    ],
    [
      'a nested value',
      () => inferColumns([{ a: 1 }, { a: { b: 2 } }]),
      /row 2, column 'a': nested objects/,
    ],
  ])('rejects %s with a TrainingInputError', (_, call, message) => {
    expect(call).toThrow(TrainingInputError);
    expect(call).toThrow(message);
  });
});
