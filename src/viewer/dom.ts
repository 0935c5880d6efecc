/**
 * A tiny DOM builder for the published viewer. Strings always become text nodes: everything the
 * viewer shows comes from a plan or a CRM export, so none of it is ever parsed as HTML.
 */

type Child = Node | string | number | null | undefined | false;

interface Props {
  className?: string;
  /** Attributes set with setAttribute (aria-*, role, href, type, ...). */
  attrs?: Record<string, string>;
  style?: Partial<Record<'background' | 'borderColor' | 'color' | 'width', string>>;
  on?: Partial<{ [K in keyof HTMLElementEventMap]: (event: HTMLElementEventMap[K]) => void }>;
}

/** An element with properties and children; string children are inserted as text. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props | null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props?.className) el.className = props.className;
  for (const [name, value] of Object.entries(props?.attrs ?? {})) el.setAttribute(name, value);
  for (const [name, value] of Object.entries(props?.style ?? {})) {
    if (value !== undefined) el.style.setProperty(name === 'borderColor' ? 'border-color' : name, value);
  }
  for (const [type, handler] of Object.entries(props?.on ?? {})) el.addEventListener(type, handler as EventListener);
  append(el, ...children);
  return el;
}

/** Appends children, strings and numbers as text nodes. */
export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(
      typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child,
    );
  }
}

/** A colour swatch (decorative: the name next to it carries the meaning). */
export function swatch(colour: string, className = 'swatch'): HTMLSpanElement {
  return h('span', { className, attrs: { 'aria-hidden': 'true' }, style: { background: colour } });
}

/** "2026-03-12" -> "March 12, 2026" (dates are calendar dates, so read in UTC). */
export function longDate(iso: string): string {
  const d = new Date(`${iso.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleDateString('en-US', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });
}

/** A whole number with thousands separators. */
export function count(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** "AnnualRevenue" -> "Annual revenue", "Open_ARR__c" -> "Open ARR". */
export function humanise(name: string): string {
  const words = name
    .replace(/__c$/i, '')
    .replace(/[_.]+/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .trim()
    .split(/\s+/);
  return words.map((w, i) => (i === 0 || /^[A-Z0-9]+$/.test(w) ? w : w.toLowerCase())).join(' ');
}
