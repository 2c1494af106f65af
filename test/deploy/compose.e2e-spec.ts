import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { envSchema } from '@mlserve/config';
import {
  COMPOSE_FILE,
  ENV_EXAMPLE,
  ROOT,
  durationMs,
  environmentOf,
  interpolate,
  labelsOf,
  loadCompose,
  networksOf,
  readEnvExample,
  readRawServices,
  type ComposeService,
} from './support/compose';

const SCHEMA = path.resolve(ROOT, '..', 'shared', 'schemas', 'compose-spec.json');
const env = readEnvExample();
const compose = loadCompose(env);
const services = Object.entries(compose.services);
const rawText = readFileSync(COMPOSE_FILE, 'utf8');
/** Services that run once and exit; the others wait for them to complete. */
const oneShots = services.filter(([, s]) => s.restart === 'no').map(([name]) => name);
const traefik = compose.services.traefik;
const traefikArgs = (traefik.command as string[]).map((arg) => arg.replace(/^--/, ''));
const traefikFlag = (name: string) =>
  traefikArgs.find((arg) => arg.startsWith(`${name}=`))?.slice(name.length + 1);

describe('docker-compose.yaml', () => {
  it('validates against the compose specification after .env.example interpolation', () => {
    const schema = JSON.parse(readFileSync(SCHEMA, 'utf8')) as Record<string, unknown>;
    delete schema.$schema;
    // the spec uses union types and type-less keywords that ajv's strict mode rejects
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    const valid = validate(compose);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('passes `docker-compose config` (1.29: no name:, depends_on.required, start_interval)', () => {
    const found = spawnSync('docker-compose', ['version'], { encoding: 'utf8' });
    if (found.error) {
      console.warn('docker-compose is not installed (apt-get install docker-compose): skipped');
      return;
    }
    const run = (envFile: string) =>
      spawnSync('docker-compose', ['-f', COMPOSE_FILE, '--env-file', envFile, 'config', '-q'], {
        cwd: ROOT,
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '' },
        timeout: 60_000,
      });
    const ok = run(ENV_EXAMPLE);
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    // a missing required variable stops compose with its message
    const dir = mkdtempSync(path.join(tmpdir(), 'compose-env-'));
    const partial = path.join(dir, '.env');
    const withoutKey = readFileSync(ENV_EXAMPLE, 'utf8').replace(/^ADMIN_API_KEY=.*$/m, '');
    writeFileSync(partial, withoutKey);
    const failed = run(partial);
    rmSync(dir, { recursive: true, force: true });
    expect(failed.status).not.toBe(0);
    expect(failed.stderr).toContain('set ADMIN_API_KEY in .env');
  });

  it('stops with a clear message when a required variable is missing', () => {
    const { ADMIN_API_KEY: _dropped, ...rest } = env;
    expect(() => loadCompose(rest)).toThrow(/ADMIN_API_KEY is missing: set ADMIN_API_KEY/);
    // every variable used without a default is required somewhere, and documented
    const refs = [...rawText.matchAll(/(?<!\$)\$\{([A-Za-z_][A-Za-z0-9_]*)(:?[-?])?/g)];
    const required = new Set(refs.filter((m) => m[2]?.endsWith('?')).map((m) => m[1]));
    const bare = new Set(refs.filter((m) => !m[2]).map((m) => m[1]));
    expect([...bare].filter((name) => !required.has(name))).toEqual([]);
    const documented = readFileSync(ENV_EXAMPLE, 'utf8');
    const undocumented = [...new Set(refs.map((m) => m[1]))].filter(
      (name) => !new RegExp(`^#?\\s*${name}=`, 'm').test(documented),
    );
    expect(undocumented).toEqual([]);
  });

  it('has no top-level name and nothing docker-compose 1.29 rejects', () => {
    expect(compose.name).toBeUndefined();
    for (const [name, service] of services) {
      expect({ name, healthcheck: Object.keys(service.healthcheck ?? {}) }).not.toMatchObject({
        healthcheck: expect.arrayContaining(['start_interval']),
      });
      for (const [target, options] of Object.entries(service.depends_on ?? {})) {
        expect({ name, target, options: Object.keys(options) }).toEqual({
          name,
          target,
          options: ['condition'],
        });
      }
    }
  });

  it('points every depends_on at an existing service with a condition it can meet', () => {
    for (const [name, service] of services) {
      for (const [target, { condition }] of Object.entries(service.depends_on ?? {})) {
        const dependency = compose.services[target];
        expect({ name, target, exists: Boolean(dependency) }).toEqual({
          name,
          target,
          exists: true,
        });
        if (condition === 'service_healthy') expect(dependency.healthcheck?.test).toBeDefined();
        if (condition === 'service_completed_successfully') expect(oneShots).toContain(target);
      }
    }
    for (const app of ['api', 'worker']) {
      expect(compose.services[app].depends_on?.migrate).toEqual({
        condition: 'service_completed_successfully',
      });
    }
  });

  it('declares every network and named volume it uses, and uses every one it declares', () => {
    const declaredNetworks = Object.keys(compose.networks ?? {});
    const declaredVolumes = Object.keys(compose.volumes ?? {});
    const usedNetworks = new Set(services.flatMap(([, s]) => networksOf(s)));
    const usedVolumes = new Set<string>();
    for (const [, service] of services) {
      expect(networksOf(service).length).toBeGreaterThan(0);
      for (const volume of service.volumes ?? []) {
        const source = volume.split(':')[0];
        if (source.startsWith('.') || source.startsWith('/')) {
          if (source.startsWith('.')) expect(existsSync(path.join(ROOT, source))).toBe(true);
        } else {
          usedVolumes.add(source);
        }
      }
    }
    expect([...usedNetworks].sort()).toEqual([...declaredNetworks].sort());
    expect([...usedVolumes].sort()).toEqual([...declaredVolumes].sort());
    expect(compose.networks?.backend).toEqual({ internal: true });
    // api and worker share the model store
    const store = (s: ComposeService) => s.volumes?.find((v) => v.endsWith(':/data'));
    expect(store(compose.services.api)).toBe('model-store:/data');
    expect(store(compose.services.worker)).toBe('model-store:/data');
  });

  it('keeps the worker scalable, and publishes host ports only on traefik', () => {
    for (const [name, service] of services) {
      expect({ name, container_name: service.container_name }).toEqual({ name });
      if (name !== 'traefik') expect({ name, ports: service.ports }).toEqual({ name });
    }
    expect(traefik.ports).toEqual(['80:80', '443:443']);
  });

  it('gives every long-running service a single-string healthcheck and a restart policy', () => {
    for (const [name, service] of services) {
      if (oneShots.includes(name)) {
        expect(service.healthcheck).toEqual({ disable: true });
        continue;
      }
      const test = service.healthcheck?.test;
      expect({ name, shape: Array.isArray(test) ? [test[0], test.length] : test }).toEqual({
        name,
        shape: ['CMD-SHELL', 2],
      });
      expect({ name, restart: service.restart }).toEqual({ name, restart: 'unless-stopped' });
    }
  });

  it('runs the node services with an init, from their Dockerfiles', () => {
    for (const [name, service] of services.filter(([, s]) => s.build)) {
      expect({ name, init: service.init }).toEqual({ name, init: true });
      expect(existsSync(path.join(ROOT, service.build!.context, service.build!.dockerfile!))).toBe(
        true,
      );
    }
    expect(compose.services.migrate.command).toEqual([
      'node',
      'dist/apps/api/prisma/tools/migrate.cli.js',
      'deploy',
    ]);
    // a SIGTERM'd worker may finish its running jobs before compose kills it
    const grace = durationMs(compose.services.worker.stop_grace_period ?? '10s');
    const drain = Number(environmentOf(compose.services.worker).WORKER_SHUTDOWN_GRACE_MS);
    expect(grace).toBeGreaterThan(drain);
  });

  it("passes every variable of the app's env schema, with the schema's own defaults", () => {
    const appEnv = environmentOf(compose.services.api);
    expect(environmentOf(compose.services.worker)).toEqual(appEnv);
    const perReplica = ['WORKER_ID']; // hostname-pid by default, unique per replica
    const missing = Object.keys(envSchema.shape).filter(
      (key) => !(key in appEnv) && !perReplica.includes(key),
    );
    expect(missing).toEqual([]);
    // `${VAR:-default}` must agree with the default the app would use without it
    for (const [key, value] of Object.entries(environmentOf(readRawServices().api))) {
      const fallback = /^\$\{[A-Z_0-9]+:-([^}]*)\}$/.exec(value)?.[1];
      const field = envSchema.shape[key as keyof typeof envSchema.shape];
      if (fallback === undefined || !field) continue;
      const withDefault = field.safeParse(fallback === '' ? undefined : fallback);
      expect({ key, value: withDefault.data }).toEqual({ key, value: field.parse(undefined) });
    }
    expect(appEnv.NODE_ENV).toBe('production');
  });

  it('writes no secret literally: every credential comes from .env', () => {
    const secretKey = /PASS|PASSWORD|SECRET|_KEY$|TOKEN|basicauth\.users$/i;
    for (const [name, service] of Object.entries(readRawServices())) {
      const entries = [
        ...Object.entries(environmentOf(service)),
        ...Object.entries(labelsOf(service)),
      ];
      for (const [key, value] of entries) {
        if (secretKey.test(key))
          expect({ name, key, value }).toMatchObject({ value: expect.stringMatching(/^\$\{/) });
        // user:password@ in a URL
        const password = /\/\/[^:/@\s]+:([^@\s]+)@/.exec(value)?.[1];
        if (password)
          expect({ name, key, password }).toMatchObject({
            password: expect.stringMatching(/^\$\{/),
          });
      }
    }
    const placeholders = Object.values(env).filter((v) => /change-me|\$apr1\$|\$2y\$/.test(v));
    for (const secret of placeholders) expect(rawText).not.toContain(secret);
    // `$` in unquoted .env values would be interpolated by compose
    const envText = readFileSync(ENV_EXAMPLE, 'utf8');
    expect(envText.split('\n').filter((l) => /^[A-Z_0-9]+=[^'].*\$/.test(l))).toEqual([]);
  });

  describe('Traefik', () => {
    const dynamic = parse(readFileSync(path.join(ROOT, 'traefik', 'dynamic.yml'), 'utf8')) as {
      http: { middlewares: Record<string, unknown> };
    };
    const entrypoints = traefikArgs
      .map((arg) => /^entrypoints\.([^.]+)\.address=/.exec(arg)?.[1])
      .filter((name): name is string => Boolean(name));
    const dockerMiddlewares = new Set(
      services.flatMap(([, s]) =>
        Object.keys(labelsOf(s))
          .map((key) => /^traefik\.http\.middlewares\.([^.]+)\./.exec(key)?.[1])
          .filter((name): name is string => Boolean(name)),
      ),
    );
    const routed = services.filter(([, s]) => labelsOf(s)['traefik.enable'] === 'true');
    const routers = routed.flatMap(([name, service]) => {
      const labels = labelsOf(service);
      return [
        ...new Set(
          Object.keys(labels)
            .map((key) => /^traefik\.http\.routers\.([^.]+)\./.exec(key)?.[1])
            .filter((r): r is string => Boolean(r)),
        ),
      ].map((router) => {
        const get = (prop: string) => labels[`traefik.http.routers.${router}.${prop}`];
        return {
          container: name,
          service,
          labels,
          router,
          rule: get('rule') ?? '',
          entrypoints: (get('entrypoints') ?? '').split(','),
          target: get('service'),
          middlewares: (get('middlewares') ?? '').split(',').filter(Boolean),
        };
      });
    });
    const routerFor = (host: string) =>
      routers.find((r) => r.rule.includes(`Host(\`${host}.${env.DOMAIN}\`)`));

    it('reads only labelled containers, on the public network it is told to use', () => {
      expect(traefikFlag('providers.docker.exposedbydefault')).toBe('false');
      for (const [name, service] of services) {
        const hasTraefikLabels = Object.keys(labelsOf(service)).some((k) =>
          k.startsWith('traefik.'),
        );
        if (hasTraefikLabels)
          expect({ name, enabled: labelsOf(service)['traefik.enable'] }).toEqual({
            name,
            enabled: 'true',
          });
      }
      for (const [name, service] of routed)
        expect({ name, networks: networksOf(service) }).toMatchObject({
          networks: expect.arrayContaining(['public']),
        });
      expect(traefikFlag('providers.docker.network')).toBe(
        (compose.networks?.public as { name: string }).name,
      );
    });

    it('routes api, grafana, prometheus, rabbitmq and traefik on subdomains of DOMAIN', () => {
      for (const host of ['api', 'grafana', 'prometheus', 'rabbitmq', 'traefik']) {
        expect({ host, found: Boolean(routerFor(host)) }).toEqual({ host, found: true });
      }
      expect(routerFor('traefik')!.target).toBe('api@internal');
      // metrics stay on the internal network
      expect(routerFor('api')!.rule).toContain('!PathPrefix(`/metrics`)');
      expect(routers.some((r) => r.container === 'worker')).toBe(false);
    });

    it('sends every router to a service port its container exposes, through known middlewares', () => {
      for (const r of routers) {
        expect({ router: r.router, target: r.target }).toMatchObject({
          target: expect.any(String),
        });
        for (const ep of r.entrypoints) expect(entrypoints).toContain(ep);
        for (const mw of r.middlewares) {
          const [mwName, provider] = mw.split('@');
          if (provider === 'file') expect(Object.keys(dynamic.http.middlewares)).toContain(mwName);
          else expect([...dockerMiddlewares]).toContain(mwName);
        }
        if (r.target.endsWith('@internal')) continue;
        const port = r.labels[`traefik.http.services.${r.target}.loadbalancer.server.port`];
        expect({ router: r.router, port }).toMatchObject({ port: expect.stringMatching(/^\d+$/) });
        expect((r.service.expose ?? []).map(String)).toContain(port);
      }
    });

    it('puts basic auth from .env in front of prometheus, rabbitmq and the dashboard', () => {
      for (const host of ['prometheus', 'rabbitmq', 'traefik']) {
        const router = routerFor(host)!;
        const auth = router.middlewares.find((mw) =>
          routed.some(([, s]) => labelsOf(s)[`traefik.http.middlewares.${mw}.basicauth.users`]),
        );
        expect({ host, auth: Boolean(auth) }).toEqual({ host, auth: true });
      }
      expect(routerFor('grafana')!.middlewares.some((mw) => mw.includes('auth'))).toBe(false);
    });

    it("redirects HTTP to HTTPS with Let's Encrypt, or serves plain HTTP for localhost", () => {
      expect(traefikFlag('certificatesresolvers.le.acme.email')).toBe(env.ACME_EMAIL);
      expect(traefikFlag('entrypoints.websecure.http.tls.certresolver')).toBe('le');
      const catchAll = routers.find((r) => r.router === 'http-catchall')!;
      expect(catchAll).toMatchObject({
        entrypoints: ['web'],
        middlewares: ['https-redirect@file'],
      });
      expect(dynamic.http.middlewares['https-redirect']).toEqual({
        redirectScheme: { scheme: 'https', permanent: true },
      });
      const sites = routers.filter((r) => r.router !== 'http-catchall');
      const modes = (entrypoint: string) =>
        new Set(
          sites.flatMap((r) =>
            interpolate(rawLabel(r.container, r.router), {
              ...env,
              TRAEFIK_ENTRYPOINT: entrypoint,
            }),
          ),
        );
      expect(modes('websecure')).toEqual(new Set(['websecure']));
      expect(modes('web')).toEqual(new Set(['web']));
    });
  });
});

/** The uninterpolated entrypoints label of a router. */
function rawLabel(container: string, router: string): string {
  return labelsOf(readRawServices()[container])[`traefik.http.routers.${router}.entrypoints`] ?? '';
}
