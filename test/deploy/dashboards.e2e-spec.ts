import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client } from 'pg';
import { parse } from 'yaml';
import { registry } from '@mlserve/observability';
import { TEST_DATABASE_URL } from '../support/test-env';
import { ROOT, loadCompose } from './support/compose';
import {
  allPanels,
  checkExpressions,
  concretePromql,
  concreteSql,
  loadDashboards,
  metricNames,
  panelQueries,
  promtool,
} from './support/dashboards';

interface ProvisionedDatasource {
  uid: string;
  type: string;
  url: string;
}

const read = (...parts: string[]) => readFileSync(path.join(ROOT, ...parts), 'utf8');
const datasources = (
  parse(read('grafana', 'provisioning', 'datasources', 'datasources.yaml')) as {
    datasources: ProvisionedDatasource[];
  }
).datasources;
const dashboards = loadDashboards();
const queries = panelQueries(dashboards);
const compose = loadCompose();
const alertRules = (
  parse(read('prometheus', 'alerts.yml')) as {
    groups: { rules: { alert?: string; record?: string; expr: string }[] }[];
  }
).groups.flatMap((g) => g.rules);

describe('Grafana provisioning', () => {
  it('has the five dashboards, each with a unique uid of at most 40 characters', () => {
    const uids = dashboards.map((d) => d.dashboard.uid);
    expect(uids.sort()).toEqual([
      'mlserve-inference',
      'mlserve-infrastructure',
      'mlserve-jobs',
      'mlserve-model-quality',
      'mlserve-overview',
    ]);
    for (const uid of uids) expect(uid.length).toBeLessThanOrEqual(40);
    expect(new Set(dashboards.map((d) => d.dashboard.title)).size).toBe(dashboards.length);
  });

  it('gives every panel a unique id within its dashboard', () => {
    for (const { file, dashboard } of dashboards) {
      const ids = allPanels(dashboard).map((p) => p.id);
      expect({ file, duplicates: ids.filter((id, i) => ids.indexOf(id) !== i) }).toEqual({
        file,
        duplicates: [],
      });
    }
  });

  it('refers only to provisioned datasources, by uid, with no ${DS_ inputs left', () => {
    const byUid = new Map(datasources.map((d) => [d.uid, d.type]));
    expect(byUid.size).toBe(datasources.length);
    for (const { file, text, dashboard } of dashboards) {
      expect({ file, inputs: text.includes('${DS_') || text.includes('__inputs') }).toEqual({
        file,
        inputs: false,
      });
      const refs = [
        ...allPanels(dashboard).flatMap((p) => [
          p.datasource,
          ...(p.targets ?? []).map((t) => t.datasource),
        ]),
        ...(dashboard.templating?.list ?? []).map((v) => v.datasource),
      ].filter((ref) => ref !== undefined);
      for (const ref of refs) {
        expect({ file, uid: ref.uid, type: byUid.get(ref.uid ?? '') }).toEqual({
          file,
          uid: ref.uid,
          type: ref.type,
        });
      }
    }
  });

  it('points the datasources and the dashboard folder at what compose runs and mounts', () => {
    const prometheus = datasources.find((d) => d.type === 'prometheus')!;
    expect(prometheus.url).toBe('http://prometheus:9090');
    expect(compose.services.prometheus.expose).toContain('9090');
    const postgres = datasources.find((d) => d.type === 'grafana-postgresql-datasource')!;
    expect(postgres.url).toBe('${DATABASE_HOST}:5432');
    const grafana = compose.services.grafana;
    const provisioningText = read('grafana', 'provisioning', 'datasources', 'datasources.yaml');
    const settings = provisioningText.replace(/^\s*#.*$/gm, '');
    for (const [, name] of settings.matchAll(/\$\{([A-Z_]+)\}/g)) {
      expect(Object.keys(grafana.environment ?? {})).toContain(name);
    }
    const provider = (
      parse(read('grafana', 'provisioning', 'dashboards', 'dashboards.yaml')) as {
        providers: { options: { path: string } }[];
      }
    ).providers[0];
    expect(grafana.volumes).toContain(`./grafana/dashboards:${provider.options.path}:ro`);
    expect(grafana.volumes).toContain('./grafana/provisioning:/etc/grafana/provisioning:ro');
  });
});

describe('PromQL in dashboards and alert rules', () => {
  const promql = queries.filter((q) => q.expr !== undefined);

  it('passes promtool: prometheus.yml, its alert rules, and every dashboard query', () => {
    const config = promtool(['check', 'config', path.join(ROOT, 'prometheus', 'prometheus.yml')]);
    expect(config).toMatchObject({ status: 0 });
    expect(config.output).toMatch(/SUCCESS: 1 rule files found/);
    expect(promtool(['check', 'rules', path.join(ROOT, 'prometheus', 'alerts.yml')])).toMatchObject(
      { status: 0 },
    );
    const checked = checkExpressions(
      promql.map((q, i) => ({ name: `dashboard:query_${i}`, expr: concretePromql(q.expr!) })),
    );
    const failed = checked.output.match(/dashboard:query_(\d+)/g) ?? [];
    expect({
      output: checked.output,
      failed: failed.map((f) => promql[Number(f.split('_')[1])]?.where),
    }).toMatchObject({ failed: [] });
    expect(checked.status).toBe(0);
  });

  it('uses template variables only as regex matchers, so All (.*) works', () => {
    for (const q of promql) {
      for (const m of q.expr!.matchAll(/(=~?|!~?)"([^"]*\$(?!__)[^"]*)"/g)) {
        expect({ where: q.where, op: m[1] }).toEqual({ where: q.where, op: '=~' });
      }
    }
  });

  it('reads only metrics that mlserve exports or that the exporters and Traefik provide', () => {
    const exported = new Set(
      registry.getMetricsAsArray().flatMap((m) => {
        const name = m.name;
        return String(m.type) === 'histogram'
          ? [`${name}_bucket`, `${name}_sum`, `${name}_count`]
          : [name];
      }),
    );
    const exprs = [
      ...promql.map((q) => ({ where: q.where, expr: q.expr! })),
      ...alertRules.map((r) => ({ where: `alerts.yml › ${r.alert ?? r.record}`, expr: r.expr })),
    ];
    for (const { where, expr } of exprs) {
      for (const name of metricNames(concretePromql(expr))) {
        const known = name.startsWith('mlserve_')
          ? exported.has(name)
          : /^(up|rabbitmq_|redis_|pg_|traefik_)/.test(name);
        expect({ where, name, known }).toEqual({ where, name, known: true });
      }
    }
  });
});

describe('SQL in dashboards', () => {
  let db: Client;
  beforeAll(async () => {
    db = new Client({ connectionString: TEST_DATABASE_URL });
    await db.connect();
  });
  afterAll(() => db?.end());

  it('runs every PostgreSQL panel query against the migrated schema', async () => {
    const sql = queries.filter((q) => q.rawSql !== undefined);
    expect(sql.length).toBeGreaterThan(0);
    for (const q of sql) {
      const statement = concreteSql(q.rawSql!);
      expect({ where: q.where, macros: statement.match(/\$__\w+/g) }).toEqual({
        where: q.where,
        macros: null,
      });
      await db.query('BEGIN READ ONLY');
      try {
        await db.query(statement);
      } catch (error) {
        throw new Error(`${q.where}: ${String(error)}`);
      } finally {
        await db.query('ROLLBACK');
      }
    }
  });
});
