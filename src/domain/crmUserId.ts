/** A Salesforce user Id: 15 (case-sensitive) or 18 (case-safe) letters and digits, starting with the User prefix 005. */
export function isSalesforceUserId(id: string): boolean {
  return /^005[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?$/.test(id);
}

/** Why a typed CRM user Id cannot be saved, or null when it can ('' clears it). */
export function crmUserIdProblem(id: string): string | null {
  const value = id.trim();
  if (!value || isSalesforceUserId(value)) return null;
  return `"${value}" is not a Salesforce user Id: 15 or 18 letters and digits starting with 005.`;
}
