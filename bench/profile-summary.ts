/**
 * Summarises a V8 .cpuprofile (node --cpu-prof): self time per function, and total (inclusive)
 * time for functions whose name or file matches a filter.
 * Usage: node build/bench/profile-summary.js FILE.cpuprofile [TOP=25] [FILTER]
 */
import { readFileSync } from 'fs';
import { relative } from 'path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileLine {
  name: string;
  selfMs: number;
  selfPercent: number;
  totalMs: number;
  totalPercent: number;
}

function frameName(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const file = url.startsWith('file://') ? relative(process.cwd(), url.slice(7)) : url || '(native)';
  return `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}`;
}

export function summarise(profile: Profile): ProfileLine[] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const selfUs = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i];
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const name = frameName(byId.get(id)!);
    self.set(name, (self.get(name) ?? 0) + us);
    // inclusive: every distinct function on the stack gets the sample once
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const n = frameName(byId.get(cur)!);
      if (seen.has(n)) continue;
      seen.add(n);
      total.set(n, (total.get(n) ?? 0) + us);
    }
  }
  const all = profile.endTime - profile.startTime;
  return [...total.keys()].map((name) => ({
    name,
    selfMs: (self.get(name) ?? 0) / 1000,
    selfPercent: ((self.get(name) ?? 0) / all) * 100,
    totalMs: total.get(name)! / 1000,
    totalPercent: (total.get(name)! / all) * 100,
  }));
}

function main(): void {
  const [file, topText, filter] = process.argv.slice(2);
  if (!file) {
    process.stderr.write('usage: node build/bench/profile-summary.js FILE.cpuprofile [TOP] [FILTER]\n');
    process.exit(2);
  }
  const lines = summarise(JSON.parse(readFileSync(file, 'utf8')) as Profile);
  const top = Number(topText ?? 25);
  const show = (l: ProfileLine): string =>
    `${l.selfMs.toFixed(1).padStart(9)} ms ${l.selfPercent.toFixed(1).padStart(5)}%  ${l.totalMs.toFixed(1).padStart(9)} ms ${l.totalPercent.toFixed(1).padStart(5)}%  ${l.name}`;
  console.log('   self           total            function');
  for (const l of [...lines].sort((a, b) => b.selfMs - a.selfMs).slice(0, top)) console.log(show(l));
  if (filter) {
    console.log(`\ninclusive time of functions matching /${filter}/:`);
    const re = new RegExp(filter);
    for (const l of lines.filter((x) => re.test(x.name)).sort((a, b) => b.totalMs - a.totalMs).slice(0, top)) console.log(show(l));
  }
}

if (require.main === module) main();
