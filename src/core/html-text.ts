// Text to HTML for the self-contained reports: escaping, the inline Markdown of findings (`code`, **bold**), and
// the small block Markdown that report sections use (paragraphs, lists, fenced code, pipe tables).
// Tests: test/core/html.test.ts.

/** Escapes text for HTML element content and double-quoted attributes. */
export const escapeHtml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A parameter's value in words: lists joined with commas, objects as JSON, nothing as "(none)". */
export function valueText(v: unknown): string {
  if (Array.isArray(v)) return v.map((x) => valueText(x)).join(', ');
  if (v === undefined || v === null) return '(none)';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return v.toString();
  return JSON.stringify(v) ?? typeof v;
}

/** Links a report may carry: http(s) and relative paths, never javascript: or data: URLs. */
const safeHref = (href: string) => /^https?:\/\//.test(href) || !/^[a-z][a-z0-9+.-]*:/i.test(href);

/** One line of Markdown as HTML: `code`, **bold**, *emphasis* and [text](link) (http(s) or relative links only). */
export function inlineMarkdown(text: string): string {
  const parts = text.split(/(`[^`]*`)/g);
  return parts
    .map((part) => {
      if (part.startsWith('`') && part.endsWith('`') && part.length >= 2) {
        return `<code>${escapeHtml(part.slice(1, -1))}</code>`;
      }
      return escapeHtml(part)
        .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
        .replace(/(^|[\s(])\*([^*\s][^*]*)\*/g, '$1<em>$2</em>')
        .replace(/\[([^\]]+)\]\(([^)\s"]*)\)/g, (whole, text: string, href: string) =>
          safeHref(href) ? `<a href="${href}">${text}</a>` : whole,
        );
    })
    .join('');
}

const isTableLine = (line: string) => /^\s*\|.*\|\s*$/.test(line);
const cellsOf = (line: string) =>
  line
    .trim()
    .slice(1, -1)
    .split(/(?<!\\)\|/)
    .map((c) => c.trim().replace(/\\\|/g, '|'));

/** A block of Markdown as HTML: fenced code, bullet and numbered lists, pipe tables, headings and paragraphs. */
export function blockMarkdown(markdown: string): string {
  const lines = markdown.replace(/\r\n/g, '\n').split('\n');
  const out: string[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (line.trim() === '') {
      i++;
    } else if (line.startsWith('```')) {
      const body: string[] = [];
      for (i++; i < lines.length && !lines[i].startsWith('```'); i++) body.push(lines[i]);
      i++;
      out.push(`<pre><code>${escapeHtml(body.join('\n'))}</code></pre>`);
    } else if (/^#{1,6}\s/.test(line)) {
      const level = Math.min(6, line.indexOf(' ') + 2);
      out.push(`<h${level}>${inlineMarkdown(line.replace(/^#+\s*/, ''))}</h${level}>`);
      i++;
    } else if (/^\s*([-*]|\d+\.)\s/.test(line)) {
      const ordered = /^\s*\d+\.\s/.test(line);
      const items: string[] = [];
      for (; i < lines.length && /^\s*([-*]|\d+\.)\s/.test(lines[i]); i++) {
        items.push(`<li>${inlineMarkdown(lines[i].replace(/^\s*([-*]|\d+\.)\s+/, ''))}</li>`);
      }
      out.push(ordered ? `<ol>${items.join('')}</ol>` : `<ul>${items.join('')}</ul>`);
    } else if (isTableLine(line) && i + 1 < lines.length && /^\s*\|[\s:|-]+\|\s*$/.test(lines[i + 1])) {
      const head = cellsOf(line);
      const rows: string[][] = [];
      for (i += 2; i < lines.length && isTableLine(lines[i]); i++) rows.push(cellsOf(lines[i]));
      const headRow = tag('tr', {}, ...head.map((h) => tag('th', {}, inlineMarkdown(h))));
      const body = rows.map((r) => tag('tr', {}, ...r.map((c) => tag('td', {}, inlineMarkdown(c)))));
      out.push(tag('div', { class: 'scroll' }, tag('table', {}, tag('thead', {}, headRow), tag('tbody', {}, ...body))));
    } else {
      const para: string[] = [];
      for (; i < lines.length && lines[i].trim() !== '' && !lines[i].startsWith('```'); i++) para.push(lines[i]);
      out.push(`<p>${inlineMarkdown(para.join(' '))}</p>`);
    }
  }
  return out.join('\n');
}

/**
 * An element: `tag('td', { class: 'num' }, '3')` is `<td class="num">3</td>`. Attribute values are escaped;
 * `true` writes a bare attribute, and false or undefined leaves it out. Content is HTML, joined as given.
 */
export function tag(
  name: string,
  attrs: Record<string, string | number | boolean | undefined>,
  ...content: string[]
): string {
  const list = Object.entries(attrs)
    .filter(([, v]) => v !== undefined && v !== false)
    .map(([k, v]) => (v === true ? ` ${k}` : ` ${k}="${escapeHtml(String(v))}"`))
    .join('');
  return `<${name}${list}>${content.join('')}</${name}>`;
}
