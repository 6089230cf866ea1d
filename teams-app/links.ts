/**
 * Deep links into the Cases tab of the personal app. Cards link here instead of carrying any detail:
 * the tab signs the person in, checks the policy and records the access.
 */
export function caseDeepLink(settings: { teamsAppId: string; publicUrl: string }, caseId: string): string {
  const webUrl = `${settings.publicUrl.replace(/\/+$/, '')}/tab/cases/${caseId}`;
  const context = JSON.stringify({ subEntityId: caseId });
  return `https://teams.microsoft.com/l/entity/${settings.teamsAppId}/cases?webUrl=${encodeURIComponent(webUrl)}&label=${encodeURIComponent('Cases')}&context=${encodeURIComponent(context)}`;
}

/** The Cases tab itself (the case list). */
export function caseListDeepLink(settings: { teamsAppId: string; publicUrl: string }): string {
  const webUrl = `${settings.publicUrl.replace(/\/+$/, '')}/tab/cases`;
  return `https://teams.microsoft.com/l/entity/${settings.teamsAppId}/cases?webUrl=${encodeURIComponent(webUrl)}&label=${encodeURIComponent('Cases')}`;
}
