import { parseArgs } from 'node:util';
import { DEFAULT_BALANCE_SETTINGS } from '../src/engine/balanceInput.ts';

/** A problem the CLI reports as one line on stderr; exit code 1 for bad input files or data. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/** A bad command line (unknown command or option, missing or malformed option): exit code 2. */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message, 2);
  }
}

export const COMMAND_NAMES = ['stats', 'route', 'balance', 'audit'] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

interface OptionSpec {
  name: string;
  /** Placeholder of the option's value; absent for flags. */
  value?: string;
  help: string;
  required?: boolean;
  /** May be given several times; every value is kept. */
  repeatable?: boolean;
}

interface CommandSpec {
  name: CommandName;
  summary: string;
  description: string;
  options: OptionSpec[];
}

const PLAN: OptionSpec = { name: 'plan', value: 'file', help: 'plan file saved by Tessera (JSON)', required: true };
const ACCOUNTS: OptionSpec = {
  name: 'accounts',
  value: 'file',
  help: 'accounts CSV exported from the CRM',
  required: true,
};
const VALUE_COLUMN: OptionSpec = {
  name: 'value-column',
  value: 'header',
  help: 'column holding the account value (default: guessed, e.g. AnnualRevenue)',
};
const AS_OF: OptionSpec = {
  name: 'as-of',
  value: 'YYYY-MM-DD',
  help: "day the ownership rules are evaluated on (default: the plan's, else today)",
};
const MAP: OptionSpec = {
  name: 'map',
  value: 'field=column',
  help: 'read a field from a column, e.g. --map zip=PLZ --map value=Umsatz (repeatable; default: guessed as in the app)',
  repeatable: true,
};
const DELIMITER: OptionSpec = {
  name: 'delimiter',
  value: 'comma|semicolon|tab|pipe',
  help: 'what separates the columns (default: detected)',
};
const DECIMAL: OptionSpec = {
  name: 'decimal',
  value: 'comma|point',
  help: 'decimal separator of numbers, e.g. comma for 1.234,5 (default: detected)',
};
const QUOTES_AS_TEXT: OptionSpec = {
  name: 'quotes-as-text',
  help: 'read a quote that is never closed as text on its line, so the rows after it are kept',
};
/** How the accounts file is read: the same choices as the app's import dialog. */
const READING: OptionSpec[] = [VALUE_COLUMN, MAP, DELIMITER, DECIMAL, QUOTES_AS_TEXT];
const HELP: OptionSpec = { name: 'help', help: 'show this help' };

export const COMMANDS: Record<CommandName, CommandSpec> = {
  stats: {
    name: 'stats',
    summary: 'per-territory totals and balance metrics of each team',
    description:
      'Accounts and value per territory with the deviation from the team mean, then the balance metrics of each team (mean, max/min, coefficient of variation, Gini, score, territories inside the tolerance band). Accounts go to teams by their filters and to territories by where they sit on the map.',
    options: [PLAN, ACCOUNTS, ...READING, { name: 'json', help: 'print JSON instead of tables' }, HELP],
  },
  route: {
    name: 'route',
    summary: 'owner, territory, team and reason of every account, as CSV',
    description:
      "Runs the plan's ownership rules over every account and writes the assignments: 'tessera' has territory, team, owner, reason and explanation; 'salesforce' is a Data Loader file (Id, OwnerId = the rep's CRM user Id); 'hubspot' is a company import (Record ID, Company owner = the rep's email). The CRM layouts leave out accounts without a rep or whose rep lacks the CRM key, and say how many. Prints how many accounts each rule routed.",
    options: [
      PLAN,
      ACCOUNTS,
      { name: 'out', value: 'file', help: 'CSV file to write', required: true },
      { name: 'layout', value: 'tessera|salesforce|hubspot', help: 'columns of the CSV (default: tessera)' },
      AS_OF,
      ...READING,
      HELP,
    ],
  },
  balance: {
    name: 'balance',
    summary: "auto-balance a team's territories and write the new plan",
    description:
      "Rebalances the team's current territories, or creates K new ones from nothing when K differs from the count or the team has none, keeping every territory contiguous and locked units and locked territories as they are. Balances account count and value equally, with the app's auto-balance defaults: when rebalancing, accounts that an ownership rule keeps with their rep stay in that rep's territory's load and areas with recent engagement move last. Writes the whole plan with the new map and prints the largest deviation from the mean before and after.",
    options: [
      PLAN,
      ACCOUNTS,
      { name: 'out', value: 'file', help: 'plan file to write', required: true },
      { name: 'territories', value: 'K', help: 'number of territories (default: the current count)' },
      {
        name: 'tolerance',
        value: 'percent',
        help: `band around the mean to reach, e.g. 5 for ±5% (default: ${DEFAULT_BALANCE_SETTINGS.tolerancePct})`,
      },
      {
        name: 'compactness',
        value: '0-100',
        help: `weight of compact shapes against balance (default: ${DEFAULT_BALANCE_SETTINGS.compactness}, as in the app)`,
      },
      {
        name: 'compact-floor',
        value: '0-1',
        help: `keep every territory at least this compact (Polsby-Popper: 1 = a circle, 0.785 = a square), or as compact as it was if lower; 0 = no floor (default: ${DEFAULT_BALANCE_SETTINGS.compactFloor}, as in the app)`,
      },
      { name: 'seed', value: 'n', help: `random seed of the search (default: ${DEFAULT_BALANCE_SETTINGS.seed})` },
      {
        name: 'no-keep-protected',
        help: 'let the map decide every account (default: accounts an ownership rule keeps stay with their reps, as in the app)',
      },
      {
        name: 'no-avoid-engaged',
        help: 'move areas with recent engagement as readily as others (default: they move last, as in the app)',
      },
      AS_OF,
      {
        name: 'team',
        value: 'name|number',
        help: 'team to balance, by name or position from 1 (default: the first with a territory map)',
      },
      ...READING,
      HELP,
    ],
  },
  audit: {
    name: 'audit',
    summary: "compare today's owners in a CRM export with the plan's",
    description:
      'Reads the current owner of every account (owner name, email or CRM user Id) and compares it with the owner the plan gives it. Writes one CSV row per account (current owner, planned owner, territory, team, reason, explanation, change) and prints the changes by territory and by reason, with the unroutable accounts. Accounts going to a vacant territory count as changes to vacant.',
    options: [
      PLAN,
      { ...ACCOUNTS, help: 'accounts CSV with the current owners' },
      { name: 'out', value: 'file', help: 'audit CSV to write', required: true },
      { name: 'changes-only', help: 'write only the accounts whose owner changes or that cannot be routed' },
      AS_OF,
      ...READING,
      HELP,
    ],
  },
};

