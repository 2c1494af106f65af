import { describe, expect, it } from '@jest/globals';
import { scopeSatisfies } from './scopes';

describe('scopeSatisfies', () => {
  it.each([
    [['read'], 'read', true],
    [['read'], 'write', false],
    [['write'], 'read', true],
    [['write'], 'admin', false],
    [['admin'], 'write', true],
    [[], 'read', false],
  ] as const)('%j grants %s: %s', (granted, required, expected) => {
    expect(scopeSatisfies(granted, required)).toBe(expected);
  });
});
