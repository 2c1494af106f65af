import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { ROOT } from './compose';

export const DASHBOARD_DIR = path.join(ROOT, 'grafana', 'dashboards');

export interface DatasourceRef {
  type?: string;
  uid?: string;
}

export interface Target {
  refId: string;
  datasource?: DatasourceRef;
  expr?: string;
  rawSql?: string;
}

export interface Panel {
  id: number;
  type: string;
  title: string;
  datasource?: DatasourceRef;
  targets?: Target[];
  panels?: Panel[];
}

export interface Dashboard {
  uid: string;
  title: string;
  panels: Panel[];
  templating?: { list: { name: string; datasource?: DatasourceRef; query?: unknown }[] };
}

export interface DashboardFile {
  file: string;
  text: string;
  dashboard: Dashboard;
}

/** A query of one panel, named for messages: `file › panel title › refId`. */
export interface PanelQuery {
  where: string;
  dashboard: string;
  datasource: DatasourceRef | undefined;
  expr?: string;
  rawSql?: string;
}

export function loadDashboards(): DashboardFile[] {
  return readdirSync(DASHBOARD_DIR)
    .filter((file) => file.endsWith('.json'))
    .map((file) => {
      const text = readFileSync(path.join(DASHBOARD_DIR, file), 'utf8');
      return { file, text, dashboard: JSON.parse(text) as Dashboard };
    });
}

/** Every panel, rows' nested panels included. */
export function allPanels(dashboard: Dashboard): Panel[] {
  return dashboard.panels.flatMap((panel) => [panel, ...(panel.panels ?? [])]);
}

export function panelQueries(files = loadDashboards()): PanelQuery[] {
  return files.flatMap(({ file, dashboard }) =>
    allPanels(dashboard).flatMap((panel) =>
      (panel.targets ?? []).map((target) => ({
        where: `${file} › ${panel.title} › ${target.refId}`,
        dashboard: dashboard.uid,
        datasource: target.datasource ?? panel.datasource,
        expr: target.expr,
        rawSql: target.rawSql,
      })),
    ),
  );
}

/**
 * A dashboard's PromQL with Grafana's variables replaced by values Prometheus accepts:
 * interval macros by a duration, template variables (used in `=~` matchers) by `.*`.
 */
export function concretePromql(expr: string, rateInterval = '1m'): string {
  return expr
    .replace(/\$__(rate_interval|interval|range)\b/g, rateInterval)
    .replace(/\$\{?[A-Za-z_][A-Za-z0-9_]*\}?/g, '.*');
}

/**
 * A dashboard's SQL with Grafana's macros replaced: time filters by a one-hour range, time
 * grouping by a minute bucket, and template variables (`${model:sqlstring}`) by a literal.
 */
export function concreteSql(sql: string): string {
  return sql
    .replace(
      /\$__timeFilter\(([^)]+)\)/g,
      (_m, column: string) => `${column} BETWEEN now() - interval '1 hour' AND now()`,
    )
    .replace(
      /\$__timeGroupAlias\(([^,]+),[^)]*\)/g,
      (_m, column: string) => `date_trunc('minute', ${column}) AS time`,
    )
    .replace(/\$\{[A-Za-z_]\w*(:\w+)?\}/g, "'all'");
}

/** Runs promtool; resolves with its exit status and output. */
export function promtool(args: string[]): { status: number | null; output: string } {
  const run = spawnSync('promtool', args, { encoding: 'utf8', timeout: 60_000 });
  if (run.error) {
    throw new Error(`promtool is missing (apt-get install prometheus): ${run.error.message}`);
  }
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

/** Checks expressions with `promtool check rules`, as recording rules in a temporary file. */
export function checkExpressions(exprs: { name: string; expr: string }[]) {
  const dir = mkdtempSync(path.join(tmpdir(), 'promql-'));
  const file = path.join(dir, 'exprs.yml');
  const rules = exprs.map(({ name, expr }) => ({ record: name, expr }));
  writeFileSync(file, stringify({ groups: [{ name: 'dashboards', rules }] }));
  try {
    return promtool(['check', 'rules', file]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Metric names a PromQL expression reads (identifiers that are not functions or keywords). */
export function metricNames(expr: string): string[] {
  const bare = expr
    .replace(/"[^"]*"/g, '""')
    .replace(/\{[^}]*\}/g, '{}')
    .replace(/\[[^\]]*\]/g, '[]')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const keywords = new Set(
    'and or unless bool offset sum min max avg count stddev stdvar topk bottomk quantile group'.split(
      ' ',
    ),
  );
  const names = [...bare.matchAll(/(?<![\w.])([a-zA-Z_:][a-zA-Z0-9_:]*)\b(?!\s*\()/g)]
    .map((m) => m[1])
    .filter((name) => !keywords.has(name) && !/^(e|inf|nan)$/i.test(name));
  return [...new Set(names)];
}
