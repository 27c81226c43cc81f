// Generates src/api/schema.d.ts from the OpenAPI document in $OPENAPI_FILE
// (make dumps it with `dangjian openapi > file`). types.ts stays the hand-written source of
// the shapes the UI uses; schema.d.ts lets CI spot drift between the two.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'

const file = process.env.OPENAPI_FILE
if (!file || !existsSync(file)) {
  console.error('gen:types: set OPENAPI_FILE to the OpenAPI document (e.g. `dangjian openapi > /tmp/openapi.json`)')
  process.exit(2)
}
const r = spawnSync('npx', ['openapi-typescript', file, '-o', 'src/api/schema.d.ts'], { stdio: 'inherit' })
process.exit(r.status ?? 1)
