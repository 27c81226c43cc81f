import { createRouter, createWebHistory, type RouteLocationNormalized, type RouteRecordRaw } from 'vue-router'
import { useAuthStore } from '@/stores/auth'
import { useOrgStore } from '@/stores/org'

declare module 'vue-router' {
  interface RouteMeta {
    public?: boolean
    /** A console page that works on the selected organisation (?org=). */
    org?: boolean
    /** i18n key of the page title. */
    title?: string
    mobile?: boolean
    /** A page of business data (staff, secretaries): administrators land elsewhere. */
    business?: boolean
    /** Open to a user who must change their password first. */
    passwordChange?: boolean
  }
}

export const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: () => import('@/views/auth/LoginPage.vue'), meta: { public: true, title: 'auth.title' } },
  { path: '/password', name: 'password', component: () => import('@/views/auth/PasswordPage.vue'), meta: { passwordChange: true, title: 'auth.change_title' } },
  {
    path: '/',
    component: () => import('@/layouts/ConsoleLayout.vue'),
    redirect: { name: 'dashboard' },
    children: [
      { path: 'dashboard', name: 'dashboard', component: () => import('@/views/dashboard/DashboardPage.vue'), meta: { org: true, business: true, title: 'layout.menu.dashboard' } },
      { path: 'orgs', name: 'orgs', component: () => import('@/views/orgs/OrgsPage.vue'), meta: { org: true, business: true, title: 'layout.menu.orgs' } },
      { path: 'members', name: 'members', component: () => import('@/views/members/MembersPage.vue'), meta: { org: true, business: true, title: 'layout.menu.members' } },
      { path: 'members/:id(\\d+)', name: 'member', component: () => import('@/views/members/MembersPage.vue'), meta: { org: true, business: true, title: 'layout.menu.members' } },
      { path: 'developments', name: 'developments', component: () => import('@/views/development/DevelopmentsPage.vue'), meta: { org: true, business: true, title: 'layout.menu.developments' } },
      { path: 'developments/:id(\\d+)', name: 'development', component: () => import('@/views/development/DevelopmentDetail.vue'), meta: { org: true, business: true, title: 'layout.menu.developments' } },
      { path: 'transfers', name: 'transfers', component: () => import('@/views/transfers/TransfersPage.vue'), meta: { org: true, business: true, title: 'layout.menu.transfers' } },
      { path: 'alerts', name: 'alerts', component: () => import('@/views/alerts/AlertsPage.vue'), meta: { org: true, business: true, title: 'layout.menu.alerts' } },
      { path: 'import', name: 'import', component: () => import('@/views/imports/ImportWizard.vue'), meta: { org: true, business: true, title: 'layout.menu.import' } },
      { path: 'users', name: 'users', component: () => import('@/views/users/UsersPage.vue'), meta: { org: true, title: 'layout.menu.users' } },
      {
        path: 'life',
        component: () => import('@/views/life/LifeLayout.vue'),
        redirect: { name: 'life-meetings' },
        meta: { business: true },
        children: [
          { path: 'meetings', name: 'life-meetings', component: () => import('@/views/life/meetings/MeetingsPage.vue'), meta: { org: true, title: 'life.tabs.meetings' } },
          { path: 'compliance', name: 'life-compliance', component: () => import('@/views/life/compliance/CompliancePage.vue'), meta: { org: true, title: 'life.tabs.compliance' } },
          { path: 'study', name: 'life-study', component: () => import('@/views/life/study/StudyPage.vue'), meta: { org: true, title: 'life.tabs.study' } },
          { path: 'directives', name: 'life-directives', component: () => import('@/views/life/directives/DirectivesPage.vue'), meta: { org: true, title: 'life.tabs.directives' } },
          { path: 'committees', name: 'life-committees', component: () => import('@/views/life/committees/CommitteesPage.vue'), meta: { org: true, title: 'life.tabs.committees' } },
        ],
      },
            { path: 'audit', name: 'audit', component: () => import('@/views/audit/AuditPage.vue'), meta: { title: 'layout.menu.audit' } },
      { path: 'sessions', name: 'sessions', component: () => import('@/views/auth/SessionsPage.vue'), meta: { title: 'auth.sessions_title' } },
    ],
  },
  {
    path: '/m',
    component: () => import('@/layouts/MobileLayout.vue'),
    children: [
      { path: '', name: 'm-home', component: () => import('@/views/mobile/MobileHome.vue'), meta: { mobile: true, title: 'mobile.home' } },
      { path: 'profile', name: 'm-profile', component: () => import('@/views/mobile/MyProfile.vue'), meta: { mobile: true, title: 'mobile.profile' } },
      { path: 'org', name: 'm-org', component: () => import('@/views/mobile/MyOrg.vue'), meta: { mobile: true, title: 'mobile.my_org' } },
      { path: 'meetings', name: 'm-meetings', component: () => import('@/views/mobile/MyMeetings.vue'), meta: { mobile: true, title: 'mobile.life.meetings' } },
      { path: 'sign/:code?', name: 'm-sign', component: () => import('@/views/mobile/SignIn.vue'), meta: { mobile: true, title: 'mobile.life.sign' } },
      { path: 'study', name: 'm-study', component: () => import('@/views/mobile/MyStudy.vue'), meta: { mobile: true, title: 'mobile.life.study' } },
      { path: 'documents', name: 'm-documents', component: () => import('@/views/mobile/MyDocuments.vue'), meta: { mobile: true, title: 'mobile.life.documents' } },
      { path: 'sessions', name: 'm-sessions', component: () => import('@/views/auth/SessionsPage.vue'), meta: { mobile: true, title: 'auth.sessions_title' } },
      { path: 'soon/:module', name: 'm-soon', component: () => import('@/views/mobile/ComingSoon.vue'), meta: { mobile: true, title: 'mobile.coming' } },
    ],
  },
  { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('@/views/NotFound.vue'), meta: { public: true } },
]

