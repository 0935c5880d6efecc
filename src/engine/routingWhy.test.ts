import { describe, expect, it } from 'vitest';
import { DEFAULT_OWNERSHIP, type Team } from '../domain/plan.ts';
import { loadGeoIndexFromDisk } from '../geo/loadGeoNode.ts';
import { importAccountsCsv } from '../io/importAccounts.ts';
import { describeCondition, routingColumns, whyNoTeam } from './routingWhy.ts';
import { assignTeams } from './teams.ts';

const geo = loadGeoIndexFromDisk();
const team = (name: string, conditions: Team['conditions']): Team => ({ id: name, name, conditions, territories: [] });
const ENTERPRISE = team('Enterprise', [{ field: 'segment', op: 'in', values: ['Enterprise'] }]);
const SMB = team('SMB', [{ field: 'employees', op: '<', value: 200 }]);

describe('why no team takes a lead', () => {
  it('names each team filter that fails and what the lead has there, as assignTeams decides', () => {
    const { table } = importAccountsCsv(
      'Company,Zip,Employees,Segment\nNo Segment Co,78701,240,\nSmall Co,78701,40,\nMid Co,02210,500,Mid-market\nBig Co,02210,5000,enterprise\n',
      geo,
      'leads.csv',
    );
    const teams = [ENTERPRISE, SMB];
    const teamOf = assignTeams(
      table.count,
      teams.map((t) => t.conditions),
      table,
    );
    expect(Array.from(teamOf)).toEqual([-1, 1, -1, 0]);
    expect(whyNoTeam(teams, table, 0)).toBe(
      'Team Enterprise needs Segment = Enterprise; the lead has no Segment. Team SMB needs Employees under 200; the lead has Employees 240. No team takes every account left (a team without filters would).',
    );
    expect(whyNoTeam(teams, table, 2)).toMatch(
      /^Team Enterprise needs Segment = Enterprise; the lead has Segment Mid-market\. Team SMB needs Employees under 200; the lead has Employees 500\./,
    );
    // a lead some team takes has no such reason
    expect(whyNoTeam(teams, table, 1)).toBe('');
    expect(whyNoTeam(teams, table, 3)).toBe('');
  });

  it('says a lead without an Employees value has none', () => {
    const { table } = importAccountsCsv('Company,Zip\nNo Size,78701\n', geo, 'leads.csv');
    expect(whyNoTeam([SMB], table, 0, 'the account')).toMatch(
      /^Team SMB needs Employees under 200; the account has no Employees\./,
    );
  });

  it('describes filter conditions in words', () => {
    expect(describeCondition({ field: 'employees', op: '>=', value: 1000 })).toBe('Employees at least 1,000');
    expect(describeCondition({ field: 'industry', op: 'in', values: ['Healthcare', 'Retail'] })).toBe(
      'Industry in Healthcare, Retail',
    );
  });
});

describe('columns the routing reads', () => {
  it('lists the location, each team filter field with its teams, and the columns of the rules that are on', () => {
    const big = team('Strategic', [{ field: 'employees', op: '>=', value: 5000 }]);
    const columns = routingColumns([ENTERPRISE, SMB, big, team('All', [])], {
      ...DEFAULT_OWNERSHIP,
      enabled: { ...DEFAULT_OWNERSHIP.enabled, RECENT_ENGAGEMENT: false },
    });
    const text = columns.map((c) => `${c.column}: ${c.usedBy}`);
    expect(text[0]).toBe('ZIP / postal code or Country: where the lead is: its territory on the map');
    expect(text).toContain('Segment: team filter of Enterprise');
    expect(text).toContain('Employees: team filters of SMB, Strategic');
    expect(text).toContain('Open opportunity owner: rule open opportunities');
    expect(text).toContain('Parent account Id: rule parent accounts');
    expect(text.some((t) => t.startsWith('Last activity'))).toBe(false); // that rule is off
    expect(routingColumns([team('All', [])], DEFAULT_OWNERSHIP).map((c) => c.column)).not.toContain('Segment');
  });
});
