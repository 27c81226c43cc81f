import { http } from './http'
import type { Grant, List, NewUser, Role, User } from './types'

export const usersApi = {
  list: (page: number, size: number) => http.get<List<User>>('/users', { page, size }),
  create: (u: NewUser) => http.post<{ user: User }>('/users', u).then((r) => r.user),
  addGrant: (userId: number, role: Role, orgId?: number) =>
    http.post<Grant>(`/users/${userId}/grants`, { role, org_id: orgId || undefined }),
  removeGrant: (userId: number, grantId: number) => http.del(`/users/${userId}/grants/${grantId}`),
  setPassword: (userId: number, password: string) => http.post<void>(`/users/${userId}/password`, { password }),
}
