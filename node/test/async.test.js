'use strict'
// A batch runs off the main thread: timers fire while it is decided.
const test = require('node:test')
const assert = require('node:assert/strict')
const mr = require('..')
const { intakes } = require('./support.js')

test('screenMany leaves the event loop free while it runs', async () => {
  const all = intakes(60000, 3).map((i) => JSON.stringify(i))
  let ticks = 0
  const timer = setInterval(() => ticks++, 1)
  const pending = mr.screenMany(all)
  // The call returned before the batch was decided: this line runs at once.
  const returnedAt = ticks
  const done = await pending
  clearInterval(timer)
  assert.equal(returnedAt, 0)
  assert.equal(done.length, all.length)
  // Had the batch held the main thread, no timer could have fired before it resolved.
  assert.ok(ticks > 0, `ticks ${ticks}`)
})

test('a batch of non-intakes is refused, not crashed on', async () => {
  await assert.rejects(mr.screenMany(42), mr.InvalidTypeError)
  await assert.rejects(mr.screenMany([null]), mr.InvalidTypeError)
  const out = await mr.screenMany(['{', '[]'])
  assert.ok(out[0] instanceof mr.InvalidJsonError && out[1] instanceof mr.InvalidInputError)
})