const optionLabel = (o: OptionSpec): string => `--${o.name}${o.value ? ` <${o.value}>` : ''}`;

function optionLines(options: OptionSpec[]): string[] {
  const width = Math.max(...options.map((o) => optionLabel(o).length));
  return options.map((o) => `  ${optionLabel(o).padEnd(width)}  ${o.help}`);
}

function wrap(text: string, width = 100): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/** The general help. */
export function usage(): string {
  const width = Math.max(...COMMAND_NAMES.map((c) => c.length));
  return [
    'Tessera: territory plans from the command line.',
    '',
    'Usage: tessera <command> --plan <file> --accounts <file> [options]',
    '',
    'Commands:',
    ...COMMAND_NAMES.map((c) => `  ${c.padEnd(width)}  ${COMMANDS[c].summary}`),
    '',
    'Common options:',
    ...optionLines([
      PLAN,
      ACCOUNTS,
      ...READING,
      { name: 'help', help: 'help of a command, e.g. tessera route --help' },
    ]),
    '',
    'Problems are reported as one line starting with "tessera:" on stderr.',
    'Exit codes: 0 done, 1 unusable file or data, 2 bad command line.',
    '',
  ].join('\n');
}

/** The help of one command. */
export function commandUsage(name: CommandName): string {
  const spec = COMMANDS[name];
  const required = spec.options.filter((o) => o.required).map(optionLabel);
  return [
    `Usage: tessera ${name} ${required.join(' ')} [options]`,
    '',
    ...wrap(`${spec.description}`),
    '',
    'Options:',
    ...optionLines(spec.options),
    '',
  ].join('\n');
}

/** A parsed command line. */
export type Invocation =
  | { kind: 'help'; command: CommandName | null }
  | { kind: 'version' }
  | { kind: 'run'; command: CommandName; options: Options };

/** The options given to a command, with typed getters that raise UsageError for malformed values. */
export class Options {
  constructor(
    readonly command: CommandName,
    private readonly values: Map<string, string | true>,
    private readonly lists: Map<string, string[]> = new Map(),
  ) {}

  /** Every value of a repeatable option, in command-line order. */
  all(name: string): string[] {
    return this.lists.get(name) ?? [];
  }

  has(name: string): boolean {
    return this.values.has(name);
  }

  string(name: string): string | undefined {
    const v = this.values.get(name);
    return typeof v === 'string' ? v : undefined;
  }

  required(name: string): string {
    const v = this.string(name);
    if (v === undefined)
      throw new UsageError(`${this.command}: --${name} is required (see 'tessera ${this.command} --help')`);
    return v;
  }

