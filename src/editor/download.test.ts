import { describe, expect, it } from 'vitest';
import { DEFAULT_OWNERSHIP, type Plan } from '../domain/plan.ts';
import { serialisePlan } from '../io/planFile.ts';
import { territoryDefinitionsJson } from '../io/territoryExport.ts';
import { downloadBytes } from './download.ts';

const BOM = [0xef, 0xbb, 0xbf];
const startsWithBom = (bytes: Uint8Array): boolean => BOM.every((b, i) => bytes[i] === b);

describe('download bytes', () => {
  it('never starts JSON, GeoJSON or plan files with a byte-order mark', () => {
    const plan: Plan = {
      name: 'Plan',
      teams: [],
      reps: [],
      assignments: [],
      lockedUnits: [],
      tolerance: 0.1,
      ownership: DEFAULT_OWNERSHIP,
      namedAccounts: [],
      rulesOfEngagement: '',
    };
    const files: [string, string][] = [
      [serialisePlan(plan, []), 'application/json'],
      [territoryDefinitionsJson([], { planName: 'P', savedAt: '2026-01-01' }), 'application/json'],
      ['{"type":"FeatureCollection","features":[]}', 'application/geo+json'],
      ['\uFEFF{"a":1}', 'application/json'],
    ];
    for (const [text, type] of files) {
      const bytes = downloadBytes(text, type, true);
      expect(startsWithBom(bytes)).toBe(false);
      expect(bytes[0]).toBe('{'.charCodeAt(0));
      expect(() => JSON.parse(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes))).not.toThrow();
    }
  });

  it('keeps one byte-order mark on CSVs for Excel and none on CSVs for a CRM loader', () => {
    expect(startsWithBom(downloadBytes('Id,OwnerId\r\n', 'text/csv;charset=utf-8', true))).toBe(true);
    expect(startsWithBom(downloadBytes('\uFEFFId\r\n', 'text/csv;charset=utf-8', true).subarray(3))).toBe(false);
    const crm = downloadBytes('Id,OwnerId\r\n', 'text/csv;charset=utf-8', false);
    expect(startsWithBom(crm)).toBe(false);
    expect(new TextDecoder().decode(crm)).toBe('Id,OwnerId\r\n');
  });
});
