import {
  memo,
  startTransition,
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type MouseEvent,
} from 'react';
import {
  Bar,
  BarChart,
  ResponsiveContainer,
  usePlotArea,
  useYAxisScale,
  XAxis,
  YAxis,
  type XAxisTickContentProps,
} from 'recharts';
import { focusTerritory, setTolerance } from '../../editor/planCommands.ts';
import { markChartShown } from '../../editor/paintLatency.ts';
import { summariseBalance, type BalanceMetrics } from '../../engine/metrics.ts';
import type { TeamTotals } from '../../engine/planEngine.ts';
import { usePlan } from '../../store/planStore.ts';
import { useOwnership } from '../../store/ownershipStore.ts';
import { setBookView } from '../../editor/ownership.ts';
import { formatCount, formatMoney } from '../../domain/format.ts';
import { countAxisTop } from '../chartAxis.ts';
import { COMPACTNESS_EXPLAINED, planShapeText } from '../shapeText.ts';

type SortBy = 'territory' | 'accounts' | 'value';

/**
 * Totals as they arrive, but at most one chart render per frame: the first change after a quiet frame
 * shows at once (waiting for the next animation frame would add a whole frame to what the planner
 * sees), later ones in the same frame wait for the next one.
 */
function useFrameThrottled<T>(value: T): T {
  const [shown, setShown] = useState(value);
  const lastShown = useRef(0);
  useEffect(() => {
    const show = (): void => {
      lastShown.current = performance.now();
      // a transition renders in slices that yield to input and frames, so no long task while painting
      startTransition(() => setShown(value));
    };
    if (performance.now() - lastShown.current >= 16) {
      show();
      return;
    }
    const frame = requestAnimationFrame(show);
    return () => cancelAnimationFrame(frame);
  }, [value]);
  return shown;
}

interface Row {
  index: number;
  /** The territory's number (as on its number key): the X-axis label, short enough for narrow bars. */
  number: string;
  name: string;
  rep: string;
  /** Bar fill (the territory's colour) and outline (the selected territory's), read by recharts from the row. */
  fill: string;
  stroke: string | undefined;
  strokeWidth: number;
  accounts: number;
  value: number;
}

const CHART_MARGIN = { top: 6, right: 8, bottom: 0, left: 0 };
const AXIS_TICK = { fontSize: 10 };
/** Average width of a character of the 10 px axis font: an estimate, so no label is measured while painting. */
const TICK_CHAR_WIDTH = 6;

/**
 * The X-axis tick of a bar: the territory's name where it fits in the bar's slot, else its number. `names` is
 * indexed by territory (the tick's value is the territory's number), so sorting the bars keeps each name.
 */
function barTick(names: readonly string[]) {
  return function BarTick({ x, y, width, payload }: XAxisTickContentProps) {
    const number = String(payload.value);
    const name = names[Number(number) - 1] ?? '';
    // recharts hands the axis' width: every bar has the same slot of it
    const slot = names.length > 0 ? Number(width ?? 0) / names.length : 0;
    const fits = name !== '' && name.length * TICK_CHAR_WIDTH <= slot - 4;
    return (
      <text x={x} y={y} dy="0.71em" textAnchor="middle" fontSize={10} fill="#4b5563" className="bar-tick">
        {fits ? name : number}
        {fits ? null : <title>{name}</title>}
      </text>
    );
  };
}

/**
 * The tolerance band and the mean, drawn from the Y scale. recharts' ReferenceArea and ReferenceLine
 * re-register themselves in the chart's store on every render, which costs several milliseconds a paint.
 */
function ToleranceBand({ mean, tolerance }: { mean: number; tolerance: number }) {
  const y = useYAxisScale();
  const plot = usePlotArea();
  if (!y || !plot || !(mean > 0)) return null;
  const top = y(mean * (1 + tolerance)) ?? 0;
  const bottom = y(mean * (1 - tolerance)) ?? 0;
  const middle = y(mean) ?? 0;
  return (
    <g className="tolerance-band" pointerEvents="none">
      <rect
        x={plot.x}
        y={top}
        width={plot.width}
        height={Math.max(0, bottom - top)}
        fill="#22c55e"
        fillOpacity={0.12}
      />
      <line x1={plot.x} x2={plot.x + plot.width} y1={middle} y2={middle} stroke="#16a34a" strokeDasharray="4 3" />
    </g>
  );
}

interface HoveredBar {
  /** Position of the bar in the rows: the tooltip follows live totals while the planner paints. */
  bar: number;
  x: number;
  y: number;
}

