import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

export const ROOT = path.resolve(__dirname, '..', '..', '..');
export const COMPOSE_FILE = path.join(ROOT, 'docker-compose.yaml');
export const ENV_EXAMPLE = path.join(ROOT, '.env.example');

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type Dict = Record<string, string>;

export interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile?: string };
  command?: string[] | string;
  environment?: Record<string, string | number | boolean | null>;
  expose?: (string | number)[];
  ports?: (string | number)[];
  volumes?: string[];
  networks?: string[] | Record<string, Json>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test?: string[] | string; disable?: boolean };
  labels?: string[] | Dict;
  container_name?: string;
  restart?: string;
  init?: boolean;
  stop_grace_period?: string;
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
  networks?: Record<string, Json>;
  volumes?: Record<string, Json>;
  [key: string]: Json | Record<string, ComposeService> | undefined;
}

/**
 * Reads a .env file the way compose does: KEY=VALUE lines, comments and blank lines skipped,
 * single-quoted values literal, double-quoted values unquoted.
 */
export function parseEnvFile(text: string): Dict {
  const env: Dict = {};
  for (const line of text.split('\n')) {
    const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!match) continue;
    const [, key, raw] = match as unknown as [string, string, string];
    const quoted = /^(['"])(.*)\1$/.exec(raw);
    env[key] = quoted ? quoted[2] : raw.replace(/\s+#.*$/, '');
  }
  return env;
}

const VARIABLE =
  /\$(?:(\$)|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g;

/**
 * Compose's interpolation of one value: `$$`, `$VAR`, `${VAR}`, `${VAR:-default}`,
 * `${VAR-default}`, `${VAR:?message}` and `${VAR?message}`. A missing required variable throws
 * with its message, as compose stops with it.
 */
export function interpolate(value: string, env: Dict, used?: Set<string>): string {
  return value.replace(
    VARIABLE,
    (_m, dollar?: string, braced?: string, op?: string, arg?: string, bare?: string) => {
      if (dollar) return '$';
      const name = (braced ?? bare)!;
      used?.add(name);
      const current = env[name];
      const unsetOrEmpty = current === undefined || current === '';
      if (op === ':-') return unsetOrEmpty ? (arg ?? '') : current;
      if (op === '-') return current ?? arg ?? '';
      if (op === ':?' || op === '?') {
        if (op === ':?' ? unsetOrEmpty : current === undefined) {
          throw new Error(`required variable ${name} is missing: ${arg ?? ''}`);
        }
      }
      return current ?? '';
    },
  );
}

/** Interpolates every string in a parsed YAML tree (values only, as compose does). */
export function interpolateTree<T extends Json>(node: T, env: Dict, used?: Set<string>): T {
  if (typeof node === 'string') return interpolate(node, env, used) as T;
  if (Array.isArray(node)) return node.map((item) => interpolateTree(item, env, used)) as T;
  if (node && typeof node === 'object') {
    return Object.fromEntries(
      Object.entries(node).map(([key, value]) => [key, interpolateTree(value, env, used)]),
    ) as T;
  }
  return node;
}

/** docker-compose.yaml parsed with its anchors and merge keys resolved, before interpolation. */
export function readRawCompose(file = COMPOSE_FILE): Json {
  return parse(readFileSync(file, 'utf8'), { merge: true }) as Json;
}

/** The services as written, `${...}` left in place. */
export function readRawServices(): Record<string, ComposeService> {
  return (readRawCompose() as unknown as ComposeFile).services;
}

/** The compose file as compose sees it with this environment (.env.example by default). */
export function loadCompose(env: Dict = readEnvExample(), used?: Set<string>): ComposeFile {
  return interpolateTree(readRawCompose(), env, used) as unknown as ComposeFile;
}

export function readEnvExample(): Dict {
  return parseEnvFile(readFileSync(ENV_EXAMPLE, 'utf8'));
}

/** Labels as a map, whichever of the two compose forms the service uses. */
export function labelsOf(service: ComposeService): Dict {
  const labels = service.labels ?? {};
  if (!Array.isArray(labels)) return labels;
  return Object.fromEntries(
    labels.map((label) => {
      const eq = label.indexOf('=');
      return [label.slice(0, eq), label.slice(eq + 1)];
    }),
  );
}

export function networksOf(service: ComposeService): string[] {
  const networks = service.networks ?? [];
  return Array.isArray(networks) ? networks : Object.keys(networks);
}

/** A service's environment with every value as a string, as the process receives it. */
export function environmentOf(service: ComposeService): Dict {
  return Object.fromEntries(
    Object.entries(service.environment ?? {}).map(([key, value]) => [key, String(value ?? '')]),
  );
}

/** `10s`, `1m30s`, `500ms` in milliseconds. */
export function durationMs(value: string): number {
  const units: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1, us: 0.001 };
  let total = 0;
  for (const [, amount, unit] of value.matchAll(/(\d+(?:\.\d+)?)(ms|us|h|m|s)/g)) {
    total += Number(amount) * units[unit];
  }
  return total;
}
