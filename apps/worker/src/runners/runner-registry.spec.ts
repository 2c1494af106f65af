import { describe, expect, it } from '@jest/globals';
import type { JobRunner } from './job-runner';
import { DiagnosticSleepRunner } from './diagnostic-sleep.runner';
import { RunnerRegistry } from './runner-registry';

const fake = <T extends 'inference' | 'training' | 'evaluation'>(type: T): JobRunner => ({
  type,
  run: () => Promise.reject(new Error('not used')),
});
const inference = fake('inference');
const others = [fake('training'), fake('evaluation')];

describe('RunnerRegistry', () => {
  it('accepts exactly one runner per job type', () => {
    const sleep = new DiagnosticSleepRunner();
    const registry = new RunnerRegistry([sleep, inference, ...others]);
    expect(registry.get('diagnostic.sleep')).toBe(sleep);
    expect(registry.get('inference')).toBe(inference);
  });

  it('refuses to start when a type has no runner', () => {
    expect(() => new RunnerRegistry([new DiagnosticSleepRunner(), ...others])).toThrow(
      "'inference' has no runner",
    );
  });

  it('refuses to start when a type has two runners', () => {
    const runners = [
      new DiagnosticSleepRunner(),
      new DiagnosticSleepRunner(),
      inference,
      ...others,
    ];
    expect(() => new RunnerRegistry(runners)).toThrow('more than one runner');
  });
});
