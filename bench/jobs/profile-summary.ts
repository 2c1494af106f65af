import { readFile } from 'node:fs/promises';
import type { Profiler, Runtime } from 'node:inspector';

/**
 * Prints where a .cpuprofile's samples were, by package or source area (self time):
 *   node -r @swc-node/register bench/jobs/profile-summary.ts <file.cpuprofile>...
 */
/** A frame's package or source area; '' for a native frame (no source). */
function categoryOf({ url, functionName }: Runtime.CallFrame): string {
  if (!url) return functionName.startsWith('(') ? functionName : '';
  if (url.startsWith('node:internal/stream_base_commons')) return 'socket writes (node)';
  if (url.startsWith('node:internal/fs')) return 'file system (node)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  if (url.startsWith('node:_http')) return 'node:http';
  if (url.startsWith('node:')) return 'node internals';
  const own = /\/(apps\/[^/]+|libs\/[^/]+|bench\/[^/]+|test\/[^/]+)\//.exec(url);
  return own ? own[1] : url;
}

async function summarize(file: string): Promise<void> {
  const profile = JSON.parse(await readFile(file, 'utf8')) as Profiler.Profile;
  // a native frame (writev, stat, JSON.parse...) counts for the nearest caller with a source
  const parents = new Map<number, number>();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parents.set(child, node.id);
  const own = new Map(profile.nodes.map((n) => [n.id, categoryOf(n.callFrame)]));
  const nearest = (id: number | undefined, skip: (category: string) => boolean) => {
    for (let at = id; at !== undefined; at = parents.get(at)) {
      const category = own.get(at);
      if (category && !skip(category)) return category;
    }
    return '(native)';
  };
  // socket writes are named after the library that wrote (pg, ioredis, the HTTP server...)
  const categoryAt = (id: number): string => {
    const category = nearest(id, () => false);
    if (category !== 'socket writes (node)') return category;
    return `socket writes ← ${nearest(id, (c) => c.includes('(node)') || c === 'node internals')}`;
  };
  const byNode = new Map(profile.nodes.map((n) => [n.id, categoryAt(n.id)]));
  const totals = new Map<string, number>();
  const deltas = profile.timeDeltas ?? [];
  (profile.samples ?? []).forEach((id, i) => {
    const category = byNode.get(id) ?? '?';
    totals.set(category, (totals.get(category) ?? 0) + (deltas[i] ?? 0));
  });
  const idle = totals.get('(idle)') ?? 0;
  const busy = [...totals.values()].reduce((a, b) => a + b, 0) - idle;
  console.log(
    `\n${file}: ${(busy / 1000).toFixed(0)} ms busy, ${(idle / 1000).toFixed(0)} ms idle`,
  );
  const rows = [...totals].filter(([c]) => c !== '(idle)').sort((a, b) => b[1] - a[1]);
  for (const [category, micros] of rows.slice(0, 20)) {
    console.log(`  ${((100 * micros) / busy).toFixed(1).padStart(5)} %  ${category}`);
  }
}

async function main(): Promise<void> {
  for (const file of process.argv.slice(2)) await summarize(file);
}

void main();
