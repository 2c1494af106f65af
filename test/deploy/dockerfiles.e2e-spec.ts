import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { validate, ValidationSeverity, type ValidatorSettings } from 'dockerfile-utils';
import { ROOT, loadCompose } from './support/compose';

// Every optional rule of the linter counts as an error: casing, a second CMD/ENTRYPOINT/
// HEALTHCHECK (only the last one would apply), JSON in single quotes (silently run by a shell),
// relative WORKDIR, empty continuation lines, deprecated MAINTAINER.
const STRICT: ValidatorSettings = {
  deprecatedMaintainer: ValidationSeverity.ERROR,
  directiveCasing: ValidationSeverity.ERROR,
  emptyContinuationLine: ValidationSeverity.ERROR,
  instructionCasing: ValidationSeverity.ERROR,
  instructionCmdMultiple: ValidationSeverity.ERROR,
  instructionEntrypointMultiple: ValidationSeverity.ERROR,
  instructionHealthcheckMultiple: ValidationSeverity.ERROR,
  instructionJSONInSingleQuotes: ValidationSeverity.ERROR,
  instructionWorkdirRelative: ValidationSeverity.ERROR,
};

interface Instruction {
  keyword: string;
  args: string;
}

/** Instructions with their continuation lines joined, comments dropped. */
function instructions(text: string): Instruction[] {
  return text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const [keyword, ...rest] = line.split(/\s+/);
      return { keyword: keyword.toUpperCase(), args: rest.join(' ') };
    });
}

const ciScript = readFileSync(path.join(ROOT, '.ci', 'run'), 'utf8');
const compose = loadCompose();

describe.each([
  ['Dockerfile.api', 'api', 'dist/apps/api/apps/api/src/main.js'],
  ['Dockerfile.worker', 'worker', 'dist/apps/worker/apps/worker/src/main.js'],
])('%s', (file, service, entry) => {
  const text = readFileSync(path.join(ROOT, file), 'utf8');
  const steps = instructions(text);
  const stages = text.split(/^FROM /m).slice(1);
  const final = instructions(`FROM ${stages.at(-1)}`);

  it('lints clean with dockerfile-utils, every warning counted as an error', () => {
    expect(
      validate(text, STRICT).map(
        (d) =>
          `${d.range.start.line + 1}: ${typeof d.message === 'string' ? d.message : d.message.value}`,
      ),
    ).toEqual([]);
  });

  it('is multi-stage on node:22-bookworm-slim (glibc for onnxruntime-node)', () => {
    const froms = steps.filter((s) => s.keyword === 'FROM').map((s) => s.args);
    expect(froms).toEqual(['node:22-bookworm-slim AS build', 'node:22-bookworm-slim']);
  });

  it("builds with the npm scripts CI runs, keeping onnxruntime's install script denied", () => {
    const runs = steps.filter((s) => s.keyword === 'RUN').map((s) => s.args);
    const npmCommands = runs.flatMap((r) => r.split('&&').map((c) => c.trim()));
    for (const command of ['npm ci --strict-allow-scripts', 'npm run build']) {
      expect(npmCommands.some((c) => c.startsWith(command))).toBe(true);
      expect(ciScript).toContain(command);
    }
    expect(npmCommands.some((c) => c.startsWith('npm prune --omit=dev'))).toBe(true);
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      allowScripts: Record<string, boolean>;
    };
    expect(pkg.allowScripts['onnxruntime-node']).toBe(false);
    // postinstall generates the Prisma client: its inputs are copied before `npm ci`
    const firstCi = steps.findIndex((s) => s.args.startsWith('npm ci'));
    const copiedBefore = steps
      .slice(0, firstCi)
      .filter((s) => s.keyword === 'COPY')
      .map((s) => s.args)
      .join(' ');
    for (const input of ['package-lock.json', 'prisma.config.ts', 'tsconfig.json', 'prisma']) {
      expect(copiedBefore).toContain(input);
    }
  });

  it('has the same build stage as the other image, so the second build is cached', () => {
    const other = file === 'Dockerfile.api' ? 'Dockerfile.worker' : 'Dockerfile.api';
    const buildStage = (t: string) => instructions(t.split(/^FROM /m)[1]);
    expect(buildStage(text)).toEqual(buildStage(readFileSync(path.join(ROOT, other), 'utf8')));
  });

  it('runs node directly as a non-root user, with a HEALTHCHECK that needs no curl', () => {
    const user = final.filter((s) => s.keyword === 'USER').at(-1);
    expect(user?.args).toBe('node');
    const cmd = final.filter((s) => s.keyword === 'CMD').at(-1)!;
    expect(JSON.parse(cmd.args)).toEqual(['node', entry]);
    const healthcheck = final.find((s) => s.keyword === 'HEALTHCHECK')!;
    expect(healthcheck.args).toMatch(/CMD node -e ".*fetch\('http:\/\/127\.0\.0\.1:/);
    expect(healthcheck.args).not.toMatch(/curl|wget/);
    // the image copies the build's output the CMD starts
    const built = entry.split('/').slice(0, 3).join('/'); // dist/apps/<app>
    expect(final.some((s) => s.keyword === 'COPY' && s.args.includes(built))).toBe(true);
    // compose builds this service from this file
    expect(compose.services[service].build).toEqual({ context: '.', dockerfile: file });
  });
});

describe('.dockerignore', () => {
  const ignored = readFileSync(path.join(ROOT, '.dockerignore'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));

  it('keeps secrets, local state and host builds out of the build context', () => {
    for (const entry of ['.env', 'node_modules', 'dist', '.git', 'libs/db/src/generated']) {
      expect(ignored).toContain(entry);
    }
  });

  it('keeps everything the Dockerfiles COPY from the context', () => {
    for (const file of ['Dockerfile.api', 'Dockerfile.worker']) {
      const copies = instructions(readFileSync(path.join(ROOT, file), 'utf8'))
        .filter((s) => s.keyword === 'COPY' && !s.args.startsWith('--from'))
        .flatMap((s) => s.args.split(/\s+/).slice(0, -1));
      for (const source of copies)
        expect({ source, ignored: ignored.includes(source) }).toEqual({ source, ignored: false });
    }
  });
});
