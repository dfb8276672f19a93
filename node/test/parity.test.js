'use strict'
// The answers are the crate's, byte for byte: every generated intake, under both
// protocols, as an object, as text and as UTF-8 bytes, and through the batch.
const test = require('node:test')
const assert = require('node:assert/strict')
const mr = require('..')
const { intakes, crateAnswers } = require('./support.js')

const COUNT = Number(process.env.MASSAGE_RULES_NODE_INTAKES || 3000)

for (const name of ['seed', 'conservative']) {
  test(`${COUNT} intakes under ${name}: the crate's answers, byte for byte`, async (t) => {
    const protocol = name === 'seed' ? mr.Protocol.seed() : mr.Protocol.conservative()
    const all = intakes(COUNT, name === 'seed' ? 7 : 11)
    const texts = all.map((i) => JSON.stringify(i))
    const want = crateAnswers(texts, name)
    assert.equal(want.length, texts.length)
    let screened = 0
    let refused = 0
    for (let i = 0; i < all.length; i++) {
      let got
      try {
        got = [
          mr.screenJson(all[i], protocol),
          mr.screenJson(texts[i], protocol),
          mr.screenJson(Buffer.from(texts[i]), protocol),
          JSON.stringify(mr.screen(all[i], protocol)),
        ]
      } catch (e) {
        const doc = JSON.parse(want[i])
        assert.ok(e instanceof mr.MassageRulesError, String(e))
        assert.equal(e.kind, doc.error, want[i])
        assert.equal(e.message, doc.message)
        assert.deepEqual(e.problems, doc.problems || [])
        refused++
        continue
      }
      assert.equal(got[0], want[i])
      assert.equal(got[1], want[i])
      assert.equal(got[2], want[i])
      // The object serializes to the crate's JSON (its numbers are integers).
      assert.deepEqual(JSON.parse(got[3]), JSON.parse(want[i]))
      screened++
    }
    t.diagnostic(`${screened} screened and ${refused} refused, as the crate did`)
    assert.ok(screened > COUNT / 2 && refused > 0)

    // The batch, off the main thread, gives the same answers in the same order.
    const many = await mr.screenMany(all, protocol)
    assert.equal(many.length, all.length)
    for (let i = 0; i < all.length; i++) {
      if (many[i] instanceof mr.MassageRulesError) {
        assert.equal(many[i].kind, JSON.parse(want[i]).error)
      } else {
        assert.equal(JSON.stringify(many[i].toJSON()), JSON.stringify(JSON.parse(want[i])))
      }
    }
  })
}
