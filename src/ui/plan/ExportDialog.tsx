import { useCallback, useEffect, useState } from 'react';
import {
  assignmentsPreflight,
  downloadAssignments,
  downloadBoundaries,
  downloadDefinitions,
  downloadMapPng,
  PICTURE_EXTENT_WORDS,
  type PictureExtent,
} from '../../editor/exports.ts';
import { updateRep } from '../../editor/planCommands.ts';
import { formatCount } from '../../domain/format.ts';
import { exportPlanFile } from '../../editor/planFile.ts';
import type { AssignmentLayout, AssignmentsCsv } from '../../io/assignmentExport.ts';
import { useWorkspace } from '../../store/workspaceStore.ts';
import { CrmUserIdInput } from './CrmUserIdInput.tsx';
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
  const [pictureExtent, setPictureExtent] = useState<PictureExtent>('plan');
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
          <AssignmentGaps layout={layout} />
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
            Dissolved territory outlines of the team shown, for GIS tools; and the map as an image at twice the screen
            resolution, with territory names and its legend.
          </p>
          <label className="stacked">
            Picture shows
            <select value={pictureExtent} onChange={(e) => setPictureExtent(e.target.value as PictureExtent)}>
              {(Object.keys(PICTURE_EXTENT_WORDS) as PictureExtent[]).map((extent) => (
                <option key={extent} value={extent}>
                  {PICTURE_EXTENT_WORDS[extent][0].toUpperCase() + PICTURE_EXTENT_WORDS[extent].slice(1)}
                </option>
              ))}
            </select>
          </label>
          <div className="button-row two">
            <button type="button" disabled={busy} onClick={() => void run('Boundaries', () => downloadBoundaries())}>
              Boundaries (GeoJSON)
            </button>{' '}
            <button
              type="button"
              disabled={busy}
              onClick={() => void run('Map picture', () => downloadMapPng(pictureExtent))}
            >
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

/**
 * What a CRM layout would leave out, shown before download: accounts without a rep, and the reps without a CRM
 * user Id (Salesforce) or email (HubSpot) with a field to fix each one in place.
 */
function AssignmentGaps({ layout }: { layout: AssignmentLayout }) {
  const reps = usePlan((s) => s.reps);
  const teams = usePlan((s) => s.teams);
  const namedAccounts = usePlan((s) => s.namedAccounts);
  const dataset = useWorkspace((s) => s.dataset);
  const [check, setCheck] = useState<{ layout: AssignmentLayout; out: AssignmentsCsv } | null>(null);
  useEffect(() => {
    if (layout === 'tessera' || !dataset) return;
    let current = true;
    void assignmentsPreflight(layout).then(
      (out) => current && out && setCheck({ layout, out }),
      () => current && setCheck(null),
    );
    return () => {
      current = false;
    };
  }, [layout, reps, teams, namedAccounts, dataset]);
  if (layout === 'tessera' || !check || check.layout !== layout) return null;
  const { out } = check;
  const total = out.rows + out.withoutOwner + out.withoutOwnerKey;
  if (out.withoutOwner + out.withoutOwnerKey === 0) return null;
  const keyName = layout === 'salesforce' ? 'CRM user Id' : 'email';
  return (
    <div className="warning-text export-gaps" role="alert" data-testid="assignment-gaps">
      <strong>
        {out.rows === 0
          ? `No account can be written: the file would be empty.`
          : `This file would leave out ${formatCount(out.withoutOwner + out.withoutOwnerKey)} of ${formatCount(total)} accounts.`}
      </strong>
      {out.withoutOwnerKey > 0 && (
        <>
          <p>
            {formatCount(out.withoutOwnerKey)} accounts belong to reps without a {keyName}. Add it here:
          </p>
          <ul aria-label={`Reps without a ${keyName}`}>
            {out.repsWithoutKeyAccounts.map((r) => (
              <li key={r.repId}>
                <span>
                  {r.name} ({formatCount(r.accounts)} accounts)
                </span>
                {layout === 'salesforce' ? (
                  <CrmUserIdInput repId={r.repId} repName={r.name} value="" />
                ) : (
                  <input
                    type="email"
                    aria-label={`Email of ${r.name}`}
                    placeholder="Email"
                    onBlur={(e) => e.target.value.trim() && updateRep(r.repId, { email: e.target.value.trim() })}
                  />
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      {out.withoutOwner > 0 && (
        <p>
          {formatCount(out.withoutOwner)} accounts have no rep (vacant territory or unroutable): give their territories
          a rep to include them.
        </p>
      )}
    </div>
  );
}
