import { describe, expect, it } from '@jest/globals';
import { DiagnosticSleepRunner } from './diagnostic-sleep.runner';
import { RunnerRegistry } from './runner-registry';

describe('RunnerRegistry', () => {
  it('accepts exactly one runner per job type', () => {
    const runner = new DiagnosticSleepRunner();
    expect(new RunnerRegistry([runner]).get('diagnostic.sleep')).toBe(runner);
  });

  it('refuses to start when a type has no runner', () => {
    expect(() => new RunnerRegistry([])).toThrow("'diagnostic.sleep' has no runner");
  });

  it('refuses to start when a type has two runners', () => {
    expect(
      () => new RunnerRegistry([new DiagnosticSleepRunner(), new DiagnosticSleepRunner()]),
    ).toThrow('more than one runner');
  });
});
