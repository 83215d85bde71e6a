import type { ReportedThirdParty, ThirdParty } from '../model.js';

/** A third party as reports and `extract` show it: the DESIGN.md fields, and the optional ones it has. */
export function reportedParty(p: ThirdParty): ReportedThirdParty {
  const base = {
    name: p.name,
    line: p.line,
    endLine: p.endLine,
    purpose: p.purpose,
    location: p.location,
    countries: p.countries,
    gdprLink: p.gdprLink,
    links: p.links.map((l) => ({ text: l.text, url: l.url })),
  };
  const extra = {
    transfer: p.transfer,
    effective: p.effective,
    lastReviewed: p.lastReviewed,
    dataCategories: p.dataCategories,
  };
  return {
    ...base,
    ...Object.fromEntries(Object.entries(extra).filter(([, v]) => v !== undefined)),
  };
}