/** What decides where a user lands. */
export interface Landing {
  isMemberOnly: boolean
  canReadBusiness: boolean
  canManageUsers: boolean
  canReadAudit: boolean
}

/** Where a user lands after logging in: members on the phone layout, business users on the
 * dashboard, the system and security administrators on users, the audit administrator on the
 * audit log (administrators see no business data). */
export function homeFor(a: Landing) {
  if (a.isMemberOnly) return { name: 'm-home' }
  if (a.canReadBusiness) return { name: 'dashboard' }
  if (a.canManageUsers) return { name: 'users' }
  if (a.canReadAudit) return { name: 'audit' }
  return { name: 'sessions' }
}

export async function guard(to: RouteLocationNormalized) {
  const auth = useAuthStore()
  if (!auth.checked) await auth.fetchMe().catch(() => null)
  if (to.meta.public) {
    if (to.name === 'login' && auth.user) return auth.mustChangePassword ? { name: 'password' } : homeFor(auth)
    return true
  }
  if (!auth.user) return { name: 'login', query: to.fullPath !== '/' ? { redirect: to.fullPath } : {} }
  if (auth.mustChangePassword && !to.meta.passwordChange) return { name: 'password' }
  if (to.meta.passwordChange) return true
  if (auth.isMemberOnly && !to.meta.mobile) return to.name === 'sessions' ? { name: 'm-sessions' } : { name: 'm-home' }
  if (to.meta.business && !auth.canReadBusiness) return homeFor(auth)
  if (to.meta.org && !to.query.org) {
    const orgs = useOrgStore()
    const id = orgs.id ?? (await orgs.firstRoot().catch(() => null))
    if (id) return { ...to, query: { ...to.query, org: String(id) } }
  }
  return true
}

export function createAppRouter() {
  const router = createRouter({ history: createWebHistory(), routes })
  router.beforeEach(guard)
  return router
}
