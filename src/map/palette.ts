/** Map colours in one place so the legend and the layers agree. */
export const MAP_COLOURS = {
  sea: '#d6e6f2',
  worldLand: '#ecebe6',
  usLand: '#f7f5f0',
  countryBorder: '#b9b6ad',
  highlight: '#1d4ed8',
  countryWithAccounts: '#dcefe8',
  /** Sequential classes for account value per ZIP area (light to dark teal). */
  valueClasses: ['#d9f0ea', '#aedfd2', '#7cc8b6', '#4aa99a', '#2a857d', '#155e60'],
  /** Categorical colours for account dots (segment, tier, owner, ...), most frequent label first. */
  categories: [
    '#7c3aed',
    '#d97706',
    '#0891b2',
    '#db2777',
    '#16a34a',
    '#dc2626',
    '#2563eb',
    '#ca8a04',
    '#0d9488',
    '#9333ea',
    '#ea580c',
    '#4f46e5',
  ],
  otherCategory: '#64748b',
  cluster: '#334155',
  /** Heat map colours by density (0..1), shared with the legend's gradient. */
  heatRamp: [
    [0, 'rgba(198, 219, 239, 0)'],
    [0.15, '#c6dbef'],
    [0.35, '#6baed6'],
    [0.6, '#fdd49e'],
    [0.8, '#fc8d59'],
    [1, '#b30000'],
  ] as [number, string][],
} as const;

export const LINE_STYLE = {
  active: { color: '#1f2937', opacity: 0.95 },
  inactive: { color: '#6b7280', opacity: 0.35 },
} as const;
