import { useCallback, useState } from 'react';
import { downloadAssignments, downloadBoundaries, downloadDefinitions, downloadMapPng } from '../../editor/exports.ts';
import { exportPlanFile } from '../../editor/planFile.ts';
import type { AssignmentLayout } from '../../io/assignmentExport.ts';
import { useScenarios } from '../../store/scenarioStore.ts';
import { Modal } from '../Modal.tsx';
import { publishCandidateView, publishTerritoryMap, setRulesOfEngagement } from '../../editor/publish.ts';
import type { PublishOptions } from '../../io/publishFormat.ts';
import type { Territory } from '../../domain/plan.ts';
import { usePlan } from '../../store/planStore.ts';

type PublishChoice = 'includeAccounts' | 'includeAccountIds' | 'includeValues' | 'includeRepEmails';
const PUBLISH_CHOICES: [PublishChoice, string][] = [
  ['includeAccounts', 'Account names (search by account)'],
  ['includeAccountIds', 'Account Ids'],
  ['includeValues', 'Account values and totals'],
  ['includeRepEmails', 'Rep emails'],
];
const NO_TERRITORIES: Territory[] = [];

const LAYOUTS: [AssignmentLayout, string][] = [
  ['tessera', 'Tessera (Id, name, territory, team, owner, reason)'],
  ['salesforce', 'Salesforce Data Loader (Id, OwnerId)'],
  ['hubspot', 'HubSpot import (Record ID, Company owner)'],
];

/** Every way a plan leaves Tessera: plan file, assignments for the CRM, territory definitions, boundaries, a picture. */
export function ExportDialog() {
  const open = useScenarios((s) => s.exportOpen);
  const close = useCallback(() => useScenarios.getState().set({ exportOpen: false }), []);
  const [layout, setLayout] = useState<AssignmentLayout>('tessera');
  const [ruleSize, setRuleSize] = useState(500);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [options, setOptions] = useState<Required<Pick<PublishOptions, PublishChoice>>>({
    includeAccounts: true,
    includeAccountIds: false,
    includeValues: false,
    includeRepEmails: true,
  });
  const rules = usePlan((s) => s.rulesOfEngagement);
  const territories = usePlan((s) => s.teams[s.activeTeam]?.territories ?? NO_TERRITORIES);
  const [chosen, setCandidate] = useState('');
  const candidate = territories.some((t) => t.id === chosen) ? chosen : (territories[0]?.id ?? '');
  if (!open) return null;
  const run = async (label: string, work: () => Promise<string | void> | string | void): Promise<void> => {
    setBusy(true);
    setStatus(`${label}…`);
    try {
      const said = await work();
      setStatus(`${label}: ${said || 'downloaded.'}`);
    } catch (e) {
      setStatus(`${label} failed: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal title="Publish & export" onClose={close} wide>
      <div className="export-grid">
        <section aria-label="Publish" className="wide">
          <h3>Published territory map</h3>
          <p className="muted small">
            One HTML file that opens offline in any browser: the map, legend, search, each territory&apos;s definition
            and the rules of engagement. Add <code>#territory=…</code> to open one territory (rep view).
          </p>
          <div className="publish-options">
            {PUBLISH_CHOICES.map(([key, label]) => (
              <label key={key} className="check">
                <input
                  type="checkbox"
                  checked={options[key]}
                  onChange={(e) => setOptions({ ...options, [key]: e.target.checked })}
                />{' '}
                {label}
              </label>
            ))}
          </div>
          <label className="stacked">
            Rules of engagement (who decides disputes, the SLA, how reassignment works)
            <textarea
              rows={3}
              key={rules}
              defaultValue={rules}
              placeholder="e.g. Disputes go to the regional VP within 2 business days. New leads are worked within 24 hours. Reassignments happen at quarter start."
              onBlur={(e) => setRulesOfEngagement(e.target.value)}
            />
          </label>
          <div className="button-row two">
            <button
              type="button"
              className="primary"
              disabled={busy}
              onClick={() => void run('Published map', () => publishTerritoryMap(options))}
            >
              Publish territory map (HTML)
            </button>{' '}
            <span className="candidate-row">
              <select
                aria-label="Territory for the candidate view"
                value={candidate}
                onChange={(e) => setCandidate(e.target.value)}
              >
                {territories.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.name}
                  </option>
                ))}
              </select>
              <button
                type="button"
                disabled={busy || !candidate}
                onClick={() => void run('Candidate view', () => publishCandidateView(candidate))}
              >
                Candidate view (HTML)
              </button>
            </span>
          </div>
        </section>
        <section aria-label="Plan file">
          <h3>Plan file</h3>
          <p className="muted small">
            The whole scenario as a versioned JSON file: open it in Tessera or run it with the tessera CLI.
          </p>
          <button type="button" disabled={busy} onClick={() => void run('Plan file', () => exportPlanFile())}>
            Plan file (JSON)
          </button>
        </section>
        <section aria-label="Assignments">
          <h3>Assignments for the CRM</h3>
          <p className="muted small">Every account with its planned owner after the ownership rules.</p>
          <label className="stacked">
            Layout
            <select
              aria-label="Assignments layout"
              value={layout}
              onChange={(e) => setLayout(e.target.value as AssignmentLayout)}
            >
              {LAYOUTS.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </label>{' '}
          <button
            type="button"
            disabled={busy}
            onClick={() => void run('Assignments', () => downloadAssignments(layout))}
          >
            Assignments (CSV)
          </button>
        </section>
        <section aria-label="Territory definitions">
          <h3>Territory definitions</h3>
          <p className="muted small">
            Id, name, owner, team filter and ZIP lists, split into rules for CRMs with per-rule limits.
          </p>
          <label className="stacked">
            ZIP codes per rule
            <input
              type="number"
              min={1}
              max={100000}
              value={ruleSize}
              onChange={(e) => setRuleSize(Math.max(1, Math.round(Number(e.target.value)) || 1))}
            />
          </label>
          <div className="button-row two">
            <button
              type="button"
              disabled={busy}
              onClick={() => void run('Territory definitions', () => downloadDefinitions('csv', ruleSize))}
            >
              Definitions (CSV)
            </button>{' '}
            <button
              type="button"
              disabled={busy}
              onClick={() => void run('Territory definitions', () => downloadDefinitions('json', ruleSize))}
            >
              Definitions (JSON)
            </button>
          </div>
        </section>
        <section aria-label="Boundaries and picture">
          <h3>Boundaries and picture</h3>
          <p className="muted small">
            Dissolved territory outlines of the team shown, for GIS tools; and the map as an image with its legend.
          </p>
          <div className="button-row two">
            <button type="button" disabled={busy} onClick={() => void run('Boundaries', () => downloadBoundaries())}>
              Boundaries (GeoJSON)
            </button>{' '}
            <button type="button" disabled={busy} onClick={() => void run('Map picture', () => downloadMapPng())}>
              Map picture (PNG)
            </button>
          </div>
        </section>
      </div>
      {status && (
        <p role="status" className="ownership-line" data-testid="export-status">
          {status}
        </p>
      )}
    </Modal>
  );
}
