/**
 * Puts a published map together as ONE self-contained HTML file: the viewer's script and styles and
 * the data, all inline, under a Content-Security-Policy that forbids every network request. Pure
 * string work, so the app, Node tests and the bench compose the same file.
 */

/** The id of the script element holding the published data; the viewer reads it. */
export const DATA_ELEMENT_ID = 'tessera-data';

/**
 * Nothing may leave the page: no fetches, images, fonts or frames from anywhere. Inline script and
 * styles are the file itself; MapLibre's worker runs from a blob: URL made from the inlined worker
 * source (from a data: URL when the page is opened from disk, where the origin is "null"), and it
 * reads the blob back with fetch, hence connect-src blob: data:.
 */
export const PUBLISHED_CSP = [
  "default-src 'none'",
  "script-src 'unsafe-inline'",
  'worker-src blob: data:',
  'child-src blob: data:',
  "style-src 'unsafe-inline'",
  'img-src data: blob:',
  'connect-src data: blob:',
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** Text for an HTML text node or attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * JSON that can sit inside a <script> element: every "<" becomes \u003c, so neither "</script" nor
 * "<!--" can appear; U+2028/9 are escaped too so the text is also a valid JS literal.
 */
export function jsonForScript(data: unknown): string {
  return JSON.stringify(data)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * Script text that can sit inside a <script> element. "</script" would end the element and "<!--"
 * would switch the parser into its escaped state; in bundled code both can only occur inside string,
 * template or regular-expression literals or comments, where "\x3C" means the same "<" to the JS
 * engine but not to the HTML parser.
 */
export function scriptForHtml(js: string): string {
  return js.replace(/<(?=\/script|!--)/gi, '\\x3C');
}

/** Style text that can sit inside a <style> element ("\/" is "/" to CSS). */
export function styleForHtml(css: string): string {
  return css.replace(/<\/(?=style)/gi, '<\\/');
}

/**
 * The published HTML: title, the no-network CSP, the viewer's CSS, the data as
 * <script type="application/json" id="tessera-data"> and the viewer as an inline module script.
 */
export function composePublishedHtml(viewerJs: string, viewerCss: string, data: unknown, title: string): string {
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8" />',
    `<meta http-equiv="Content-Security-Policy" content="${PUBLISHED_CSP}" />`,
    '<meta name="viewport" content="width=device-width, initial-scale=1" />',
    '<meta name="referrer" content="no-referrer" />',
    '<meta name="generator" content="Tessera" />',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${styleForHtml(viewerCss)}</style>`,
    '</head>',
    '<body>',
    '<div id="tessera-viewer"></div>',
    '<noscript>This territory map needs JavaScript. Open it in a current Chrome, Edge, Firefox or Safari.</noscript>',
    `<script type="application/json" id="${DATA_ELEMENT_ID}">${jsonForScript(data)}</script>`,
    `<script type="module">${scriptForHtml(viewerJs)}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
