/** Where the built viewer lives: <app output>/viewer/, served next to the planner from its own origin. */
export const VIEWER_DIR = 'viewer';
export const VIEWER_JS = 'tessera-viewer.js';
export const VIEWER_CSS = 'tessera-viewer.css';

/** The viewer's script and stylesheet as text, ready for composePublishedHtml. */
export interface ViewerBundle {
  js: string;
  css: string;
}
