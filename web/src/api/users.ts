import { http } from './http'
import type { Grant, List, NewUser, Role, Session, User } from './types'

export const usersApi = {
  list: (page: number, size: number) => http.get<List<User>>('/users', { page, size }),
  /** A new account (system administrators); its password must be changed at the first login. */
  create: (u: NewUser) => http.post<{ user: User }>('/users', u).then((r) => r.user),
  /** A role grant (security administrators); the member role names the member by ID number. */
  addGrant: (userId: number, role: Role, orgId?: number, idNumber?: string) =>
    http.post<Grant>(`/users/${userId}/grants`, { role, org_id: orgId || undefined, id_number: idNumber || undefined }),
  removeGrant: (userId: number, grantId: number) => http.del(`/users/${userId}/grants/${grantId}`),
  /** A reset (system administrators): the user chooses a new password at the next login. */
  resetPassword: (userId: number, password: string) => http.post<void>(`/users/${userId}/password`, { password }),
  unlock: (userId: number) => http.post<void>(`/users/${userId}/unlock`),
  sessions: (userId: number) => http.get<List<Session>>(`/users/${userId}/sessions`).then((r) => r.items),
  endSession: (userId: number, sessionId: number) => http.del(`/users/${userId}/sessions/${sessionId}`),
  endSessions: (userId: number) => http.del<{ ended: number }>(`/users/${userId}/sessions`),
}
