import type { Recovery } from '../../model.js';
import { splitLines } from '../../extract/lines.js';

/** Text ready for the Markdown parser, and the way back to the original lines. */
export interface Prepared {
  text: string;
  /** `lineMap[i]` is the original 1-based line of prepared line i + 1 (0 for inserted lines). */
  lineMap: number[];
  recoveries: Recovery[];
  /** The front matter's `title:`, a heading for context. */
  title: string | null;
}

// A scraped web view leaves a `|` and a `||` line after every line of the source.
const NOISE = /^\s*\|{1,2}\s*$/;
const DELIMITER_ROW = /^\s*\|?\s*:?-{1,}:?\s*(\|\s*:?-{1,}:?\s*)*\|?\s*$/;
const FENCE = /^\s{0,3}(`{3,}|~{3,})/;
const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)\s*(?:\r?\n|$)/;
// `[text] (https://…)`: the space makes it two things to CommonMark, one link to a reader.
// The text stops at a `[` too: otherwise every `[` of a line of them scans to its end, and
// 200,000 of them (200 KB) take about a minute.
const SPACED_LINK = /\[([^[\]\n]+)\]\s+\(((?:https?:\/\/|www\.)[^\s)]+)\)/g;

function isNoiseHeavy(lines: readonly string[]): boolean {
  const noise = lines.filter((l) => NOISE.test(l)).length;
  return noise >= 6 && noise >= lines.length * 0.2;
}

/** Drops scrape noise lines: a run that stood for a blank source line becomes one. */
function dropNoise(lines: string[], map: number[]): { lines: string[]; map: number[] } {
  const out: string[] = [];
  const outMap: number[] = [];
  let run = 0;
  const flush = (): void => {
    if (run > 2) {
      out.push('');
      outMap.push(0);
    }
    run = 0;
  };
  lines.forEach((line, i) => {
    if (NOISE.test(line)) {
      run += 1;
      return;
    }
    flush();
    out.push(line);
    outMap.push(map[i] ?? 0);
  });
  flush();
  return { lines: out, map: outMap };
}

/**
 * Scraped tables have no blank lines around them: a header row must start a new table, and a
 * line without a pipe ends one (GFM would take it as another row).
 */
function separateTables(lines: string[], map: number[]): { lines: string[]; map: number[] } {
  const out: string[] = [];
  const outMap: number[] = [];
  let inTable = false;
  let inFence = false;
  const blank = (): void => {
    if (out.length > 0 && out[out.length - 1]?.trim() !== '') {
      out.push('');
      outMap.push(0);
    }
  };
  lines.forEach((line, i) => {
    if (FENCE.test(line)) inFence = !inFence;
    const next = lines[i + 1];
    const startsTable =
      !inFence &&
      line.includes('|') &&
      next !== undefined &&
      DELIMITER_ROW.test(next) &&
      !DELIMITER_ROW.test(line);
    if (startsTable) {
      blank();
      inTable = true;
    } else if (inTable && !line.includes('|')) {
      if (line.trim() !== '') blank();
      inTable = false;
    }
    out.push(line);
    outMap.push(map[i] ?? 0);
  });
  return { lines: out, map: outMap };
}

function repairSpacedLinks(lines: string[], map: number[], recoveries: Recovery[]): void {
  lines.forEach((line, i) => {
    lines[i] = line.replace(SPACED_LINK, (whole, text: string, url: string, offset: number) => {
      const original = map[i] ?? 0;
      recoveries.push({
        span: {
          line: original,
          column: offset + 1,
          endLine: original,
          endColumn: offset + 1 + whole.length,
        },
        message: `Read "[${text}] (${url})" as a link to ${url}; remove the space between "]" and "(" so Markdown renders it`,
      });
      // Keep the line's length so later columns still match the source.
      const link = `[${text}](${url})`;
      return link + ' '.repeat(whole.length - link.length);
    });
  });
}

function stripFrontMatter(text: string): { text: string; title: string | null } {
  const match = FRONT_MATTER.exec(text);
  if (!match) return { text, title: null };
  const title = /^title:\s*["']?(.+?)["']?\s*$/m.exec(match[1] ?? '')?.[1] ?? null;
  // Blank lines in its place keep every later line number.
  const blanked = match[0].replace(/[^\r\n]/g, '');
  return { text: blanked + text.slice(match[0].length), title };
}

/** Repairs what a careful reader repairs, keeping a map back to the original lines. */
export function prepareMarkdown(source: string): Prepared {
  const { text, title } = stripFrontMatter(source);
  let lines = splitLines(text);
  let map = lines.map((_, i) => i + 1);
  if (isNoiseHeavy(lines)) ({ lines, map } = dropNoise(lines, map));
  ({ lines, map } = separateTables(lines, map));
  const recoveries: Recovery[] = [];
  repairSpacedLinks(lines, map, recoveries);
  return { text: lines.join('\n'), lineMap: map, recoveries, title };
}
