import { beforeEach, describe, expect, it } from 'vitest';
import { usePlan } from '../store/planStore.ts';
import { openEditorBench } from './editorHarness.ts';
import { syncOwnership } from './ownership.ts';
import { addTeam, deleteTeam } from './planCommands.ts';
import { routeLeadsText } from './routingTester.ts';

beforeEach(async () => {
  await openEditorBench();
  await syncOwnership();
});

describe('routing tester', () => {
  it('explains the real reason a lead is unroutable: the filter it fails, the area no territory covers', async () => {
    const canada = await routeLeadsText('Company,Zip,Country\nZeta Maple Works,M5V 2T6,Canada\n');
    expect(canada[0].ownership.reason).toBe('UNROUTABLE');
    expect(canada[0].why).toBe('Team All accounts has no territory covering Canada.');

    addTeam('Enterprise', { field: 'segment', op: 'in', values: ['Enterprise'] });
    addTeam('SMB', { field: 'employees', op: '<', value: 200 });
    deleteTeam(usePlan.getState().teams.findIndex((t) => t.conditions.length === 0));
    expect(usePlan.getState().teams.map((t) => t.name)).toEqual(['Enterprise', 'SMB']);
    await syncOwnership();
    const leads = await routeLeadsText('Company,Zip,Employees\nZeta Robotics Qx,78701,240\nZeta Tiny Qx,78701,40\n');
    expect(leads.map((l) => l.ownership.unroutableWhy)).toEqual(['no-team', 'no-territory']);
    expect(leads[0].why).toBe(
      'Team Enterprise needs Segment = Enterprise; the lead has no Segment. Team SMB needs Employees under 200; the lead has Employees 240. No team takes every account left (a team without filters would).',
    );
    expect(leads[1].why).toBe('Team SMB has no territory covering ZIP area 78701.');
  });
});
