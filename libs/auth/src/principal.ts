export const ROLES = ['agent', 'supervisor', 'admin', 'service'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling: a person (JWT from the desk), a service (service JWT) or a machine (API key). */
export interface Principal {
  kind: 'user' | 'service' | 'api-key';
  subject: string;
  tenantId: string;
  role: Role;
  name?: string;
}

/** Role order: a supervisor may do what an agent may; an admin what a supervisor may. */
const rank: Record<Role, number> = { agent: 1, supervisor: 2, admin: 3, service: 4 };

export function hasRole(principal: Principal, required: readonly Role[]): boolean {
  if (required.length === 0) return true;
  // Services are the platform calling itself on a tenant's behalf: trusted for any role.
  if (principal.role === 'service') return true;
  return required.some((role) => role !== 'service' && rank[principal.role] >= rank[role]);
}
