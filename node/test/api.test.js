'use strict'
// The operations of the other doors, in camelCase, with the crate's JSON unchanged.
const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const mr = require('..')
const { ROOT, ADULT, TIMING } = require('./support.js')

test('a care plan books timed appointments in the clinic zone', () => {
  const care = mr.carePlan({ intake: ADULT, timing: TIMING })
  const sessions = care.schedule.appointments.sessions
  assert.ok(sessions.length > 0)
  for (const s of sessions) {
    // RFC 9557: the instant with its offset, and the zone.
    assert.match(s.start, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[-+]\d\d:\d\d\[America\/New_York\]$/)
    assert.match(s.end, /\[America\/New_York\]$/)
    const weekday = new Date(s.start.slice(0, 10) + 'T12:00:00Z').getUTCDay()
    assert.ok(weekday === 1 || weekday === 4, s.start)
  }
  // The crate's JSON, unchanged.
  assert.equal(JSON.stringify(care), JSON.stringify(JSON.parse(mr.carePlanJson({ intake: ADULT, timing: TIMING }))))
})

test('reschedule moves a session by the rules, and says which rule refuses a move', () => {
  const care = mr.carePlan({ intake: ADULT })
  const dates = care.schedule.phases.flatMap((p) => p.dates)
  assert.ok(dates.length > 1)
  assert.throws(() => mr.reschedule(care, 0, '2027-01-01'), (e) => e instanceof mr.NotMovedError)
  // Back to where it is: the same plan.
  const same = mr.reschedule(care, 0, dates[0])
  assert.deepEqual(same.schedule, care.schedule)
  assert.equal(mr.rescheduleJson(care, 0, dates[0]), mr.rescheduleJson(mr.carePlanJson({ intake: ADULT }), 0, dates[0]))
})

test('the appointment-book answer and check, as the service gives them', () => {
  const request = JSON.parse(fs.readFileSync(path.join(ROOT, 'service/examples/hook-request.json'), 'utf8'))
  const answer = mr.answerAppointmentBook(request)
  assert.ok(Array.isArray(answer.cards) && answer.cards.length > 0)
  for (const card of answer.cards) {
    assert.ok(['info', 'warning', 'critical'].includes(card.indicator))
    assert.equal(card.source.label.length > 0, true)
  }
  assert.throws(() => mr.answerAppointmentBook({ ...request, hook: 'patient-view' }),
    (e) => e instanceof mr.HookRefusedError && e.status === 400)
  const { prefetch, ...bare } = request
  void prefetch
  assert.throws(() => mr.answerAppointmentBook(bare), (e) => e instanceof mr.HookRefusedError && e.status === 412)

  const care = mr.carePlan({ intake: ADULT, timing: TIMING })
  const s = care.schedule.appointments.sessions[0]
  const toInstant = (z) => z.replace(/\[.*\]$/, '')
  const bundle = {
    resourceType: 'Bundle', type: 'collection',
    entry: [{ resource: { resourceType: 'Appointment', id: 'a1', status: 'proposed', start: toInstant(s.start), end: toInstant(s.end) } }],
  }
  const checked = mr.appointmentBookCheck({ intake: ADULT, timing: TIMING }, bundle)
  assert.ok(checked.cards.length > 0)
  assert.deepEqual(checked, mr.appointmentBookCheck({ intake: ADULT, timing: TIMING }, JSON.stringify(bundle), { booked: null }))
})

test('claims, FHIR in and out', () => {
  const claims = mr.claims({ request: { intake: ADULT }, diagnoses: ['M54.50'] })
  assert.ok(claims.sessions.length > 0 && claims.sessions[0].lines.length > 0)
  assert.equal(mr.questionnaire().resourceType, 'Questionnaire')
  const response = mr.questionnaireResponse(ADULT)
  assert.equal(response.resourceType, 'QuestionnaireResponse')
  assert.deepEqual(mr.screen(mr.intakeFromQuestionnaireResponse(response)), mr.screen(ADULT))
  assert.equal(mr.carePlanFhir({ intake: ADULT }, { patient: 'Patient/1' }).resourceType, 'CarePlan')
  const issues = mr.detectedIssues({ ...ADULT, age: 80 })
  assert.ok(issues.length > 0 && issues.every((r) => r.resourceType === 'DetectedIssue'))
})

test('protocols: seed, conservative, variants, JSON, diff', () => {
  const seed = mr.Protocol.seed()
  const conservative = mr.Protocol.conservative()
  assert.equal(seed.stamp, `${seed.id}@${seed.version}`)
  const diff = seed.diff(conservative)
  assert.ok(diff.changes.length > 0)
  assert.deepEqual(seed.diff(seed).changes, [])
  assert.ok(seed.diffText(conservative).length > 0)
  const again = mr.Protocol.fromJson(seed.toJSON())
  assert.deepEqual(again.diff(seed).changes, [])
  const names = mr.Protocol.variantNames()
  assert.ok(names.length > 0)
  for (const name of names) {
    const variant = mr.Protocol.builtinVariant(name)
    assert.ok(variant.stamp.length > 0)
    mr.screen(ADULT, variant)
  }
  // A decision names the protocol that made it.
  assert.equal(mr.screen(ADULT, conservative).protocol.id, conservative.id)
})

test('results give the crate JSON with toJSON()', () => {
  const s = mr.screen(ADULT)
  assert.equal(JSON.stringify(s.toJSON()), JSON.stringify(JSON.parse(mr.screenJson(ADULT))))
  assert.ok(!Object.keys(s).includes('toJSON'))
  assert.equal(typeof mr.version(), 'string')
})
