import { http } from './http'
import type { User } from './types'

export const authApi = {
  login: (username: string, password: string) =>
    http.post<{ user: User }>('/auth/login', { username, password }).then((r) => r.user),
  logout: () => http.post<void>('/auth/logout'),
  me: () => http.get<{ user: User }>('/auth/me').then((r) => r.user),
}