  /** A whole number within [min, max]. */
  integer(name: string, min: number, max: number): number | undefined {
    const v = this.string(name);
    if (v === undefined) return undefined;
    const n = Number(v.trim());
    if (!/^[+-]?\d+$/.test(v.trim()) || n < min || n > max)
      throw new UsageError(`${this.command}: --${name} must be a whole number from ${min} to ${max}, not "${v}"`);
    return n;
  }

  /** A number within (min, max]. */
  number(name: string, above: number, max: number): number | undefined {
    const v = this.string(name);
    if (v === undefined) return undefined;
    const n = Number(v.trim().replace(/%$/, ''));
    if (v.trim() === '' || !Number.isFinite(n) || n <= above || n > max)
      throw new UsageError(`${this.command}: --${name} must be a number above ${above} and at most ${max}, not "${v}"`);
    return n;
  }

  /** A number from 0 to 1, both included (a share or a score such as Polsby-Popper). */
  fraction(name: string): number | undefined {
    const v = this.string(name);
    if (v === undefined) return undefined;
    const n = Number(v.trim());
    if (v.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1)
      throw new UsageError(`${this.command}: --${name} must be a number from 0 to 1, not "${v}"`);
    return n;
  }

  /** One of a fixed set of words (case-insensitive). */
  choice<T extends string>(name: string, choices: readonly T[]): T | undefined {
    const v = this.string(name);
    if (v === undefined) return undefined;
    const hit = choices.find((c) => c === v.trim().toLowerCase());
    if (!hit) throw new UsageError(`${this.command}: --${name} must be one of ${choices.join(', ')}, not "${v}"`);
    return hit;
  }

  /** A calendar date written YYYY-MM-DD. */
  date(name: string): string | undefined {
    const v = this.string(name);
    if (v === undefined) return undefined;
    const ok =
      /^\d{4}-\d{2}-\d{2}$/.test(v) &&
      !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) &&
      new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);
    if (!ok) throw new UsageError(`${this.command}: --${name} must be a date like 2025-07-01, not "${v}"`);
    return v;
  }
}

/** Parses argv (without node and the script): a command, then --name value, --name=value and flags (node:util parseArgs). */
export function parseCommandLine(argv: readonly string[]): Invocation {
  const [first, ...rest] = argv;
  if (first === undefined) throw new UsageError("no command given (try 'tessera --help')");
  if (first === '--help' || first === '-h' || first === 'help') {
    const about = rest[0];
    if (about !== undefined && !isCommand(about)) throw unknownCommand(about);
    return { kind: 'help', command: about ?? null };
  }
  if (first === '--version' || first === '-v') return { kind: 'version' };
  if (first.startsWith('-')) throw new UsageError(`expected a command before ${first} (try 'tessera --help')`);
  if (!isCommand(first)) throw unknownCommand(first);

  // help wins over anything else on the line, so a half-typed command still shows its options
  if (rest.includes('--help') || rest.includes('-h')) return { kind: 'help', command: first };
  const spec = COMMANDS[first];
  const { tokens } = parseArgs({
    args: rest,
    options: Object.fromEntries(spec.options.map((o) => [o.name, { type: o.value ? 'string' : 'boolean' }] as const)),
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const values = new Map<string, string | true>();
  const lists = new Map<string, string[]>();
  for (const token of tokens) {
    if (token.kind !== 'option' || !token.rawName.startsWith('--'))
      throw new UsageError(`${first}: unexpected argument "${rest[token.index]}" (see 'tessera ${first} --help')`);
    const option = spec.options.find((o) => o.name === token.name);
    if (!option) throw new UsageError(`${first}: unknown option --${token.name} (see 'tessera ${first} --help')`);
    if (!option.value) {
      if (token.inlineValue) throw new UsageError(`${first}: --${option.name} takes no value`);
      values.set(option.name, true);
      continue;
    }
    // a following option is not a value: `--out --seed 2` lacks the file
    const value = token.inlineValue || !token.value?.startsWith('--') ? token.value : undefined;
    if (value === undefined || value === '')
      throw new UsageError(`${first}: --${option.name} needs a value <${option.value}>`);
    values.set(option.name, value);
    if (option.repeatable) lists.set(option.name, [...(lists.get(option.name) ?? []), value]);
  }
  const options = new Options(first, values, lists);
  for (const o of spec.options) if (o.required) options.required(o.name);
  return { kind: 'run', command: first, options };
}

function isCommand(word: string): word is CommandName {
  return (COMMAND_NAMES as readonly string[]).includes(word);
}

function unknownCommand(word: string): UsageError {
  return new UsageError(`unknown command "${word}" (commands: ${COMMAND_NAMES.join(', ')}; try 'tessera --help')`);
}
