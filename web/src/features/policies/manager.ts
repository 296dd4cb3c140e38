import { hasRole, type Session } from '../../lib/session';

/** Mirrors the server's rule (it still decides): the policy working group, the secretary, the platform admin keep the library and fulfilment. */
export function isPolicyManager(s: Session): boolean {
  return hasRole(s, 'platform_admin', 'secretary') || (hasRole(s, 'group_member') && s.workingGroups.includes('policy'));
}