const BalanceChart = memo(function BalanceChart(props: {
  title: string;
  rows: Row[];
  dataKey: 'accounts' | 'value';
  metrics: BalanceMetrics;
  tolerance: number;
  format: (v: number) => string;
  /** Territory names by territory index, joined by newlines (a string, so it is compared by value). */
  names: string;
  /** Nothing assigned yet: no value ticks, a note instead. */
  empty: string;
}) {
  const { title, rows, dataKey, metrics, tolerance, format, names, empty } = props;
  const rowsRef = useRef(rows);
  useLayoutEffect(() => {
    rowsRef.current = rows;
  }, [rows]);
  // the axis is set here, not left to recharts, so it also reaches the top of the band
  const axisTop = useMemo(
    () => countAxisTop(rows.reduce((top, row) => Math.max(top, row[dataKey]), metrics.mean * (1 + tolerance))),
    [rows, dataKey, metrics.mean, tolerance],
  );
  // kept by value: recharts re-registers the axis whenever these arrays change identity
  const yDomain = useMemo(() => [0, axisTop], [axisTop]);
  const yTicks = useMemo(() => (empty ? [0] : [0, 1, 2, 3, 4].map((i) => (axisTop * i) / 4)), [axisTop, empty]);
  const tick = useMemo(() => barTick(names.split('\n')), [names]);
  const [hovered, setHovered] = useState<HoveredBar | null>(null);
  const figure = useRef<HTMLElement>(null);
  // stable props: recharts 3 re-registers an axis or a Bar in its store whenever a prop changes identity
  const selectBar = useCallback((_: unknown, i: number) => focusTerritory(rowsRef.current[i].index), []);
  const showBar = useCallback((_: unknown, i: number, event: MouseEvent<SVGPathElement>) => {
    const box = figure.current?.getBoundingClientRect();
    // kept inside the figure: the chart's paint containment clips anything outside it
    if (box && rowsRef.current[i])
      setHovered({ bar: i, x: Math.max(0, Math.min(event.clientX - box.left + 10, box.width - 190)), y: 18 });
  }, []);
  const hideBar = useCallback(() => setHovered(null), []);
  const chart = useMemo(
    () => (
      <ResponsiveContainer width="100%" height={150}>
        <BarChart data={rows} margin={CHART_MARGIN}>
          <XAxis
            dataKey="number"
            tick={tick}
            // a fixed step: 'preserveStartEnd' measures every label's text on each render, slow for 200 bars
            interval={rows.length > 12 ? Math.ceil(rows.length / 8) - 1 : 0}
            height={18}
          />
          <YAxis tick={AXIS_TICK} width={52} tickFormatter={format} domain={yDomain} ticks={yTicks} />
          <ToleranceBand mean={metrics.mean} tolerance={tolerance} />
          {/* each bar's fill and outline come from its row (Cell is deprecated and costs a component per bar) */}
          <Bar
            dataKey={dataKey}
            name={title}
            isAnimationActive={false}
            onClick={selectBar}
            onMouseEnter={showBar}
            onMouseLeave={hideBar}
            cursor="pointer"
          />
        </BarChart>
      </ResponsiveContainer>
    ),
    [rows, dataKey, title, metrics.mean, tolerance, format, yDomain, yTicks, tick, selectBar, showBar, hideBar],
  );
  const hoveredRow = hovered ? rows[hovered.bar] : undefined;
  return (
    // leaving the figure also hides the tooltip: a bar re-drawn under the pointer never reports its own leave
    <figure className="chart" aria-label={`${title} per territory`} ref={figure} onMouseLeave={hideBar}>
      <figcaption>{title}</figcaption>
      {chart}
      {empty && <p className="chart-empty">{empty}</p>}
      {hoveredRow && hovered && (
        <div className="chart-tooltip" role="tooltip" style={{ left: hovered.x, top: hovered.y }}>
          <b>
            {hoveredRow.name} · {hoveredRow.rep}
          </b>
          <span>
            {title}: {format(hoveredRow[dataKey])}
          </span>
        </div>
      )}
    </figure>
  );
});

