// A small, safe Markdown reader for article bodies: it turns text into a tree of plain data
// (headings, paragraphs, bold, italic, inline code, code blocks, lists, http(s) links) that
// Markdown.tsx renders as React elements. Nothing here produces HTML, so whatever the text
// holds (<script>, on* attributes, javascript: links) stays text.

export type Inline =
  | { type: 'text'; text: string }
  | { type: 'strong'; children: Inline[] }
  | { type: 'em'; children: Inline[] }
  | { type: 'code'; text: string }
  | { type: 'link'; href: string; children: Inline[] };

export type Block =
  | { type: 'heading'; level: 1 | 2 | 3 | 4 | 5 | 6; children: Inline[] }
  | { type: 'paragraph'; children: Inline[] }
  | { type: 'code'; language: string; text: string }
  | { type: 'list'; ordered: boolean; items: Inline[][] };

const HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/;
const FENCE = /^\s*(```|~~~)\s*([\w+-]*)\s*$/;
const BULLET = /^\s*[-*+]\s+(.*)$/;
const NUMBERED = /^\s*\d{1,9}[.)]\s+(.*)$/;

/** Only absolute http(s) URLs become links; anything else (javascript:, data:, relative) is text. */
export function safeHref(raw: string): string | null {
  const trimmed = raw.trim();
  if (!/^https?:\/\//i.test(trimmed)) return null;
  try {
    const url = new URL(trimmed);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

export function parseMarkdown(source: string): Block[] {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  let list: { ordered: boolean; items: string[] } | null = null;

  const flushParagraph = () => {
    if (paragraph.length > 0)
      blocks.push({ type: 'paragraph', children: parseInline(paragraph.join(' ')) });
    paragraph = [];
  };
  const flushList = () => {
    if (list)
      blocks.push({
        type: 'list',
        ordered: list.ordered,
        items: list.items.map((item) => parseInline(item)),
      });
    list = null;
  };

  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    const fence = FENCE.exec(line);
    if (fence) {
      flushParagraph();
      flushList();
      const body: string[] = [];
      index++;
      while (index < lines.length && !lines[index]!.trim().startsWith(fence[1]!)) {
        body.push(lines[index]!);
        index++;
      }
      blocks.push({ type: 'code', language: fence[2] ?? '', text: body.join('\n') });
      continue;
    }
    if (line.trim() === '') {
      flushParagraph();
      flushList();
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      flushParagraph();
      flushList();
      blocks.push({
        type: 'heading',
        level: heading[1]!.length as 1 | 2 | 3 | 4 | 5 | 6,
        children: parseInline(heading[2]!),
      });
      continue;
    }
    const bullet = BULLET.exec(line);
    const numbered = bullet ? null : NUMBERED.exec(line);
    if (bullet || numbered) {
      flushParagraph();
      const ordered = Boolean(numbered);
      if (list && list.ordered !== ordered) flushList();
      list ??= { ordered, items: [] };
      list.items.push((bullet ?? numbered)![1]!);
      continue;
    }
    if (list && /^\s{2,}\S/.test(line)) {
      // An indented line continues the list item above it.
      list.items[list.items.length - 1] += ` ${line.trim()}`;
      continue;
    }
    flushList();
    paragraph.push(line.trim());
  }
  flushParagraph();
  flushList();
  return blocks;
}

/** Bold (** or __), italic (* or _), `code` and [text](http(s) url); the rest is text. */
export function parseInline(text: string): Inline[] {
  const out: Inline[] = [];
  let plain = '';
  const pushText = () => {
    if (plain) out.push({ type: 'text', text: plain });
    plain = '';
  };

  let index = 0;
  while (index < text.length) {
    const char = text[index]!;
    if (char === '\\' && index + 1 < text.length && /[\\`*_[\]()#+\-.!]/.test(text[index + 1]!)) {
      plain += text[index + 1];
      index += 2;
      continue;
    }
    if (char === '`') {
      const end = text.indexOf('`', index + 1);
      if (end > index + 1) {
        pushText();
        out.push({ type: 'code', text: text.slice(index + 1, end) });
        index = end + 1;
        continue;
      }
    }
    if ((char === '*' || char === '_') && text[index + 1] === char) {
      const marker = char + char;
      const end = text.indexOf(marker, index + 2);
      if (end > index + 2) {
        pushText();
        out.push({ type: 'strong', children: parseInline(text.slice(index + 2, end)) });
        index = end + 2;
        continue;
      }
    }
    if (char === '*' || char === '_') {
      const end = findSingle(text, char, index + 1);
      if (end > index + 1 && text[index + 1] !== ' ') {
        pushText();
        out.push({ type: 'em', children: parseInline(text.slice(index + 1, end)) });
        index = end + 1;
        continue;
      }
    }
    if (char === '[') {
      const link = readLink(text, index);
      if (link) {
        pushText();
        const children = parseInline(link.label);
        const href = safeHref(link.url);
        if (href) out.push({ type: 'link', href, children });
        else out.push(...children);
        index = link.end;
        continue;
      }
    }
    plain += char;
    index++;
  }
  pushText();
  return out;
}

/** The next lone `marker` (not part of a doubled one) after `from`, or -1. */
function findSingle(text: string, marker: string, from: number): number {
  for (let index = from; index < text.length; index++) {
    if (text[index] !== marker) continue;
    if (text[index + 1] === marker) {
      index++;
      continue;
    }
    return index;
  }
  return -1;
}

function readLink(text: string, start: number): { label: string; url: string; end: number } | null {
  const close = text.indexOf('](', start + 1);
  if (close < 0) return null;
  const label = text.slice(start + 1, close);
  if (!label || label.includes('[')) return null;
  // The URL runs to the ")" that balances its "(" (URLs may hold parentheses).
  let depth = 0;
  for (let index = close + 2; index < text.length; index++) {
    const char = text[index];
    if (char === '(') depth++;
    else if (char === ')') {
      if (depth === 0) return { label, url: text.slice(close + 2, index), end: index + 1 };
      depth--;
    }
  }
  return null;
}

/** The plain text of a body (for previews in lists): Markdown marks removed. */
export function plainText(source: string): string {
  return parseMarkdown(source)
    .map((block) =>
      block.type === 'code'
        ? block.text
        : block.type === 'list'
          ? block.items.map(inlineText).join(' · ')
          : inlineText(block.children),
    )
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function inlineText(nodes: Inline[]): string {
  return nodes
    .map((node) =>
      node.type === 'text' || node.type === 'code' ? node.text : inlineText(node.children),
    )
    .join('');
}
