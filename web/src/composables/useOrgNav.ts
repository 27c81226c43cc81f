import { useRoute, useRouter } from 'vue-router'

/** Selecting an organisation is a change of the URL's ?org= (pages follow the URL). */
export function useOrgNav() {
  const route = useRoute()
  const router = useRouter()
  function selectOrg(id: number) {
    if (String(route.query.org) === String(id)) return
    const query: Record<string, unknown> = { ...route.query, org: String(id) }
    delete query.page
    const target = route.name === 'member' ? { name: 'members', query } : { query }
    void router.push(target as Parameters<typeof router.push>[0])
  }
  return { selectOrg }
}
