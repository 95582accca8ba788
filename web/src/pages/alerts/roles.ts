/** Alerts watch the whole team and the service's machinery: admins and managers set and read them. */
export function canSeeAlerts(role: string): boolean {
  return role === 'admin' || role === 'manager';
}
