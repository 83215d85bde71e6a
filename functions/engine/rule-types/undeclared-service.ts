import type { Mention, RuleType } from '../rules/rule.js';

type Params = Record<string, never>;

/** The mention as written, and how it was read when that differs ("Google Analyics"). */
function named(mention: Mention): string {
  return mention.text === mention.service ? mention.text : `"${mention.text}" (${mention.service})`;
}

/**
 * Reports a well-known service named in a document's text that no list in the repository
 * declares as a third party. Extraction is unchanged: this never creates an entry.
 */
export const undeclaredService: RuleType<Params> = {
  type: 'undeclared-service',
  paramsSchema: { type: 'object', additionalProperties: false },
  checkRepository({ documents, env, report }) {
    const declared = new Set(
      documents.flatMap((d) => d.thirdParties.flatMap((p) => env.vendorKeys(p.name))),
    );
    // "Github pages" declares GitHub: a listed name that begins with the service's name covers it.
    const listedNames = documents.flatMap((d) => d.thirdParties.map((p) => p.name.toLowerCase()));
    const covers = (name: string): boolean =>
      env.vendorKeys(name).some((k) => declared.has(k)) ||
      listedNames.some((n) => n.startsWith(`${name.toLowerCase()} `));
    const known = new Map(env.legal.processors.map((p) => [p.name, p]));
    for (const document of documents) {
      for (const mention of document.mentions) {
        const service = known.get(mention.service);
        const names = [mention.service, ...(service?.aliases ?? [])];
        if (names.some(covers)) continue;
        report({
          path: document.path,
          span: mention.span,
          thirdParty: mention.service,
          message: `${named(mention)} is named here but not listed as a third party in any policy file; add it to the list, or say why it receives no personal data`,
        });
      }
    }
  },
};
