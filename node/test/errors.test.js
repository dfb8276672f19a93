'use strict'
// Errors are values a JavaScript developer expects, and never crash the process.
const test = require('node:test')
const assert = require('node:assert/strict')
const mr = require('..')
const { ADULT } = require('./support.js')

test('each of the crate error kinds is a class of its own', () => {
  const kinds = mr.errorKinds()
  assert.ok(kinds.includes('invalid_input') && kinds.includes('not_moved'))
  for (const kind of kinds) {
    const name = kind.replace(/(^|_)([a-z])/g, (_, __, c) => c.toUpperCase()) + 'Error'
    const Class = mr[name]
    assert.equal(typeof Class, 'function', name)
    const e = new Class('m', [])
    assert.ok(e instanceof mr.MassageRulesError && e instanceof Error)
    assert.equal(e.kind, kind)
    assert.equal(e.name, name)
  }
})

test('an invalid intake reports every problem at once, as the crate writes them', () => {
  assert.throws(
    () => mr.screen({ ...ADULT, age: 250, goals: ['flying'], nonsense: 1,
      findings: [{ contraindication: 'open_wound', location: { part: 'forearm' } }] }),
    (e) => {
      assert.ok(e instanceof mr.InvalidInputError)
      const paths = e.problems.map((p) => p.path)
      for (const p of ['age', 'goals[0]', 'nonsense', 'findings[0].location.side']) {
        assert.ok(paths.includes(p), `${p} in ${paths}`)
      }
      for (const p of e.problems) {
        assert.deepEqual(Object.keys(p).filter((k) => k !== 'detail'), ['path', 'problem', 'message'])
        assert.ok(p.message.startsWith(p.path))
      }
      return true
    },
  )
})

test('wrong types, bad bytes, huge and deep inputs are errors, never crashes', () => {
  for (const bad of [null, undefined, 42, 3.5, true, Symbol('x'), () => 1, 10n]) {
    assert.throws(() => mr.screen(bad), mr.InvalidTypeError, String(typeof bad))
  }
  assert.throws(() => mr.screen(Buffer.from([0xff, 0xfe, 0x7b])), mr.InvalidJsonError)
  assert.throws(() => mr.screen('{'), mr.InvalidJsonError)
  assert.throws(() => mr.screen('[]'), mr.InvalidInputError)
  assert.throws(() => mr.screen('x'.repeat(2 << 20)), mr.MassageRulesError)
  assert.throws(() => mr.screen('['.repeat(100000)), mr.InvalidJsonError)
  let deep = {}
  for (let i = 0; i < 200000; i++) deep = { a: deep }
  assert.throws(() => mr.screen(deep), mr.MassageRulesError)
  const cyclic = { ...ADULT }
  cyclic.self = cyclic
  assert.throws(() => mr.screen(cyclic), mr.InvalidJsonError)
  assert.throws(() => mr.screen(ADULT, {}), mr.InvalidTypeError)
  assert.throws(() => mr.screen(ADULT, 'seed'), mr.InvalidTypeError)
  const care = mr.carePlan({ intake: ADULT })
  for (const session of [-1, 1.5, NaN, Infinity, '0', null, 2 ** 32]) {
    assert.throws(() => mr.reschedule(care, session, '2027-03-04'), mr.InvalidTypeError, String(session))
  }
  assert.throws(() => mr.reschedule(care, 10000, '2027-03-04'), mr.NotMovedError)
  assert.throws(() => mr.reschedule(care, 0, 20270304), mr.InvalidTypeError)
  for (const options of [42, 'x', true]) {
    assert.throws(() => mr.carePlanFhir({ intake: ADULT }, options), mr.InvalidTypeError)
    assert.throws(() => mr.answerAppointmentBook({}, options), mr.InvalidTypeError)
  }
  assert.throws(() => mr.detectedIssues(ADULT, { patient: 42 }), mr.InvalidTypeError)
  assert.equal(mr.carePlanFhir({ intake: ADULT }, null).resourceType, 'CarePlan')
  assert.throws(() => mr.reschedule(mr.carePlan({ intake: ADULT }), 0, 'soon'), mr.InvalidInputError)
  assert.throws(() => mr.Protocol.builtinVariant('x'.repeat(100000)), mr.InvalidProtocolError)
  assert.throws(() => mr.Protocol.fromJson('{}'), mr.MassageRulesError)
})

test('a screening that allows no session is NotClearedError for plan', () => {
  assert.throws(() => mr.plan({ ...ADULT, practitioner: { licensed: 'no', medical_massage_trained: 'yes' } }), mr.NotClearedError)
  assert.ok(mr.plan(ADULT).techniques.length > 0)
})
