import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Every source file of src with the src files it imports (type-only imports included). */
function importGraph(root = 'src'): Map<string, string[]> {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.tsx?$/.test(name)) files.push(normalize(path));
    }
  };
  walk(root);
  const graph = new Map<string, string[]>();
  const specifier = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(?\s*['"]([^'"]+)['"]/g;
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const targets: string[] = [];
    for (const match of text.matchAll(specifier)) {
      const spec = match[1] ?? match[2];
      if (!spec.startsWith('.')) continue;
      const target = normalize(join(dirname(file), spec.replace(/\?.*$/, '')));
      if (files.includes(target)) targets.push(target);
    }
    graph.set(file, targets);
  }
  return graph;
}

/** Import cycles, each as its files in order (Tarjan's strongly connected components of size > 1). */
function importCycles(graph: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop() as string;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) cycles.push(component);
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return cycles;
}

const layerOf = (file: string): string => relative('src', file).split(/[\\/]/)[0];

describe('architecture', () => {
  const graph = importGraph();

  it('has no import cycle in src', () => {
    expect(importCycles(graph)).toEqual([]);
  });

  it('finds a cycle when there is one (the checker itself works)', () => {
    const looped = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']],
    ]);
    expect(importCycles(looped).map((c) => c.sort())).toEqual([['a', 'b', 'c']]);
  });

  it('keeps dependencies pointing down: app -> ui -> editor -> map/store/worker -> engine/io/geo -> domain', () => {
    const allowed: Record<string, string[]> = {
      domain: ['domain'],
      geo: ['domain', 'geo'],
      engine: ['domain', 'geo', 'engine'],
      io: ['domain', 'geo', 'engine', 'io'],
      worker: ['domain', 'geo', 'engine', 'io', 'worker'],
      store: ['domain', 'geo', 'engine', 'io', 'worker', 'map', 'store'],
      map: ['domain', 'geo', 'engine', 'io', 'worker', 'map'],
      viewer: ['domain', 'geo', 'engine', 'io', 'map', 'viewer'],
      editor: ['domain', 'geo', 'engine', 'io', 'worker', 'map', 'store', 'viewer', 'editor'],
      ui: ['domain', 'geo', 'engine', 'io', 'worker', 'map', 'store', 'editor', 'ui'],
      app: ['domain', 'geo', 'engine', 'io', 'worker', 'map', 'store', 'editor', 'ui', 'app'],
    };
    const wrong: string[] = [];
    for (const [file, targets] of graph) {
      const from = layerOf(file);
      // tests may build their fixtures with any lower layer
      if (!allowed[from] || file.endsWith('.test.ts')) continue;
      for (const target of targets) if (!allowed[from].includes(layerOf(target))) wrong.push(`${file} -> ${target}`);
    }
    expect(wrong).toEqual([]);
  });

  it('says at the top of every source file over 600 lines why it is one file', () => {
    const long = [...graph.keys()].filter((file) => {
      const text = readFileSync(file, 'utf8');
      return text.split('\n').length > 600 && !/one file/i.test(text.slice(0, 600));
    });
    expect(long).toEqual([]);
  });
});
