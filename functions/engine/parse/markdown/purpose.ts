// A quotation of the vendor, a compliance claim or a pointer to read more is not a purpose.
const QUOTED = /^["“'‘]/;
const CLAIM =
  /\b(gdpr|privacy shield|certified|compliant|compliance|data protection (?:law|regulation))\b/i;
const POINTER = /^(?:see|read|visit|view|check|for more|learn more|find out|more info)\b/i;
const SENTENCE_BREAK = /(?<=[.!?])\s+(?=["“(\p{Lu}\p{N}])/u;

function isPurposeSentence(sentence: string): boolean {
  const words = sentence.match(/[\p{L}\p{N}]+/gu) ?? [];
  return (
    words.length >= 2 && !QUOTED.test(sentence) && !CLAIM.test(sentence) && !POINTER.test(sentence)
  );
}

/**
 * The purpose stated in an entry's own prose: the first paragraph that says what the vendor
 * does, without quotations, compliance claims and pointers to other pages.
 */
export function purposeFromProse(paragraphs: readonly string[]): string | null {
  for (const paragraph of paragraphs) {
    const kept = paragraph
      .split(SENTENCE_BREAK)
      .map((s) => s.trim())
      .filter(isPurposeSentence);
    if (kept.length > 0) return kept.join(' ');
  }
  return null;
}

const CONNECTOR =
  /^\s*(?:[-–—:|,]\s*)?(?:(?:is\s+|are\s+)?used\s+(?:for|to)|which\s+provides?|provides?|for)?\s*/i;

/** The purpose in the rest of a list item after its name: "… for email processing." */
export function purposeAfterName(rest: string): string | null {
  const text = rest
    .replace(CONNECTOR, '')
    .replace(/[\s.;,]+$/, '')
    .trim();
  return (text.match(/[\p{L}\p{N}]+/gu) ?? []).length >= 1 ? text : null;
}
