import { createApp } from 'vue'
import { createPinia } from 'pinia'
import ElementPlus from 'element-plus'
import 'element-plus/dist/index.css'
import './styles/main.css'
import App from './App.vue'
import { i18n } from './i18n'
import { createAppRouter } from './router'
import { setUnauthorizedHandler } from './api/http'
import { useAuthStore } from './stores/auth'
import { useLocaleStore } from './stores/locale'

const app = createApp(App)
const pinia = createPinia()
app.use(pinia)
app.use(i18n)
useLocaleStore() // applies the remembered language (and the API's Accept-Language)
const router = createAppRouter()
app.use(router)
app.use(ElementPlus)

setUnauthorizedHandler(() => {
  const auth = useAuthStore()
  if (!auth.user) return
  auth.clear()
  const here = router.currentRoute.value
  if (here.name !== 'login') void router.replace({ name: 'login', query: { redirect: here.fullPath } })
})

app.mount('#app')
