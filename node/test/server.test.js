'use strict'
// The node:http example answers a booking request with the hook's cards.
const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const { server, PATH } = require('../examples/server.js')
const { ROOT } = require('./support.js')

test('the example server answers an appointment-book request', async () => {
  const s = server()
  await new Promise((resolve) => s.listen(0, '127.0.0.1', resolve))
  try {
    const url = `http://127.0.0.1:${s.address().port}${PATH}`
    const body = fs.readFileSync(path.join(ROOT, 'service/examples/hook-request.json'))
    const ok = await fetch(url, { method: 'POST', body })
    assert.equal(ok.status, 200)
    const answer = await ok.json()
    assert.ok(answer.cards.length > 0)
    const bad = await fetch(url, { method: 'POST', body: '{"hook": "patient-view"}' })
    assert.equal(bad.status, 400)
    const broken = await fetch(url, { method: 'POST', body: '{' })
    assert.equal(broken.status, 400)
    assert.equal((await broken.json()).error, 'invalid_json')
  } finally {
    s.close()
  }
})