/** Per-territory bars for account count and value with the tolerance band, and the balance scores. */
export function BalancePanel() {
  const liveTotals = usePlan((s) => s.totals);
  const mapTotals: TeamTotals | null = useFrameThrottled(liveTotals);
  const report = usePlan((s) => s.report);
  const bookView = useOwnership((s) => s.bookView);
  const book = bookView ? report?.book : undefined;
  const totals = useMemo(
    () => (mapTotals && book ? { ...mapTotals, totals: book.totals, count: book.count, value: book.value } : mapTotals),
    [mapTotals, book],
  );
  const teams = usePlan((s) => s.teams);
  const reps = usePlan((s) => s.reps);
  const activeTeam = usePlan((s) => s.activeTeam);
  const tolerance = usePlan((s) => s.tolerance);
  const selected = usePlan((s) => s.selectedTerritory);
  const [sortBy, setSortBy] = useState<SortBy>('territory');
  useEffect(() => {
    if (totals) markChartShown();
  }, [totals]);
  const territories = useMemo(() => teams[activeTeam]?.territories ?? [], [teams, activeTeam]);
  const rows = useMemo(() => {
    if (!totals) return [];
    const c = totals.columnNames.length;
    const list: Row[] = territories.slice(0, totals.territoryCount).map((t, k) => ({
      index: k,
      number: String(k + 1),
      name: t.name,
      rep: reps.find((r) => r.id === t.repId)?.name ?? 'Vacant',
      fill: t.colour,
      stroke: k === selected ? '#111827' : undefined,
      strokeWidth: k === selected ? 2 : 0,
      accounts: totals.totals[k * c],
      value: totals.totals[k * c + 1],
    }));
    if (sortBy === 'accounts') list.sort((a, b) => b.accounts - a.accounts);
    if (sortBy === 'value') list.sort((a, b) => b.value - a.value);
    return list;
  }, [totals, territories, reps, sortBy, selected]);
  if (!totals || territories.length === 0) return null;
  const k = totals.territoryCount;
  const byCount = summariseBalance(totals.count, k);
  const byValue = summariseBalance(totals.value, k);
  const shapes = report?.shapes?.summary;
  const names = territories
    .slice(0, k)
    .map((t) => t.name)
    .join('\n');
  return (
    <section className="balance-panel" aria-label="Balance">
      <div className="balance-tiles">
        <div>
          <span>Balance · accounts</span>
          <b data-testid="score-accounts" title={byCount.note || undefined}>
            {byCount.score}
          </b>
        </div>
        <div>
          <span>Balance · value</span>
          <b data-testid="score-value" title={byValue.note || undefined}>
            {byValue.score}
          </b>
        </div>
        <div>
          <span>In band (value)</span>
          <b data-testid="in-band-value">{byValue.insideBand}</b>
        </div>
        <label className="tolerance">
          Band ±%
          <input
            type="number"
            min={1}
            max={50}
            value={Math.round(tolerance * 100)}
            onChange={(e) => {
              const v = Number(e.target.value);
              if (v >= 1 && v <= 50) void setTolerance(v / 100);
            }}
          />
        </label>
        <label title="Map only: accounts by where they sit. After ownership rules: what each rep owns after named accounts, open opportunities, customers, engagement and parents.">
          Totals
          <select
            aria-label="Totals shown"
            value={bookView ? 'book' : 'map'}
            onChange={(e) => void setBookView(e.target.value === 'book')}
          >
            <option value="map">map only</option>
            <option value="book">after rules</option>
          </select>
        </label>
        <label>
          Sort
          <select aria-label="Sort bars" value={sortBy} onChange={(e) => setSortBy(e.target.value as SortBy)}>
            <option value="territory">by territory</option>
            <option value="accounts">by accounts</option>
            <option value="value">by value</option>
          </select>
        </label>
      </div>
      <div className="charts">
        <BalanceChart
          title="Accounts"
          rows={rows}
          dataKey="accounts"
          metrics={totals.count}
          tolerance={tolerance}
          format={formatCount}
          names={names}
          empty={byCount.scored ? '' : byCount.note}
        />{' '}
        <BalanceChart
          title={totals.columnNames[1] ?? 'Value'}
          rows={rows}
          dataKey="value"
          metrics={totals.value}
          tolerance={tolerance}
          format={formatMoney}
          names={names}
          empty={byValue.scored ? '' : byCount.scored ? 'No value assigned yet' : byCount.note}
        />{' '}
      </div>
      {shapes && (
        <p
          className="shape-summary"
          data-testid="shape-summary"
          data-median-polsby-popper={shapes.medianPolsbyPopper}
          data-min-polsby-popper={shapes.minPolsbyPopper}
          data-cut-edges={shapes.cutEdges}
          data-corridors={shapes.corridorTerritories}
          title={COMPACTNESS_EXPLAINED}
        >
          Shapes — {planShapeText(shapes)}
        </p>
      )}
      <table className="visually-hidden" aria-label="Territory totals">
        <thead>
          <tr>
            <th>Territory</th>
            <th>Rep</th>
            <th>Accounts</th>
            <th>{totals.columnNames[1] ?? 'Value'}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.index}>
              <td>{r.name}</td>
              <td>{r.rep}</td>
              <td>{r.accounts}</td>
              <td>{r.value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
