import { reactive, ref } from 'vue'
import { ElMessage } from 'element-plus'
import { ApiError } from '@/api/http'
import type { FieldError } from '@/api/types'

/**
 * The server's answer to a form: field errors shown beside the fields (el-form-item :error),
 * the general message above the form.
 */
export function useServerErrors() {
  const fields = reactive<Record<string, string>>({})
  const message = ref('')

  function clear() {
    for (const k of Object.keys(fields)) delete fields[k]
    message.value = ''
  }

  /** Shows an error; returns the field errors it placed (empty when none). */
  function apply(e: unknown): FieldError[] {
    clear()
    if (e instanceof ApiError) {
      Object.assign(fields, e.fieldErrors())
      message.value = e.message
      if (e.errors.length === 0) ElMessage.error(e.message)
      return e.errors
    }
    message.value = String(e)
    ElMessage.error(message.value)
    return []
  }

  return { fields, message, clear, apply }
}
