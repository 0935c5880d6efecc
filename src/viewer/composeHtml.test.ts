import { describe, expect, it } from 'vitest';
import {
  composePublishedHtml,
  DATA_ELEMENT_ID,
  escapeHtml,
  jsonForScript,
  PUBLISHED_CSP,
  scriptForHtml,
  styleForHtml,
} from './composeHtml.ts';

/** The text of every <script> element as an HTML parser splits the document (enough for these checks). */
function scriptBodies(html: string): string[] {
  const bodies: string[] = [];
  const re = /<script\b[^>]*>/gi;
  let m: RegExpExecArray | null;
  while ((m = re.exec(html))) {
    const start = m.index + m[0].length;
    const end = html.toLowerCase().indexOf('</script', start);
    bodies.push(html.slice(start, end));
    re.lastIndex = end;
  }
  return bodies;
}

const hostile = {
  name: '</script><script>alert(1)</script>',
  note: '<!-- <script> --> and </SCRIPT > and \u2028 line \u2029 paragraph',
  html: '<img src=x onerror=alert(1)> & "quotes" \'single\'',
};

describe('composePublishedHtml', () => {
  it('embeds data that survives </script, <!-- and line separators intact', () => {
    const html = composePublishedHtml('window.x = 1;', 'body{}', hostile, 'Plan');
    const bodies = scriptBodies(html);
    expect(bodies).toHaveLength(2);
    expect(JSON.parse(bodies[0])).toEqual(hostile);
    expect(html).toContain(`<script type="application/json" id="${DATA_ELEMENT_ID}">`);
    // the only closing script tags are the two of the file's own elements
    expect(html.match(/<\/script/gi)).toHaveLength(2);
    expect(html).not.toContain('<!--');
  });

  it('escapes </script and <!-- in script so the JS means the same', () => {
    const js = [
      'var a = "</script><!-- x";',
      'var b = `</SCRIPT>${1 + 1}`;',
      "var c = /<\\/script|<!--/i.test('<!--');",
      '// a comment with </script> in it',
      'var d = { s: "<\\/script>" };',
      'globalThis.out = [a, b, c, d.s];',
    ].join('\n');
    const safe = scriptForHtml(js);
    expect(safe).not.toMatch(/<\/script|<!--/i);
    const run = (code: string): unknown[] => {
      const scope: { out?: unknown[] } = {};
      new Function('globalThis', code)(scope);
      return scope.out ?? [];
    };
    expect(run(safe)).toEqual(run(js));
    expect(run(safe)).toEqual(['</script><!-- x', '</SCRIPT>2', true, '</script>']);
    const html = composePublishedHtml(js, '', {}, 'T');
    expect(scriptBodies(html)[1]).toBe(safe);
  });

  it('escapes the title and </style in CSS', () => {
    const html = composePublishedHtml('', 'a::after{content:"</style><script>"}', {}, hostile.html);
    expect(html).toContain(
      '<title>&#60;img src=x onerror=alert(1)&#62; &#38; &#34;quotes&#34; &#39;single&#39;</title>',
    );
    expect(html.match(/<\/style/gi)).toHaveLength(1);
    expect(styleForHtml('</style>')).toBe('<\\/style>');
    expect(escapeHtml('<a href="x">&</a>')).toBe('&#60;a href=&#34;x&#34;&#62;&#38;&#60;/a&#62;');
  });

  it('forbids every network request in its Content-Security-Policy', () => {
    const html = composePublishedHtml('', '', {}, 'T');
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${PUBLISHED_CSP}" />`);
    const directives = new Map(
      PUBLISHED_CSP.split(';').map((d) => {
        const [name, ...values] = d.trim().split(/\s+/);
        return [name, values];
      }),
    );
    expect(directives.get('default-src')).toEqual(["'none'"]);
    // nothing with a host or scheme that reaches a network
    for (const values of directives.values())
      for (const v of values) expect(v).toMatch(/^('none'|'unsafe-inline'|blob:|data:)$/);
    expect(jsonForScript({ a: '<' })).toBe('{"a":"\\u003c"}');
  });
});
